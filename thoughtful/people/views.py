from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from thoughtful.people import actions, sign_in_links
from thoughtful.people.backends import BACKEND, throttled_refusal
from thoughtful.people.forms import ProfileForm, SignInForm, SignUpForm
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
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = actions.sign_up(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            display_name=form.cleaned_data["display_name"],
        )
        login(request, user, backend=BACKEND)
        messages.success(request, f"Welcome to thoughtful, {user.public_name}.")
        return redirect(_next_url(request))
    return render(request, "people/sign_up.html", {"form": form, "next": _next_url(request)})


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
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_profile(
            user=user,  # type: ignore[arg-type]
            display_name=form.cleaned_data["display_name"],
            bio=form.cleaned_data["bio"],
            notify_replies=form.cleaned_data["notify_replies"],
            daily_digest=form.cleaned_data["daily_digest"],
        )
        messages.success(request, "Profile saved.")
        return redirect("people:profile")
    return render(request, "people/profile.html", {"form": form})
