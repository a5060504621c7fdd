from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.forms import BoundField

from thoughtful.discussion.actions import MAX_COMMENT_LENGTH
from thoughtful.discussion.models import Report
from thoughtful.security.text import CleanTextMixin

HINT_ID = "comment-hint"
NUDGE_ID = "nudge-message"
ERRORS_ID = "comment-errors"


class _DescribedBody(BoundField):
    """The comment box is read out with what surrounds it (issue 11): the nudge when there is
    one, the hint (which links the community guidelines), and the errors when there are some."""

    @property
    def aria_describedby(self) -> str:
        ids = [NUDGE_ID] if getattr(self.form, "nudged", False) else []
        ids.append(HINT_ID)
        if self.errors:
            ids.append(ERRORS_ID)
        return " ".join(ids)


class _DescribedCharField(forms.CharField):
    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> BoundField:
        return _DescribedBody(form, self, field_name)


class CommentForm(CleanTextMixin, forms.Form):
    body = _DescribedCharField(
        label="Your comment",
        # The pipeline enforces the limit; this only lets the browser warn early.
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_COMMENT_LENGTH}),
        error_messages={"required": "Your comment is empty."},
        strip=False,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # A fresh key per rendered form: submitting the same form twice posts once.
    idempotency_key = forms.CharField(
        required=False,
        max_length=64,
        widget=forms.HiddenInput,
        initial=lambda: uuid.uuid4().hex,
    )
    nudge = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    # The ids that web/essay.html gives the nudge, the hint and the body's errors.
    HINT_ID = HINT_ID
    NUDGE_ID = NUDGE_ID
    ERRORS_ID = ERRORS_ID

    def __init__(self, *args: Any, nudged: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nudged = nudged


class EditCommentForm(CleanTextMixin, forms.Form):
    body = forms.CharField(
        label="Edit your comment",
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_COMMENT_LENGTH}),
        error_messages={"required": "Your comment is empty."},
    )


class ReportForm(CleanTextMixin, forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this comment?",
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label="Tell us more (required for “Other”)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
