"""Settings for a GLACY node, read from the environment.

Every value has a safe development default so that `make run` works on a fresh clone. The production
profile (`GLACY_ENV=production`) refuses to start without a real secret key and allowed hosts; see
docs/operator-guide.md.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.utils.translation import gettext_lazy as _

from glacy.config.environment import (
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
    ConfigurationError,
    database_from_url,
    env_bool,
    env_list,
    secret_key_is_strong,
)

BASE_DIR = Path(__file__).resolve().parent.parent  # src/glacy
PROJECT_DIR = BASE_DIR.parent.parent

ENVIRONMENT = os.environ.get("GLACY_ENV", "development")
IS_PRODUCTION = ENVIRONMENT == "production"
TESTING = "pytest" in sys.modules or os.environ.get("GLACY_TESTING") == "1"

DATA_DIR = Path(os.environ.get("GLACY_DATA_DIR", PROJECT_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

_DEVELOPMENT_SECRET = "glacy-development-only-secret-key-not-for-production-use-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("GLACY_SECRET_KEY", "" if IS_PRODUCTION else _DEVELOPMENT_SECRET)
if IS_PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEVELOPMENT_SECRET):
    raise ConfigurationError("GLACY_SECRET_KEY must be set to a long random value when GLACY_ENV=production.")
if IS_PRODUCTION and not secret_key_is_strong(SECRET_KEY):
    raise ConfigurationError(
        f"GLACY_SECRET_KEY is too weak for GLACY_ENV=production: use at least {SECRET_KEY_MIN_LENGTH} characters "
        f"with at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones, e.g. python3 -c 'import secrets; "
        "print(secrets.token_urlsafe(50))'.")

DEBUG = env_bool("GLACY_DEBUG", default=not IS_PRODUCTION and not TESTING)
if IS_PRODUCTION and DEBUG:
    raise ConfigurationError("GLACY_DEBUG must be off when GLACY_ENV=production: the debug page shows settings, "
                             "code and data to anyone.")
_DEVELOPMENT_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ALLOWED_HOSTS = env_list("GLACY_ALLOWED_HOSTS", default=[] if IS_PRODUCTION else _DEVELOPMENT_HOSTS)
if IS_PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigurationError("GLACY_ALLOWED_HOSTS must list the host names of this node when GLACY_ENV=production.")
CSRF_TRUSTED_ORIGINS = env_list("GLACY_CSRF_TRUSTED_ORIGINS", default=[])

# The node's own identity: the country it serves, shown on documents and exchanged envelopes.
NODE_NAME = os.environ.get("GLACY_NODE_NAME", "GLACY demonstration node")
# How peers address this node (envelopes, key history, identity document): a short stable name, chosen once.
NODE_ID = os.environ.get("GLACY_NODE_ID", "glacy-demo")
if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,62}", NODE_ID):
    raise ConfigurationError("GLACY_NODE_ID must be 2 to 63 lower-case letters, digits, dots or hyphens.")
NODE_COUNTRY = os.environ.get("GLACY_NODE_COUNTRY", "").upper()  # ISO 3166 alpha-2 of the State it serves
NODE_ORGANISATION = os.environ.get("GLACY_NODE_ORGANISATION", "")  # or the organisation (programme office)
NODE_BASE_URL = os.environ.get("GLACY_NODE_URL", "http://127.0.0.1:8000").rstrip("/")
# A delivery worker that stops (killed, machine lost) gives up its messages after this many seconds.
EXCHANGE_LEASE_SECONDS = int(os.environ.get("GLACY_EXCHANGE_LEASE_SECONDS", "120"))
EXCHANGE_BATCH_MESSAGES = int(os.environ.get("GLACY_EXCHANGE_BATCH_MESSAGES", "50"))  # messages per inbox POST
EXCHANGE_FIRST_RETRY_SECONDS = float(os.environ.get("GLACY_EXCHANGE_FIRST_RETRY_SECONDS", "2"))  # then doubling
# Size of the parts a file (evidence package, document) travels in: 64 KiB to 64 MiB, 8 MiB by default.
EXCHANGE_CHUNK_BYTES = int(os.environ.get("GLACY_EXCHANGE_CHUNK_BYTES", str(8 * 1024 * 1024)))
# The node's public address printed in certificate QR codes (the verification page): GLACY_NODE_URL when the
# operator set it (the same address peers reach), otherwise the host of the request that made the certificate.
PUBLIC_URL = os.environ.get("GLACY_NODE_URL", "").rstrip("/")
# The IATI identifier of the organisation that publishes the programme's IATI activity file.
IATI_REPORTING_ORG = os.environ.get("GLACY_IATI_REPORTING_ORG", "")

INSTALLED_APPS = [
    "glacy.core.admin_config.AdminConfig",  # django.contrib.admin behind the platform's sign-in
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "glacy.core",  # before django_tasks_db: its `db_worker` command replaces the library's (core/worker.py)
    # After glacy.core: core's `runserver` (no 40 ms stall per response, core/management/commands/runserver.py)
    # replaces the static-files one it extends (for management commands, the app listed first wins).
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "glacy.directory",
    "glacy.treaty",
    "glacy.cooperation",
    "glacy.evidence",
    "glacy.legislation",
    "glacy.notifications",
    "glacy.exchange",
    "glacy.programme",
    "glacy.training",
    "glacy.profiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "glacy.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "glacy.core.middleware.UserLanguageMiddleware",
    "glacy.core.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "glacy.core.middleware.SecondFactorMiddleware",  # after OTPMiddleware (verification) and messages
    "glacy.core.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "glacy.config.urls"
WSGI_APPLICATION = "glacy.config.wsgi.application"
ASGI_APPLICATION = "glacy.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "glacy.core.context_processors.platform",
                "glacy.notifications.context_processors.bell",
                "glacy.exchange.context_processors.exchange",
            ],
        },
    }
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"), data_dir=DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "directory.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests create hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username+address pair after repeated failures, and an address after
# more failures on any user names (password spraying); see core/lockout.py.
AXES_FAILURE_LIMIT = int(os.environ.get("GLACY_LOGIN_FAILURE_LIMIT", "5"))
GLACY_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("GLACY_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "glacy.core.lockout.AddressLimitedAxesHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("GLACY_LOGIN_THROTTLING", default=True)

OTP_TOTP_ISSUER = "GLACY"
# The operator back-office (/admin/) opens only to staff sessions verified with a second factor.
GLACY_ADMIN_REQUIRES_SECOND_FACTOR = env_bool("GLACY_ADMIN_REQUIRES_SECOND_FACTOR", default=True)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = DATA_DIR / "media"
EVIDENCE_ROOT = Path(os.environ.get("GLACY_EVIDENCE_DIR", DATA_DIR / "evidence"))
# BLAKE3 besides SHA-256/SHA-1/MD5 on every ingest (a form tick box or `--blake3` asks for it per ingest).
EVIDENCE_BLAKE3 = env_bool("GLACY_EVIDENCE_BLAKE3", default=False)
NODE_KEY_PATH = Path(os.environ.get("GLACY_NODE_KEY", DATA_DIR / "keys" / "node_ed25519.pem"))
# Custody trust anchors kept outside the database (see docs/operator-guide.md, "Custody trust anchors"): the keys
# `glacy custody verify` and package verification trust (this node's own, its witnesses', peers'), the journal
# every signed checkpoint is also appended to, and an optional RFC 3161 time-stamping authority.
CUSTODY_TRUST_PATH = Path(os.environ.get("GLACY_TRUST_FILE", DATA_DIR / "keys" / "trusted_keys.txt"))
CHECKPOINT_JOURNAL_PATH = Path(os.environ.get("GLACY_CHECKPOINT_JOURNAL", DATA_DIR / "keys" / "checkpoints.jsonl"))
TSA_URL = os.environ.get("GLACY_TSA_URL", "")
TSA_CERTIFICATES = Path(os.environ.get("GLACY_TSA_CERTS", DATA_DIR / "keys" / "tsa_roots.pem"))
# The node's encryption key (X25519, or RSA where a Party needs RSA-OAEP); unset = beside the signing key.
NODE_ENCRYPTION_KEY_PATH = (Path(os.environ["GLACY_NODE_ENCRYPTION_KEY"])
                            if os.environ.get("GLACY_NODE_ENCRYPTION_KEY") else None)
# Files one request may carry: a folder uploaded on the ingest page or through the API sends one part per file.
# Django's default (100) is kept unless the operator raises it: while a request is read, each file under 2.5 MB
# is held in memory and each larger one keeps a temporary file open.
DATA_UPLOAD_MAX_NUMBER_FILES = int(os.environ.get("GLACY_UPLOAD_MAX_FILES", "100"))
# ... and one "paths" field per file besides the form's own fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = max(1000, DATA_UPLOAD_MAX_NUMBER_FILES + 100)

STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Evidence blobs in object storage instead of GLACY_EVIDENCE_DIR: a Django storage class and its options (JSON),
# e.g. storages.backends.s3.S3Storage with {"bucket_name": "evidence", "endpoint_url": "https://minio.local"}.
if os.environ.get("GLACY_EVIDENCE_STORAGE_BACKEND"):
    try:
        _evidence_storage_options = json.loads(os.environ.get("GLACY_EVIDENCE_STORAGE_OPTIONS") or "{}")
    except json.JSONDecodeError as error:
        raise ConfigurationError(f"GLACY_EVIDENCE_STORAGE_OPTIONS is not valid JSON: {error}") from error
    STORAGES["evidence"] = {"BACKEND": os.environ["GLACY_EVIDENCE_STORAGE_BACKEND"],
                            "OPTIONS": _evidence_storage_options}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Worker health (core/health.py): a worker reports every GLACY_WORKER_HEARTBEAT_SECONDS; one silent (or whose
# loop has not looked for work) for GLACY_WORKER_STALE_SECONDS is gone (stuck); a job waiting longer than
# GLACY_WORKER_BACKLOG_SECONDS means the workers are too busy or too few.
GLACY_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("GLACY_WORKER_HEARTBEAT_SECONDS", "10"))
GLACY_WORKER_STALE_SECONDS = int(os.environ.get("GLACY_WORKER_STALE_SECONDS", "60"))
GLACY_WORKER_BACKLOG_SECONDS = int(os.environ.get("GLACY_WORKER_BACKLOG_SECONDS", "600"))
if TESTING:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = os.environ.get("GLACY_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("GLACY_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("GLACY_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("GLACY_FROM_EMAIL", "glacy@localhost")
# The address people reach this node at, for the links in e-mails (notifications, reminders).
SITE_URL = os.environ.get("GLACY_SITE_URL", "http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "glacy.core.api.authentication.ScopedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "glacy.core.api.authentication.HasTokenScope",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "glacy.core.api.pagination.StrictLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["glacy.core.api.filters.ScopedFilterBackend"],
    "EXCEPTION_HANDLER": "glacy.core.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "glacy.core.api.throttling.AnonymousRateThrottle",
        "glacy.core.api.throttling.PerUserRateThrottle",
        "glacy.core.api.throttling.ExpensiveCallThrottle",
    ],
}
# API rate limits (core/api/throttling.py), "<number>/<second|minute|hour|day>", each from GLACY_API_RATE_<SCOPE>.
# The test suite runs with limits it cannot reach; its throttling tests set low ones.
_DEFAULT_API_RATES = {"anon": "60/minute", "user": "6000/hour", "imports": "60/hour", "exports": "120/hour",
                      "reports": "600/hour"}
GLACY_API_THROTTLE_RATES = {
    scope: os.environ.get(f"GLACY_API_RATE_{scope.upper()}", "1000000/minute" if TESTING else rate)
    for scope, rate in _DEFAULT_API_RATES.items()
}
for _scope, _rate in GLACY_API_THROTTLE_RATES.items():
    _count, _slash, _period = _rate.partition("/")
    if not (_count.isdigit() and _period[:1] in {"s", "m", "h", "d"}):
        raise ConfigurationError(f"GLACY_API_RATE_{_scope.upper()} must look like 60/minute, not {_rate!r}.")
# Throttle counters live in the cache: a folder shared by every process of this host (the test suite keeps
# them in memory and empties them before each test).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                      "LOCATION": str(DATA_DIR / "cache"), "OPTIONS": {"MAX_ENTRIES": 10000}}}
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SPECTACULAR_SETTINGS = {
    "TITLE": "GLACY platform API",
    "DESCRIPTION": "Read and write the records of a GLACY node: directory, treaty data, cases and "
    "cooperation requests, evidence and its chain of custody, legislative reviews. Authenticate with "
    "`Authorization: Token <key>`; each token carries scopes (`read`, `write`). Objects outside your "
    "authority answer 404.",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "glacy.core.api.schema.add_error_responses",
                             "glacy.core.api.schema.describe_inputs_strictly"],
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Assets come from drf-spectacular-sidecar: no CDN, the docs page works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DocumentLanguageEnum": ["en", "fr"],
        "MappingCoverageEnum": "glacy.legislation.models.laws.Coverage",
        "RowCoverageEnum": "glacy.legislation.models.assessments.RowCoverage",
        "LawKindEnum": "glacy.legislation.models.laws.Law.Kind",
        "UploadJobStatusEnum": "glacy.core.models.UploadJob.Status",
    },
}

# Sessions end after GLACY_SESSION_IDLE_MINUTES without a request, and GLACY_SESSION_MAX_HOURS after sign-in
# whatever the activity (core/middleware.py SessionLifetimeMiddleware); the cookie lives no longer than that.
GLACY_SESSION_IDLE_MINUTES = int(os.environ.get("GLACY_SESSION_IDLE_MINUTES", "30"))
GLACY_SESSION_MAX_HOURS = int(os.environ.get("GLACY_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = GLACY_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Content-Security-Policy (django-csp): every script and style comes from this node's static files; no inline
# script, style element or attribute, event handler, eval, plugin, frame or foreign connection. The pages
# keep their data in JSON script elements (not executed) and their behaviour in static/glacy/*.js.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_NONE],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:"],  # data: for the icons the API documentation page draws
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],  # htmx and the API documentation call this node only
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
        "base-uri": [CSP_NONE],
        "object-src": [CSP_NONE],
        "manifest-src": [CSP_SELF],
        **({"upgrade-insecure-requests": True} if IS_PRODUCTION else {}),
    },
}
# Permissions-Policy: no page of the platform needs a device or sensor API; none may ask for one.
PERMISSIONS_POLICY: dict[str, list[str]] = {feature: [] for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen", "geolocation",
    "gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi", "payment", "picture-in-picture",
    "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking")}
SESSION_COOKIE_HTTPONLY = True
# Browsers keep cookies per host, not per port: several nodes on one machine (`make run-network`) need their own
# cookie names, or signing in to one node signs you out of the others.
SESSION_COOKIE_NAME = os.environ.get("GLACY_SESSION_COOKIE_NAME", "sessionid")
CSRF_COOKIE_NAME = os.environ.get("GLACY_CSRF_COOKIE_NAME", "csrftoken")
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("GLACY_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("GLACY_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GLACY_LOG_LEVEL", "INFO")},
    "loggers": {name: {"level": "WARNING"} for name in ("django.db.backends", "axes", "bagit", "httpx", "httpcore")},
}
