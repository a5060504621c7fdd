"""Side by side with Isso (a Python comment server) over real HTTP, on this machine (issue 12).

Honest by construction:
- fresh anchors: each case gets its own clean Isso database holding only that case's thread
  (Isso has no thread index, so a database holding both threads would slow it down for us);
- interleaved: blocks of requests alternate between the two servers, three rounds, medians;
- CPU per request: the servers' own CPU time (the gunicorn master and workers, and for posts
  our task worker too), read from /proc before and after each block, beside requests/s;
- the same client for both (urllib, a new connection per request), the same gunicorn workers.
Cases: an essay page's first screen (our whole HTML page vs Isso's JSON), the first 20 of a
thread as JSON (our comments endpoint vs Isso), 10,000 vs 100 comments, and posting a comment
(our whole pipeline and scorer, CSRF-checked form POST, plus the worker's share, vs Isso).
The table goes to stdout and to BENCHMARKS.md with the machine named.
"""

from __future__ import annotations

import json
import os
import platform
import random
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from bench import procs

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench" / "peers"
ISSO_VENV = ROOT / "var" / "isso-venv"
OUR_PORT, ISSO_PORT = 8091, 8092
WORKERS = 2


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _ensure_isso() -> Path:
    gunicorn = ISSO_VENV / "bin" / "gunicorn"
    if not gunicorn.exists():
        python = shutil.which("python3") or sys.executable
        subprocess.run([python, "-m", "venv", str(ISSO_VENV)], check=True)
        subprocess.run(
            [str(ISSO_VENV / "bin" / "pip"), "install", "-q", "isso==0.14.*", "gunicorn"],
            check=True,
        )
    return gunicorn


def _wait(url: str) -> None:
    for _ in range(600):  # two minutes: a busy machine loads the model slowly
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not start")


def _seed_ours() -> tuple[list[str], list[tuple[str, str]]]:
    os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DIR / 'ours.sqlite3'}"
    os.environ["THOUGHTFUL_VAR_DIR"] = str(BENCH_DIR)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thoughtful.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from bench.bench_discussion import _seed
    from thoughtful.people.models import User

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    rng = random.Random(7)
    people = [User.objects.create_user(username=f"peer{i}", password=None) for i in range(300)]
    small = _seed("small", 100, people, rng)
    big = _seed("big", 10_000, people, rng)
    sessions = []
    for person in people[50:]:
        store = SessionStore()
        store["_auth_user_id"] = str(person.pk)
        store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
        store["_auth_user_hash"] = person.get_session_auth_hash()
        store.create()
        sessions.append((settings.SESSION_COOKIE_NAME, store.session_key or ""))
    return [small.get_absolute_url(), big.get_absolute_url()], sessions


def _seed_isso(db: Path, threads: list[tuple[str, int]]) -> None:
    rng = random.Random(7)
    con = sqlite3.connect(db)
    for tid, (uri, n) in enumerate(threads, start=1):
        con.execute("INSERT INTO threads (id, uri, title) VALUES (?, ?, ?)", (tid, uri, uri))
        tops = max(1, int(n * 0.4))
        first_id = con.execute("SELECT COALESCE(MAX(id), 0) FROM comments").fetchone()[0] + 1
        rows = []
        for i in range(n):
            parent = None if i < tops else first_id + rng.randrange(tops)
            text = (
                "<p>"
                + " ".join(rng.choice(["grief", "honest", "listen", "quiet"]) for _ in range(30))
                + "</p>"
            )
            rows.append((tid, first_id + i, parent, 1.7e9 + i, 1, "127.0.0.1", text, b""))
        con.executemany(
            "INSERT INTO comments (tid, id, parent, created, mode, remote_addr, text, voters)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    con.commit()
    con.close()


def _get(url: str) -> None:
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _measure(
    job: Callable[[int], None], n: int, pids: list[int], settle: float = 0.3
) -> tuple[float, float, float]:
    """(requests/s, CPU ms per request, p99 ms) for n sequential calls of job(i)."""
    cpu0, t0 = procs.cpu_seconds(pids), time.perf_counter()
    latencies = []
    for i in range(n):
        started = time.perf_counter()
        job(i)
        latencies.append((time.perf_counter() - started) * 1000)
    wall = time.perf_counter() - t0
    time.sleep(settle)  # let the task worker finish what these requests queued
    cpu = procs.cpu_seconds(pids) - cpu0
    return n / wall, cpu * 1000 / n, _pct(latencies, 0.99)


def _interleaved(
    ours: Callable[[int], None],
    theirs: Callable[[int], None],
    n: int,
    our_pids: list[int],
    their_pids: list[int],
    rounds: int = 3,
    settle: float = 0.3,
) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    mine, other = [], []
    offset = 0
    for _ in range(rounds):
        mine.append(_measure(lambda i, o=offset: ours(i + o), n, our_pids, settle))
        other.append(_measure(lambda i, o=offset: theirs(i + o), n, their_pids))
        offset += n

    def med(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
        return tuple(statistics.median(r[k] for r in rows) for k in range(3))  # type: ignore[return-value]

    return med(mine), med(other)


def _start_isso(
    gunicorn: Path, name: str, thread: tuple[str, int]
) -> tuple[subprocess.Popen[bytes], str]:
    """A fresh Isso with a clean database holding only this case's thread."""
    db = BENCH_DIR / f"isso-{name}.db"
    cfg = BENCH_DIR / f"isso-{name}.cfg"
    cfg.write_text(
        f"[general]\ndbpath = {db}\nhost = http://127.0.0.1:{ISSO_PORT}/\n"
        "[moderation]\nenabled = false\n[guard]\nenabled = false\n"
    )
    proc = subprocess.Popen(
        [
            str(gunicorn),
            "isso.run:application",
            "-b",
            f"127.0.0.1:{ISSO_PORT}",
            "-w",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        env={**os.environ, "ISSO_SETTINGS": str(cfg)},
        stderr=subprocess.DEVNULL,  # Isso logs every comment at INFO
        stdout=subprocess.DEVNULL,
    )
    _wait(f"http://127.0.0.1:{ISSO_PORT}/info")
    _seed_isso(db, [thread])
    return proc, f"http://127.0.0.1:{ISSO_PORT}"


def _stop(*procs: subprocess.Popen[bytes]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> None:
    if BENCH_DIR.exists():
        shutil.rmtree(BENCH_DIR)
    BENCH_DIR.mkdir(parents=True)
    isso_gunicorn = _ensure_isso()
    urls, sessions = _seed_ours()
    n = int(os.environ.get("BENCH_RUNS", "40"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thoughtful.settings",
        "BIND": f"127.0.0.1:{OUR_PORT}",
        "WEB_WORKERS": str(WORKERS),
        "REQUEST_LOG": "0",
        "LOG_LEVEL": "warning",
    }
    venv_bin = Path(sys.executable).parent
    ours = subprocess.Popen(
        [
            str(venv_bin / "gunicorn"),
            "-c",
            "python:thoughtful.ops.gunicorn_conf",
            "thoughtful.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.5"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows: list[str] = []
    base = f"http://127.0.0.1:{OUR_PORT}"
    try:
        _wait(f"{base}/healthz")
        for _ in range(3):  # warm both workers and the anonymous caches
            for url in urls:
                _get(base + url)
                _get(base + url + "comments/page/?format=json")

        # --- reading -------------------------------------------------------------------------
        results = {}
        for name, path, (uri, size) in (
            ("100", urls[0], ("/small", 100)),
            ("10000", urls[1], ("/big", 10_000)),
        ):
            isso, isso_base = _start_isso(isso_gunicorn, name, (uri, size))
            try:
                fetch_isso = f"{isso_base}/?uri={uri}&limit=20&nested_limit=3"
                _get(fetch_isso)
                page = _interleaved(
                    lambda i, p=path: _get(base + p),
                    lambda i, f=fetch_isso: _get(f),
                    n,
                    [ours.pid],
                    [isso.pid],
                )
                endpoint = _interleaved(
                    lambda i, p=path: _get(base + p + "comments/page/?format=json"),
                    lambda i, f=fetch_isso: _get(f),
                    n,
                    [ours.pid],
                    [isso.pid],
                )
                results[name] = (page, endpoint)
            finally:
                _stop(isso)

        # --- posting -------------------------------------------------------------------------
        isso, isso_base = _start_isso(isso_gunicorn, "post", ("/small", 100))
        token = secrets.token_hex(16)  # a CSRF secret set as cookie and sent back in the form

        def post_ours(i: int) -> None:
            cookie_name, session_key = sessions[i % len(sessions)]
            body = urllib.parse.urlencode(
                {
                    "body": f"A considered reply about listening, number {i}.",
                    "csrfmiddlewaretoken": token,
                    "idempotency_key": f"bench-{i}",
                }
            ).encode()
            request = urllib.request.Request(
                f"{base}{urls[0]}comments/",
                data=body,
                headers={
                    "Cookie": f"{cookie_name}={session_key}; csrftoken={token}",
                    "Referer": f"{base}{urls[0]}",
                },
            )
            try:
                _opener.open(request, timeout=30).read()
            except urllib.error.HTTPError as exc:
                if exc.code != 302:
                    raise

        def post_isso(i: int) -> None:
            data = json.dumps({"text": f"A considered reply about listening, number {i}."}).encode()
            request = urllib.request.Request(
                f"{isso_base}/new?uri=/small",
                data=data,
                headers={"Content-Type": "application/json"},
            )
            urllib.request.urlopen(request, timeout=30).read()

        try:
            posting = _interleaved(
                post_ours,
                post_isso,
                min(n, len(sessions) // 3),
                [ours.pid, worker.pid],
                [isso.pid],
                settle=1.5,  # the worker polls every 0.5 s: all queued tasks run in the block
            )
        finally:
            _stop(isso)
        workers_pss = [procs.pss_mb(pid) for pid in procs.tree(ours.pid)[1:]]
    finally:
        _stop(ours, worker)

    def row(
        label: str, pair: tuple[tuple[float, float, float], tuple[float, float, float]], target: str
    ) -> str:
        (rps, cpu, p99), (irps, icpu, ip99) = pair
        return (
            f"| {label} | {rps:.0f} / {cpu:.1f} / {p99:.1f} | {irps:.0f} / {icpu:.1f} / "
            f"{ip99:.1f} | {icpu / cpu:.2f}× | {target} |"
        )

    rows.append(
        "| case | thoughtful req/s / CPU ms per req / p99 ms | Isso req/s / CPU ms / p99 ms"
        " | Isso CPU ÷ ours (≥ 1 means we use less) | target |"
    )
    rows.append("|---|---|---|---|---|")
    rows.append(row("essay page (whole HTML), 100 comments", results["100"][0], "—"))
    rows.append(row("comments endpoint, first 20 of 100", results["100"][1], "≥ 3×"))
    rows.append(row("comments endpoint, first 20 of 10,000", results["10000"][1], "—"))
    rows.append(row("post a comment (+ our task worker's CPU)", posting, "≥ 1.0×"))
    grow_page = results["10000"][0][0][1] / results["100"][0][0][1]
    grow_end = results["10000"][1][0][1] / results["100"][1][0][1]
    summary = [
        f"- 10,000 vs 100 comments, CPU per request: essay page {grow_page:.2f}×, comments "
        f"endpoint {grow_end:.2f}× (target ≤ 1.1×)",
        "- per gunicorn worker memory (PSS, the model shared from the preloading master): "
        + ", ".join(f"{m:.0f} MB" for m in workers_pss)
        + " (target < 150 MB)",
    ]
    machine = (
        f"{platform.node()} ({platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()})"
    )
    header = (
        f"Machine: {machine}; gunicorn {WORKERS} workers each, SQLite, {n} sequential "
        "requests per block, blocks interleaved over 3 rounds, medians."
    )
    text = "\n".join([header, "", *rows, "", *summary])
    print(text)
    _write_benchmarks_md("peers", text)


def _write_benchmarks_md(section: str, text: str) -> None:
    """Replace this section of BENCHMARKS.md (other benchmarks keep theirs)."""
    path = ROOT / "BENCHMARKS.md"
    old = path.read_text() if path.exists() else "# Benchmarks (`make bench`)\n"
    start, end = f"<!-- {section} -->", f"<!-- /{section} -->"
    block = f"{start}\n## {section}\n\n{text}\n{end}"
    if start in old and end in old:
        new = old[: old.index(start)] + block + old[old.index(end) + len(end) :]
    else:
        new = old.rstrip() + "\n\n" + block + "\n"
    path.write_text(new)


if __name__ == "__main__":
    main()
