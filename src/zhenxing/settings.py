"""One settings file; everything that differs between machines comes from the environment."""

import os
from decimal import Decimal

import dj_database_url

from zhenxing.datadir import audit_key, data_dir, field_key, secret_key

DATA_DIR = data_dir()
SECRET_KEY = secret_key()
FIELD_KEY = field_key()
# The audit chain's HMAC key and its signed checkpoints live outside the database, so that whoever can write
# the database can neither re-hash the chain nor move its anchors.
AUDIT_KEY = audit_key()
AUDIT_CHECKPOINT_FILE = DATA_DIR / "audit_checkpoints.jsonl"
AUDIT_CHECKPOINT_EVERY = int(os.environ.get("ZHENXING_AUDIT_CHECKPOINT_EVERY", "100"))
AUDIT_RETENTION_DAYS = int(os.environ.get("ZHENXING_AUDIT_RETENTION_DAYS", "180"))  # 等保三级: ≥ 180
# The audit log page verifies a chain of up to this many events in the request (about 8,000 a second), a
# longer one in the background (orgs.audit_verify).
AUDIT_VERIFY_INLINE_EVENTS = int(os.environ.get("ZHENXING_AUDIT_VERIFY_INLINE_EVENTS", "20000"))
DEBUG = os.environ.get("ZHENXING_DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ZHENXING_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("ZHENXING_CSRF_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # only for the API reference's own Swagger UI files (/api/v1/docs); no CDN
    "leaflet",  # only for Leaflet's static files (the homestead map); no tiles are fetched
    "django_tasks",
    "django_tasks_db",  # the job queue is a table of our own database (core.jobs)
    "zhenxing.core",
    "zhenxing.orgs",
    "zhenxing.people",
    "zhenxing.homestead",
    "zhenxing.governance",
    "zhenxing.points",
    "zhenxing.mechanisms",
    "zhenxing.stats",
    "zhenxing.workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhenxing.core.middleware.RequestLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhenxing.core.middleware.RequestContextMiddleware",
    "zhenxing.core.middleware.SecurityHeadersMiddleware",
    "zhenxing.orgs.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "zhenxing.urls"
WSGI_APPLICATION = "zhenxing.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhenxing.orgs.context.navigation",
                "zhenxing.homestead.tabs.section_tabs",
                "zhenxing.points.tabs.section_tabs",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'zhenxing.sqlite3'}",
        conn_max_age=int(os.environ.get("ZHENXING_CONN_MAX_AGE", "60")),
        # A kept connection that died with a database restart is replaced before the request uses it;
        # without this each thread answered one 500 after the server was back (bench/soak.py, fault 3).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the page read while an import writes; the timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "zhenxing.core.passwords.MixedCharactersValidator"},
    {"NAME": "zhenxing.core.passwords.HistoryValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGIN_MAX_FAILURES = int(os.environ.get("ZHENXING_LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCK_MINUTES = int(os.environ.get("ZHENXING_LOGIN_LOCK_MINUTES", "15"))
# 等保 2.0 level 3: a second factor for the roles that administer (orgs.access.ADMIN_ROLES); anyone else may
# enrol from their account page. `zhenxing demo` switches it off and says so.
ZHENXING_REQUIRE_2FA = os.environ.get("ZHENXING_REQUIRE_2FA", "1") != "0"
# Password age (days; 0 = never expires) and how many earlier passwords may not be used again.
ZHENXING_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("ZHENXING_PASSWORD_MAX_AGE_DAYS", "90"))
ZHENXING_PASSWORD_HISTORY = int(os.environ.get("ZHENXING_PASSWORD_HISTORY", "5"))
# Signed-in sessions one account may hold at once (0 = no limit): a new sign-in ends the oldest.
ZHENXING_MAX_SESSIONS = int(os.environ.get("ZHENXING_MAX_SESSIONS", "1"))
# Minutes without a request after which a session ends (0 = only SESSION_COOKIE_AGE applies).
ZHENXING_IDLE_MINUTES = int(os.environ.get("ZHENXING_IDLE_MINUTES", "30"))

SESSION_COOKIE_AGE = int(os.environ.get("ZHENXING_SESSION_SECONDS", str(8 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True  # idle expiry: the clock restarts with each request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE = os.environ.get("ZHENXING_SECURE", "") == "1"  # set behind HTTPS
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SECURE:
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # `zhenxing demo` works without collectstatic
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "zhenxing.core.vendor.PackageFileFinder",  # vendor/plotly.min.js from the installed plotly package
]
ATTACHMENT_DIR = DATA_DIR / "attachments"
ATTACHMENT_MAX_BYTES = int(os.environ.get("ZHENXING_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Refused with a Chinese 413/414 by core.middleware.RequestLimitsMiddleware (the largest upload, an import
# file, is 50 MB; a form carries a little more). gunicorn's request-line limit is set above MAX_URL_CHARS.
MAX_REQUEST_BYTES = int(os.environ.get("ZHENXING_MAX_REQUEST_MB", "60")) * 1024 * 1024
MAX_URL_CHARS = 4096

# 超占: a household's homestead area above this cap (m²). It is district configuration, not a legal
# figure: 沈北's parcels average 548 m² (28,975 mu over 35,245 parcels), so a cap fitted to the demo
# district flags its outliers. It moves into the versioned policy rules (政策制度) with the document
# that sets it.
ZHENXING_HOMESTEAD_AREA_CAP_M2 = Decimal(os.environ.get("ZHENXING_HOMESTEAD_AREA_CAP_M2", "1000"))

# Parcel imports and application pre-checks: overlaps and spill-overs below these areas are drawing noise.
ZHENXING_OVERLAP_TOLERANCE_M2 = float(os.environ.get("ZHENXING_OVERLAP_TOLERANCE_M2", "1"))
ZHENXING_BOUNDARY_TOLERANCE_M2 = float(os.environ.get("ZHENXING_BOUNDARY_TOLERANCE_M2", "1"))

# A parcel over this many times the area cap in force is imported only after the importer confirms it.
ZHENXING_IMPLAUSIBLE_AREA_FACTOR = float(os.environ.get("ZHENXING_IMPLAUSIBLE_AREA_FACTOR", "3"))

# Import files are checked against these before any library reads them (core.importfiles).
IMPORT_MAX_FILE_BYTES = int(os.environ.get("ZHENXING_IMPORT_MAX_FILE_MB", "50")) * 1024 * 1024
IMPORT_MAX_UNZIPPED_BYTES = int(os.environ.get("ZHENXING_IMPORT_MAX_UNZIPPED_MB", "500")) * 1024 * 1024
IMPORT_MAX_ZIP_RATIO = float(os.environ.get("ZHENXING_IMPORT_MAX_ZIP_RATIO", "200"))

# 天地图 basemap for the homestead map; without a key the map draws on a plain background (offline).
ZHENXING_TIANDITU_KEY = os.environ.get("ZHENXING_TIANDITU_KEY", "")

PAGE_SIZE = 50
EXPORT_MAX_ROWS = int(os.environ.get("ZHENXING_EXPORT_MAX_ROWS", "200000"))
# An export of more rows than this is a background job (orgs.exports) listed on 我的导出, not an answer to
# the request; its file is kept this many days.
EXPORT_INLINE_ROWS = int(os.environ.get("ZHENXING_EXPORT_INLINE_ROWS", "5000"))
EXPORT_KEEP_DAYS = int(os.environ.get("ZHENXING_EXPORT_KEEP_DAYS", "7"))
# The API's data-exchange stream (CSV/NDJSON) of one register: rows per request, stated in the OpenAPI.
# Streamed row by row, so the limit bounds the time of one request, not memory; a province's people
# register (about 15 M) is taken village by village or street by street.
API_EXPORT_MAX_ROWS = int(os.environ.get("ZHENXING_API_EXPORT_MAX_ROWS", "1000000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZHENXING_LOG_LEVEL", "WARNING")},
}

# Background jobs (core.jobs): a queue table in this database, run by `zhenxing worker` (which `zhenxing demo`
# and `zhenxing serve` start beside the web server). ZHENXING_TASKS=immediate runs each job inside the request
# instead (the test suite does, except the tests of the queue itself).
# A worker beats every sixth of this; a task whose worker has not beaten for this long is run again.
ZHENXING_WORKER_STALE_SECONDS = float(os.environ.get("ZHENXING_WORKER_STALE_SECONDS", "30"))
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("ZHENXING_TASKS") == "immediate" else "django_tasks_db.DatabaseBackend",
    }
}

# Notifications beyond the inbox (core.notify, docs/notifications.md): each channel is a class with `send`.
# The demo writes text messages to outbox/sms.ndjson and e-mail to outbox/email/; production names its SMS
# gateway's class here and sets EMAIL_* for SMTP.
ZHENXING_SITE_URL = os.environ.get("ZHENXING_SITE_URL", "http://127.0.0.1:8000")
ZHENXING_NOTIFY_CHANNELS = {
    "sms": {"class": os.environ.get("ZHENXING_SMS_CHANNEL", "zhenxing.core.notify.FileChannel"),
            "label": "短信"},
    "email": {"class": "zhenxing.core.notify.EmailChannel", "label": "电子邮件"},
}
EMAIL_BACKEND = os.environ.get("ZHENXING_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = DATA_DIR / "outbox" / "email"
DEFAULT_FROM_EMAIL = os.environ.get("ZHENXING_MAIL_FROM", "zhenxing@localhost")
