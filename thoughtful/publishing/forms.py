from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from thoughtful.publishing.models import Credit
from thoughtful.publishing.tags import MAX_TAG_LENGTH, MAX_TAGS, parse_tag_names
from thoughtful.security.text import CleanTextMixin


class EssayForm(CleanTextMixin, forms.Form):
    title = forms.CharField(max_length=200)
    standfirst = forms.CharField(
        max_length=400, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 18}), help_text="Markdown.")
    tags = forms.CharField(
        required=False,
        help_text=f"Comma-separated topics: at most {MAX_TAGS}, each up to "
        f"{MAX_TAG_LENGTH} characters.",
    )
    # The revision this edit started from (optimistic concurrency: see actions.save_essay).
    base_revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_tags(self) -> str:
        text: str = self.cleaned_data.get("tags", "")
        parse_tag_names(text)  # the limits, as the field's message (issue 14, item 3)
        return text

    def tag_names(self) -> list[str]:
        return parse_tag_names(self.cleaned_data.get("tags", ""))


class NewEssayForm(EssayForm):
    """The New essay form (issue 11): the text, and optionally the featured image with it."""

    image = forms.FileField(
        label="Featured image (optional)",
        required=False,
        help_text="JPEG, PNG or WebP, up to 10 MB, at least 320 pixels wide. You can add it "
        "later on the workbench.",
    )
    alt_text = forms.CharField(
        max_length=300,
        label="Image alt text",
        required=False,
        help_text="What the image shows, for readers who can't see it.",
    )
    credit = forms.CharField(max_length=200, label="Image credit", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("image") and not (cleaned.get("alt_text") and cleaned.get("credit")):
            self.add_error("alt_text", "An image needs its alt text and credit.")
        return cleaned


def _local_input() -> forms.DateTimeInput:
    # datetime-local wants "2026-12-24T09:30"; values are shown and read in TIME_ZONE.
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class LocalTimesMixin:
    """Name the publication's time zone beside every time field (issue 11): what is typed is
    read in settings.TIME_ZONE, Django's current time zone."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.DateTimeField):
                field.help_text = f"Time in {settings.TIME_ZONE}."


class TransitionForm(LocalTimesMixin, CleanTextMixin, forms.Form):
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    publish_at = forms.DateTimeField(required=False, widget=_local_input())
    due_at = forms.DateTimeField(required=False, widget=_local_input())


class NoteForm(CleanTextMixin, forms.Form):
    body = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class SocialForm(CleanTextMixin, forms.Form):
    share_title = forms.CharField(max_length=200, label="Share title")
    share_description = forms.CharField(max_length=300, label="Share description")
    facebook = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, label="Facebook"
    )
    x = forms.CharField(max_length=280, label="X post")
    newsletter = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label="Newsletter blurb"
    )


class ImageForm(CleanTextMixin, forms.Form):
    file = forms.FileField(label="Image file", required=False)
    alt_text = forms.CharField(max_length=300, label="Alt text")
    credit = forms.CharField(max_length=200, label="Image credit")


class CreditForm(CleanTextMixin, forms.Form):
    role = forms.ChoiceField(choices=[c for c in Credit.Role.choices if c[0] != Credit.Role.AUTHOR])
    username = forms.CharField(max_length=150)


class DueForm(LocalTimesMixin, CleanTextMixin, forms.Form):
    due_at = forms.DateTimeField(required=False, label="Due by", widget=_local_input())
