"""Settings read from environment variables, with clear errors for bad values.

Kept apart from settings.py so the parsing can be tested without reloading Django.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url


class ConfigError(Exception):
    """A setting from the environment is missing or malformed."""


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """Comma-separated IP addresses or CIDR ranges (TRUSTED_PROXIES), normalised; a malformed
    entry stops start-up with its name rather than silently trusting less (or more)."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ConfigError(
                f"{name}: {item!r} is not an IP address or CIDR range (e.g. 10.0.0.0/8)"
            ) from None
    return networks


_SUPPORTED_DB_ENGINES = {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}


def database_config(url: str | None, var_dir: Path, *, connect_timeout: int = 5) -> dict[str, Any]:
    """Parse DATABASE_URL; default to a SQLite file under var/."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(var_dir / "thoughtful.sqlite3"),
            "OPTIONS": {
                # WAL lets the web server read while the task worker writes.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    try:
        config = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except Exception as exc:  # dj-database-url raises several types for bad input
        raise ConfigError(f"DATABASE_URL is malformed ({exc}): {url!r}") from None
    engine = config.get("ENGINE")
    if engine not in _SUPPORTED_DB_ENGINES:
        raise ConfigError(
            f"DATABASE_URL uses an unsupported database ({engine}); "
            "use sqlite:///path/to/file.sqlite3 or postgres://user@host:5432/name"
        )
    if engine == "django.db.backends.postgresql" and not config.get("NAME"):
        raise ConfigError(f"DATABASE_URL names no database: {url!r}")
    if engine == "django.db.backends.postgresql":
        # A hung PostgreSQL port must fail a request in seconds, not hang it (issue 12).
        options: dict[str, Any] = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
        options.setdefault("connect_timeout", connect_timeout)
        config["OPTIONS"] = options
    if engine == "django.db.backends.sqlite3":
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
        config.pop("CONN_MAX_AGE", None)
        config.pop("CONN_HEALTH_CHECKS", None)
    return config


# Where rate limits and counters go while Redis is unreachable (ops.caching); its table is
# created by the ops app's migration.
FALLBACK_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "thoughtful_cache_fallback",
    "KEY_PREFIX": "thoughtful",
}


def cache_config(
    url: str | None, *, socket_timeout: float = 0.5, connect_timeout: float = 0.5
) -> dict[str, Any]:
    if not url:
        return {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "fallback": FALLBACK_CACHE,
        }
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"REDIS_URL must start with redis://, rediss:// or unix://: {url!r}")
    return {
        "default": {
            # Redis down or hung is slower, never an outage: see thoughtful/ops/caching.py.
            "BACKEND": "thoughtful.ops.caching.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "thoughtful",
            "OPTIONS": {
                "socket_timeout": socket_timeout,
                "socket_connect_timeout": connect_timeout,
                "FALLBACK": "fallback",
                "RETRY_AFTER_SECONDS": 5,
            },
        },
        "fallback": FALLBACK_CACHE,
    }


def secret_key(*, debug: bool, var_dir: Path) -> str:
    """SECRET_KEY from the environment; in development, generated once into var/."""
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if not debug:
        raise ConfigError("SECRET_KEY must be set when DEBUG is off (production)")
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key
