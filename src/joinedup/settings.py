"""Django settings for joinedup.

This is the only module in joinedup that reads ``os.environ``. Every value goes
through a small typed parser in :mod:`joinedup.conf`, so a bad setting stops the
program at start-up with one line that names the variable.

Settings (all optional):

- ``JOINEDUP_HOME``: folder for the embedded database and the stored secret key
  (default: the working folder).
- ``JOINEDUP_DATABASE_URL``: ``sqlite:///PATH`` or ``postgresql://USER@HOST:PORT/DB``
  (default: ``joinedup.sqlite3`` in ``JOINEDUP_HOME``).
- ``JOINEDUP_SECRET_KEY``: at least 32 characters (default: generated on first run and
  stored in ``JOINEDUP_HOME/secret_key``).
- ``JOINEDUP_DEBUG``: yes/no (default: no).
- ``JOINEDUP_ALLOWED_HOSTS``: comma-separated host names (default: localhost names).
- ``JOINEDUP_MIN_RESPONDENTS``: the smallest group a figure may rest on (default 5,
  never below 3).
- ``JOINEDUP_EMAIL_URL``: where invitations and reminders are sent:
  ``smtp://USER:PASSWORD@HOST:587`` (STARTTLS; ``?starttls=no`` for a relay on the same
  machine), ``smtps://USER:PASSWORD@HOST:465`` (TLS from the start), ``console:``
  (print each message with its survey link masked; the default, nothing is delivered)
  or ``file:///FOLDER`` (one file per message). A password may be percent-encoded;
  ``?timeout=SECONDS`` bounds each exchange with the server (default 30). Check it
  with ``joinedup sendtestmail ADDRESS``.
- ``JOINEDUP_EMAIL_BACKEND``: deprecated, use ``JOINEDUP_EMAIL_URL``. A Django e-mail
  backend path, still honoured when ``JOINEDUP_EMAIL_URL`` is not set (setting both is
  an error).
- ``JOINEDUP_DEFAULT_FROM_EMAIL``: sender of invitations.
- ``JOINEDUP_TEST_DATABASE_NAME``: the database the test suite creates on PostgreSQL
  (default ``test_`` + the database name).
- ``JOINEDUP_BASE_URL``: the address respondents reach the server at, for links in
  invitations (default: the address ``joinedup serve`` or ``joinedup demo`` was
  started on with ``--host``/``--port``; ``http://127.0.0.1:8000`` in other commands).
  The serve and demo commands hand their address over through
  :func:`joinedup.conf.announce_served_at` before Django loads this module.
- ``JOINEDUP_LINK_KEY``: the key that keeps survey links encrypted in the database,
  one or more Fernet keys, comma-separated; the first seals new links, all open them
  (default: generated on first use and stored in ``JOINEDUP_HOME/link_key``).
- ``JOINEDUP_SIGNING_KEY``: the Ed25519 private key that signs this installation's
  benchmark packets, 32 bytes in base64 (default: generated on first use and stored in
  ``JOINEDUP_HOME/signing_key``). Its public key is published at
  ``/reports/benchmark/installation-key/``; keep a copy, for packets signed with a new
  key are refused until evaluators trust it.
- ``JOINEDUP_HTTPS``: yes when users reach the site over TLS (directly or through a
  reverse proxy): cookies are then marked secure and HSTS is sent (default: no).
- ``JOINEDUP_TRUSTED_PROXIES``: comma-separated addresses of reverse proxies whose
  ``X-Forwarded-For`` (client address) and ``X-Forwarded-Proto`` headers are believed
  (default: none; the client address is the connection's).
- ``JOINEDUP_MAX_UPLOAD_MB``: the largest file an import reads and the largest request
  body the server takes, in megabytes (default 10).
- ``JOINEDUP_TOKEN_FAILURES``: lookups of survey links that never existed one address
  may make, per link prefix, within the window before such lookups are answered 429
  until the window ends; valid links are always served (default 20).
- ``JOINEDUP_TOKEN_WINDOW_MINUTES``: that window, in minutes (default 10).
- ``JOINEDUP_REQUIRE_2FA``: yes to require two-factor sign-in of administrators
  (superusers) and evaluators: until they have given a code in their session they
  reach only the set-up (or code) page and sign-out (default: no).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from joinedup import conf
from joinedup.conf import (
    ConfigError,
    EmailConfig,
    create_private,
    load_or_create_link_keys,
    load_or_create_secret,
    load_or_create_signing_key,
    parse_base_url,
    parse_bool,
    parse_database_url,
    parse_email_url,
    parse_home,
    parse_int,
    parse_list,
)

_env = os.environ

HOME = parse_home("JOINEDUP_HOME", _env.get("JOINEDUP_HOME"), Path.cwd())
DATABASE = parse_database_url("JOINEDUP_DATABASE_URL", _env.get("JOINEDUP_DATABASE_URL"), HOME)
if DATABASE.is_sqlite:
    create_private(Path(DATABASE.name))
SECRET_KEY = load_or_create_secret("JOINEDUP_SECRET_KEY", _env.get("JOINEDUP_SECRET_KEY"), HOME)
DEBUG = parse_bool("JOINEDUP_DEBUG", _env.get("JOINEDUP_DEBUG"), default=False)
ALLOWED_HOSTS = parse_list(
    _env.get("JOINEDUP_ALLOWED_HOSTS"), ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
MIN_RESPONDENTS = parse_int(
    "JOINEDUP_MIN_RESPONDENTS", _env.get("JOINEDUP_MIN_RESPONDENTS"), 5, minimum=3
)
HTTPS = parse_bool("JOINEDUP_HTTPS", _env.get("JOINEDUP_HTTPS"), default=False)
TRUSTED_PROXIES = parse_list(_env.get("JOINEDUP_TRUSTED_PROXIES"), [])
MAX_UPLOAD_MB = parse_int(
    "JOINEDUP_MAX_UPLOAD_MB", _env.get("JOINEDUP_MAX_UPLOAD_MB"), 10, minimum=1
)
TOKEN_FAILURES = parse_int(
    "JOINEDUP_TOKEN_FAILURES", _env.get("JOINEDUP_TOKEN_FAILURES"), 20, minimum=1
)
TOKEN_WINDOW_MINUTES = parse_int(
    "JOINEDUP_TOKEN_WINDOW_MINUTES", _env.get("JOINEDUP_TOKEN_WINDOW_MINUTES"), 10, minimum=1
)
REQUIRE_2FA = parse_bool("JOINEDUP_REQUIRE_2FA", _env.get("JOINEDUP_REQUIRE_2FA"), default=False)
BASE_URL = parse_base_url(
    "JOINEDUP_BASE_URL", _env.get("JOINEDUP_BASE_URL"), conf.served_at or "http://127.0.0.1:8000"
)
#: Whether BASE_URL was given (the round page's warning then names the setting).
BASE_URL_GIVEN = bool((_env.get("JOINEDUP_BASE_URL") or "").strip())
LINK_KEYS = load_or_create_link_keys("JOINEDUP_LINK_KEY", _env.get("JOINEDUP_LINK_KEY"), HOME)
SIGNING_KEY = load_or_create_signing_key(
    "JOINEDUP_SIGNING_KEY", _env.get("JOINEDUP_SIGNING_KEY"), HOME
)
EMAIL = parse_email_url("JOINEDUP_EMAIL_URL", _env.get("JOINEDUP_EMAIL_URL"))
if _env.get("JOINEDUP_EMAIL_BACKEND"):
    if _env.get("JOINEDUP_EMAIL_URL"):
        raise ConfigError(
            "JOINEDUP_EMAIL_BACKEND (deprecated) and JOINEDUP_EMAIL_URL are both set: "
            "keep JOINEDUP_EMAIL_URL only"
        )
    EMAIL = EmailConfig(backend=_env["JOINEDUP_EMAIL_BACKEND"])
EMAIL_BACKEND = EMAIL.backend
EMAIL_HOST = EMAIL.host or "localhost"
EMAIL_PORT = EMAIL.port or 25
EMAIL_HOST_USER = EMAIL.user
EMAIL_HOST_PASSWORD = EMAIL.password
EMAIL_USE_TLS = EMAIL.starttls
EMAIL_USE_SSL = EMAIL.implicit_tls
EMAIL_TIMEOUT = EMAIL.timeout
EMAIL_FILE_PATH = EMAIL.folder or None
#: The mail server in one line, without its password (``joinedup sendtestmail``).
EMAIL_DESCRIPTION = EMAIL.describe()
DEFAULT_FROM_EMAIL = _env.get("JOINEDUP_DEFAULT_FROM_EMAIL") or "joinedup@localhost"
RUNNING_CI = parse_bool("CI", _env.get("CI"), default=False)

BASE_DIR = Path(__file__).resolve().parent

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "joinedup.registry",
    "joinedup.surveys",
    "joinedup.context",
    "joinedup.participation",
    "joinedup.networks",
    "joinedup.diagnoses",
    "joinedup.actions",
    "joinedup.governance",
    "joinedup.reports",
    "joinedup.theory",
    "joinedup.site",
    "joinedup.web",
    "joinedup.audit",
    "joinedup.outbox",
]

# The sections of the partnership and organisation pages (and of the partnership's
# report), in page order: each a function (viewer, object, round) -> SectionResult
# (joinedup.web.sections). An app adds a section by adding its path here.
PARTNERSHIP_SECTIONS = [
    "joinedup.context.sections.partnership",
    "joinedup.surveys.sections.partnership",
    "joinedup.reports.scores.section",
    "joinedup.surveys.sections.answers_in_words",
    "joinedup.diagnoses.sections.partnership",
    "joinedup.networks.sections.partnership",
    "joinedup.participation.sections.partnership",
    "joinedup.governance.sections.governs",
    "joinedup.governance.sections.left_out",
    "joinedup.actions.sections.partnership",
    "joinedup.theory.sections.partnership",
]
ORGANISATION_SECTIONS = [
    "joinedup.context.sections.organisation",
    "joinedup.diagnoses.sections.organisation",
    "joinedup.networks.sections.organisation",
]

# Computed page sections are kept between requests (joinedup.web.section_cache) in
# each server process's memory, up to SECTION_CACHE_ENTRIES of them; the version
# of the data they rest on is shared by every process through this file cache
# under JOINEDUP_HOME/cache (local memory would not be shared; a file needs no
# table and no write to the database, which on SQLite has a single writer).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "sections-version": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(HOME / "cache" / "sections-version"),
    },
}
SECTION_CACHE_VERSION_ALIAS = "sections-version"
#: How long a kept section lives at most, in seconds (0: sections are not kept).
SECTION_CACHE_SECONDS = 24 * 60 * 60
#: How many section results one process keeps (the least recently used go first).
SECTION_CACHE_ENTRIES = 96
#: Tables no section reads: writing to them does not change the data version.
SECTION_CACHE_QUIET_TABLES = [
    "django_session",
    "django_admin_log",
    "auth_user",  # last sign-in times; rights come from registry_access
    "axes_accessattempt",
    "axes_accessattemptexpiration",
    "axes_accessfailurelog",
    "axes_accesslog",
    "otp_totp_totpdevice",
    "otp_static_staticdevice",
    "otp_static_statictoken",
    "surveys_tokenthrottle",
    "web_apitoken",
    "web_requestcount",
    "audit_auditevent",
    "outbox_message",
]
#: Moments that change what sections show without a write (part of the cache key).
SECTION_CACHE_CLOCKS = ["joinedup.surveys.sections.clock"]

MIDDLEWARE = [
    "joinedup.web.security.BoundaryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): true once the session has passed a second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "joinedup.audit.middleware.AuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "joinedup.web.security.SecurityHeadersMiddleware",
    # Sends a session that still owes a two-factor code (or, with JOINEDUP_REQUIRE_2FA,
    # an administrator or evaluator without one) to that page; inside the headers
    # middleware so its redirects and refusals carry the same headers.
    "joinedup.site.twofactor.TwoFactorMiddleware",
    # Turns a sign-in that axes refused into joinedup.web.signin's page (inside the
    # headers middleware, so that page gets the same headers as every other).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "joinedup.site.urls"
WSGI_APPLICATION = "joinedup.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

# Several test runs can share one PostgreSQL server if each names its own test database.
DATABASES = {"default": DATABASE.as_django(_env.get("JOINEDUP_TEST_DATABASE_NAME", ""))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# django-axes checks every password sign-in (the site's and the administration's)
# before Django's own backend does; the API takes tokens, never passwords.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en"
# British dates in English ("1 April 2016"), not Django's American default.
FORMAT_MODULE_PATH = ["joinedup.web.formats"]
LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Static files are served from the installed package by WhiteNoise; no collectstatic step.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
# Behind TLS: cookies only over HTTPS, and HSTS for a year (no preload, no subdomains).
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
if HTTPS and TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sign-in lockout (django-axes, see joinedup.web.signin): 5 failed sign-ins for one
# user name from one client address within 15 minutes pause that pair for 15 minutes
# from the fifth, right password or not. Attempts made while paused are not counted
# (the time shown holds); a successful sign-in clears the pair's count. Counts live in
# the database (axes_accessattempt); successful sign-ins are not logged by axes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "joinedup.web.signin.axes_address"
AXES_LOCKOUT_CALLABLE = "joinedup.web.signin.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True

# Limits on costly or sensitive requests (joinedup.web.rates): scope -> (uses, seconds)
# within a window that starts at the first use; past it, 429 and a page saying when to
# try again.
REQUEST_RATES = {
    "pdf-user": (5, 60),  # PDF reports, per signed-in user
    "reset-email": (3, 3600),  # password-reset requests, per e-mail address asked for
    "reset-address": (10, 3600),  # password-reset requests, per client address
    "otp-user": (5, 900),  # wrong two-factor codes, per user (counted on failure only)
}

# Two-factor sign-in (joinedup.web.twofactor): one rule for wrong codes, REQUEST_RATES'
# "otp-user", so django-otp's own per-device back-off is off.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_TOTP_ISSUER = "joinedup"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
