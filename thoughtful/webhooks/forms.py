from __future__ import annotations

from django import forms

from thoughtful.security.text import CleanTextMixin
from thoughtful.webhooks.events import CHOICES


class EndpointForm(CleanTextMixin, forms.Form):
    url = forms.URLField(max_length=500, label="URL", assume_scheme="https")
    description = forms.CharField(max_length=200, required=False)
    events = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple)
    include_private_text = forms.BooleanField(
        required=False,
        label="Include private text (comment text, report notes, sanction reasons): "
        "only for moderators' own tools",
    )
