# Parley API image. Not built on the development machines (they have no Docker engine): it runs
# the same install (`make install`) and start (`parley serve`) commands that `make run` runs
# and the test suite exercises.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    WEB_CONCURRENCY=2

RUN apt-get update \
 && apt-get install --yes --no-install-recommends make \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 parley

WORKDIR /app
COPY --chown=parley:parley pyproject.toml Makefile README.md ./
COPY --chown=parley:parley service ./service
COPY --chown=parley:parley models ./models
COPY --chown=parley:parley seeds ./seeds

USER parley
RUN make install PYTHON=python3.11

EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)" || exit 1

# REDIS_URL must point at a Redis (docker-compose wires one); without it Parley would embed its own.
CMD ["/app/.venv/bin/parley", "serve"]
