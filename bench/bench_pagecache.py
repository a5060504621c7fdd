"""The cached anonymous essay page through the production nginx recipe, against the same nginx
serving the same bytes from a file (issue 12: target ≥ 0.5× by requests/s and by CPU).

One SQLite database with an essay of 100 comments, gunicorn (2 workers) behind nginx run from
deploy/nginx/thoughtful.conf (thoughtful/ops/nginx.py), the default PAGE_S_MAXAGE (10 s): the
page is refreshed from Django every 10 s during the run, as in production. The file is the
page's own bytes, written into STATIC_ROOT and served by the recipe's /static/ location.
Interleaved rounds; server CPU is nginx's plus gunicorn's (all their processes, from /proc),
per request; the load generator's own CPU is left out.
"""

from __future__ import annotations

import http.client
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from bench import procs

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench" / "pagecache"
WORKERS = 2


def _seed() -> str:
    os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DIR / 'pages.sqlite3'}"
    os.environ["THOUGHTFUL_VAR_DIR"] = str(BENCH_DIR)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thoughtful.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.bench_discussion import _seed as seed_thread
    from thoughtful.people.models import User

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    rng = random.Random(7)
    people = [User.objects.create_user(username=f"page{i}", password=None) for i in range(100)]
    return str(seed_thread("viral", 100, people, rng).get_absolute_url())


def _load(port: int, path: str, seconds: float, threads: int) -> tuple[int, int]:
    done, errors = [0] * threads, [0] * threads
    stop = time.monotonic() + seconds

    def run(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                done[i] += 1
            else:
                errors[i] += 1
        conn.close()

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(done), sum(errors)


def main() -> None:
    from thoughtful.ops import nginx

    if BENCH_DIR.exists():
        shutil.rmtree(BENCH_DIR)
    BENCH_DIR.mkdir(parents=True)
    essay_path = _seed()
    app_port, front_port = nginx.free_port(), nginx.free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thoughtful.settings", "REQUEST_LOG": "0"}
    env["GUNICORN_CMD_ARGS"] = "--log-level warning"
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    bind = f"127.0.0.1:{app_port}"
    app = subprocess.Popen(
        [gunicorn, "thoughtful.wsgi:application", "-b", bind, "--workers", str(WORKERS)],
        cwd=ROOT,
        env=env,
    )
    scratch = BENCH_DIR / "nginx"
    scratch.mkdir()
    static_root = BENCH_DIR / "static"
    conf = nginx.write_config(
        scratch,
        upstream_port=app_port,
        listen_port=front_port,
        static_root=static_root,
        media_root=BENCH_DIR / "media",
    )
    front = None
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{app_port}{essay_path}", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        front = nginx.start(conf, listen_port=front_port)
        page_url = f"http://127.0.0.1:{front_port}{essay_path}"
        with urllib.request.urlopen(page_url) as response:
            page = response.read()
        (static_root / "same-bytes.html").write_bytes(page)
        file_path = "/static/same-bytes.html"
        with urllib.request.urlopen(page_url) as response:
            assert response.headers["X-Cache-Status"] == "HIT", "the page is not cached"
            assert response.read() == page
        servers = [app.pid, front.pid]  # and their workers (procs.cpu_seconds walks them)
        seconds = float(os.environ.get("BENCH_SECONDS", "4"))
        threads = int(os.environ.get("BENCH_THREADS", "4"))
        results: dict[str, list[tuple[float, float]]] = {"page": [], "file": []}
        for _ in range(int(os.environ.get("BENCH_ROUNDS", "3"))):
            for name, path in (("page", essay_path), ("file", file_path)):
                cpu0, t0 = procs.cpu_seconds(servers), time.perf_counter()
                n, errors = _load(front_port, path, seconds, threads)
                wall, cpu = time.perf_counter() - t0, procs.cpu_seconds(servers) - cpu0
                assert errors == 0, f"{errors} failed requests for {name}"
                results[name].append((n / wall, cpu / max(n, 1) * 1e6))
        rps = {k: statistics.median(r for r, _ in v) for k, v in results.items()}
        cpu = {k: statistics.median(c for _, c in v) for k, v in results.items()}
        print(
            f"machine: {platform.node()}, {os.cpu_count()} cores; nginx (Debian, 1 worker) from "
            f"deploy/nginx/thoughtful.conf, gunicorn {WORKERS} workers, SQLite; {len(page):,} "
            f"byte page, 100 comments; {threads} keep-alive client threads, "
            f"{len(results['page'])} interleaved rounds of {seconds:g} s, medians\n"
        )
        print("| essay page, anonymous | requests/s | server CPU µs/request |")
        print("|---|---|---|")
        print(f"| cached page through nginx | {rps['page']:,.0f} | {cpu['page']:,.0f} |")
        print(f"| nginx, same bytes from a file | {rps['file']:,.0f} | {cpu['file']:,.0f} |")
        print(
            f"| ratio (target ≥ 0.5×) | {rps['page'] / rps['file']:.2f}× | "
            f"{cpu['file'] / max(cpu['page'], 1e-9):.2f}× |"
        )
    finally:
        if front is not None:
            front.terminate()
            front.wait(timeout=10)
        app.terminate()
        app.wait(timeout=10)


if __name__ == "__main__":
    main()
