# Praatmaat as a container: the app installed from this tree, run as a user without privileges.
# Settings come from the environment (.env.example lists them); `compose.yaml` shows a deployment.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md babel.cfg ./
COPY bot bot
COPY handlers handlers
COPY storage storage
COPY scheduler scheduler
RUN pip install . \
    && useradd --system --uid 10001 --user-group --home-dir /data --create-home praatmaat

# SQLite (for a try-out) and its generated key live in /data; production uses PostgreSQL.
USER praatmaat
WORKDIR /data
EXPOSE 8080

# /healthz is on WEBHOOK_PORT in webhook mode, or on HEALTH_PORT (polling mode needs it set).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD \
    python -c "import os, urllib.request; port = os.environ.get('HEALTH_PORT') or os.environ.get('WEBHOOK_PORT', '8080'); urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=4)"

ENTRYPOINT ["praatmaat"]
CMD ["run"]
