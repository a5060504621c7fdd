from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.http import HttpRequest

from thoughtful.people import throttle
from thoughtful.people.models import User
from thoughtful.security.text import CleanTextMixin


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy sets it.
    return str(request.META.get("REMOTE_ADDR", "unknown"))


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
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken.")
        return username

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with that email already exists.")
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
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username, password = data.get("username"), data.get("password")
        if not username or not password:
            return data
        ip = client_ip(self.request)
        if throttle.is_throttled(username=username, client_ip=ip):
            raise forms.ValidationError(
                "Too many failed sign-in attempts. Please wait a few minutes and try again.",
                code="throttled",
            )
        user = authenticate(self.request, username=username, password=password)
        if user is None:
            throttle.record_failure(username=username, client_ip=ip)
            raise forms.ValidationError("That username and password don't match.", code="invalid")
        throttle.clear_failures(username=username, client_ip=ip)
        self.user = user
        return data


class ProfileForm(CleanTextMixin, forms.Form):
    display_name = forms.CharField(max_length=80, required=False)
    bio = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=2000, required=False)
    notify_replies = forms.BooleanField(
        required=False, label="Email me when someone replies to my comment"
    )
    daily_digest = forms.BooleanField(
        required=False, label="Email me a daily digest of new comments on essays I joined"
    )
