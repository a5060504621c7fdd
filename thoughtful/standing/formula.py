"""The contribution score: published in the README, computed only here.

    score = 100 * published essays
          +   1 * every 10 reads of those essays
          +   5 * published comments
          +  20 * "Thoughtful" reactions received on published comments
          +   2 * hearts readers gave those essays
          +  50 * those essays chosen as an Editor's Pick

Why these weights: an essay is the biggest contribution; reads reward essays people actually
read without letting a viral essay dwarf everything (10 reads = 1 point); a comment counts a
little, and a comment that other readers found thoughtful counts four times more, so the score
rewards quality over volume. A heart is a reader saying "this mattered" in one click, worth a
little more than a read and less than a thoughtful comment; an Editor's Pick is the editors'
judgement, worth half an essay. Held, rejected and deleted comments count for nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db.models import Sum

from thoughtful.discussion.models import Comment, Reaction
from thoughtful.publishing.models import DailyReads, Essay, Heart

WEIGHTS = {
    "essays": 100,
    "reads_per_point": 10,
    "comments": 5,
    "thoughtful": 20,
    "hearts": 2,
    "picks": 50,
}


@dataclass(frozen=True)
class Parts:
    essays: int
    reads: int
    comments: int
    thoughtful: int
    hearts: int = 0
    picks: int = 0

    @property
    def score(self) -> int:
        return (
            WEIGHTS["essays"] * self.essays
            + self.reads // WEIGHTS["reads_per_point"]
            + WEIGHTS["comments"] * self.comments
            + WEIGHTS["thoughtful"] * self.thoughtful
            + WEIGHTS["hearts"] * self.hearts
            + WEIGHTS["picks"] * self.picks
        )

    def as_dict(self) -> dict[str, int]:
        return {**asdict(self), "score": self.score}


def parts_for(person_id: int) -> Parts:
    essays = Essay.objects.published().filter(author_id=person_id)
    reads = DailyReads.objects.filter(essay__in=essays).aggregate(n=Sum("reads"))["n"] or 0
    published = Comment.objects.filter(author_id=person_id, status=Comment.Status.PUBLISHED)
    thoughtful = Reaction.objects.filter(
        comment__author_id=person_id,
        comment__status=Comment.Status.PUBLISHED,
        kind=Reaction.Kind.THOUGHTFUL,
    ).count()
    return Parts(
        essays=essays.count(),
        reads=int(reads),
        comments=published.count(),
        thoughtful=thoughtful,
        hearts=Heart.objects.filter(essay__in=essays).count(),
        picks=essays.filter(editors_pick=True).count(),
    )
