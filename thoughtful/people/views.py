from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thoughtful.people import actions, sign_in_links
from thoughtful.people.addresses import address_to_confirm, person_for_link
from thoughtful.people.backends import BACKEND, throttled_refusal
from thoughtful.people.confirmation import awaiting_person
from thoughtful.people.forms import (
    DeleteAccountForm,
    EmailChangeForm,
    ProfileForm,
    SignInForm,
    SignUpForm,
)
from thoughtful.people.models import User
from thoughtful.people.notifications import site_url
from thoughtful.security import devices, throttle
from thoughtful.security.client import client_ip


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        # Issue 11: someone signed in has an account already; Join sends them home.
        return redirect("web:home")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        next_url = _next_url(request)
        try:
            actions.sign_up(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                display_name=form.cleaned_data["display_name"],
                next_url="" if next_url == "/" else next_url,
            )
        except ValidationError as exc:  # a race the form could not see (the same username)
            form.add_error(None, exc)
        else:
            # The same answer whether or not the address has an account (issue 14, item 10a):
            # what happens next is in the email.
            return redirect("people:sign-up-sent")
    return render(request, "people/sign_up.html", {"form": form, "next": _next_url(request)})


@require_GET
def sign_up_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "people/sign_up_sent.html")


@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows what is being confirmed; only the POST (a button) confirms, so a mail scanner
    that opens every link cannot finish someone's sign-up."""
    if request.method == "POST":
        try:
            person = actions.confirm_email(uidb64=uidb64, token=token)
        except ValidationError as exc:
            return _invalid_link(request, exc.messages[0])
        login(request, person, backend=BACKEND)
        messages.success(request, f"Your email is confirmed. Welcome, {person.public_name}.")
        return redirect(_next_url(request))
    awaiting = awaiting_person(uidb64, token)
    if awaiting is None:
        return _invalid_link(request, "This link is invalid or has expired.")
    return render(
        request, "people/confirm_email.html", {"person": awaiting, "next": _next_url(request)}
    )


def _invalid_link(request: HttpRequest, problem: str) -> HttpResponse:
    return render(request, "people/confirm_email_invalid.html", {"problem": problem}, status=400)


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        login(request, form.user)
        return redirect(_next_url(request))
    throttled = bool(form.errors) and form.has_error("__all__", "throttled")
    response = render(
        request,
        "people/sign_in.html",
        {"form": form, "next": _next_url(request)},
        status=429 if throttled else 200,
    )
    if throttled and form.retry_after:
        response["Retry-After"] = str(form.retry_after)
    return response


@require_http_methods(["GET", "POST"])
def sign_in_link(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The emailed one-time link (people.sign_in_links). GET only asks to confirm, because mail
    scanners open links; POST signs in, lifts the account's lock and remembers this browser."""
    ip = client_ip(request)
    try:
        throttle.check_address(client_ip=ip)
    except throttle.Throttled as exc:
        refusal = throttled_refusal(exc.retry_after)
        response = render(
            request, "people/sign_in_link.html", {"refusal": refusal.message}, status=429
        )
        response["Retry-After"] = str(exc.retry_after)
        return response
    user = sign_in_links.user_for_link(uidb64=uidb64, token=token)
    if user is None:
        # A link is a secret like a password: a wrong one counts against the address.
        throttle.record_failure(client_ip=ip)
        return render(request, "people/sign_in_link.html", {"invalid": True}, status=400)
    if request.method == "POST":
        throttle.clear_account(username=user.username)
        login(request, user, backend=BACKEND)
        devices.remember(request, username=user.username)
        messages.success(request, f"Welcome back, {user.public_name}.")
        return redirect("web:home")
    return render(request, "people/sign_in_link.html", {"person": user})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You are signed out.")
    return redirect("web:home")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {
        "display_name": user.display_name,  # type: ignore[union-attr]
        "bio": user.bio,  # type: ignore[union-attr]
        "notify_replies": user.notify_replies,  # type: ignore[union-attr]
        "daily_digest": user.daily_digest,  # type: ignore[union-attr]
    }
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        person=user,  # type: ignore[arg-type]
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_profile(
                user=user,  # type: ignore[arg-type]
                display_name=form.cleaned_data["display_name"],
                bio=form.cleaned_data["bio"],
                notify_replies=form.cleaned_data["notify_replies"],
                daily_digest=form.cleaned_data["daily_digest"],
            )
        except ValidationError as exc:  # staff names can change between the form and the save
            form.add_error(None, exc)
        else:
            messages.success(request, "Profile saved.")
            return redirect("people:profile")
    return render(request, "people/profile.html", {"form": form, "me": user})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset flow (the "someone tried to sign up" email points here). It answers the
    same whether or not the address has an account, and mails only usable, active accounts."""

    template_name = "people/password_reset.html"
    email_template_name = "email/password_reset.txt"
    subject_template_name = "email/password_reset_subject.txt"
    success_url = reverse_lazy("people:password-reset-sent")

    def form_valid(self, form: Any) -> HttpResponse:
        if throttle.reset_requests_exceeded(
            client_ip=client_ip(self.request), email=form.cleaned_data["email"]
        ):
            # The same answer as a sent link, so the limit reveals nothing; no email goes out.
            return redirect(self.success_url)
        # Links are built from SITE_URL, never from the request's Host header.
        self.extra_email_context = {"site_name": settings.SITE_NAME, "site_url": site_url()}
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "people/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "people/password_reset_confirm.html"
    success_url = reverse_lazy("people:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "people/password_reset_done.html"


# --- Issue 11: the whole account ------------------------------------------------------------


def _me(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@require_http_methods(["GET", "POST"])
def change_email(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    form = EmailChangeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if throttle.reset_requests_exceeded(
            client_ip=client_ip(request), email=form.cleaned_data["email"]
        ):
            form.add_error(None, "Too many requests. Please try again later.")
            status = 429
        else:
            try:
                actions.request_email_change(
                    person=me,
                    new_email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                )
            except ValidationError as exc:
                _add(form, exc)
            else:
                # The same words whether or not the address is free (nothing is revealed).
                messages.success(
                    request,
                    "We sent a link to the new address. Your address changes when you follow it.",
                )
                return redirect("people:profile")
    return render(request, "people/change_email.html", {"form": form, "me": me}, status=status)


def _add(form: Any, exc: ValidationError) -> None:
    """An action's refusal on the form: on its field when it names one."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@login_required
@require_POST
def request_verification(request: HttpRequest) -> HttpResponse:
    if actions.request_verification(person=_me(request)):
        messages.success(request, "We sent a confirmation link to your address.")
    else:
        messages.info(request, "There is nothing to confirm.")
    return redirect("people:profile")


@require_http_methods(["GET", "POST"])
def confirm_address(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows what is being confirmed; only the POST confirms (mail scanners open links)."""
    if request.method == "POST":
        try:
            confirmed = actions.confirm_address(uidb64=uidb64, token=token)
        except ValidationError as exc:
            return _invalid_link(request, exc.messages[0])
        messages.success(request, f"Your email address is confirmed: {confirmed.email}.")
        return redirect("people:profile" if request.user.is_authenticated else "web:home")
    person = person_for_link(uidb64, token)
    if person is None:
        return _invalid_link(request, "This link is invalid or has expired.")
    return render(
        request,
        "people/confirm_address.html",
        {"person": person, "address": address_to_confirm(person)},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view and form (old password, new one twice, the validators). The change goes
    through people.actions; this session stays signed in, every other one ends."""

    template_name = "people/change_password.html"
    success_url = reverse_lazy("people:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        person = actions.change_password(
            person=form.user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, person)
        messages.success(self.request, "Password changed. Other devices are signed out.")
        return redirect(self.get_success_url())


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    actions.sign_out_everywhere(person=_me(request))
    logout(request)
    messages.info(request, "You are signed out on every device, this one included.")
    return redirect("web:home")


@login_required
@require_GET
def export_data(request: HttpRequest) -> HttpResponse:
    """A JSON download of everything the person gave the site (issue 11)."""
    me = _me(request)
    data = actions.export_data(person=me)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="thoughtful-my-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.delete_account(person=me, password=form.cleaned_data["password"])
        except ValidationError as exc:
            _add(form, exc)
        else:
            logout(request)
            return redirect("people:deleted")
    return render(
        request,
        "people/delete_account.html",
        {"form": form, "policy": actions.deletion_policy()},
        status=400 if form.errors else 200,
    )


@require_GET
def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "people/account_deleted.html")
