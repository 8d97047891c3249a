"""Settings for covidmaps, read from the environment (one module for every setting)."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ops.security import public_policy

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# A missing SECRET_KEY is only tolerated in DEBUG so that production never runs with a known key.
SECRET_KEY = env("SECRET_KEY") or ("insecure-development-key" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
# Old keys still verify sessions and signed values while a new SECRET_KEY rolls out.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "covidmaps.apps.CovidmapsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.humanize",
    "django.contrib.syndication",
    "leaflet",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "covidmaps.apps.CovidmapsConfig",
    "areas",
    "ingest",
    "risk",
    "notices",
    "public",
    "ops",
    "alerts",
]

MIDDLEWARE = [
    "ops.logging_middleware.RequestLogMiddleware",
    "public.compression.PublicGZipMiddleware",
    "public.httpcache.PublicCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "ops.security.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ops.security.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "covidmaps.urls"
WSGI_APPLICATION = "covidmaps.wsgi.application"

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
                "django.template.context_processors.i18n",
                "notices.context_processors.pinned_notices",
            ],
        },
    },
]

# The embedded default is a SpatiaLite file in the project folder; CI and production use PostGIS.
DATABASES = {
    "default": dj_database_url.parse(env("DATABASE_URL", f"spatialite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGIS = "postgis" in DATABASES["default"]["ENGINE"]

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ops.cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "covidmaps",
            # A cache outage must not take the public site down: fail fast, then fall back to the database.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # django-ratelimit's counters, shared by every worker process: without Redis they are rows in the database.
    CACHES["ratelimit"] = {"BACKEND": "ops.ratecache.DatabaseCounterCache"}
RATELIMIT_USE_CACHE = "default" if REDIS_URL else "ratelimit"

# Celery: Redis as broker when configured; otherwise tasks run in-process, at once.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task of a killed worker is redelivered after this long (Kombu's default is an hour); longer than any task runs.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # keep the JSON log format in workers

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
FORMAT_MODULE_PATH = ["covidmaps.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads live outside the web root and are never served by the web server.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
# Versioned map files for nginx to serve (geometry and levels), written on publication.
PUBLISHED_ROOT = Path(env("PUBLISHED_ROOT", str(BASE_DIR / "var" / "published")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000

# The boundary files are third-party data: read from this folder, never copied into the repository.
COVIDMAPS_BOUNDARIES = env("COVIDMAPS_BOUNDARIES")
# Tolerance for adjacency in degrees (~50 m): the commune data has small gaps between neighbours.
ADJACENCY_TOLERANCE = float(env("ADJACENCY_TOLERANCE", "0.0005"))
# Base tiles are optional: the map must work without them (set to "" to draw no tiles).
MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
CONTENT_SECURITY_POLICY = public_policy(
    "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL)) if MAP_TILE_URL else ""
)
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (21.85, 106.6),
    "DEFAULT_ZOOM": 8,
    "MIN_ZOOM": 6,
    "MAX_ZOOM": 16,
    "TILES": [(_("Bản đồ nền"), MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION})] if MAP_TILE_URL else [],
    "RESET_VIEW": False,
}
# Requests per client address to the open-data API (django-ratelimit rate).
API_RATE_LIMIT = env("API_RATE_LIMIT", "300/m")
# Seconds between a data change and its recomputation: a burst of edits gives one recomputation.
RISK_RECOMPUTE_DELAY = int(env("RISK_RECOMPUTE_DELAY", "5"))
# Publish computed levels without an approver (off by default: levels are proposals).
RISK_AUTO_PUBLISH = env_bool("RISK_AUTO_PUBLISH", False)

# Upload limits for daily reports.
INGEST_MAX_UPLOAD_BYTES = int(env("INGEST_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
INGEST_MAX_ROWS = int(env("INGEST_MAX_ROWS", "100000"))
INGEST_ASYNC_ROWS = int(env("INGEST_ASYNC_ROWS", "3000"))
# Checked while a file is streamed (ingest/bounded.py), so that no upload under the size limit costs a worker more
# than about 2 s of CPU and 100 MB of memory to refuse or accept.
INGEST_MAX_UNCOMPRESSED_BYTES = int(env("INGEST_MAX_UNCOMPRESSED_BYTES", str(50 * 1024 * 1024)))
INGEST_MAX_SHARED_STRINGS = int(env("INGEST_MAX_SHARED_STRINGS", "200000"))
INGEST_MAX_CELLS = int(env("INGEST_MAX_CELLS", "200000"))
INGEST_MAX_COLUMNS = int(env("INGEST_MAX_COLUMNS", "100"))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

SIMPLE_HISTORY_REVERT_DISABLED = True

# Login throttling (django-axes), aware of the reverse proxy in front.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
# Per account and address (AXES_FAILURE_LIMIT), and per account from any address (AXES_ACCOUNT_FAILURE_LIMIT,
# ops/throttling.py): guessing one password from many addresses is limited too.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_ACCOUNT_FAILURE_LIMIT = int(env("AXES_ACCOUNT_FAILURE_LIMIT", "10"))
AXES_HANDLER = "ops.throttling.AccountLockoutHandler"
# Reverse proxies in front of gunicorn (nginx: 1); the client address is read through them.
PROXY_COUNT = int(env("PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "ops.clientip.client_ip"
RATELIMIT_IP_META_KEY = "ops.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", False)

# HTTPS: on by default outside DEBUG; `make run` serves plain HTTP on loopback and turns it off.
HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

SILENCED_SYSTEM_CHECKS = ["gis.W001"]  # Debian's GDAL is older than 3.9; nothing here needs newer.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": env("LOG_FORMAT", "json")},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
from risk.schedule import CELERY_BEAT_SCHEDULE  # noqa: E402, F401 (Celery reads it from the settings)

# Public pages warn that their figures are not current when the latest data date is older than this (days).
PUBLIC_STALE_AFTER_DAYS = int(env("PUBLIC_STALE_AFTER_DAYS", "2"))

# Where the site is reached from outside: links in messages, feeds, posters' QR codes and share previews.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Email: smtp://user:password@host:587 (STARTTLS: submission://, TLS: smtps://), console: prints messages.
# A provider through django-anymail: set EMAIL_BACKEND=anymail.backends.<provider>.EmailBackend and ANYMAIL_* keys.
_email = dj_email_url.parse(env("EMAIL_URL", "console:"))
EMAIL_BACKEND = env("EMAIL_BACKEND") or _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = bool(_email["EMAIL_USE_TLS"])
EMAIL_USE_SSL = bool(_email["EMAIL_USE_SSL"])
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 30
ANYMAIL = {name[len("ANYMAIL_") :]: value for name, value in os.environ.items() if name.startswith("ANYMAIL_")}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Covidmaps Lạng Sơn <khong-tra-loi@covidmaps.langson.gov.vn>")
# Subscription requests: per address (confirmation messages) and per client address.
ALERTS_ADDRESS_RATE = env("ALERTS_ADDRESS_RATE", "3/h")
ALERTS_CLIENT_RATE = env("ALERTS_CLIENT_RATE", "10/h")
# Alerts are sent in batches over one SMTP connection each.
ALERTS_BATCH_SIZE = int(env("ALERTS_BATCH_SIZE", "100"))
# Seconds before the first retry of a message the mail server refused for now (doubled at each retry).
ALERTS_RETRY_DELAY = int(env("ALERTS_RETRY_DELAY", "5"))
# Origins allowed to frame /khu-vuc/<code>/nhung/ (a district's or a school's site); none when empty.
EMBED_FRAME_ANCESTORS = env_list("EMBED_FRAME_ANCESTORS")

# Forecast (issue 15): futures simulated per publication, and whether the public site shows it at all.
FORECAST_FUTURES = int(env("FORECAST_FUTURES", "1000"))
FORECAST_PUBLIC = env_bool("FORECAST_PUBLIC", True)
