"""The account's token page: list, create (the secret shown once), revoke."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_POST

from thoughtful.people.models import User
from thoughtful.tokens import actions, selectors
from thoughtful.tokens.forms import NewTokenForm
from thoughtful.tokens.models import AccessToken


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = NewTokenForm(request.POST if request.method == "POST" else None)
    created = raw = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created, raw = actions.create_token(
                    owner=user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                form = NewTokenForm()
        if form.errors:
            status = 400
    response = render(
        request,
        "tokens/tokens.html",
        {"form": form, "tokens": selectors.tokens_of(user), "created": created, "raw": raw},
        status=status,
    )
    # The one response that carries a secret: no cache may keep it.
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    token = AccessToken.objects.filter(pk=token_id, owner=user).first()
    if token is None:
        raise Http404("No such token.")  # another person's token answers like a missing one
    actions.revoke_token(person=user, token=token)
    return redirect("tokens:list")
