"""TRUSTED_PROXIES is read from the environment and checked at start-up (issue 14, item 5)."""

from __future__ import annotations

import pytest

from thoughtful.config import ConfigError, env_networks


def test_trusted_proxies_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", " 10.0.0.0/8, 127.0.0.1 ,fd00::/8,")
    assert env_networks("TRUSTED_PROXIES") == ["10.0.0.0/8", "127.0.0.1/32", "fd00::/8"]
    monkeypatch.delenv("TRUSTED_PROXIES")
    assert env_networks("TRUSTED_PROXIES") == []


@pytest.mark.parametrize("value", ["proxy.internal", "10.0.0.0/33", "10.0.0.1/8x"])
def test_a_malformed_trusted_proxy_is_named(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", f"127.0.0.1,{value}")
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        env_networks("TRUSTED_PROXIES")
