"""Which changes bump an essay's page version (issue 12; the version: publishing.page_version).

Signals are the house's place for cache invalidation (GUIDE.md): every save or delete of the
things an essay page shows bumps that essay, whichever action made it. Changes made with a
queryset update (no signal) bump explicitly in their actions, or arrive through discussion's
events (reactions recounted, comments decided). Anything missed still ages out of the page
cache after PAGE_CACHE_SECONDS (settings): related reads on other essays, a renamed person.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from thoughtful.discussion import events
from thoughtful.discussion.models import Comment, Reaction
from thoughtful.publishing import page_version
from thoughtful.publishing.models import Credit, Essay, Heart, RelatedPick, SocialCopy


def _essay_saved(sender: Any, instance: Essay, **kwargs: Any) -> None:
    page_version.bump(instance.pk)


def _essay_part_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Comment, Credit, Heart, RelatedPick and SocialCopy all point at their essay.
    page_version.bump(getattr(instance, "essay_id", None))


def _reaction_changed(sender: Any, instance: Reaction, **kwargs: Any) -> None:
    _comment_changed(instance.comment_id)


def _tags_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Essay):
        page_version.bump(instance.pk)


def _comment_changed(comment_id: int) -> None:
    essay_id = Comment.objects.filter(pk=comment_id).values_list("essay_id", flat=True).first()
    page_version.bump(essay_id)


def connect() -> None:
    post_save.connect(_essay_saved, sender=Essay, dispatch_uid="pagecache-essay")
    post_delete.connect(_essay_saved, sender=Essay, dispatch_uid="pagecache-essay-del")
    for model in (Comment, Credit, Heart, RelatedPick, SocialCopy):
        uid = f"pagecache-{model.__name__}"
        post_save.connect(_essay_part_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_essay_part_changed, sender=model, dispatch_uid=f"{uid}-del")
    post_save.connect(_reaction_changed, sender=Reaction, dispatch_uid="pagecache-reaction")
    post_delete.connect(_reaction_changed, sender=Reaction, dispatch_uid="pagecache-reaction-del")
    m2m_changed.connect(_tags_changed, sender=Essay.tags.through, dispatch_uid="pagecache-tags")
    # Counts and statuses changed with queryset updates arrive as events after commit. (A
    # posted comment is a save: the signal above has it, so posting pays for one bump only.)
    events.on_reaction_changed(_comment_changed)
    events.on_comment_decided(_comment_changed)
