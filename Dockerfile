# privacy-api: slim image, non-root user, data directory it owns. Alone on SQLite one
# container is the whole service: its default command serves the API and runs the schedule
# (mail, webhooks, the retention sweep, audit checkpoints, the digest) in the same process.
# Migrations and the register load run first as one-shot commands on the same volume:
#   docker run --rm -v privacy-data:/data privacy-api migrate
#   docker run --rm -v privacy-data:/data privacy-api register load
#   docker run -d -v privacy-data:/data -p 8000:8000 --env-file .env privacy-api
# On PostgreSQL (compose.yaml) the API replicas run `serve` without the scheduler and one
# `worker` container runs it, with a health check of its own (`privacy-api worker health`).
# PostgreSQL needs PRIVACY_API_SECRET_KEY (every command refuses to start without it).
# Behind a reverse proxy set FORWARDED_ALLOW_IPS to the proxy's address(es): only then is
# X-Forwarded-For read, from those addresses only. Unset (the default) no proxy is trusted.
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml constraints.txt README.md ./
COPY src ./src
COPY migrations ./migrations
COPY policy ./policy
RUN pip wheel --no-cache-dir --constraint constraints.txt --wheel-dir /wheels .

FROM python:3.11-slim-bookworm
RUN useradd --system --uid 10001 --home-dir /data privacy \
    && mkdir -p /data/mail \
    && chown -R privacy:privacy /data \
    && chmod 0700 /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER privacy
WORKDIR /data
# SQLite (a single container) keeps its database and key file here; mail without an SMTP
# host goes to /data/mail. Mount a volume on /data to keep them.
ENV PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/privacy.db \
    PRIVACY_API_MAIL_DIR=/data/mail
VOLUME ["/data"]
EXPOSE 8000
# No curl in the image: the interpreter asks /healthz itself. A `worker` container serves no
# HTTP: compose.yaml gives it `privacy-api worker health` (its scheduler's heartbeat) instead.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
ENTRYPOINT ["privacy-api"]
# With the scheduler: without it a lone container never sends mail or webhooks and never
# sweeps. Each job runs once per interval for the deployment however many schedulers run.
CMD ["serve", "--host", "0.0.0.0", "--port", "8000", "--with-scheduler"]
