"""A small process supervisor for `make run` and for hosts without systemd (issue 12).

It runs the processes a Procfile names (`name: command`), each in its own process group, and:
- restarts one that exits, with a back-off that grows while it keeps crashing, without
  touching the others (the web server keeps serving while the task worker restarts);
- when a process dies, kills what is left of its process group first, so gunicorn workers
  orphaned by a killed master do not keep the port (the ~40 s outage of issue 12);
- on SIGHUP reloads: gunicorn (`web`) gets SIGHUP, the others a SIGTERM and a restart;
- on SIGINT/SIGTERM stops everything: SIGTERM, then SIGKILL after a grace period.

systemd units (deploy/systemd/) do the same on a host that has systemd.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

GRACE_SECONDS = 10.0
MAX_BACKOFF_SECONDS = 30.0
# A process that ran this long before exiting is considered to have been healthy: its back-off
# starts again from the bottom.
HEALTHY_AFTER_SECONDS = 30.0


class ProcfileError(ValueError):
    pass


def parse_procfile(text: str) -> dict[str, str]:
    """`name: command` lines; blank lines and # comments ignored. Errors name the line."""
    entries: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, command = line.partition(":")
        name, command = name.strip(), command.strip()
        if not sep or not name.replace("_", "").replace("-", "").isalnum() or not command:
            raise ProcfileError(f"line {number}: expected 'name: command', got {raw!r}")
        if name in entries:
            raise ProcfileError(f"line {number}: {name!r} is named twice")
        entries[name] = command
    if not entries:
        raise ProcfileError("the Procfile names no process")
    return entries


@dataclass
class Child:
    name: str
    command: str
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    restarts: int = 0
    backoff: float = 0.5
    next_start: float = 0.0
    history: list[int] = field(default_factory=list)  # pids, oldest first

    def start(self, now: float) -> int:
        argv = shlex.split(os.path.expandvars(self.command))
        # start_new_session: its own process group, so its orphans can be found and killed.
        # The operator's own Procfile: running its commands is the point.
        self.process = subprocess.Popen(argv, start_new_session=True)  # noqa: S603
        self.started_at = now
        self.history.append(self.process.pid)
        return self.process.pid

    def kill_group(self, sig: int) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, sig)


class Supervisor:
    def __init__(
        self,
        entries: dict[str, str],
        *,
        say: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.children = [Child(name, command) for name, command in entries.items()]
        self.say = say
        self.clock = clock
        self.stopping = False

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        signal.signal(signal.SIGHUP, self._reload)
        for child in self.children:
            pid = child.start(self.clock())
            self.say(f"supervisor: started {child.name} (pid {pid})")
        while not self.stopping:
            self.tick()
            time.sleep(0.2)
        self.shutdown()
        return 0

    def tick(self) -> None:
        now = self.clock()
        for child in self.children:
            process = child.process
            if process is not None and process.poll() is not None:
                code = process.returncode
                # Whatever it left behind in its group (orphaned workers) goes with it.
                child.kill_group(signal.SIGKILL)
                child.process = None
                if now - child.started_at >= HEALTHY_AFTER_SECONDS:
                    child.backoff = 0.5
                child.next_start = now + child.backoff
                self.say(
                    f"supervisor: {child.name} exited with {code}; restarting in "
                    f"{child.backoff:.1f} s"
                )
                child.backoff = min(child.backoff * 2, MAX_BACKOFF_SECONDS)
            if child.process is None and not self.stopping and now >= child.next_start:
                pid = child.start(now)
                child.restarts += 1
                self.say(f"supervisor: restarted {child.name} (pid {pid})")

    def shutdown(self) -> None:
        for child in self.children:
            child.kill_group(signal.SIGTERM)
        deadline = self.clock() + GRACE_SECONDS
        for child in self.children:
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=max(0.0, deadline - self.clock()))
            except subprocess.TimeoutExpired:
                self.say(f"supervisor: {child.name} ignored SIGTERM; killing it")
            child.kill_group(signal.SIGKILL)

    def _stop(self, signum: int, frame: object) -> None:
        self.stopping = True

    def _reload(self, signum: int, frame: object) -> None:
        # gunicorn ("web") replaces its workers one by one on SIGHUP; the others finish their
        # current task on SIGTERM and are started again with the new code.
        for child in self.children:
            child.kill_group(signal.SIGHUP if child.name == "web" else signal.SIGTERM)


def load(path: Path) -> dict[str, str]:
    try:
        return parse_procfile(path.read_text())
    except OSError as exc:
        raise ProcfileError(f"cannot read {path}: {exc.strerror}") from None
