"""Side by side with Isso (a Python comment server) over real HTTP, on this machine.

Both run under gunicorn with the same number of workers, both on SQLite, both with a thread
of 100 comments and one of 10,000. We compare:
- fetching the first page of a thread: our whole essay page (HTML: essay, credits, related
  reads, 20 top-level comments with their first replies) vs Isso's JSON for 20 top-level
  comments with 3 replies each (it renders nothing else);
- posting a comment: ours runs the whole posting pipeline (rate limit, word rules, links, our
  toxicity scorer) and a CSRF-checked, signed-in form POST; Isso stores and returns JSON.
Isso is installed in its own virtualenv (var/isso-venv) on first use.
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
from http.cookiejar import CookieJar
from pathlib import Path

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
    for _ in range(100):
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


def _seed_isso(db: Path) -> None:
    rng = random.Random(7)
    con = sqlite3.connect(db)
    for tid, (uri, n) in enumerate((("/small", 100), ("/big", 10_000)), start=1):
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


def _get_times(url: str, runs: int, headers: dict[str, str] | None = None) -> list[float]:
    samples = []
    request = urllib.request.Request(url, headers=headers or {})
    for i in range(runs + 5):
        t0 = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
        if i >= 5:
            samples.append((time.perf_counter() - t0) * 1000)
    return samples


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def main() -> None:
    if BENCH_DIR.exists():
        shutil.rmtree(BENCH_DIR)
    BENCH_DIR.mkdir(parents=True)
    isso_gunicorn = _ensure_isso()
    urls, sessions = _seed_ours()
    cfg = BENCH_DIR / "isso.cfg"
    isso_db = BENCH_DIR / "isso.db"
    cfg.write_text(
        f"[general]\ndbpath = {isso_db}\nhost = http://127.0.0.1:{ISSO_PORT}/\n"
        "[moderation]\nenabled = false\n[guard]\nenabled = false\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thoughtful.settings"}
    ours = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "thoughtful.wsgi:application",
            "-b",
            f"127.0.0.1:{OUR_PORT}",
            "-w",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    isso = subprocess.Popen(
        [
            str(isso_gunicorn),
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
    try:
        _wait(f"http://127.0.0.1:{OUR_PORT}/")
        _wait(f"http://127.0.0.1:{ISSO_PORT}/info")
        # Isso creates its schema on first start; seed it afterwards.
        _seed_isso(isso_db)
        runs = int(os.environ.get("BENCH_RUNS", "60"))
        print(
            f"machine: {platform.node()}, {os.cpu_count()} cores; gunicorn {WORKERS} workers "
            f"each; SQLite; {runs} sequential requests per row over HTTP on loopback\n"
        )
        print("| fetch first page | thoughtful p50 / p99 ms | Isso p50 / p99 ms | ratio p50 |")
        print("|---|---|---|---|")
        for label, ours_path, isso_uri in (
            ("100 comments", urls[0], "/small"),
            ("10,000 comments", urls[1], "/big"),
        ):
            mine = _get_times(f"http://127.0.0.1:{OUR_PORT}{ours_path}", runs)
            theirs = _get_times(
                f"http://127.0.0.1:{ISSO_PORT}/?uri={isso_uri}&limit=20&nested_limit=3", runs
            )
            print(
                f"| {label} | {statistics.median(mine):.1f} / {_pct(mine, 0.99):.1f} | "
                f"{statistics.median(theirs):.1f} / {_pct(theirs, 0.99):.1f} | "
                f"{statistics.median(mine) / statistics.median(theirs):.2f} |"
            )

        token = secrets.token_hex(16)  # a CSRF secret set as cookie and sent back in the form
        posts_ours, posts_isso = [], []
        opener = urllib.request.build_opener(
            _NoRedirect, urllib.request.HTTPCookieProcessor(CookieJar())
        )
        for i, (cookie_name, session_key) in enumerate(sessions[:runs]):
            body = urllib.parse.urlencode(
                {
                    "body": f"A considered reply about listening, number {i}.",
                    "csrfmiddlewaretoken": token,
                }
            ).encode()
            request = urllib.request.Request(
                f"http://127.0.0.1:{OUR_PORT}{urls[0]}comments/",
                data=body,
                headers={
                    "Cookie": f"{cookie_name}={session_key}; csrftoken={token}",
                    "Referer": f"http://127.0.0.1:{OUR_PORT}{urls[0]}",
                },
            )
            t0 = time.perf_counter()
            try:
                opener.open(request, timeout=30)
            except urllib.error.HTTPError as exc:
                if exc.code != 302:
                    raise
            posts_ours.append((time.perf_counter() - t0) * 1000)
            data = json.dumps({"text": f"A considered reply about listening, number {i}."}).encode()
            request = urllib.request.Request(
                f"http://127.0.0.1:{ISSO_PORT}/new?uri=/small",
                data=data,
                headers={"Content-Type": "application/json"},
            )
            t0 = time.perf_counter()
            urllib.request.urlopen(request, timeout=30).read()
            posts_isso.append((time.perf_counter() - t0) * 1000)
        print("\n| post a comment | thoughtful p50 / p99 ms | Isso p50 / p99 ms | ratio p50 |")
        print("|---|---|---|---|")
        print(
            f"| one comment, {len(posts_ours)} writers | {statistics.median(posts_ours):.1f} / "
            f"{_pct(posts_ours, 0.99):.1f} | {statistics.median(posts_isso):.1f} / "
            f"{_pct(posts_isso, 0.99):.1f} | "
            f"{statistics.median(posts_ours) / statistics.median(posts_isso):.2f} |"
        )
    finally:
        for proc in (ours, isso):
            proc.terminate()
        for proc in (ours, isso):
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
