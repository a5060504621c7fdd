from __future__ import annotations

from django import forms

from thoughtful.security.text import CleanTextMixin


class ClaimForm(CleanTextMixin, forms.Form):
    email = forms.EmailField(
        label="The email address you used on the old site",
        max_length=254,
        help_text="We email a link to it; following the link moves its comments to this account.",
    )
