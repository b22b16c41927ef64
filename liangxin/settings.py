"""Settings from the environment; see README "配置" for every variable."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from liangxin.core.keys import load_keys

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent
ENV = os.environ.get("LIANGXIN_ENV", "development")
if ENV not in {"development", "production", "test"}:
    raise RuntimeError(f"LIANGXIN_ENV 只能是 development、production 或 test，而不是 {ENV!r}")
PRODUCTION = ENV == "production"
DATA_DIR = Path(os.environ.get("LIANGXIN_DATA_DIR", REPO_DIR / "var"))

KEYS = load_keys(DATA_DIR / "keys.json", create_if_missing=not PRODUCTION)
SECRET_KEY = KEYS.secret_key
DEBUG = os.environ.get("LIANGXIN_DEBUG") == "1" and not PRODUCTION
ALLOWED_HOSTS = [h for h in os.environ.get("LIANGXIN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",
    "huey.contrib.djhuey",
    "liangxin.accounts",
    "liangxin.audit",
    "liangxin.plans",
    "liangxin.notifications",
    "liangxin.enterprises",
    "liangxin.projects",
    "liangxin.events",
    "liangxin.lists",
    "liangxin.reporting",
    "liangxin.monitoring",
    "liangxin.subsidies",
    "liangxin.queue",
    "liangxin.web",
    "liangxin.demo",
]

MIDDLEWARE = [
    "liangxin.core.request_ids.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "liangxin.accounts.middleware.SessionLifetimeMiddleware",
    "liangxin.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "liangxin.web.request_size.RequestSizeMiddleware",
    "liangxin.web.errors.DomainErrorMiddleware",
]

ROOT_URLCONF = "liangxin.urls"
WSGI_APPLICATION = "liangxin.wsgi.application"

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
                "liangxin.web.context.navigation",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'liangxin.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "liangxin.accounts.passwords.ComplexityValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

# Login lock-out (django-axes): 5 failures on one user name lock it for 15 minutes, whether the name
# exists or not, so the answer never tells an unknown user from a wrong password.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "liangxin.accounts.views.locked_out"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = 30 * 60  # idle expiry: every request renews the cookie
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_LIMIT = timedelta(hours=12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
API_TOKEN_LIFETIME = timedelta(days=int(os.environ.get("LIANGXIN_TOKEN_DAYS", "30")))

if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("LIANGXIN_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LIANGXIN_DEFAULT_PLAN = os.environ.get("LIANGXIN_DEFAULT_PLAN", "")
AUDIT_ANCHOR_FILE = Path(os.environ.get("LIANGXIN_AUDIT_ANCHOR", DATA_DIR / "audit-anchor.json"))
LIANGXIN_TRUSTED_PROXIES = [a for a in os.environ.get("LIANGXIN_TRUSTED_PROXIES", "").split(",") if a]
IMPORT_DIR = Path(os.environ.get("LIANGXIN_IMPORT_DIR", DATA_DIR / "imports"))
# seconds after its last mark (each committed batch, each second of the first pass over the file) that a
# running import counts as abandoned: the queue's recovery then hands it to another consumer
IMPORT_LEASE_SECONDS = int(os.environ.get("LIANGXIN_IMPORT_LEASE_SECONDS", "120"))
# processes preparing import rows (parsing, encryption) ahead of the one saving them; 0 = none. Each
# prepares a row in about 100 µs, the saving process takes 110–140 µs, so beyond three they would only
# hold more batches in memory.
IMPORT_WORKERS = int(os.environ.get("LIANGXIN_IMPORT_WORKERS", min(os.cpu_count() or 1, 3)))
# rows per committed batch: larger batches write each index page once for more rows; a crash loses at
# most one batch, and a batch holds SQLite's write lock (about a second at 5,000 rows)
_batch = os.environ.get("LIANGXIN_IMPORT_BATCH", "5000")
IMPORT_BATCH = int(_batch) if _batch.strip().isdigit() else 0
if IMPORT_BATCH < 1:
    raise RuntimeError(f"LIANGXIN_IMPORT_BATCH 应为正整数，而不是 {_batch!r}")
# What an import file may be (README, 批量导入). Sized on the largest real file, a million rows of the
# twelve columns: 152 MB as CSV, 78 MB as .xlsx unzipping to 790 MB (measured, openpyxl's writer). A
# cell may hold 1,000 characters (the longest column allows 200; a file's own extra columns some more),
# a row 64 cells. Refused while streaming, so a zip bomb never reaches memory.
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("LIANGXIN_IMPORT_MAX_UPLOAD_MB", "200")) * 1024 * 1024
IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
IMPORT_MAX_CELL_CHARS = 1000
IMPORT_MAX_ROW_CELLS = 64
# The task queue (huey): imports and periodic tasks run in `liangxin worker` consumers. Without REDIS_URL
# the queue is a SQLite file in the data folder (one machine, no server); with it, Redis, which consumers
# on any number of machines share. Schedules are crontab strings in the district's time (utc off).
REDIS_URL = os.environ.get("REDIS_URL", "")
HUEY = {
    "name": os.environ.get("LIANGXIN_QUEUE_NAME", "liangxin"),
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "connection": {"url": REDIS_URL} if REDIS_URL else {"filename": str(DATA_DIR / "queue.sqlite3")},
    "immediate": False,
    "results": False,
    "utc": False,
    # two threads: a periodic task runs while an import holds the other
    "consumer": {"workers": int(os.environ.get("LIANGXIN_QUEUE_THREADS", "2")), "worker_type": "thread"},
}
# Exports of more rows than this (a payout bank file, the applications list) are built by a consumer as a
# job with its own page (liangxin.queue.jobs); smaller ones in the request, as a download at once. 5,000
# rows take about two seconds to write; the file waits under JOB_DIR (mode 0600) for its owner.
JOB_INLINE_ROWS = int(os.environ.get("LIANGXIN_JOB_INLINE_ROWS", "5000"))
JOB_DIR = Path(os.environ.get("LIANGXIN_JOB_DIR", DATA_DIR / "jobs"))
PERIODIC_AUDIT_VERIFY = os.environ.get("LIANGXIN_PERIODIC_AUDIT_VERIFY", "30 2 * * *")
PERIODIC_IMPORT_RECOVERY = os.environ.get("LIANGXIN_PERIODIC_IMPORT_RECOVERY", "* * * * *")
PERIODIC_DEADLINE_REMINDERS = os.environ.get("LIANGXIN_PERIODIC_DEADLINE_REMINDERS", "0 9 * * *")
PERIODIC_OVERDUE_CHECK = os.environ.get("LIANGXIN_PERIODIC_OVERDUE_CHECK", "0 10 * * *")
# a job's file (a bank file holds whole names and accounts) is deleted this many days after it was built
JOB_KEEP_DAYS = int(os.environ.get("LIANGXIN_JOB_KEEP_DAYS", "7"))
PERIODIC_JOB_FILES = os.environ.get("LIANGXIN_PERIODIC_JOB_FILES", "15 3 * * *")
# a periodic run still 运行中 (or a job still 生成中) this long lost its consumer: the next consumer to start
# marks it 中断 (failed, for a job). The longest, the nightly audit-chain check, takes minutes on a million
# entries.
PERIODIC_RUN_MAX_MINUTES = int(os.environ.get("LIANGXIN_PERIODIC_RUN_MAX_MINUTES", "60"))


# reminders of a period's deadline: so many days before it, on the day, and so many days after it
def _days(name: str, default: str) -> set[int]:
    text = os.environ.get(name, default)
    days = [d.strip() for d in text.split(",") if d.strip()]
    if not all(d.isdigit() for d in days):
        raise RuntimeError(f"{name} 应为逗号分隔的天数（如 1,3,7），而不是 {text!r}")
    return {int(d) for d in days}


REMIND_DAYS_BEFORE = _days("LIANGXIN_REMIND_DAYS_BEFORE", "3")
REMIND_DAYS_AFTER = _days("LIANGXIN_REMIND_DAYS_AFTER", "1,3,7")
# Notifications sent on to messaging groups, mail and SMS: the site's address for the links back, the
# messages a channel takes a minute (robots allow about 20), attempts before a delivery fails (retried
# after 30 s, 60 s, 120 s …), and SMS, which costs money and stays off until a provider is set up.
SITE_URL = os.environ.get("LIANGXIN_SITE_URL", "http://127.0.0.1:8000")
NOTIFY_RATE_PER_MINUTE = int(os.environ.get("LIANGXIN_NOTIFY_RATE_PER_MINUTE", "20"))
NOTIFY_MAX_ATTEMPTS = int(os.environ.get("LIANGXIN_NOTIFY_MAX_ATTEMPTS", "5"))
NOTIFY_RETRY_SECONDS = 30
NOTIFY_SMS_ENABLED = os.environ.get("LIANGXIN_NOTIFY_SMS_ENABLED", "") == "1"
# the sign name and template the SMS provider approved for the district (阿里云短信: 签名, 模板代码)
NOTIFY_SMS_SIGN_NAME = os.environ.get("LIANGXIN_SMS_SIGN_NAME", "两新平台")
NOTIFY_SMS_TEMPLATE = os.environ.get("LIANGXIN_SMS_TEMPLATE", "")
# the mail server the email channels send through (Django's SMTP backend)
EMAIL_HOST = os.environ.get("LIANGXIN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("LIANGXIN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("LIANGXIN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LIANGXIN_EMAIL_PASSWORD", "")
EMAIL_USE_SSL = os.environ.get("LIANGXIN_EMAIL_SECURITY", "") == "ssl"
EMAIL_USE_TLS = os.environ.get("LIANGXIN_EMAIL_SECURITY", "") == "starttls"
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("LIANGXIN_EMAIL_FROM", "两新平台 <liangxin@localhost>")
EVIDENCE_DIR = Path(os.environ.get("LIANGXIN_EVIDENCE_DIR", DATA_DIR / "evidence"))
# Uploads larger than 2.5 MB spool to a temporary file; views check each file's size before reading it.
DATA_UPLOAD_MAX_NUMBER_FILES = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "liangxin.core.request_ids.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LIANGXIN_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "ERROR"},
        # given a handler here, huey's consumer does not add its own, which printed every line twice
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

from django.contrib.messages import constants as _messages  # noqa: E402

MESSAGE_TAGS = {_messages.ERROR: "danger"}

# Lock-out is per account, as 等保 asks; an IP-wide lock would lock out a whole bureau behind one NAT.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
