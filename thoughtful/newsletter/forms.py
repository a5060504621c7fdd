from __future__ import annotations

from django import forms

from thoughtful.security.text import CleanTextMixin


class SubscribeForm(CleanTextMixin, forms.Form):
    email = forms.EmailField(label="Your email address")
