# ruff: noqa: S311 -- seeded generators make reproducible test data, not secrets
"""Write the shipped replay scenarios (issue 9). Fixed seed: the files are reproducible.

    python -m thoughtful.shield.scenarios.generate           # rewrite the .jsonl files
    python -m thoughtful.shield.scenarios.generate --check   # also score the text pools

Hostile texts come in two kinds: ones the real scorer flags (it scores them at or above the
nudge threshold) and subtle ones it does not (sneers, dog whistles): a pile-on is mostly the
second kind getting through one comment at a time. `--check` shows the scorer's view of each
pool so the scenarios stay honest when the model changes.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

FLAGGED = [
    "You are a pathetic liar and everyone knows it.",
    "Delete this garbage, you worthless hack.",
    "What a disgusting excuse for a writer. Go away.",
    "You should be ashamed, you stupid fraud.",
    "People like you are the problem. Shut up.",
    "You are a pathetic attention seeker and a liar.",
    "Stupid, worthless, disgusting piece of writing.",
    "Shut up and go away, you pathetic hack.",
    "You stupid liar, nobody wants you here.",
    "Worthless fraud. Delete your account.",
]
SUBTLE = [
    "Typical whiny nonsense from a clueless author.",
    "Maybe think before you publish next time.",
    "Interesting that the comments are closed elsewhere. Convenient.",
    "This is exactly why no one trusts this magazine anymore.",
    "We all know what you did. Everyone will know.",
    "Imagine writing this and thinking it makes you look good.",
    "Funny how the story changes every time she tells it.",
    "Sure. And I'm the queen of England.",
    "Can't wait to see the apology for this one.",
    "Some of us remember the last time. We'll be here.",
    "Quite the performance. Who is it for?",
    "Bold of you to post this under your real name.",
]
OPENERS = [
    "Thank you for writing this.",
    "I read this on the train this morning.",
    "This landed with me.",
    "I came here from a friend's link.",
    "I have read this twice now.",
    "My sister sent me this.",
    "I usually just read, but I wanted to say something.",
    "This is the piece I needed this week.",
    "I'm not sure I agree with all of it.",
    "Reading this made me think of my own family.",
]
MIDDLES = [
    "The part about the kitchen table stayed with me",
    "My father went through something similar after the hospital",
    "I disagree a little with the ending, but the honesty is rare",
    "I wonder how the letters read to you now, years later",
    "The silence you describe is something I recognise",
    "It takes courage to name what happened so plainly",
    "I kept thinking about the window in the second section",
    "The way you wrote about forgiveness felt careful and true",
    "Your brother's reaction surprised me, in a good way",
    "The detail about the morning walks was lovely",
    "I would like to hear more about the year after",
    "The quiet ending worked better than a neat one would have",
]
CLOSERS = [
    "Be well.",
    "Looking forward to the next one.",
    "Sharing this with my mother.",
    "Thank you.",
    "I hope writing it helped.",
    "Take care of yourself.",
    "More of this, please.",
    "",
]
CAMPAIGN = [
    "The author of this essay is hiding what really happened, read the {} thread before you "
    "believe a single word of it",
    "The writer of this essay is hiding what really happened, read the {} thread before you "
    "believe one word of this",
    "The author of this piece is hiding what actually happened, read the {} thread before you "
    "believe a single word of it",
]


RELATIVES = [
    "My aunt",
    "My grandmother",
    "A friend of mine",
    "My neighbour",
    "My old teacher",
    "My cousin",
    "My husband",
    "My daughter",
    "A colleague",
    "My uncle",
    "My best friend",
]
EVENTS = [
    "stopped speaking to us",
    "moved back home",
    "wrote me a letter like that",
    "kept a diary through it",
    "never talked about it",
    "went back to that town",
    "started painting again",
    "lost her job",
    "forgave him eventually",
    "planted a garden",
]


def benign(rng: random.Random) -> str:
    """Varied like real replies: no two readers write the same sentence."""
    detail = f"{rng.choice(RELATIVES)} {rng.choice(EVENTS)} in {rng.randint(1975, 2024)}."
    parts = [rng.choice(OPENERS), rng.choice(MIDDLES) + ".", detail, rng.choice(CLOSERS)]
    if rng.random() < 0.5:
        parts = [parts[1], parts[2], parts[0], parts[3]]
    return " ".join(p for p in parts if p)


def hostile(rng: random.Random, flagged_share: float = 0.5) -> str:
    return rng.choice(FLAGGED) if rng.random() < flagged_share else rng.choice(SUBTLE)


class Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.events: list[dict[str, Any]] = []
        self.regulars: list[tuple[str, float, int]] = []

    def regular(self, n: int, prefix: str = "reg") -> None:
        for i in range(n):
            self.regulars.append(
                (f"{prefix}{i}", float(self.rng.randint(30, 900)), self.rng.randint(1, 25))
            )

    def add(
        self,
        t: float,
        article: str,
        author: str,
        user: str,
        age: float,
        text: str,
        label: str,
        approved: int = 0,
        referrer: str = "",
    ) -> None:
        event: dict[str, Any] = {
            "t": round(t, 1),
            "article": article,
            "author": author,
            "user": user,
            "account_age_days": age,
            "text": text,
            "label": label,
        }
        if approved:
            event["approved_comments"] = approved
        if referrer:
            event["referrer"] = referrer
        self.events.append(event)

    def background(self, article: str, author: str, t0: float, t1: float, every: float) -> None:
        """Established readers talking at the essay's usual pace."""
        t = t0 + self.rng.uniform(0, every)
        while t < t1:
            user, age, approved = self.rng.choice(self.regulars)
            self.add(t, article, author, user, age, benign(self.rng), "benign", approved)
            t += self.rng.expovariate(1 / every)

    def brigade(
        self,
        article: str,
        author: str,
        t0: float,
        n: int,
        every: float,
        referrer: str,
        prefix: str,
        flagged_share: float = 0.5,
    ) -> float:
        t = t0
        for i in range(n):
            self.add(
                t,
                article,
                author,
                f"{prefix}{i}",
                round(self.rng.uniform(0, 2), 2),
                hostile(self.rng, flagged_share),
                "hostile",
                referrer=referrer,
            )
            t += self.rng.expovariate(1 / every)
        return t

    def sorted(self) -> list[dict[str, Any]]:
        return sorted(self.events, key=lambda e: e["t"])


def benign_viral() -> list[dict[str, Any]]:
    """An essay goes viral for good reasons: 10× the floor rate (5 comments a minute) for 40
    minutes, more than half from brand-new accounts arriving from one aggregator link."""
    b = Builder(101)
    b.regular(40)
    b.background("viral-essay", "ana", 0, 600, 120)
    t = 600.0
    n = 0
    while t < 600 + 40 * 60:
        if b.rng.random() < 0.55:
            b.add(
                t,
                "viral-essay",
                "ana",
                f"new{n}",
                round(b.rng.uniform(0, 1), 2),
                benign(b.rng),
                "benign",
                referrer="https://news.ycombinator.com/item?id=4242",
            )
            n += 1
        else:
            user, age, approved = b.rng.choice(b.regulars)
            b.add(t, "viral-essay", "ana", user, age, benign(b.rng), "benign", approved)
        t += b.rng.expovariate(5 / 60)
    return b.sorted()


def sudden_brigade() -> list[dict[str, Any]]:
    """Ten quiet minutes, then 60 new accounts from one forum thread in about three minutes;
    regulars keep talking (and must never be held)."""
    b = Builder(202)
    b.regular(25)
    b.background("grief-essay", "bea", 0, 1800, 90)
    b.brigade("grief-essay", "bea", 600, 60, 3, "https://forum.example/t/get-her/77", "brig")
    return b.sorted()


def slow_burn() -> list[dict[str, Any]]:
    """Hostility that builds slowly: a new account about every 75 seconds for an hour, from
    scattered places, among the regulars' usual conversation."""
    b = Builder(303)
    b.regular(25)
    b.background("slow-essay", "cam", 0, 3600, 150)
    referrers = ["https://a.example/", "https://b.example/x", "", "https://c.example/p", ""]
    t = 300.0
    i = 0
    while t < 3600:
        b.add(
            t,
            "slow-essay",
            "cam",
            f"burn{i}",
            round(b.rng.uniform(0, 3), 2),
            hostile(b.rng),
            "hostile",
            referrer=b.rng.choice(referrers),
        )
        i += 1
        t += b.rng.expovariate(1 / 75)
    return b.sorted()


def copy_paste() -> list[dict[str, Any]]:
    """One message, lightly varied, pasted by 30 new accounts: the scorer finds nothing wrong
    with the words; the shield sees the same text from many hands."""
    b = Builder(404)
    b.regular(20)
    b.background("copy-essay", "dan", 0, 1500, 100)
    t = 500.0
    for i in range(30):
        text = b.rng.choice(CAMPAIGN).format(b.rng.choice(["forum", "long", "other", "whole"]))
        b.add(
            t,
            "copy-essay",
            "dan",
            f"paste{i}",
            round(b.rng.uniform(0, 5), 2),
            text,
            "hostile",
            referrer=b.rng.choice(["https://x.example/s/1", "", "https://y.example/"]),
        )
        t += b.rng.expovariate(1 / 12)
    return b.sorted()


def author_brigade() -> list[dict[str, Any]]:
    """A brigade hits one essay, then follows the author onto two of her other essays."""
    b = Builder(505)
    b.regular(25)
    for slug in ("eve-first", "eve-second", "eve-third"):
        b.background(slug, "eve", 0, 2400, 200)
    ref = "https://chan.example/thread/9"
    b.brigade("eve-first", "eve", 400, 40, 4, ref, "mob")
    # The same accounts, a few minutes later, on her other essays.
    for k, slug in enumerate(("eve-second", "eve-third")):
        t = 700.0 + 200 * k
        for i in range(0, 40, 2):
            b.add(t, slug, "eve", f"mob{i + k}", 1.0, hostile(b.rng), "hostile", referrer=ref)
            t += b.rng.expovariate(1 / 6)
    return b.sorted()


def mix() -> list[dict[str, Any]]:
    """All at once on one site: a benign viral essay, a brigade on another essay, a slow
    trickle of hostility on a third, and the regulars reading everything."""
    b = Builder(606)
    b.regular(40)
    b.background("mix-quiet", "fay", 0, 2400, 240)
    b.background("mix-target", "gus", 0, 2400, 120)
    t = 300.0
    n = 0
    while t < 2100:
        b.add(
            t,
            "mix-viral",
            "hal",
            f"fan{n}",
            round(b.rng.uniform(0, 1), 2),
            benign(b.rng),
            "benign",
            referrer="https://news.ycombinator.com/item?id=99",
        )
        n += 1
        user, age, approved = b.rng.choice(b.regulars)
        b.add(t + 3, "mix-viral", "hal", user, age, benign(b.rng), "benign", approved)
        t += b.rng.expovariate(2.5 / 60)
    b.brigade("mix-target", "gus", 900, 45, 4, "https://forum.example/t/pile/3", "raid", 0.4)
    t = 600.0
    i = 0
    while t < 2400:
        b.add(t, "mix-quiet", "fay", f"troll{i}", 0.5, hostile(b.rng, 0.3), "hostile")
        i += 1
        t += b.rng.expovariate(1 / 400)
    return b.sorted()


SCENARIOS = {
    "benign_viral": benign_viral,
    "sudden_brigade": sudden_brigade,
    "slow_burn": slow_burn,
    "copy_paste": copy_paste,
    "author_brigade": author_brigade,
    "mix": mix,
}


def check() -> None:
    from thoughtful.scoring.scorer import get_scorer

    scorer = get_scorer()
    attrs = ("toxicity", "attack_on_author", "threat", "identity_attack")
    rng = random.Random(1)
    pools = {
        "flagged": FLAGGED,
        "subtle": SUBTLE,
        "campaign": [c.format("forum") for c in CAMPAIGN],
        "benign": [benign(rng) for _ in range(300)],
    }
    for name, texts in pools.items():
        tops = [max(scorer.score(t)[a] for a in attrs) for t in texts]
        print(f"{name:<9} n={len(texts):<4} min={min(tops):.2f} max={max(tops):.2f}")


def main() -> None:
    for name, build in SCENARIOS.items():
        path = HERE / f"{name}.jsonl"
        events = build()
        path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
        print(f"{path.name}: {len(events)} events")
    if "--check" in sys.argv:
        check()


if __name__ == "__main__":
    main()
