from __future__ import annotations

import uuid

from django import forms

from thoughtful.discussion.actions import MAX_COMMENT_LENGTH
from thoughtful.discussion.models import Report
from thoughtful.security.text import CleanTextMixin


class CommentForm(CleanTextMixin, forms.Form):
    body = forms.CharField(
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
