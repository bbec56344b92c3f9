# Territory Atlas in a container: data baked in, nothing fetched at run time. Build needs the internet once
# (base image, PyPI); running does not. It runs as a non-root user and writes nothing into /app, so it works
# with a read-only root filesystem and a tmpfs for the cache:
#   docker build -t territory-atlas .
#   docker run --read-only --tmpfs /tmp -p 8501:8501 territory-atlas
FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Everything the app serves is built here (Leaflet, basemap, the in-map player's timeline per language).
RUN python -m scripts.prepare_static && python -m compileall -q app.py pages components core scripts
RUN useradd --system --uid 10001 --home-dir /nonexistent --no-create-home atlas \
    && mkdir -p /var/lib/territory-atlas && chown atlas /var/lib/territory-atlas
# Cache on the tmpfs (rebuildable); lasting state (the lessons database) in /var/lib/territory-atlas: mount a
# volume there to keep it, or set ATLAS_DATABASE_URL to a PostgreSQL database.
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 HOME=/tmp \
    ATLAS_CACHE_DIR=/tmp/territory-atlas ATLAS_STATE_DIR=/var/lib/territory-atlas
USER atlas
EXPOSE 8501
# Readiness, not just liveness: data, static files, cache and database (core/serving/readiness.py).
HEALTHCHECK --interval=10s --timeout=8s --start-period=60s --retries=3 CMD ["python", "-m", "scripts.ready", "--port", "8501"]
CMD ["python", "-m", "scripts.serve", "--port", "8501", "--address", "0.0.0.0"]
