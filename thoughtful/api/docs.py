"""Who may read the API's docs page and OpenAPI schema: settings.API_DOCS (issue 14, item 10).

Read on each request rather than when the URLs are built, so the setting is a plain setting
(tests and operators change it without re-importing the URLconf).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def docs_access(view: View) -> View:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        mode = settings.API_DOCS
        if mode == "off":
            raise Http404("The API documentation is not published here.")
        if mode == "staff":
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (user.is_active and user.is_staff):
                raise PermissionDenied("The API documentation is for staff.")
        return view(request, *args, **kwargs)

    return guarded
