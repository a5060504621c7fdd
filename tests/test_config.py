"""Settings come from the environment, and bad values stop start-up with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from thoughtful.config import ConfigError, cache_config, database_config, env_bool, secret_key

ROOT = Path(__file__).resolve().parent.parent


def test_database_defaults_to_sqlite_under_var(tmp_path: Path) -> None:
    config = database_config(None, tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "thoughtful.sqlite3")


def test_postgres_url_is_parsed(tmp_path: Path) -> None:
    config = database_config("postgres://postgres@127.0.0.1:5432/test", tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"]) == ("test", "127.0.0.1", 5432)


@pytest.mark.parametrize(
    "url", ["not a url", "mysql2://x@y/z", "postgres://host:notaport/db", "postgres://host:5432/"]
)
def test_malformed_database_url_names_the_variable(url: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        database_config(url, tmp_path)


def test_malformed_database_url_stops_startup_with_message() -> None:
    env = {**os.environ, "DATABASE_URL": "postgres://host:notaport/db"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "DATABASE_URL is malformed" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_requires_secret_key() -> None:
    env = {**os.environ, "DEPLOYMENT": "production", "ALLOWED_HOSTS": "example.org"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "SECRET_KEY must be set" in result.stderr


def test_dev_secret_key_is_generated_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(debug=True, var_dir=tmp_path)
    assert len(first) > 40
    assert secret_key(debug=True, var_dir=tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_booleans_and_redis_urls_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ConfigError, match="DEBUG"):
        env_bool("DEBUG", False)
    with pytest.raises(ConfigError, match="REDIS_URL"):
        cache_config("http://localhost:6379")
    assert "RedisCache" in cache_config("redis://127.0.0.1:6379/0")["default"]["BACKEND"]
