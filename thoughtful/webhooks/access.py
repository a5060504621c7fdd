"""The webhooks page's one door, like the moderator desk's (moderation/access.py): the rule is
asked of people.permissions before the view runs or looks anything up. The permission sweep
reads `required_permission`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from thoughtful.people import permissions

View = Callable[..., HttpResponse]


def operator_view(view: View) -> View:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        permissions.require(
            permissions.can_manage_webhooks(request.user), "Webhooks are for the site's operators."
        )
        return view(request, *args, **kwargs)

    guarded.required_permission = "can_manage_webhooks"  # type: ignore[attr-defined]
    return guarded
