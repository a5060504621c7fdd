"""The front page of the magazine (issue 11): a lead essay, sections by topic, the latest, and
the cards' comment counts, in a fixed handful of queries however many cards there are.

The lead is the newest Editor's Pick (the editors' choice); with no pick, the newest essay.
Sections are the busiest topics, each with its newest essays other than the lead, drawn from
the newest SECTION_POOL essays so that one query feeds them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from thoughtful.discussion.models import Comment
from thoughtful.publishing import selectors as publishing_selectors
from thoughtful.publishing.models import Essay, Tag

SECTIONS = 4
PER_SECTION = 3
LATEST = 6
SECTION_POOL = 80


def essay_cards() -> QuerySet[Essay]:
    """Published essays with what a card shows, newest first: author, image, tags, published
    comments. (The ordering is explicit: Meta.ordering does not apply to a GROUP BY query.)"""
    return (
        publishing_selectors.published_essays()
        .annotate(
            comment_count=Count(
                "comments", filter=Q(comments__status=Comment.Status.PUBLISHED), distinct=True
            )
        )
        .order_by("-published_at", "-id")
    )


@dataclass
class Section:
    tag: Tag
    essays: list[Essay] = field(default_factory=list)


@dataclass
class FrontPage:
    lead: Essay | None
    latest: list[Essay]
    sections: list[Section]


def front_page() -> FrontPage:
    pool = list(essay_cards()[:SECTION_POOL])
    lead = next((e for e in pool if e.editors_pick), None) or (
        essay_cards().filter(editors_pick=True).first() or (pool[0] if pool else None)
    )
    rest = [e for e in pool if lead is None or e.pk != lead.pk]
    sections: list[Section] = []
    for tag in publishing_selectors.busiest_tags(limit=SECTIONS):
        section = Section(tag=tag)
        for essay in rest:
            # tags are prefetched by published_essays: no query per card.
            if any(t.pk == tag.pk for t in essay.tags.all()):
                section.essays.append(essay)
                if len(section.essays) == PER_SECTION:
                    break
        if section.essays:
            sections.append(section)
    return FrontPage(lead=lead, latest=rest[:LATEST], sections=sections)
