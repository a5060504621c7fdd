"""Django settings for thoughtful, read from environment variables.

DEPLOYMENT=dev (default) or production. Production requires SECRET_KEY and ALLOWED_HOSTS and
turns on the HTTPS-only settings that `manage.py check --deploy` asks for.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.utils.csp import CSP

from thoughtful.config import (
    ConfigError,
    cache_config,
    database_config,
    env_bool,
    env_int,
    env_list,
    env_networks,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("THOUGHTFUL_VAR_DIR", BASE_DIR / "var"))

try:
    DEPLOYMENT = os.environ.get("DEPLOYMENT", "dev").strip().lower()
    if DEPLOYMENT not in {"dev", "production"}:
        raise ConfigError(f"DEPLOYMENT={DEPLOYMENT!r} must be 'dev' or 'production'")
    PRODUCTION = DEPLOYMENT == "production"
    DEBUG = env_bool("DEBUG", False)
    SECRET_KEY = secret_key(debug=not PRODUCTION, var_dir=VAR_DIR)
    ALLOWED_HOSTS = env_list(
        "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
    )
    if PRODUCTION and not ALLOWED_HOSTS:
        raise ConfigError("ALLOWED_HOSTS must be set in production (comma-separated host names)")
    PORT = env_int("PORT", 8000)
    DATABASES = {
        "default": database_config(
            os.environ.get("DATABASE_URL"),
            VAR_DIR,
            connect_timeout=env_int("DATABASE_CONNECT_TIMEOUT", 5),
        )
    }
    # Redis socket and connect timeouts in seconds: a hung Redis costs this much once per
    # process every few seconds, then the fallback cache answers (thoughtful/ops/caching.py).
    _redis_timeout = float(os.environ.get("REDIS_TIMEOUT", "0.5") or 0.5)
    CACHES = cache_config(
        os.environ.get("REDIS_URL"), socket_timeout=_redis_timeout, connect_timeout=_redis_timeout
    )
    # Client addresses (security.client): X-Forwarded-For is believed only from these proxies.
    TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
except ConfigError as exc:
    # A clear message instead of a traceback: the operator can fix the variable named here.
    sys.stderr.write(f"thoughtful: configuration error: {exc}\n")
    raise SystemExit(2) from None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_tasks_db",
    "ninja",  # serves the API docs' Swagger UI from our static files instead of a CDN
    "thoughtful.people",
    "thoughtful.tokens",  # personal access tokens for the JSON API (issue 13)
    "thoughtful.periodic",
    "thoughtful.publishing",
    "thoughtful.discussion",
    "thoughtful.standing",
    "thoughtful.moderation",
    "thoughtful.shield",
    "thoughtful.embed",
    "thoughtful.scoring",
    "thoughtful.newsletter",
    "thoughtful.web",
    "thoughtful.ops",
    "thoughtful.webhooks",
    "thoughtful.transfer",
]

MIDDLEWARE = [
    # First, so its time covers everything below (issue 12: one line per request).
    "thoughtful.ops.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that can answer, so every response (static files and 400s included)
    # carries the policies; then NULs are refused before any view or query sees them.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "thoughtful.security.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "thoughtful.security.devices.KnownDeviceMiddleware",
    # The Referer and UTM of the visit that started the session, for the shield (issue 9).
    "thoughtful.shield.source.FirstVisitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost: renders the site's 405 page with the signed-in reader's header (issue 11).
    "thoughtful.web.middleware.NotAllowedPageMiddleware",
]

ROOT_URLCONF = "thoughtful.urls"
WSGI_APPLICATION = "thoughtful.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "thoughtful" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thoughtful.web.context_processors.site",
            ],
        },
    },
]

AUTH_USER_MODEL = "people.User"
LOGIN_URL = "people:sign-in"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# argon2 first: new passwords are hashed with it; the others only verify old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (issue 14): one throttle for every way in (security.throttle, enforced by
# the one authentication backend and by scoring.keys). LIMIT failures from an address refuse
# it everywhere for WINDOW seconds after the last; LIMIT failures on an account lock its
# password path except on known devices, and the right password emails a one-time link.
AUTHENTICATION_BACKENDS = ["thoughtful.people.backends.ThrottledModelBackend"]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 900)
LOGIN_LINK_MAX_AGE_SECONDS = env_int("LOGIN_LINK_MAX_AGE_SECONDS", 900)
LOGIN_KNOWN_DEVICE_DAYS = env_int("LOGIN_KNOWN_DEVICE_DAYS", 365)
# TRUSTED_PROXIES (security.client) is read in the configuration block at the top, so a bad
# entry stops start-up with a message instead of a traceback.

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
# Off: ids in anchors, data attributes and URLs must be plain digits (comment-1289, not
# comment-1,289). Counts shown to readers use humanize's intcomma explicitly.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "thoughtful" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and "pytest" not in sys.modules
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads are always served through publishing.media, which checks who may see each file (a
# draft's images only to people who may see the draft; issue 14, item 10). With SERVE_MEDIA
# (make run) Django sends the bytes itself; without it (production) Django answers with
# X-Accel-Redirect to MEDIA_ACCEL_REDIRECT + the file's name and the front web server sends
# the file from an internal location that maps to MEDIA_ROOT (README, "Production").
SERVE_MEDIA = env_bool("SERVE_MEDIA", not PRODUCTION)
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "/protected-media/")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Anonymous pages a shared cache may keep (issue 12, thoughtful/web/pagecache.py). nginx's
# micro-cache (deploy/nginx/thoughtful.conf) keeps them PAGE_S_MAXAGE seconds and may serve
# them PAGE_STALE_WHILE_REVALIDATE seconds longer while it fetches a fresh copy. Django keeps
# the rendered page in a per-process cache ("pages"): the essay page under its page version
# (bumped on every change) for at most PAGE_CACHE_SECONDS, the home, author and tag pages for
# PAGE_CACHE_LIST_SECONDS. 0 turns the Django-side cache off (the headers stay).
PAGE_S_MAXAGE = env_int("PAGE_S_MAXAGE", 10)
PAGE_STALE_WHILE_REVALIDATE = env_int("PAGE_STALE_WHILE_REVALIDATE", 30)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 120)
PAGE_CACHE_LIST_SECONDS = env_int("PAGE_CACHE_LIST_SECONDS", 10)
# Embedded comments (issue 13): how long the sign-in token the popup hands an embedded thread
# stays valid, in seconds (thoughtful/embed/tokens.py). Short: it travels outside cookies.
EMBED_TOKEN_MAX_AGE = env_int("EMBED_TOKEN_MAX_AGE", 30 * 60)
# Per process on purpose: versions live in the database, so no process serves a stale essay,
# and a page costs no network round trip (nor a Redis outage, nor the fallback's database).
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "thoughtful-pages",
    "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 200)},
}
# Read beacons (thoughtful/web/visits.py): at most this many per minute from one address.
BEACON_PER_MINUTE = env_int("BEACON_PER_MINUTE", 60)

# Tasks still RUNNING this long are taken to have lost their worker and are retried, up to
# TASK_MAX_ATTEMPTS claims in all (thoughtful/ops/sweep.py).
TASK_STUCK_AFTER_SECONDS = env_int("TASK_STUCK_AFTER_SECONDS", 600)
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 3)

# The scorer's site layer learnt from moderators' decisions (issue 10, thoughtful/scoring/adapt.py):
# refitted weekly by the periodic runner when on; `thoughtful model --adapt` works either way.
# Versions live in THOUGHTFUL_SCORING_ADAPT_DIR (default VAR_DIR/scoring-adapt).
SCORING_ADAPT_WEEKLY = env_bool("SCORING_ADAPT_WEEKLY", False)

# Webhooks (issue 13, thoughtful/webhooks/): each attempt waits at most the connect timeout plus
# the read timeout (seconds). Endpoints on loopback or private addresses are refused in
# production (SSRF) and allowed in development and tests, unless this says otherwise.
WEBHOOK_CONNECT_TIMEOUT = float(os.environ.get("WEBHOOK_CONNECT_TIMEOUT", "3") or 3)
WEBHOOK_READ_TIMEOUT = float(os.environ.get("WEBHOOK_READ_TIMEOUT", "5") or 5)
try:
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", not PRODUCTION)
except ConfigError as exc:
    sys.stderr.write(f"thoughtful: configuration error: {exc}\n")
    raise SystemExit(2) from None

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Email: SMTP in production; in development each message is written to MAIL_DIR (var/mail/)
# and readable by staff at /desk/mail/, not printed to the terminal (issue 11,
# thoughtful/ops/mailbox.py). Tests use Django's in-memory outbox whatever is set here.
MAIL_DIR = Path(os.environ.get("MAIL_DIR", VAR_DIR / "mail"))
_email_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "thoughtful.ops.mailbox.MailboxBackend",
)
_email_options: dict[str, object] = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 587),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
    }
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thoughtful <editors@localhost>")

SITE_NAME = os.environ.get("SITE_NAME", "thoughtful")
# The public address, for links in emails (pages use the request's own host).
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{PORT}")

# Issue 11: what happens to a deleted account's comments: "anonymise" (they stay, under
# "deleted account") or "remove" (each becomes a tombstone, its text erased).
ACCOUNT_DELETION_COMMENTS = os.environ.get("ACCOUNT_DELETION_COMMENTS", "anonymise")
# Issue 11: newsletter emails sent per task; each batch queues the next.
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 100)

# Security: safe defaults everywhere, HTTPS-only in production.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send X-CSRFToken on requests
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (issue 14, item 9), Django's own middleware. Every script and style is
# a file we serve: no inline script, no style attribute, nothing from another origin, so
# injected markup that slipped past the sanitiser could not run or restyle the page. Images
# may be data: URIs (the Swagger UI's icons). The API docs page uses the same policy.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Permissions-Policy (django-permissions-policy): powerful features this site never uses are
# off for it and for anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Who may read the API's docs page and OpenAPI schema (issue 14, item 10): "public", "staff"
# (signed-in staff; others are sent to sign in) or "off" (404). Staff only by default in
# production: the schema maps every route an attacker could try.
API_DOCS = os.environ.get("API_DOCS", "staff" if PRODUCTION else "public").strip().lower()
if API_DOCS not in {"public", "staff", "off"}:
    sys.stderr.write(
        f"thoughtful: configuration error: API_DOCS={API_DOCS!r} must be public, staff or off\n"
    )
    raise SystemExit(2)
# JSON API rate limits (issue 13): requests per minute per personal access token, per
# signed-in session, and per address for anonymous callers. Counted in the cache.
API_TOKEN_RATE_LIMIT = env_int("API_TOKEN_RATE_LIMIT", 120)
API_SESSION_RATE_LIMIT = env_int("API_SESSION_RATE_LIMIT", 120)
API_ANONYMOUS_RATE_LIMIT = env_int("API_ANONYMOUS_RATE_LIMIT", 60)
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "bare": {"format": "%(message)s"},
    },
    # API keys travel in query strings (Perspective's `?key=`): never into a log (issue 10).
    "filters": {"redact_keys": {"()": "thoughtful.security.redact.RedactKeysFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_keys"],
        },
        "request": {
            "class": "logging.StreamHandler",
            "formatter": "bare",
            "filters": ["redact_keys"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One JSON line per request (thoughtful/ops/request_log.py); REQUEST_LOG=0 silences it.
        "thoughtful.request": {
            "handlers": ["request"],
            "level": "INFO" if os.environ.get("REQUEST_LOG", "1") != "0" else "WARNING",
            "propagate": False,
        },
        # runserver's request lines, which print the query string, go through the filter too.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
