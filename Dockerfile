# kinerja_api container: migrations on start, then uvicorn workers. PostgreSQL via env:
#   docker run -e KINERJA_ENVIRONMENT=production -e KINERJA_SECRET_KEY=... \
#     -e KINERJA_DATABASE_URL=postgresql+asyncpg://user:pass@db:5432/kinerja -p 8000:8000 kinerja-api
# (No Docker engine exists on the development machines; this file is kept simple and
# checked by reading. See README "Docker".)

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml README.md ./
COPY src ./src
RUN /opt/venv/bin/pip install --upgrade pip && /opt/venv/bin/pip install .

FROM python:3.11-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    KINERJA_ENVIRONMENT=production WEB_CONCURRENCY=2 \
    KINERJA_EVIDENCE_DIR=/var/lib/kinerja/evidence
RUN groupadd --system kinerja && useradd --system --gid kinerja --home /app kinerja \
    && mkdir -p /var/lib/kinerja/evidence && chown -R kinerja:kinerja /var/lib/kinerja
# Uploaded evidence: mount persistent storage shared by every replica here.
VOLUME /var/lib/kinerja/evidence
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY alembic.ini ./
COPY migrations ./migrations
USER kinerja
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health/ready', timeout=4)"
CMD ["sh", "-c", "kinerja db upgrade && exec uvicorn kinerja_api.main:create_app --factory --host 0.0.0.0 --port 8000 --workers ${WEB_CONCURRENCY} --no-proxy-headers --no-access-log"]
