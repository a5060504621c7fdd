from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from thoughtful.scoring import cli
from thoughtful.scoring.features import MAX_CHARS
from thoughtful.scoring.scorer import ATTRIBUTES


def run(files: list[str], *, jsonl: bool = False) -> tuple[int, list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(files, jsonl=jsonl, out=out, err=err)
    return code, [json.loads(x) for x in out.getvalue().splitlines()], err.getvalue()


def write(tmp_path: Path, data: bytes, name: str = "in.txt") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_plain_lines_in_order(tmp_path: Path) -> None:
    lines = [f"comment number {i}" for i in range(1200)]  # spans several batches
    lines[700] = "You are a worthless idiot."
    code, rows, _ = run([write(tmp_path, "\n".join(lines).encode() + b"\n")])
    assert code == 0
    assert [r["line"] for r in rows] == list(range(1, 1201))
    for r in rows:
        assert all(0.0 <= r[a] <= 1.0 for a in ATTRIBUTES)
    assert rows[700]["toxicity"] > rows[699]["toxicity"]


def test_jsonl_with_ids(tmp_path: Path) -> None:
    data = b'{"text": "hello there", "id": "a"}\n{"text": "you idiot", "id": 2}\n'
    code, rows, _ = run([write(tmp_path, data)], jsonl=True)
    assert code == 0
    assert [r["id"] for r in rows] == ["a", 2]


def test_invalid_json_names_line_and_fails(tmp_path: Path) -> None:
    path = write(tmp_path, b'{"text": "fine"}\n{"text": "also fine"}\n{not json\n{"text": "x"}\n')
    code, rows, err = run([path], jsonl=True)
    assert code == 1
    assert f"{path}:3: invalid JSON" in err
    assert len(rows) == 2
    assert "Traceback" not in err


def test_json_without_text_fails(tmp_path: Path) -> None:
    code, _, err = run([write(tmp_path, b'{"body": "x"}\n')], jsonl=True)
    assert code == 1
    assert ':1: expected a JSON object with a string "text"' in err


def test_empty_line_is_reported_and_scored_zero(tmp_path: Path) -> None:
    code, rows, err = run([write(tmp_path, b"first\n\nthird\n")])
    assert code == 0
    assert len(rows) == 3
    assert all(rows[1][a] == 0.0 for a in ATTRIBUTES)
    assert ":2: empty line" in err


def test_invalid_utf8_is_replaced_and_reported(tmp_path: Path) -> None:
    code, rows, err = run([write(tmp_path, b"caf\xe9 is nice\nok\n")])
    assert code == 0
    assert len(rows) == 2
    assert ":1: invalid UTF-8" in err


def test_long_line_is_truncated_and_reported(tmp_path: Path) -> None:
    code, rows, err = run([write(tmp_path, b"word " * 3000 + b"\n")])
    assert code == 0
    assert len(rows) == 1
    assert f"only the first {MAX_CHARS} scored" in err


def test_several_files_name_the_file(tmp_path: Path) -> None:
    a = write(tmp_path, b"one\n", "a.txt")
    b = write(tmp_path, b"two\n", "b.txt")
    code, rows, _ = run([a, b])
    assert code == 0
    assert [(r["file"], r["line"]) for r in rows] == [(a, 1), (b, 1)]


def test_missing_file(tmp_path: Path) -> None:
    code, _, err = run([str(tmp_path / "nope.txt")])
    assert code == 2
    assert "cannot read" in err


def test_console_script_stdin_and_help() -> None:
    exe = [sys.executable, "-m", "thoughtful.cli", "score"]
    done = subprocess.run(
        [*exe, "--jsonl"],
        input=b'{"text": "Survivor here, thank you for naming this"}\n',
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    row = json.loads(done.stdout)
    assert set(ATTRIBUTES) <= set(row)
    helped = subprocess.run([*exe, "--help"], capture_output=True, timeout=60, check=False)
    assert helped.returncode == 0
    assert b"--jsonl" in helped.stdout


def test_cli_does_not_import_django() -> None:
    code = (
        "import sys, io; from thoughtful.scoring import cli; "
        "cli.run([], jsonl=False, out=io.StringIO(), err=io.StringIO()); "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=b"hi\n", capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("argv", [["--bogus"]])
def test_bad_option_exits_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
