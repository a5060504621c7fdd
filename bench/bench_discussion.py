"""Discussion benchmark: a big thread's first page, and posting a comment.

Runs in-process against its own SQLite file (var/bench/discussion.sqlite3, rebuilt each run),
through Django's test client: server time only, no network. Reported as ratios within one run.
- First page of an essay with 100 comments vs one with 10,000 (target ratio <= 1.2).
- Comment POST latency (p50/p99) through the whole posting pipeline, real scorer included.
"""

from __future__ import annotations

import os
import platform
import random
import shutil
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
WORDS = [
    "grief",
    "honest",
    "afraid",
    "listen",
    "mother",
    "years",
    "quiet",
    "kitchen",
    "letter",
    "forgive",
    "remember",
    "hospital",
    "silence",
    "trust",
    "brother",
    "morning",
    "ashamed",
    "learned",
    "careful",
    "window",
    "anger",
    "tender",
]


def _setup() -> None:
    if BENCH_DIR.exists():
        shutil.rmtree(BENCH_DIR)
    BENCH_DIR.mkdir(parents=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DIR / 'discussion.sqlite3'}"
    os.environ.pop("REDIS_URL", None)
    os.environ["THOUGHTFUL_VAR_DIR"] = str(BENCH_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thoughtful.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    # Tasks run inline here so the measurement includes no queue; after-commit work is the
    # same either way (a worker would run it off the request path in production).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 60))).capitalize() + "."


def _seed(slug: str, n: int, people: list, rng: random.Random):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from thoughtful.discussion.models import Comment
    from thoughtful.markup import render_comment
    from thoughtful.publishing import actions as publishing

    essay = publishing.save_essay(author=people[0], title=f"Essay {slug}", body="Body.", slug=slug)
    publishing.publish(essay=essay, at=timezone.now() - timedelta(days=3))
    start = timezone.now() - timedelta(days=2)
    tops = max(1, int(n * 0.4))
    batch = []
    for i in range(tops):
        body = _text(rng)
        batch.append(
            Comment(
                essay=essay,
                author=people[i % len(people)],
                body=body,
                body_html=render_comment(body),
                created_at=start + timedelta(seconds=i),
                author_score=rng.randint(0, 3000),
                thoughtful_count=rng.randint(0, 30),
            )
        )
    Comment.objects.bulk_create(batch, batch_size=1000)
    roots = list(Comment.objects.filter(essay=essay, depth=0).values_list("id", flat=True))
    replies = []
    for j in range(n - tops):
        root = rng.choice(roots)
        body = _text(rng)
        replies.append(
            Comment(
                essay=essay,
                author=people[j % len(people)],
                parent_id=root,
                root_id=root,
                depth=1,
                body=body,
                body_html=render_comment(body),
                created_at=start + timedelta(seconds=tops + j),
            )
        )
    Comment.objects.bulk_create(replies, batch_size=1000)
    from django.db.models import Count

    for row in (
        Comment.objects.filter(essay=essay, depth=1).values("parent_id").annotate(n=Count("id"))
    ):
        Comment.objects.filter(pk=row["parent_id"]).update(reply_count=row["n"])
    return essay


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from thoughtful.people.models import User

    rng = random.Random(7)
    people = [User.objects.create_user(username=f"bench{i}", password=None) for i in range(200)]
    small = _seed("small", 100, people, rng)
    big = _seed("big", 10_000, people, rng)
    client = Client()
    client.force_login(people[1])
    runs = int(os.environ.get("BENCH_RUNS", "60"))
    print(f"machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"database: SQLite; {runs} requests per row, after 5 warm-ups; server time in-process\n")
    print("| first page (20 top-level + first replies) | p50 ms | p99 ms | queries |")
    print("|---|---|---|---|")
    results = {}
    for sort in ("top", "latest"):
        # Interleave the two essays' requests so machine noise falls on both alike.
        urls = {
            label: f"{essay.get_absolute_url()}?sort={sort}"
            for label, essay in (("100 comments", small), ("10,000 comments", big))
        }
        samples: dict[str, list[float]] = {label: [] for label in urls}
        for url in urls.values():
            for _ in range(5):
                client.get(url)
        for _ in range(runs):
            for label, url in urls.items():
                t0 = time.perf_counter()
                response = client.get(url)
                samples[label].append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
        for label, url in urls.items():
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            results[(label, sort)] = statistics.median(samples[label])
            print(
                f"| {label}, sort={sort} | {statistics.median(samples[label]):.1f} | "
                f"{_pct(samples[label], 0.99):.1f} | {len(ctx.captured_queries)} |"
            )
    for sort in ("top", "latest"):
        ratio = results[("10,000 comments", sort)] / results[("100 comments", sort)]
        print(f"\nratio 10,000 / 100 (median, sort={sort}): **{ratio:.2f}** (target <= 1.2)")

    # Comment POST through the full pipeline (rate limit, words, links, real scorer, store).
    from thoughtful.scoring.scorer import get_scorer

    get_scorer()  # load the model once, as a running server would have
    posts = []
    writers = people[10:]
    for i in range(int(os.environ.get("BENCH_POSTS", "150"))):
        poster = Client()
        poster.force_login(writers[i % len(writers)])
        body = _text(rng) + f" ({i})"
        t0 = time.perf_counter()
        response = poster.post(f"{small.get_absolute_url()}comments/", {"body": body})
        posts.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 302:
            print(f"unexpected status {response.status_code}", file=sys.stderr)
    print("\n| comment POST (pipeline + store + redirect) | p50 ms | p99 ms | n |")
    print("|---|---|---|---|")
    print(
        f"| SQLite, real scorer | {statistics.median(posts):.1f} | "
        f"{_pct(posts, 0.99):.1f} | {len(posts)} |"
    )


if __name__ == "__main__":
    main()
