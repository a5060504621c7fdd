"""`thoughtful replay SCENARIO.jsonl [--json]`: run a pile-on scenario through the real posting
pipeline and the shield, in a throwaway database, on a simulated clock (issue 9).

Each line is one event: {"t": seconds since start, "article": slug, "author": username,
"user": username, "account_age_days": number, "approved_comments": optional number,
"text": string, "referrer": optional URL, "parent": optional index of an earlier event,
"label": optional "hostile" or "benign"}. The label never reaches the pipeline: it only feeds
the summary. Every line is checked before anything runs; a bad line stops the run with its
number and what is wrong. The last line printed is the JSON summary.

A shipped scenario can be named without its path: `thoughtful replay sudden_brigade`.
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
_REQUIRED: dict[str, Any] = {
    "t": (int, float),
    "article": str,
    "author": str,
    "user": str,
    "text": str,
}
_OPTIONAL: dict[str, Any] = {
    "account_age_days": (int, float),
    "approved_comments": int,
    "referrer": str,
    "parent": int,
    "label": str,
}
TICK_SECONDS = 60  # the calm sweep runs every simulated minute, as the periodic job does


class ScenarioError(ValueError):
    pass


@dataclass(frozen=True)
class Event:
    index: int
    t: float
    article: str
    author: str
    user: str
    account_age_days: float
    approved_comments: int
    text: str
    referrer: str
    parent: int | None
    label: str


def _slug_ok(value: str) -> bool:
    return bool(value) and len(value) <= 150 and all(c.isalnum() or c in "-_" for c in value)


def parse(lines: list[str]) -> list[Event]:
    """Every line checked before anything runs: ScenarioError names the first bad line."""
    events: list[Event] = []
    authors: dict[str, str] = {}
    last_t = 0.0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"line {number}"
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ScenarioError(f"{where}: not valid JSON ({exc.msg})") from None
        if not isinstance(data, dict):
            raise ScenarioError(f"{where}: expected a JSON object")
        unknown = set(data) - set(_REQUIRED) - set(_OPTIONAL)
        if unknown:
            raise ScenarioError(f"{where}: unknown field {sorted(unknown)[0]!r}")
        for name in _REQUIRED:
            if name not in data:
                raise ScenarioError(f"{where}: missing {name!r}")
        for name, kind in {**_REQUIRED, **_OPTIONAL}.items():
            if name in data and data[name] is not None:
                value = data[name]
                if isinstance(value, bool) or not isinstance(value, kind):
                    raise ScenarioError(f"{where}: {name!r} has the wrong type")
        t = float(data["t"])
        if not math.isfinite(t) or t < 0:
            raise ScenarioError(f"{where}: 't' must be a number of seconds, 0 or more")
        if t < last_t:
            raise ScenarioError(f"{where}: 't' goes back in time ({t} after {last_t})")
        last_t = t
        for name in ("article", "author", "user"):
            if not _slug_ok(str(data[name])):
                raise ScenarioError(f"{where}: {name!r} must be letters, digits, - or _")
        if authors.setdefault(data["article"], data["author"]) != data["author"]:
            raise ScenarioError(f"{where}: article {data['article']!r} changed author")
        age = float(data.get("account_age_days") or 0)
        if not math.isfinite(age) or age < 0 or age > 36500:
            raise ScenarioError(f"{where}: 'account_age_days' must be between 0 and 36500")
        approved = int(data.get("approved_comments") or 0)
        if approved < 0 or approved > 1000:
            raise ScenarioError(f"{where}: 'approved_comments' must be between 0 and 1000")
        if not str(data["text"]).strip():
            raise ScenarioError(f"{where}: 'text' is empty")
        parent = data.get("parent")
        if parent is not None and not (0 <= parent < len(events)):
            raise ScenarioError(f"{where}: 'parent' must be the index of an earlier event")
        label = data.get("label") or ""
        if label not in ("", "hostile", "benign"):
            raise ScenarioError(f'{where}: \'label\' must be "hostile" or "benign"')
        events.append(
            Event(
                index=len(events),
                t=t,
                article=data["article"],
                author=data["author"],
                user=data["user"],
                account_age_days=age,
                approved_comments=approved,
                text=str(data["text"]),
                referrer=str(data.get("referrer") or ""),
                parent=parent,
                label=label,
            )
        )
    if not events:
        raise ScenarioError("the scenario has no events")
    return events


def resolve(name: str) -> Path:
    path = Path(name)
    if path.exists():
        return path
    shipped = SCENARIOS / f"{name.removesuffix('.jsonl')}.jsonl"
    if shipped.exists():
        return shipped
    raise ScenarioError(f"no such scenario file: {name}")


def load(name: str) -> list[Event]:
    path = resolve(name)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"cannot read {path}: {exc}") from None
    return parse(lines)


# --- running ----------------------------------------------------------------------------------


def _setup(events: list[Event], start: datetime) -> tuple[dict[str, Any], dict[str, Any]]:
    from thoughtful.discussion.models import Comment
    from thoughtful.markup import render_comment, render_essay
    from thoughtful.people.models import User
    from thoughtful.publishing.models import Essay

    people: dict[str, Any] = {}
    for name in sorted({e.author for e in events}):
        people[name] = User.objects.create(
            username=name, email=f"{name}@replay.invalid", date_joined=start - timedelta(days=400)
        )
    essays: dict[str, Any] = {}
    for e in events:
        if e.article not in essays:
            essays[e.article] = Essay.objects.create(
                title=e.article.replace("-", " ").capitalize(),
                slug=e.article,
                body="An essay.",
                body_html=render_essay("An essay."),
                author=people[e.author],
                status=Essay.Status.PUBLISHED,
                published_at=start - timedelta(days=2),
            )
    archive_author = User.objects.create(
        username="replay-archive-author", date_joined=start - timedelta(days=800)
    )
    archive = Essay.objects.create(
        title="Archive",
        slug="replay-archive",
        body="Earlier.",
        body_html=render_essay("Earlier."),
        author=archive_author,
        status=Essay.Status.PUBLISHED,
        published_at=start - timedelta(days=700),
    )
    for e in events:
        if e.user in people:
            continue
        at = start + timedelta(seconds=e.t)
        joined = at - timedelta(days=e.account_age_days)
        person = User.objects.create(
            username=e.user, email=f"{e.user}@replay.invalid", date_joined=joined
        )
        people[e.user] = person
        if e.approved_comments:
            # Before the day the baselines look at, when the account is old enough for that.
            when = (
                at - timedelta(hours=36)
                if e.account_age_days >= 2
                else joined + timedelta(seconds=1)
            )
            Comment.objects.bulk_create(
                Comment(
                    essay=archive,
                    author=person,
                    body=f"An earlier comment ({n}).",
                    body_html=render_comment(f"An earlier comment ({n})."),
                    status=Comment.Status.PUBLISHED,
                    created_at=when,
                )
                for n in range(e.approved_comments)
            )
    return people, essays


def run(
    events: list[Event],
    *,
    out: Callable[[str], None] | None = None,
    start: datetime | None = None,
) -> dict[str, Any]:
    """Replay the events in the current database; returns the summary."""
    from django.utils import timezone

    from thoughtful.discussion import actions as discussion
    from thoughtful.discussion.actions import CommentRefused
    from thoughtful.shield import actions, clock, selectors, source
    from thoughtful.shield.models import LevelChange

    say = out or (lambda line: None)
    begin = start or timezone.now().replace(microsecond=0)
    people, essays = _setup(events, begin)
    now = [begin]
    clock.set_now(lambda: now[0])
    levels: list[list[Any]] = []
    current = {slug: "open" for slug in essays}
    first_shield: dict[str, float | None] = {slug: None for slug in essays}
    hostile_published: dict[str, int] = {slug: 0 for slug in essays}
    decisions: Counter[str] = Counter()
    benign_held = 0
    comments: dict[int, Any] = {}

    def note_levels(t: float) -> None:
        for slug, essay in essays.items():
            level = selectors.level_of(essay.pk, now=now[0])
            if level == current[slug]:
                continue
            current[slug] = level
            levels.append([round(t, 1), slug, level])
            if level in ("shield", "lockdown") and first_shield[slug] is None:
                first_shield[slug] = round(t, 1)
            change = LevelChange.objects.filter(essay=essay).order_by("-at", "-id").first()
            why = ""
            if change is not None:
                m = change.evidence.get("metrics", {})
                rules = ", ".join(change.evidence.get("rules", [])) or change.cause
                why = (
                    f"{rules}; 5 min: {m.get('comments_5', 0)} comments, "
                    f"{m.get('hostile_5', 0)} hostile, {m.get('newcomers_5', 0)} new accounts, "
                    f"top source {m.get('top_source_5') or '-'} ({m.get('source_share_5', 0)})"
                    if m
                    else rules
                )
            say(f"t={t:>7.1f}s  {slug:<24} → {level:<8} {why}")

    try:
        next_tick = TICK_SECONDS
        for e in events:
            while next_tick <= e.t:
                now[0] = begin + timedelta(seconds=next_tick)
                actions.calm_sweep(now=now[0])
                note_levels(next_tick)
                next_tick += TICK_SECONDS
            now[0] = begin + timedelta(seconds=e.t)
            essay = essays[e.article]
            level_before = selectors.level_of(essay.pk, now=now[0])
            parent = comments.get(e.parent) if e.parent is not None else None
            visit = source.describe(referrer=e.referrer, landing=essay.get_absolute_url())
            outcome = "refused"
            with source.use(visit):
                try:
                    result = discussion.post_comment(
                        author=people[e.user], essay=essay, body=e.text, parent=parent, now=now[0]
                    )
                    if result.outcome == "nudged":
                        # The writer insists ("Post anyway"): what the pipeline then decides.
                        result = discussion.post_comment(
                            author=people[e.user],
                            essay=essay,
                            body=e.text,
                            parent=parent,
                            now=now[0],
                            post_anyway=True,
                            nudge_token=str(result.nudge.token) if result.nudge else "",
                        )
                    outcome = str(result.outcome)
                    if result.comment is not None:
                        comments[e.index] = result.comment
                except CommentRefused:
                    outcome = "refused"
            decisions[outcome] += 1
            if (
                e.label == "hostile"
                and outcome == "published"
                and conf_rank(level_before) < conf_rank("shield")
            ):
                hostile_published[e.article] += 1
            if e.label == "benign" and outcome == "held":
                benign_held += 1
            note_levels(e.t)
    finally:
        clock.set_now(None)
    summary = {
        "levels": levels,
        "first_shield_t": first_shield,
        "hostile_published_before_shield": hostile_published,
        "benign_held": benign_held,
        "decisions": dict(sorted(decisions.items())),
    }
    return summary


def conf_rank(level: str) -> int:
    from thoughtful.shield import conf

    return conf.rank(level)


def _prepare_django(workdir: Path) -> None:
    """A throwaway database, cache and mailbox: nothing of a real site is touched."""
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'replay.sqlite3'}"
    os.environ.pop("REDIS_URL", None)
    os.environ["THOUGHTFUL_VAR_DIR"] = str(workdir)
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["DJANGO_SETTINGS_MODULE"] = "thoughtful.settings"
    os.environ.setdefault("SECRET_KEY", "replay-only-" + "x" * 40)
    import django

    django.setup()
    import logging

    logging.disable(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "--json"]
    quiet = "--json" in argv
    if len(args) != 1 or args[0] in ("-h", "--help"):
        print("usage: thoughtful replay SCENARIO.jsonl [--json]", file=sys.stderr)
        return 2
    try:
        events = load(args[0])
    except ScenarioError as exc:
        print(f"thoughtful replay: {exc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="thoughtful-replay-") as tmp:
        _prepare_django(Path(tmp))
        summary = run(events, out=None if quiet else print)
    print(json.dumps(summary, sort_keys=False))
    return 0
