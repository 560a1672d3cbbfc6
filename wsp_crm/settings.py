"""WSP CRM settings: one module, driven by the environment (12-factor).

Every value below can be set as an environment variable or in a `.env` file at the project
root (real environment variables win). README.md lists them in its configuration table.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see README, configuration)."
        )
    SECRET_KEY = "insecure-development-only-key"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "wsp_crm.vendor_strings.AxesConfig",  # django-axes, with a Dutch name in the admin
    "accounts",
    "employers",
    "candidates",
    "placements",
    "continuity",
    "portal",
    "audit",
    "search",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "wsp_crm.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Dutch unless the user switched (a browser asking for English does not count).
    "wsp_crm.locale.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed the second factor?
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionIdleTimeoutMiddleware",
    # Deny by default: every page needs a login unless its view says otherwise.
    "accounts.middleware.LoginRequiredMiddleware",
    # ...and, for staff (or anyone who switched it on), the second factor too.
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After a change: re-check the employers it touched and confirm what it raised (after the
    # messages, so that its message reaches the next page).
    "continuity.middleware.ChangeCheckMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login attempt refused for too many failures into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wsp_crm.urls"
WSGI_APPLICATION = "wsp_crm.wsgi.application"

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
                "wsp_crm.navigation.navigation",
            ],
            # {% load panels %}: the {% panel %} tag of wsp_crm.panels (pages other apps add to).
            "libraries": {"panels": "wsp_crm.panels", "page_messages": "wsp_crm.page_messages"},
            # The one date format of every page: {{ x|day }}, {{ x|moment }} (wsp_crm/dates.py).
            "builtins": ["wsp_crm.dates"],
        },
    },
]

# Database: SQLite under var/ for a newcomer, PostgreSQL in CI and production.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's JIT compiles any query whose *estimated* cost passes jit_above_cost; for the
    # short page queries here that costs 50-100 ms of compiling to save a few ms (measured in
    # docs/performance.md). Off unless DB_JIT=true.
    if not env.bool("DB_JIT", default=False):
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
    # PostgreSQL's stock random_page_cost (4) models spinning disks: with it, joining a page
    # of 50 signals to their placements reads the whole placement table instead of 50 index
    # lookups. SSDs and a database that fits in memory make a random read nearly as cheap as a
    # sequential one (docs/performance.md). DB_RANDOM_PAGE_COST= (empty) keeps the server's.
    _random_page_cost = env.str("DB_RANDOM_PAGE_COST", default="1.1")
    if _random_page_cost:
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        try:
            _cost = float(_random_page_cost)
        except ValueError:
            raise ImproperlyConfigured(
                f"DB_RANDOM_PAGE_COST must be a number such as 1.1, not {_random_page_cost!r}"
            ) from None
        _options["options"] = f"{_options.get('options', '')} -c random_page_cost={_cost}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared by all web processes in production (the rate-limit counts live here), e.g.
# CACHE_URL=redis://redis:6379/1; process-local memory for `make run` and the tests.
CACHES = {"default": env.cache_url_config(env.str("CACHE_URL", default="") or "locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis that is away or hangs costs a request at most this long (seconds) per call; the
    # rate limits then let the request through (docs/operations.md, "Failure modes").
    _cache_timeout = env.float("CACHE_SOCKET_TIMEOUT", default=0.5)
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_timeout": _cache_timeout, "socket_connect_timeout": _cache_timeout}
    )

# Rate limits (accounts/ratelimit.py; docs/security.md): "<count>/<period>" with the period
# second, minute, hour or day ("100/10m": per ten minutes); empty switches a limit off.
RATE_LIMITS = {
    # The API per user (so per token), and per address for calls that identify nobody.
    "api_user": env.str("API_THROTTLE_USER", default="2000/hour"),
    "api_anon": env.str("API_THROTTLE_ANON", default="60/hour"),
    # Password-reset e-mails per e-mail address (= account) and per client address.
    "password_reset_email": env.str("RATE_LIMIT_PASSWORD_RESET_EMAIL", default="3/hour"),
    "password_reset_ip": env.str("RATE_LIMIT_PASSWORD_RESET_IP", default="20/hour"),
    # CSV/Excel exports and the heavy list pages, per user.
    "export": env.str("RATE_LIMIT_EXPORT", default="60/hour"),
    "list": env.str("RATE_LIMIT_LIST", default="1200/hour"),
}
# Where the counts live: "redis" (the default when CACHE_URL is a Redis), "database" (several
# processes without Redis) or "cache" (the default otherwise: per process).
RATE_LIMIT_STORE = env.str("RATE_LIMIT_STORE", default="")
if RATE_LIMIT_STORE not in ("", "redis", "database", "cache"):
    raise ImproperlyConfigured("RATE_LIMIT_STORE must be redis, database or cache")

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out account or address before the password is even checked
# (it needs the request: authenticate(request, ...)). It logs nobody in itself.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24 * 3)

# Two-factor authentication (TOTP with django-otp, recovery codes as static tokens). Staff must
# use it; employer users may switch it on, and then must use it too.
TWO_FACTOR_REQUIRED_FOR_STAFF = env.bool("TWO_FACTOR_REQUIRED_FOR_STAFF", default=True)
OTP_TOTP_ISSUER = "WSP CRM"
# Exponential back-off after a wrong code (1, 2, 4, 8... seconds); 0 would switch it off.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Login abuse (django-axes): after LOGIN_FAILURE_LIMIT failed logins (wrong passwords and wrong
# second-factor codes alike) an account, and separately an IP address, is locked out for
# LOGIN_LOCKOUT_MINUTES. Records are kept in the database (admin: Axes).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.lockout.username_from"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# The lockout ends LOGIN_LOCKOUT_MINUTES after it began; attempts during it do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False  # no version banner on every start; attempts and lockouts are still logged
# Masked in log lines and in the stored form data (the e-mail address and IP have columns).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
# Behind reverse proxies, the number of them that append to X-Forwarded-For. 0: the client's
# address is the connection's (REMOTE_ADDR) and X-Forwarded-For is ignored, as anyone can send it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Language and time: Dutch by default, English available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "media/"

# E-mail: printed on the console unless EMAIL_URL says otherwise (e.g. smtp+tls://user:pw@host:587).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="WSP CRM <noreply@wsp-crm.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in e-mails (invitations, password reset) sent by background jobs.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Celery: a broker that needs no server by default (kombu's filesystem transport under var/),
# Redis in CI and production.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost//")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _processed_dir = VAR_DIR / "celery" / "processed"
    _control_dir = VAR_DIR / "celery" / "control"
    for _folder in (_queue_dir, _processed_dir, _control_dir):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        "control_folder": str(_control_dir),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
# Acknowledged only when done, and handed back when the worker process is lost: every task is
# idempotent (docs/operations.md, "Failure modes" lists why, task by task), so running one again
# is safe and losing one is not. One message reserved at a time per process: a worker killed
# whole strands at most one job per process.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The longest job (a 10,000-row import, the first retention run) is stopped after this.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
# Redis hands an unacknowledged message (its worker died) to another worker after this many
# seconds. Longer than the longest job (the time limit above) and the longest retry countdown
# (retry_backoff_max, 600 s), else a job still running or waiting is delivered twice.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=30 * 60)
if not CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_TIMEZONE = TIME_ZONE
# Publishing gives up quickly when the broker is away: the change is saved anyway and the next
# scheduled scan catches up.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# Saving a change queues its continuity re-check; this is how long (seconds) that may wait for
# the broker per attempt (two attempts) before the save goes on without it (continuity/triggers.py).
BROKER_PUBLISH_TIMEOUT = env.float("BROKER_PUBLISH_TIMEOUT", default=0.5)
# A staff member's change saved on a page is re-checked in that request, so the next page shows
# what it raised and closed (continuity.middleware; about 20 quick queries for one employer).
# Off: those re-checks are queued like the API's (still naming who made the change), no message.
CONTINUITY_RECHECK_IN_REQUEST = env.bool("CONTINUITY_RECHECK_IN_REQUEST", default=True)
# Periodic jobs. Safe if two schedulers run by mistake: scans are idempotent, digests locked.
CELERY_BEAT_SCHEDULE = {
    "continuity-change-scan": {
        "task": "continuity.tasks.scan_changes",
        "schedule": env.int("CONTINUITY_CHANGE_SCAN_SECONDS", default=600),
    },
    "continuity-nightly-scan": {
        "task": "continuity.tasks.scan_nightly",
        "schedule": crontab(hour=2, minute=15),
    },
    "continuity-daily-digest": {
        "task": "continuity.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon-fri"),
    },
    "retention-nightly": {
        "task": "audit.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=30),
    },
    # Expired sessions (they may hold an uploaded import file) and rate-limit counters.
    "sessions-daily": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=4, minute=10),
    },
    "notification-mails": {
        "task": "continuity.tasks.send_notification_mails",
        "schedule": env.int("NOTIFICATION_MAIL_MINUTES", default=5) * 60,
    },
    "import-jobs-sweep": {
        "task": "employers.tasks.sweep_import_jobs",
        "schedule": env.int("IMPORT_SWEEP_SECONDS", default=300),
    },
}
# /healthz shows which check failed and why to a WSP admin, or to a monitor that sends
# "Authorization: Bearer <this token>" (empty: no token accepted). Anonymous callers: status only.
HEALTHZ_TOKEN = env.str("HEALTHZ_TOKEN", default="")
# Background imports (employers.importer.jobs): one queued or running longer than this without a
# live worker (its message lost, its worker killed) is queued again by the sweeper above. Longer
# than the time limit, so a job is never taken from a worker that may still be on it.
IMPORT_JOB_STALE_SECONDS = env.int("IMPORT_JOB_STALE_SECONDS", default=CELERY_TASK_TIME_LIMIT + 300)
# Notifications (continuity/notifications/): the list at /notifications/ shows this many days;
# staff who chose "e-mail at once" for signals or handed-over work get one e-mail per run of the
# job above (every NOTIFICATION_MAIL_MINUTES) with what is new for them.
NOTIFICATION_WINDOW_DAYS = env.int("NOTIFICATION_WINDOW_DAYS", default=30)
# Retention (audit/retention.py, docs/operations.md): candidates without activity this long are
# anonymised; conversations' free text older than this is blanked (date, topics, employer stay).
RETENTION_CANDIDATE_DAYS = env.int("RETENTION_CANDIDATE_DAYS", default=730)
RETENTION_CONVERSATION_TEXT_DAYS = env.int("RETENTION_CONVERSATION_TEXT_DAYS", default=1826)
RETENTION_BATCH_SIZE = env.int("RETENTION_BATCH_SIZE", default=1000)
# Login records (e-mail address tried, IP address, time: django-axes) are kept this long.
RETENTION_LOGIN_RECORD_DAYS = env.int("RETENTION_LOGIN_RECORD_DAYS", default=90)
# Jobs run in the request (no worker) when set; handy for a shell, never in production.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# API
REST_FRAMEWORK = {
    # Token first: a missing or wrong token answers 401 (with WWW-Authenticate), not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # A wrong token counts against its address's anonymous rate (RATE_LIMITS api_anon).
        "accounts.authentication.RateLimitedTokenAuthentication",
        # A session counts only once it has passed the second factor where that is required.
        "accounts.authentication.VerifiedSessionAuthentication",
        # Last: a call nobody was identified by is counted per address (429 before the 401).
        "accounts.authentication.AnonymousRateLimit",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.permissions.IsStaffMember"],
    # JSON only: form and multipart bodies turn every value into a string and silently drop
    # nested objects, so a typed client error would pass as valid input. A body nested deeper
    # than wsp_crm.parsers.MAX_DEPTH answers 400 (instead of a RecursionError).
    "DEFAULT_PARSER_CLASSES": ["wsp_crm.parsers.DepthLimitedJSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_FILTER_BACKENDS": [
        "wsp_crm.api_support.StrictFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "wsp_crm.api_schema.ContractAutoSchema",
    # Per user (and so per token), RATE_LIMITS["api_user"]; 429 with Retry-After. Anonymous
    # calls are counted per address at authentication (above).
    "DEFAULT_THROTTLE_CLASSES": ["accounts.ratelimit.ApiUserThrottle"],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "WSP CRM API",
    "DESCRIPTION": "Employer services for inclusive work: employers, contacts, continuity.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["accounts.permissions.IsStaffMember"],
    # A contract for generated clients (docs/api.md): separate request and response components
    # (a create does not need the read-only fields), the same English document for every
    # caller's language, and the error answers the API really gives.
    "COMPONENT_SPLIT_REQUEST": True,
    "DEFAULT_GENERATOR_CLASS": "wsp_crm.api_schema.ContractSchemaGenerator",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "wsp_crm.api_schema.document_error_responses",
    ],
    # The docs page's assets ship with the product (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    # Several models have a "kind" or "status" field: name their enums apart in the schema.
    "ENUM_NAME_OVERRIDES": {
        "SignalKindEnum": "continuity.models.Signal.Kind",
        "AccountAssignmentKindEnum": "employers.models.AccountAssignment.Kind",
        "ProposalStatusEnum": "candidates.models.Proposal.Status",
        "StaffingRequestStatusEnum": "candidates.models.StaffingRequest.Status",
        "StaffingRequestKindEnum": "candidates.models.StaffingRequest.Kind",
        "SectorEnum": "employers.models.Employer.Sector",
    },
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge from the public validator.swagger.io: it would send the schema's address to a
    # third party and is blocked by the Content-Security-Policy anyway.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

# Security. Production (DEBUG off) gets HTTPS-only cookies, HSTS and an HTTPS redirect; a proxy
# in front of gunicorn must pass X-Forwarded-Proto.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Content-Security-Policy (wsp_crm/csp.py): our pages need no inline script or style and load
# nothing from other hosts. Charts are inline SVG drawn with presentation attributes (allowed).
# The same policy holds for the Django admin and the API docs (Swagger UI, whose start-up script
# is served from /api/docs/?script and whose page styles are a static file); only the browsable
# API's HTML pages get inline styles (CSP_BROWSABLE_API_ADDITIONS).
CSP_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# DRF's browsable API (the HTML view of /api/v1/ in a signed-in browser) has inline styles in its
# templates: its HTML pages, and only those, may use inline style. Its scripts are static files.
CSP_BROWSABLE_API_ADDITIONS = {"style-src": ["'unsafe-inline'"]}
# Report-only: browsers report violations (console, CSP_REPORT_URI) but block nothing; for trying
# out a policy change in production before enforcing it.
CSP_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)
CSP_REPORT_URI = env.str("CSP_REPORT_URI", default="")
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)  # absolute lifetime
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
# HSTS preload is a commitment for the whole domain that the hosting organisation has to make;
# it stays opt-in (SECURE_HSTS_PRELOAD=true), so its deploy-check warning is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
