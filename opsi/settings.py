"""
Settings for the OPSI catalogue: one module, read from the environment.

Defaults are safe for a developer's machine (DEBUG on, SQLite in var/). Production
sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL; nothing
else changes between the two, so there is no second settings file to drift.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
# A refused form gets the site's page in the reader's language (Django's own page is
# English, outside the layout, with no main landmark).
CSRF_FAILURE_VIEW = "opsi.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so that runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_countries",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "innovations",
    "coproduction",
    "opsi.api",
    "opsi.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Links in a developer's mail point to the address the site is served on.
    "innovations.siteurl.RequestOrigin",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "opsi.accounts.middleware.TwoFactorRequired",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "opsi.accounts.middleware.PrivatePagesNotStored",
    # Last, as django-axes asks: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opsi.urls"
WSGI_APPLICATION = "opsi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "opsi.languages.alternates",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite in var/ by default, so a fresh clone runs with no server; DATABASE_URL
# (postgres://...) switches to PostgreSQL without touching this file.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        # A new PostgreSQL connection per request costs ~5 ms; keep them open.
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A bounded pool of PostgreSQL connections per process (psycopg-pool), instead of a new
# connection per request under ASGI (~5 ms each): at most DATABASE_POOL_SIZE per worker,
# and a request that finds none free within DATABASE_POOL_TIMEOUT seconds fails instead
# of piling up. Off unless set; Django needs CONN_MAX_AGE 0 with a pool.
if os.environ.get("DATABASE_POOL_SIZE") and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ["DATABASE_POOL_SIZE"]),
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
    }
# A streaming replica for reads that may lag (the whole-catalogue downloads and the
# sitemap, built once per revision): opsi.routers.ReplicaRouter sends them there, and
# everything else, writes and read-your-writes, to the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=0, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if "pool" in DATABASES["default"].get("OPTIONS", {}):
        DATABASES["replica"].setdefault("OPTIONS", {})["pool"] = DATABASES["default"]["OPTIONS"][
            "pool"
        ]
DATABASE_ROUTERS = ["opsi.routers.ReplicaRouter"]
# PostgreSQL prepares a statement that `innovations.statements.cursor` has run this many
# times on a connection (the cards' and postings' queries, run at every cold page), so
# it is planned once. Django's own cursors bind on the client and never prepare. Set
# DATABASE_PREPARE_THRESHOLD to "" behind a pooler that cannot carry prepared statements.
_threshold = os.environ.get("DATABASE_PREPARE_THRESHOLD", "5")
for _database in DATABASES.values():
    if _database["ENGINE"].endswith("postgresql"):
        _database.setdefault("OPTIONS", {})["prepare_threshold"] = (
            int(_threshold) if _threshold else None
        )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a moderator writes; IMMEDIATE takes the write lock
    # at BEGIN, so two concurrent transitions queue instead of failing mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # A 4 MB page cache per connection (16 MB made a worker 9 MB larger for 2-4% of a
        # search page's time); connections persist (CONN_MAX_AGE), so the
        # cache survives from one request to the next.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA cache_size=-4000;",
    }
    # A file (not memory) so that threads and the live server share it; one per process
    # so that two test runs on one machine never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"
        ),
        "LOCATION": os.environ.get("DJANGO_CACHE_LOCATION", "opsi"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Moderators and staff sign in on the site's own page (no staff status needed), with a
# second factor (TOTP, or a recovery code) before moderation or the admin. django-axes
# checks every sign-in first: 5 failures lock the account, and the client, for a while.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "moderation:queue"
LOGOUT_REDIRECT_URL = "innovations:home"
AXES_FAILURE_LIMIT = int(os.environ.get("OPSI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("OPSI_LOGIN_LOCKOUT_MINUTES", "15")))
# Each counts on its own: one client guessing many accounts, or many clients one account.
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_IP_CALLABLE = "opsi.accounts.views.client_ip"
AXES_LOCKOUT_CALLABLE = "opsi.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
OTP_TOTP_ISSUER = os.environ.get("OPSI_SITE_NAME", "OPSI catalogue")
# A signed-in session ends after this long without a request (and with the browser).
SESSION_COOKIE_AGE = 60 * int(os.environ.get("OPSI_IDLE_MINUTES", "30"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en"
# Every string is marked for translation; a language is listed here once its catalogue
# (locale/<code>/LC_MESSAGES/django.po) is translated, so pages never come out half-English.
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("de", _("German")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates spelt out the same way in every language, each in its own grammar (opsi/formats).
FORMAT_MODULE_PATH = ["opsi.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Django's built-in Content Security Policy: nothing inline runs without the nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Production hardening follows DEBUG; each can still be turned off from the
# environment (the benchmark serves plain HTTP on loopback, for instance).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# Preloading is a promise browsers keep for months, even after HSTS is turned off: only
# on request.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
# Django warns when preload is off; off is this project's deliberate default.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A developer's mail shows in the terminal; production sends through SMTP (configured
# by the DJANGO_EMAIL_* variables). DJANGO_EMAIL_BACKEND overrides either.
EMAIL_BACKEND_PATH = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": (
            {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
                # A hung mail server must not hold a worker: the task fails and retries.
                "timeout": int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10")),
            }
            if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "catalogue@localhost")

# Mail goes out through tasks. In production they are rows in the database (django-tasks-db)
# that `manage.py db_worker` runs, so a slow or failing mail server never holds a request
# and a failed mail is retried; a developer's machine runs them at once (mail shows in
# the terminal).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        )
    }
}
# A failed mail is tried again after 2, 4, 8... minutes, this many times in all.
OPSI_MAIL_ATTEMPTS = int(os.environ.get("OPSI_MAIL_ATTEMPTS", "8"))
# A task RUNNING longer than this was left by a dead db_worker: `manage.py
# requeue_stale_tasks` (run from cron, and before db_worker starts) queues it again.
OPSI_TASK_TIMEOUT_MINUTES = int(os.environ.get("OPSI_TASK_TIMEOUT_MINUTES", "15"))
# Moderators get at most one digest of new submissions this often.
OPSI_DIGEST_MINUTES = int(os.environ.get("OPSI_DIGEST_MINUTES", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# The catalogue's own settings.
OPSI_SITE_NAME = os.environ.get("OPSI_SITE_NAME", "OPSI catalogue")
OPSI_PAGE_SIZE = 20
# Where full builds of the facet index are kept for starting workers ("" turns it off).
OPSI_FACET_SNAPSHOTS = os.environ.get("OPSI_FACET_SNAPSHOTS", str(BASE_DIR / "var" / "facets"))
# The deploy's id, first in every cache key (`innovations.derived.key`): a new release
# never reads an old one's HTML. Empty: a hash of the code, templates and translations.
OPSI_RELEASE = os.environ.get("OPSI_RELEASE", "")

# The write guard (`innovations.services.guard`): a write of a case, its tags, countries
# or parts made outside the services raises. On in development (and always in the
# tests); off in production, where it hooks nothing.
OPSI_WRITE_GUARD = env_bool("OPSI_WRITE_GUARD", DEBUG)

# Contribution and moderation. Mail carries absolute links, and tasks have no request
# to build them from, hence the site's own address.
# Required in production (a deploy check fails without it). Unset in development, links
# use the address of the request that sent the mail (innovations/siteurl.py).
OPSI_SITE_URL = os.environ.get("OPSI_SITE_URL", "")
# How many reverse proxies stand in front of the site, each appending to X-Forwarded-For
# (1 behind one TLS proxy). The rate limits and the sign-in throttle key on the address
# the outermost one saw; 0 uses the connection's own address.
OPSI_TRUSTED_PROXIES = int(os.environ.get("OPSI_TRUSTED_PROXIES", "0"))
# An IPv6 subscriber usually gets a whole /64 and can pick any address in it: every
# per-client limit keys on this prefix of an IPv6 address (128 keys on the address).
OPSI_IPV6_PREFIX = int(os.environ.get("OPSI_IPV6_PREFIX", "64"))
# Anti-spam on the public submission form; the limits are per hashed client address and
# counted atomically in the database, so every worker shares them.
OPSI_ANTISPAM = {
    "ENABLED": env_bool("OPSI_ANTISPAM_ENABLED", True),
    "MIN_SECONDS": int(os.environ.get("OPSI_ANTISPAM_MIN_SECONDS", "5")),
    "MAX_PER_HOUR": int(os.environ.get("OPSI_ANTISPAM_MAX_PER_HOUR", "10")),
    "MAX_SAVES_PER_HOUR": int(os.environ.get("OPSI_ANTISPAM_MAX_SAVES_PER_HOUR", "60")),
    "MAX_LINKS": int(os.environ.get("OPSI_ANTISPAM_MAX_LINKS", "10")),
}
# Other per-client limits (per hour), shared the same way.
# Whole-catalogue exports are built here once per catalogue revision and served as files
# (README, "Production"); a search's export is written here, to a temporary file, first.
OPSI_BUILT_FILES = os.environ.get("OPSI_BUILT_FILES", str(BASE_DIR / "var" / "built"))
# Exports being built at once per worker; beyond, a 503 with Retry-After.
OPSI_EXPORT_BUILDS = int(os.environ.get("OPSI_EXPORT_BUILDS", "2"))
OPSI_RATE_LIMITS = {
    "EXPORTS_PER_HOUR": int(os.environ.get("OPSI_EXPORTS_PER_HOUR", "30")),
    # Contributors' sign-in links asked from one client, and for one address.
    "SIGN_INS_PER_HOUR": int(os.environ.get("OPSI_SIGN_INS_PER_HOUR", "10")),
    "SIGN_INS_PER_ADDRESS_PER_HOUR": int(os.environ.get("OPSI_SIGN_INS_PER_ADDRESS", "3")),
}
# Pictures and documents of a case: per file and per case.
OPSI_MEDIA = {
    "IMAGE_BYTES": int(os.environ.get("OPSI_MEDIA_IMAGE_MB", "5")) * 1024 * 1024,
    "DOCUMENT_BYTES": int(os.environ.get("OPSI_MEDIA_DOCUMENT_MB", "10")) * 1024 * 1024,
    "CASE_BYTES": int(os.environ.get("OPSI_MEDIA_CASE_MB", "30")) * 1024 * 1024,
    "PER_CASE": int(os.environ.get("OPSI_MEDIA_PER_CASE", "10")),
    "IMAGE_PIXELS": int(os.environ.get("OPSI_MEDIA_IMAGE_MEGAPIXELS", "40")) * 1_000_000,
    # Widths of the smaller copies made of each picture: a card's, and a phone's page.
    "RENDITION_WIDTHS": (240, 960),
}
MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT", str(BASE_DIR / "var" / "media"))
# Uploads are read in memory up to this size, so that they are checked before storing.
FILE_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024
# A contributor's sign-in link works once, for this long.
OPSI_SIGN_IN_MINUTES = int(os.environ.get("OPSI_SIGN_IN_MINUTES", "15"))
