"""Validate the demo publication (thoughtful/publishing/demo/publication.json).

Checks the schema the demo loader relies on: people and roles, essays, images,
credits, picks and comment threads. Exits non-zero with a list of problems.

Usage:  .venv/bin/python scripts/check_demo.py
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "thoughtful" / "publishing" / "demo"
ROLES = ("Contributor", "Editor", "Copy Editor", "Social Editor", "Moderator")
ROLE_COUNTS = {
    "Contributor": (6, 8),
    "Editor": (2, 2),
    "Copy Editor": (1, 2),
    "Social Editor": (1, 2),
    "Moderator": (1, 2),
}
STATUSES = {"published", "held"}
REASONS = {"unkind", "hate", "threat", "spam", "off_topic", "other"}
USERNAME = re.compile(r"^[a-z0-9_.-]{3,30}$")
PERSON_KEYS = {"username", "display_name", "bio", "roles"}
ESSAY_KEYS = {
    "slug",
    "title",
    "standfirst",
    "author",
    "tags",
    "published_days_ago",
    "image",
    "credits",
    "picks",
    "body",
    "comments",
}
COMMENT_KEYS = {"author", "body", "hours_after", "status", "thoughtful_from", "reports", "replies"}
ANCHOR = "what-i-owe-her"

problems: list[str] = []


def check(cond: object, msg: str) -> None:
    if not cond:
        problems.append(msg)


def walk(comments, where, essay, people, parent_hours, depth, stats):
    times = [c.get("hours_after", 0) for c in comments]
    check(times == sorted(times), f"{where}: siblings are not in chronological order")
    for i, cm in enumerate(comments):
        at = f"{where}[{i}]"
        check(set(cm) == COMMENT_KEYS, f"{at}: keys {sorted(set(cm) ^ COMMENT_KEYS)} wrong")
        author = cm.get("author")
        check(author in people, f"{at}: unknown author {author!r}")
        check(isinstance(cm.get("body"), str) and cm["body"].strip(), f"{at}: empty body")
        hours = cm.get("hours_after")
        check(isinstance(hours, int) and hours >= 1, f"{at}: hours_after must be a positive int")
        if isinstance(hours, int):
            check(
                hours > parent_hours,
                f"{at}: reply at {hours}h is not after its parent ({parent_hours}h)",
            )
            check(hours < essay["published_days_ago"] * 24, f"{at}: {hours}h is in the future")
        check(cm.get("status") in STATUSES, f"{at}: bad status {cm.get('status')!r}")
        fans = cm.get("thoughtful_from", [])
        check(len(fans) <= 5, f"{at}: more than 5 thoughtful reactions")
        check(len(set(fans)) == len(fans), f"{at}: duplicate thoughtful reactions")
        check(author not in fans, f"{at}: {author} reacts to their own comment")
        for u in fans:
            check(u in people, f"{at}: unknown reactor {u!r}")
        for r in cm.get("reports", []):
            check(r.get("by") in people, f"{at}: unknown reporter {r.get('by')!r}")
            check(r.get("by") != author, f"{at}: author reports own comment")
            check(r.get("reason") in REASONS, f"{at}: bad report reason {r.get('reason')!r}")
            check(set(r) <= {"by", "reason", "text"}, f"{at}: unexpected report keys")
        stats["max_depth"] = max(stats["max_depth"], depth)
        if cm.get("status") == "held":
            stats["held"] += 1
        if cm.get("status") == "published" and cm.get("reports"):
            stats["reported"] += 1
        if author == essay["author"]:
            stats["author_replies"] += 1
        check(depth <= 4, f"{at}: nested deeper than 4 levels")
        walk(
            cm.get("replies", []),
            f"{at}.replies",
            essay,
            people,
            hours if isinstance(hours, int) else 0,
            depth + 1,
            stats,
        )


def main() -> int:
    path = DEMO / "publication.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    check(set(data) == {"people", "essays"}, "top level must be exactly people + essays")

    # people
    people: dict[str, dict] = {}
    role_counts: Counter[str] = Counter()
    for p in data["people"]:
        u = p.get("username", "")
        check(
            set(p) == PERSON_KEYS,
            f"person {u}: keys {sorted(set(p) ^ PERSON_KEYS)} wrong (no passwords!)",
        )
        check(USERNAME.match(u), f"person {u!r}: bad username")
        check(u not in people, f"person {u}: duplicate username")
        check(p.get("display_name", "").strip(), f"person {u}: missing display_name")
        check(p.get("bio", "").strip(), f"person {u}: missing bio")
        for r in p.get("roles", []):
            check(r in ROLES, f"person {u}: unknown role {r!r}")
            role_counts[r] += 1
        people[u] = p
    for role, (lo, hi) in ROLE_COUNTS.items():
        check(
            lo <= role_counts[role] <= hi,
            f"role {role}: {role_counts[role]} people, want {lo}-{hi}",
        )
    readers = [u for u, p in people.items() if not p["roles"]]
    check(len(readers) >= 8, f"only {len(readers)} readers")

    def has_role(u: str, role: str) -> bool:
        return u in people and role in people[u]["roles"]

    # essays
    essays = data["essays"]
    check(len(essays) == 8, f"{len(essays)} essays, want exactly 8")
    slugs = [e["slug"] for e in essays]
    check(len(set(slugs)) == len(slugs), "essay slugs are not unique")
    days = [e["published_days_ago"] for e in essays]
    check(len(set(days)) == len(days), "published_days_ago values are not distinct")
    tag_use: Counter[str] = Counter()
    deep_threads = 0
    for e in essays:
        s = e["slug"]
        check(set(e) == ESSAY_KEYS, f"{s}: keys {sorted(set(e) ^ ESSAY_KEYS)} wrong")
        check(re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", s), f"{s}: bad slug")
        check(
            has_role(e["author"], "Contributor"),
            f"{s}: author {e['author']!r} is not a contributor",
        )
        check(e["title"].strip() and e["standfirst"].strip(), f"{s}: missing title/standfirst")
        check(
            2 <= len(e["tags"]) <= 3 and len(set(e["tags"])) == len(e["tags"]),
            f"{s}: want 2-3 distinct tags",
        )
        tag_use.update(e["tags"])
        check(1 <= e["published_days_ago"] <= 60, f"{s}: published_days_ago out of 1..60")
        words = len(e["body"].split())
        check(700 <= words <= 1200, f"{s}: body is {words} words, want 700-1200")

        img = e["image"]
        check(set(img) == {"file", "alt", "credit"}, f"{s}: image keys wrong")
        check(img["alt"].strip() and img["credit"].strip(), f"{s}: image needs alt and credit")
        f = DEMO / "images" / img["file"]
        if f.exists():
            with Image.open(f) as im:
                check(im.format == "JPEG", f"{s}: {f.name} is not a JPEG")
                check(im.size == (1600, 900), f"{s}: {f.name} is {im.size}, want 1600x900")
            check(f.stat().st_size < 200 * 1024, f"{s}: {f.name} is over 200 KB")
        else:
            problems.append(f"{s}: image {f} missing")

        cr = e["credits"]
        check(set(cr) == {"editor", "copy_editor", "social_editor"}, f"{s}: credits keys wrong")
        check(has_role(cr.get("editor", ""), "Editor"), f"{s}: editor credit is not an Editor")
        check(
            has_role(cr.get("copy_editor", ""), "Copy Editor"),
            f"{s}: copy_editor credit is not a Copy Editor",
        )
        check(
            has_role(cr.get("social_editor", ""), "Social Editor"),
            f"{s}: social_editor credit is not a Social Editor",
        )

        picks = e["picks"]
        check(
            1 <= len(picks) <= 2 and len(set(picks)) == len(picks), f"{s}: want 1-2 distinct picks"
        )
        for p in picks:
            check(p in slugs and p != s, f"{s}: pick {p!r} is not another essay")

        check(
            3 <= len(e["comments"]) <= 8, f"{s}: {len(e['comments'])} top-level comments, want 3-8"
        )
        stats = {"max_depth": 0, "held": 0, "reported": 0, "author_replies": 0}
        walk(e["comments"], f"{s}.comments", e, people, 0, 1, stats)
        if stats["max_depth"] >= 3:
            deep_threads += 1
        if s == ANCHOR:
            check(
                3 <= stats["held"] <= 4, f"{s}: anchor wants 3-4 held comments, has {stats['held']}"
            )
            check(
                2 <= stats["reported"] <= 3,
                f"{s}: anchor wants 2-3 reported comments, has {stats['reported']}",
            )

    check(ANCHOR in slugs, f"anchor essay {ANCHOR!r} missing")
    check(5 <= len(tag_use) <= 7, f"{len(tag_use)} tags, want 5-7")
    for tag, n in tag_use.items():
        check(n >= 2, f"tag {tag!r} used by only {n} essay")
    check(deep_threads >= 2, f"only {deep_threads} essays have threads 3 levels deep")

    if problems:
        print(f"{len(problems)} problem(s) in {path.relative_to(ROOT)}:")
        for p in problems:
            print("  -", p)
        return 1
    n_comments = sum(_count(e["comments"]) for e in essays)
    print(
        f"ok: {len(people)} people, {len(essays)} essays, {len(tag_use)} tags, "
        f"{n_comments} comments"
    )
    return 0


def _count(comments) -> int:
    return sum(1 + _count(c.get("replies", [])) for c in comments)


if __name__ == "__main__":
    sys.exit(main())
