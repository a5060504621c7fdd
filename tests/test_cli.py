from __future__ import annotations

import subprocess
import sys

import pytest

from thoughtful.cli import main


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "score" in out and "manage" in out


def test_unknown_command_fails_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert "unknown command 'frobnicate'" in capsys.readouterr().err


def test_console_script_is_installed() -> None:
    bin_dir = sys.executable.rsplit("/", 1)[0]
    result = subprocess.run([f"{bin_dir}/thoughtful", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "usage: thoughtful" in result.stdout
