"""Settings shared by every environment.

Environment-specific modules (dev, test, production) start with
``from .base import *`` and override what they must. Values that differ between
deployments are read from the environment here, with safe local defaults; the
production module insists on them.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Apps are listed floor by floor (see ARCHITECTURE.md): lms, then quizzes, then
# courses, then analytics. bootstrap_demo and role syncing walk them in this order.
INSTALLED_APPS = [
    "lms",
    "lms.accounts",
    "lms.xapi",
    # Before django_tasks_db: its db_worker command replaces the package's.
    "lms.jobs",
    "lms.policy",
    "quizzes",
    "courses",
    "classroom",
    "analytics",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lms.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.accounts.mfa.AdministratorMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "lms.site_cache.SiteMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lms.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: take the write lock when a transaction starts, and
    # wait for it, instead of failing with "database is locked" when two requests
    # write at once; WAL lets readers go on while one writes. A 64 MB page cache
    # (grown only as used) keeps a City-sized roster import's indexes in memory.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA cache_size=-65536;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication (lms.accounts; see the README's "Sign-in") ----------------
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out username/IP is refused before the password check.
    "axes.backends.AxesStandaloneBackend",
    "lms.accounts.backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A reset or "set your password" link works once, within this many hours.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_LINK_HOURS", "24")) * 3600

# Single sign-on: the City's OpenID Connect providers (lms.accounts.providers).
from lms.accounts.providers import parse_providers  # noqa: E402

SSO_PROVIDERS = parse_providers(os.environ.get("SSO_PROVIDERS", ""))

# Five failed logins for one username from one address locks that pair for 15 min.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind the load balancer the client is the Nth address from the right of
# X-Forwarded-For (lms.accounts.client_address); 0 trusts no header.
TRUSTED_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "lms.accounts.client_address.client_ip"
# However many usernames they are spread over, this many failed sign-ins from
# one address within the cool-off time refuse further tries from it (spraying).
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "20"))

ACCOUNT_ADAPTER = "lms.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "lms.accounts.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {"reset_password": "lms.accounts.forms.ResetPasswordForm"}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "City Policy Training: "
ACCOUNT_RATE_LIMITS = {
    # Per address only: a per-username limit would let anyone lock anyone out.
    "login_failed": f"{LOGIN_FAILURES_PER_ADDRESS}/{int(AXES_COOLOFF_TIME.total_seconds())}s/ip",
    # Many employees share an office's address at the start of a shift.
    "login": None,
    "reset_password": "20/m/ip,3/15m/key",
}
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "lms.accounts.oidc.RosterOpenIDConnectProvider",
        "OAUTH_PKCE_ENABLED": True,
    }
}
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "City Policy Training"

# A working day; the session also ends when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.js from the plotly package (analytics/vendor/plotly.min.js).
    "analytics.finders.PlotlyFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Cache and tasks --------------------------------------------------------
# Redis when REDIS_URL is set (several app servers share it); otherwise a
# per-process memory cache, which holds nothing that must be shared.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "lms.redis_cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    # Sessions are read on every page: from the shared cache, written through
    # to the database. Never from a per-process cache, where a session ended on
    # one server (sign-out, deactivation) would live on in another's memory.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # For the same reason, each user's permissions too (lms.accounts.permission_cache),
    # the rendered module bodies (courses.body_cache) and Wagtail's sites
    # (lms.site_cache).
    PERMISSIONS_CACHED = True
    MODULE_BODIES_CACHED = True
    SITES_CACHED = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    PERMISSIONS_CACHED = False
    MODULE_BODIES_CACHED = False
    SITES_CACHED = False

# Jobs go to a queue in the database (django-tasks-db) and `manage.py db_worker`
# runs them, on SQLite or on PostgreSQL, where workers on several hosts claim
# jobs with SELECT ... FOR UPDATE SKIP LOCKED. lms.jobs adds a lease (the job of
# a worker that died goes back to the queue) and the schedule below.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A worker not seen for this long is dead and its job runs again elsewhere.
TASKS_WORKER_LEASE = int(os.environ.get("TASKS_WORKER_LEASE", "120"))
# A job whose worker died this many times is failed rather than run again.
TASKS_MAX_ATTEMPTS = int(os.environ.get("TASKS_MAX_ATTEMPTS", "3"))
TASKS_KEEP_RESULTS_DAYS = int(os.environ.get("TASKS_KEEP_RESULTS_DAYS", "30"))
# What the workers start by themselves (local time, TIME_ZONE); each run is
# claimed once across every worker and host. See lms/jobs/schedule.py.
XAPI_FORWARD_EVERY = int(os.environ.get("XAPI_FORWARD_EVERY", "60"))
TASKS_SCHEDULE = [
    {"task": "courses.tasks.expire_certificates", "daily_at": "06:00"},
    {"task": "courses.tasks.send_reminders", "daily_at": "07:00"},
    {"task": "classroom.tasks.send_session_reminders", "daily_at": "07:15"},
    {"task": "lms.jobs.tasks.prune_task_results", "daily_at": "03:00"},
]
if XAPI_FORWARD_EVERY:
    TASKS_SCHEDULE.append(
        {"task": "lms.xapi.tasks.forward_xapi_statements", "every": XAPI_FORWARD_EVERY}
    )

# --- Roster import ------------------------------------------------------------
# --deactivate-missing refuses to deactivate more than this share of the active
# employees unless confirmed: a truncated HR file must not empty the City.
ROSTER_MAX_DEACTIVATION_SHARE = float(
    os.environ.get("ROSTER_MAX_DEACTIVATION_SHARE", "0.10")
)

# --- Email ------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "training@lacity.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail ----------------------------------------------------------------
WAGTAIL_SITE_NAME = "City Policy Training"
# Draftail, refusing with a message the data it cannot read (lms/admin_rich_text.py).
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "lms.admin_rich_text.CheckedDraftailRichTextArea"}
}
# The update check calls a third-party server that the admin's CSP blocks; the
# version is pinned in requirements.txt and upgraded on purpose.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt"]
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
# No Gravatar: the CSP (lms/security.py) blocks third-party images, and staff
# e-mail hashes should not go to an outside service.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# One sign-in page (with MFA) for the site and the admin (/admin/login/ leads
# there, see lms/urls.py); one password reset.
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- xAPI -------------------------------------------------------------------
# Activity IRIs are built from slugs and UUIDs under this base, never from
# database ids, so two sites that load the same content emit the same IRIs.
XAPI_ACTIVITY_BASE = os.environ.get(
    "XAPI_ACTIVITY_BASE", "https://training.lacity.example/xapi"
)
XAPI_ACTOR_HOMEPAGE = os.environ.get(
    "XAPI_ACTOR_HOMEPAGE", "https://training.lacity.example"
)
XAPI_PLATFORM = "City Policy Training LMS"
# Key for the HMAC that turns an employee number into the xAPI pseudonym.
XAPI_PSEUDONYM_KEY = os.environ.get("XAPI_PSEUDONYM_KEY", "")
XAPI_LRS_ENDPOINT = os.environ.get("XAPI_LRS_ENDPOINT", "")
XAPI_LRS_USERNAME = os.environ.get("XAPI_LRS_USERNAME", "")
XAPI_LRS_PASSWORD = os.environ.get("XAPI_LRS_PASSWORD", "")
XAPI_LRS_TIMEOUT = float(os.environ.get("XAPI_LRS_TIMEOUT", "10"))
XAPI_BATCH_SIZE = int(os.environ.get("XAPI_BATCH_SIZE", "100"))
# A statement the LRS keeps answering with a 5xx is quarantined after this many
# attempts or this many days since it was queued, whichever comes first.
XAPI_MAX_ATTEMPTS = int(os.environ.get("XAPI_MAX_ATTEMPTS", "20"))
XAPI_MAX_AGE_DAYS = float(os.environ.get("XAPI_MAX_AGE_DAYS", "7"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The task backends log every task's state at INFO.
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
    },
}
