# The archive under gunicorn; static files are collected at build time and served by whitenoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    ARCHIVE_DATA_DIR=/data STATIC_ROOT=/app/staticfiles
WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir --require-hashes -r requirements.txt

COPY . .
# collectstatic needs settings to load; this key exists only during the build. The settings' umask
# makes what it writes private to root, so the files are opened to the user gunicorn runs as.
RUN SECRET_KEY=collectstatic-build-only DEBUG=0 python manage.py collectstatic --no-input \
    && chmod -R a+rX "$STATIC_ROOT"

# /data belongs to the archive user before it becomes a volume: a new named volume mounted there
# starts as a copy of this folder, its owner included.
RUN useradd --system --home /app archive && mkdir -p /data && chown archive:archive /data && chmod 700 /data
VOLUME /data
USER archive
EXPOSE 8000
# The migrations also load the region gazetteer (reports/migrations/0006_load_regions.py).
CMD ["sh", "-c", "python manage.py migrate --no-input && exec gunicorn archive.wsgi --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --timeout 60"]
