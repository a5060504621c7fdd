from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate, password_validation
from django.http import HttpRequest

from thoughtful.people.backends import refusal_for
from thoughtful.people.models import User
from thoughtful.people.names import clean_public_name
from thoughtful.people.usernames import username_taken
from thoughtful.security.text import CleanTextMixin


class SignUpForm(CleanTextMixin, forms.Form):
    username = forms.RegexField(
        regex=r"^[a-zA-Z0-9_.-]{3,30}$",
        max_length=30,
        help_text="3–30 letters, digits, dots, dashes or underscores; part of your page's address.",
        error_messages={"invalid": "Use 3–30 letters, digits, dots, dashes or underscores."},
    )
    display_name = forms.CharField(max_length=80, required=False, help_text="Shown on comments.")
    email = forms.EmailField()
    password = forms.CharField(widget=forms.PasswordInput, min_length=8)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        # Usernames are public (profile addresses), so saying one is taken reveals nothing.
        if username_taken(username):
            raise forms.ValidationError("That username is taken.")
        # Shown as the name of a person without a display name: the same rule applies.
        clean_public_name(username)
        return username

    def clean_display_name(self) -> str:
        return clean_public_name(self.cleaned_data["display_name"])

    def clean_email(self) -> str:
        # Whether the address has an account is never said here (issue 14, item 10a): sign-up
        # answers the same either way and tells the address's owner by email.
        email: str = self.cleaned_data["email"].strip().lower()
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            probe = User(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class SignInForm(CleanTextMixin, forms.Form):
    username = forms.CharField(max_length=150)
    password = forms.CharField(widget=forms.PasswordInput)

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        self.retry_after: int | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username, password = data.get("username"), data.get("password")
        if not username or not password:
            return data
        # The throttle lives in the authentication backend (people.backends), so this form,
        # the admin's and any other caller of authenticate() get the same one.
        user = authenticate(self.request, username=username, password=password)
        if user is None:
            refusal = refusal_for(self.request)
            if refusal is not None:
                self.retry_after = refusal.retry_after
                raise forms.ValidationError(refusal.message, code=refusal.code)
            raise forms.ValidationError("That username and password don't match.", code="invalid")
        self.user = user
        return data


class ThrottledAdminAuthenticationForm(CleanTextMixin, AdminAuthenticationForm):
    """Django admin's login form, saying why the throttle refused (issue 14, item 2). The refusal
    itself happens in the backend, whatever form is used."""

    def get_invalid_login_error(self) -> forms.ValidationError:
        refusal = refusal_for(self.request)
        if refusal is not None:
            return forms.ValidationError(refusal.message, code=refusal.code)
        return super().get_invalid_login_error()


class ProfileForm(CleanTextMixin, forms.Form):
    display_name = forms.CharField(max_length=80, required=False)
    bio = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=2000, required=False)
    notify_replies = forms.BooleanField(
        required=False, label="Email me when someone replies to my comment"
    )
    daily_digest = forms.BooleanField(
        required=False, label="Email me a daily digest of new comments on essays I joined"
    )

    def __init__(self, *args: Any, person: User | None = None, **kwargs: Any) -> None:
        self.person = person
        super().__init__(*args, **kwargs)

    def clean_display_name(self) -> str:
        return clean_public_name(self.cleaned_data["display_name"], person=self.person)


class EmailChangeForm(CleanTextMixin, forms.Form):
    """Issue 11: the new address gets a link; the current password proves it is the owner."""

    email = forms.EmailField(label="New email address")
    password = forms.CharField(widget=forms.PasswordInput, label="Current password")


class DeleteAccountForm(CleanTextMixin, forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, label="Current password")
    confirm = forms.BooleanField(
        label="I understand this can't be undone", error_messages={"required": "Tick the box."}
    )
