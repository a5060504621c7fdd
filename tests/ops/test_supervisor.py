"""The supervisor behind `make run` and deploy/Procfile (issue 12): a dead process is restarted
while the others keep running, orphans of a dead process group are killed, Ctrl-C stops all."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from thoughtful.ops.supervisor import ProcfileError, parse_procfile

ROOT = Path(__file__).resolve().parents[2]
SLEEPER = f"{sys.executable} -c 'import time; time.sleep(120)'"
# A "master" that forks a "worker" into its own process group, as gunicorn does.
FORKER = (
    f"{sys.executable} -c 'import subprocess, sys, time; "
    f'subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"]); time.sleep(120)\''
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is not alive; its parent (the supervisor) reaps it.
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(") ")[1].startswith("Z"))


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().split(") ")[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError):
                continue
    return found


class Log:
    """The supervisor's stderr, read line by line by a thread."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        for line in process.stderr:  # type: ignore[union-attr]
            self.lines.put(line)

    def wait_for(self, pattern: str, timeout: float = 20) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line matching {pattern!r} in {self.seen}") from None
            self.seen.append(line)
            if found := re.search(pattern, line):
                return found


@pytest.fixture
def supervised(tmp_path: Path):  # type: ignore[no-untyped-def]
    procfile = tmp_path / "Procfile"
    procfile.write_text(f"# test\nsteady: {SLEEPER}\nflaky: {FORKER}\n")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "supervise", str(procfile)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = Log(process)
    yield process, log
    if process.poll() is None:
        process.kill()
        process.wait()


def test_a_dead_process_is_restarted_and_its_orphans_killed(supervised) -> None:  # type: ignore[no-untyped-def]
    process, log = supervised
    steady = int(log.wait_for(r"started steady \(pid (\d+)\)").group(1))
    flaky = int(log.wait_for(r"started flaky \(pid (\d+)\)").group(1))
    deadline = time.monotonic() + 10
    while not _children(flaky) and time.monotonic() < deadline:
        time.sleep(0.05)
    (orphan,) = _children(flaky)

    os.kill(flaky, signal.SIGKILL)  # the "master" dies; its "worker" would be orphaned

    log.wait_for(r"flaky exited with -9")
    again = int(log.wait_for(r"restarted flaky \(pid (\d+)\)").group(1))
    assert again != flaky and _alive(again)
    deadline = time.monotonic() + 5
    while _alive(orphan) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(orphan), "the dead master's worker still holds on"
    assert _alive(steady), "the other process was disturbed"

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=20) == 0
    assert not _alive(steady) and not _alive(again)


def test_procfile_errors_name_the_line() -> None:
    assert parse_procfile("web: gunicorn x\n\n# c\nworker: python w.py") == {
        "web": "gunicorn x",
        "worker": "python w.py",
    }
    with pytest.raises(ProcfileError, match="line 2"):
        parse_procfile("web: a\nno colon here")
    with pytest.raises(ProcfileError, match="named twice"):
        parse_procfile("web: a\nweb: b")
    with pytest.raises(ProcfileError, match="names no process"):
        parse_procfile("# nothing\n")


def test_the_shipped_procfile_runs_web_worker_and_periodic() -> None:
    entries = parse_procfile((ROOT / "deploy" / "Procfile").read_text())
    assert set(entries) == {"web", "worker", "periodic"}
    assert "thoughtful.ops.gunicorn_conf" in entries["web"]


def test_systemd_units_run_the_procfile_commands_and_restart() -> None:
    units = {p.stem: p.read_text() for p in (ROOT / "deploy" / "systemd").glob("*.service")}
    assert set(units) == {"thoughtful-web", "thoughtful-worker", "thoughtful-periodic"}
    for text in units.values():
        assert "Restart=always" in text and "EnvironmentFile=/etc/thoughtful.env" in text
    assert "thoughtful.ops.gunicorn_conf" in units["thoughtful-web"]
    assert "ExecReload=/bin/kill -HUP $MAINPID" in units["thoughtful-web"]
    assert "db_worker" in units["thoughtful-worker"]
    assert "run_periodic" in units["thoughtful-periodic"]
