"""The desk's one door: every desk view is wrapped by `desk_view`, which asks
people.permissions (the one place rules live) before the view runs, and before any lookup, so
a stranger learns nothing, not even whether a comment exists. The permission sweep
(tests/test_permission_sweep.py) reads `required_permission` and fails for a desk route without
it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from thoughtful.people import permissions

View = Callable[..., HttpResponse]


def desk_view(view: View) -> View:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        permissions.require(
            permissions.can_moderate(request.user),
            "The moderator desk is for moderators and editors.",
        )
        return view(request, *args, **kwargs)

    guarded.required_permission = "can_moderate"  # type: ignore[attr-defined]
    return guarded
