"""gunicorn settings, all from the environment: `gunicorn -c service/gunicorn_conf.py service.wsgi:app`."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
preload_app = True            # load the model once; workers share its pages copy-on-write
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
access_log_format = ('{"remote":"%(h)s","method":"%(m)s","path":"%(U)s","status":%(s)s,'
                     '"bytes":%(B)s,"duration_ms":%(M)s,"request_id":"%({x-request-id}i)s"}')
