"""IGNY8 settings: every knob comes from the environment (see README "Settings").

Embedded defaults (no variables set): SQLite and a filesystem Celery broker under
``IGNY8_DATA_DIR``. Production: set ``DATABASE_URL`` and ``REDIS_URL`` (or
``CELERY_BROKER_URL``), ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent  # backend/
REPO_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("IGNY8_DATA_DIR") or REPO_DIR / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
STORAGE_DIR = DATA_DIR / "storage"


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data dir."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "igny8_core.core",
    "igny8_core.core.auth",
    "igny8_core.domain.billing",
    "igny8_core.domain.jobs",
    "igny8_core.domain.ai",
    "igny8_core.domain.planning",
    "igny8_core.domain.thinker",
    "igny8_core.domain.content",
    "igny8_core.domain.publishing",
    "igny8_core.domain.automation",
]

MIDDLEWARE = [
    "igny8_core.shared.middleware.request_id.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "igny8_core.shared.middleware.account.AccountContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "igny8_core.urls"
WSGI_APPLICATION = "igny8_core.wsgi.application"

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
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "igny8.sqlite3"),
            "OPTIONS": {
                # WAL lets the API read while the worker writes; IMMEDIATE takes the write
                # lock at BEGIN so concurrent credit deductions serialize instead of failing.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
            # A file, not :memory:, so tests exercise real multi-connection locking too.
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "igny8_auth.User"

# --- Cache (throttling, locks) --------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

# --- Celery -----------------------------------------------------------------------------
BROKER_DIR = DATA_DIR / "broker"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),  # broadcast (pidbox) files; default is the CWD
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True  # results live on Job rows, not in a result backend
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # Idempotent: each account is credited once per calendar month, so running hourly
    # only makes sure a new month is picked up promptly after downtime.
    "replenish-monthly-credits": {
        "task": "igny8.billing.replenish_monthly_credits",
        "schedule": timedelta(hours=1),
    },
    # Idempotent: each scheduled record is claimed by a conditional update, so overlapping runs are harmless.
    "publish-due-content": {
        "task": "igny8.publishing.publish_due",
        "schedule": timedelta(minutes=1),
    },
    # Two-way sync of integrations with sync_enabled (an integration already syncing is skipped).
    "sync-enabled-integrations": {
        "task": "igny8.publishing.sync_due",
        "schedule": timedelta(minutes=5),
    },
    # Scheduled automation rules (claimed by a conditional update of next_run_at) and run recovery.
    "automation-tick": {
        "task": "igny8.automation.tick",
        "schedule": timedelta(minutes=1),
    },
    # Once per threshold crossing: a notification when credits fall below IGNY8_LOW_CREDIT_RATIO.
    "notify-low-credits": {
        "task": "igny8.billing.notify_low_credits",
        "schedule": timedelta(hours=1),
    },
}
# Automation: route each site's runs to its own queue ``site-<id>`` (off: everything on "default").
IGNY8_PER_SITE_QUEUES = env_bool("IGNY8_PER_SITE_QUEUES", False)
# How long a run's site lock survives without a heartbeat (one item must finish within it).
IGNY8_AUTOMATION_LOCK_LEASE_SECONDS = int(os.environ.get("IGNY8_AUTOMATION_LOCK_LEASE_SECONDS", "600"))

# --- Auth / DRF ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

IGNY8_THROTTLE_RATES = {
    "anon": os.environ.get("IGNY8_THROTTLE_ANON", "120/min"),
    "auth": os.environ.get("IGNY8_THROTTLE_AUTH", "20/min"),
    "user": os.environ.get("IGNY8_THROTTLE_USER", "1200/min"),
    "site": os.environ.get("IGNY8_THROTTLE_SITE", "2400/min"),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "igny8_core.core.api.authentication.TenantJWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["igny8_core.core.api.permissions.IsAuthenticatedAndActive"],
    "DEFAULT_RENDERER_CLASSES": ["igny8_core.core.api.renderers.EnvelopeJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "igny8_core.core.api.pagination.CustomPageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "igny8_core.core.api.throttles.UserRateThrottle",
        "igny8_core.core.api.throttles.SiteRateThrottle",
    ],
    "EXCEPTION_HANDLER": "igny8_core.core.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=int(os.environ.get("IGNY8_ACCESS_TOKEN_MINUTES", "30"))),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=int(os.environ.get("IGNY8_REFRESH_TOKEN_DAYS", "14"))),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "IGNY8 API",
    "DESCRIPTION": "AI SEO content platform. Every JSON response is wrapped in the IGNY8 envelope.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AutomationTriggerEnum": "igny8_core.domain.automation.models.Trigger",
        "AutomationActionTypeEnum": "igny8_core.domain.automation.models.ActionType",
        "OperatorEnum": "igny8_core.domain.automation.rules.OPERATORS",
        "ConditionFieldTypeEnum": "igny8_core.domain.automation.rules.FIELD_TYPES",
        "ActionParamKindEnum": "igny8_core.domain.automation.rules.PARAM_KINDS",
        "AutomationEntityEnum": "igny8_core.domain.automation.rules.ENTITIES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "igny8_core.core.api.schema.wrap_in_envelope",
    ],
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# The web app (frontend/, built by `make run` / `make test`): WhiteNoise serves its files at the
# site root and a catch-all URL answers every non-API path with its index.html.
FRONTEND_DIST = Path(os.environ.get("IGNY8_FRONTEND_DIST") or REPO_DIR / "frontend" / "dist")
WHITENOISE_ROOT = FRONTEND_DIST if FRONTEND_DIST.is_dir() else None

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- IGNY8 ------------------------------------------------------------------------------
IGNY8_DEFAULT_PLAN = os.environ.get("IGNY8_DEFAULT_PLAN", "free")
IGNY8_LOW_CREDIT_RATIO = 0.10
IGNY8_SEED_DEMO = env_bool("IGNY8_SEED_DEMO", True)
IGNY8_DEMO_EMAIL = os.environ.get("IGNY8_DEMO_EMAIL", "demo@igny8.local")

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("IGNY8_BEHIND_TLS_PROXY") else None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "igny8_core.shared.middleware.request_id.RequestIDLogFilter"}},
    "formatters": {
        "standard": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "standard", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}
