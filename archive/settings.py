"""Settings of the work-report archive.

Every deploy-time value comes from the environment, or from an optional `.env`
file for the variables the environment leaves unset; a bad value stops the start
with a message that names the variable. The defaults are safe (DEBUG off) and
embedded (SQLite and a tantivy index under ARCHIVE_DATA_DIR).
"""

import hashlib
import os
import re
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_file() -> Path:
    """BASE_DIR/.env, or the file ARCHIVE_ENV_FILE names (the variable docker-compose.yml takes its
    env file from). The default may be missing; a file named on purpose must exist."""
    named = os.environ.get("ARCHIVE_ENV_FILE", "").strip()
    if not named:
        return BASE_DIR / ".env"
    if not Path(named).exists():
        raise ImproperlyConfigured(f"ARCHIVE_ENV_FILE={named!r}: no such file")
    return Path(named)


# Read before any other setting; a variable set in the environment always wins over the file.
ENV_FILE = _env_file()
load_dotenv(ENV_FILE, override=False)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(choices)}")
    return value


DEBUG = env_bool("DEBUG", False)

ARCHIVE_DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR") or BASE_DIR / "data").resolve()
# Everything the archive writes (the database file, originals, staged uploads, the index, backups)
# is the archive user's alone: folders 0700, files 0600.
os.umask(0o077)


def _development_secret_key() -> str:
    """A random key kept in the data directory, so logins survive a restart."""
    key_file = ARCHIVE_DATA_DIR / "development-secret-key"
    if not key_file.exists():
        ARCHIVE_DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            f"SECRET_KEY is not set: add SECRET_KEY=<a long random string> to {ENV_FILE} or the environment"
            " (python -c 'import secrets; print(secrets.token_urlsafe(50))' makes one),"
            " or set DEBUG=1 for a local trial"
        )
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if "*" in ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("ALLOWED_HOSTS=* is refused outside DEBUG: name the archive's host names")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "haystack",
    "axes",
    "csp",
    "reports",
]

MIDDLEWARE = [
    # /healthz, answered before the host check and the HTTPS redirect (a container's own probe).
    "archive.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # CORS and GET-only for /api/ and /downloads/, before sessions and CSRF are consulted; outside
    # the NUL filter, so that its 404s reach an API client as JSON too.
    "reports.api.middleware.OpenApiMiddleware",
    "archive.middleware.DropNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its refusal page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": ARCHIVE_DATA_DIR / "archive.sqlite3",
            # Concurrent ingests wait for the write lock instead of failing at once.
            "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"},
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except Exception as error:  # dj_database_url raises several types for bad URLs
        raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {error}") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured("DATABASE_URL names an unknown database scheme")
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or ARCHIVE_DATA_DIR / "static")
# Deployments serve collected, hashed, compressed files; development and the
# test suite serve the files in static/ as they are, without collectstatic.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploads larger than this go to a temporary file instead of memory; the
# archive's own limit (UPLOAD_MAX_BYTES) is checked before any file is read.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = max(UPLOAD_MAX_BYTES, 2_621_440)

# The search index behind haystack, with the archive's schema (bigrams + jieba words); it is kept in
# sync by reports/search/sync.py after each commit, so haystack's own signal processor stays off.
# ARCHIVE_SEARCH_ENGINE picks the engine behind the same search layer: tantivy (Rust, embedded, the
# default: exact and fast at any size) or whoosh (pure Python, nothing compiled).
SEARCH_ENGINES = {
    "whoosh": "reports.search.engines.whoosh.backend.ArchiveWhooshEngine",
    "tantivy": "reports.search.engines.tantivy.backend.ArchiveTantivyEngine",
}
ARCHIVE_SEARCH_ENGINE = env_choice("ARCHIVE_SEARCH_ENGINE", "tantivy", tuple(SEARCH_ENGINES))


def _index_folder(engine: str, database: dict) -> Path:
    """One folder per engine and per database the index mirrors: an archive on SQLite and one on
    PostgreSQL sharing a data folder never share an index, and switching DATABASE_URL or the engine
    finds that index missing (checkindex says so) instead of serving another archive's reports."""
    identity = "|".join(str(database.get(key) or "") for key in ("ENGINE", "HOST", "PORT", "NAME"))
    vendor = str(database["ENGINE"]).rsplit(".", 1)[-1]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(str(database.get("NAME") or "db")).name)[:40]
    digest = hashlib.sha256(identity.encode()).hexdigest()[:8]
    return ARCHIVE_DATA_DIR / f"{engine}_index" / f"{vendor}-{name}-{digest}"


HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": SEARCH_ENGINES[ARCHIVE_SEARCH_ENGINE],
        "PATH": str(_index_folder(ARCHIVE_SEARCH_ENGINE, DATABASES["default"])),
    },
}

# Security: safe by default, relaxed only by DEBUG for local development.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# TLS is ended by the reverse proxy in front of gunicorn, which sets X-Forwarded-Proto. The header is
# trusted only when TRUSTED_PROXY_COUNT says there is such a proxy: without one a client could set it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [
    # HSTS for subdomains and preload lists commit every host under the parent
    # domain, which the archive does not own; operators opt in with the two
    # variables above, and the checks stay silent only while those are off.
    *(["security.W005"] if not SECURE_HSTS_INCLUDE_SUBDOMAINS else []),
    *(["security.W021"] if not SECURE_HSTS_PRELOAD else []),
]

# No inline script or style anywhere, the admin included: what the pages run comes from /static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from one
# address, that pair is refused, even with the right password, for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_COOLOFF_MESSAGE = f"登录失败次数过多，已暂时锁定：请 {AXES_COOLOFF_MINUTES} 分钟后再试。"
# Behind reverse proxies the client's address is in X-Forwarded-For, one entry appended per proxy
# (TRUSTED_PROXY_COUNT, above); with no proxy (the default) that header is the client's to forge, so
# REMOTE_ADDR is used.
AXES_CLIENT_IP_CALLABLE = "archive.client_ip.client_ip"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
    # django-axes logs every login at INFO; repeated failures and lockouts come at WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}
