from __future__ import annotations

from django import forms

from thoughtful.security.text import CleanTextMixin
from thoughtful.tokens.models import Scope


class NewTokenForm(CleanTextMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=80,
        help_text="What will use it, e.g. “reading list script”.",
    )
    scopes = forms.MultipleChoiceField(
        label="Scopes",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Scope.READ],
        error_messages={"required": "Choose at least one scope."},
    )
