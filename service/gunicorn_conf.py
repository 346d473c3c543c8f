"""gunicorn settings, all from the environment: `gunicorn -c service/gunicorn_conf.py service.wsgi:app`.

Also sets up prometheus_client's multiprocess mode: the directory must be chosen before the
app (and so prometheus_client) is imported, emptied at start so a restart does not add up old
counters, and told when a worker dies so its live gauges go.
"""

import os
import shutil
import tempfile
from pathlib import Path

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
preload_app = True            # load the model once, before fork; workers share its pages copy-on-write
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# Recycle workers now and then (bounds any slow leak); the jitter keeps them from all restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max(1, max_requests // 10) if max_requests else 0
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "on").lower() != "off" else None
errorlog = "-"
control_socket_disable = True   # unused, and several instances on one host would share its path

# JSON lines on stdout for gunicorn's own logs too (the app configures its loggers the same way).
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "service.request_log.JsonFormatter"},
        "access": {"()": "service.request_log.AccessJsonFormatter"},
    },
    "handlers": {
        "error": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
        "access": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stdout"},
    },
    "root": {"handlers": ["error"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}


def _metrics_dir() -> str:
    """The operator's PROMETHEUS_MULTIPROC_DIR (emptied), or a fresh private one."""
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    if not configured:
        return tempfile.mkdtemp(prefix="parley-metrics-")
    path = Path(configured)
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):  # only prometheus_client's files, whatever else lives there
        stale.unlink()
    return str(path)


os.environ["PROMETHEUS_MULTIPROC_DIR"] = _metrics_dir()


def when_ready(server) -> None:
    """Free start-up garbage, then freeze what is left out of the cyclic collector's reach.

    Runs once in the master, after the app (and the model) are loaded and before any worker
    forks. A full collection over the model's objects takes about 60 ms, and without this
    every worker paid it again and again, stalling whatever requests it held. Frozen objects
    are never scanned, so collections in a worker also stop writing to (and so copying) the
    pages it shares with the master.
    """
    import gc

    gc.collect()
    gc.freeze()


def worker_exit(server, worker) -> None:
    """End a finished worker at once, with its exit status, skipping interpreter teardown.

    Freeing a worker's heap object by object (the model, its vocabulary, every import) takes
    a few hundred milliseconds, and gunicorn forks the replacement only once the old worker is
    gone: at every `max_requests` restart the instance ran a worker short for that long, which
    showed as p99 spikes under steady load. Nothing is left to flush but the log streams.
    """
    import logging
    import sys

    ending = sys.exc_info()[1]  # gunicorn calls this while its sys.exit(...) propagates
    code = ending.code if isinstance(ending, SystemExit) else 1
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 1)


def child_exit(server, worker) -> None:
    """Drop a dead worker's live gauges from the metrics files."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server) -> None:
    """Remove a private metrics directory when the master stops."""
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if os.path.basename(path).startswith("parley-metrics-"):
        shutil.rmtree(path, ignore_errors=True)
