"""First run (issue 11): no packaging warning of our own (the SPDX licence), the address
printed only once the server answers."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import tomllib
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_licence_is_an_spdx_string_with_its_file() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["license"] == "MIT"  # not the deprecated {text = ...} table
    assert project["project"]["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    requires = project["build-system"]["requires"]
    assert any(r.startswith("setuptools>=77") for r in requires)  # PEP 639 support


class _Late(BaseHTTPRequestHandler):
    ready_at = 0.0

    def do_GET(self) -> None:
        self.send_response(200 if time.monotonic() >= self.ready_at else 503)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_the_address_is_printed_once_the_server_answers() -> None:
    _Late.ready_at = time.monotonic() + 1.0
    server = HTTPServer(("127.0.0.1", 0), _Late)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/healthz"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "wait-until-up"), url, "running at X"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    server.shutdown()
    assert done.returncode == 0
    assert done.stdout.strip() == "running at X"
    assert time.monotonic() - started >= 1.0  # not before the server said 200


def test_nothing_answering_is_said_and_fails() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "wait-until-up"),
            "http://127.0.0.1:9/healthz",
            "never",
            "--timeout",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 1 and "never" not in done.stdout
    assert "Nothing answered" in done.stderr


def test_run_waits_for_health_before_printing_the_address() -> None:
    script = (ROOT / "scripts" / "run").read_text()
    assert "wait-until-up" in script and "/healthz" in script
    assert 'echo "thoughtful is running' not in script
