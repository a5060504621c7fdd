"""Uploaded files, served only to people who may see them (issue 14, item 10).

Every request under MEDIA_URL comes here; only files the database knows are served:

- an essay image or one of its renditions: public (cached for 30 days by browsers and proxies)
  when a published essay features it; otherwise only to people who may see the workflow of an
  essay featuring it (its author, editorial staff), or, for an image on no essay, to its
  uploader and editors, with `private, no-store`; everyone else gets a 404, as if there were
  nothing there;
- a person's avatar: public, as on their author card.

Published images stay cheap: one query decides (the file name is indexed), and in production
(SERVE_MEDIA off) Django only answers with `X-Accel-Redirect` and the front web server sends
the bytes from an internal location (README, "Production").
"""

from __future__ import annotations

import mimetypes
import re
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_safe

from thoughtful.people import permissions as perms
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay, Image

PUBLIC_CACHE = "public, max-age=2592000"  # 30 days: names are random, a file never changes
PRIVATE_CACHE = "private, no-store"
# What storage names look like (Django's get_valid_filename): anything else is not ours.
_NAME = re.compile(r"[\w.-]+(/[\w.-]+)*")


def _image_for(path: str) -> Image | None:
    """The image at `path` (an original or a rendition), with `is_public` annotated."""
    published = Essay.objects.published().filter(featured_image=OuterRef("pk"))
    images = Image.objects.annotate(is_public=Exists(published))
    if path.startswith("renditions/"):
        return images.filter(renditions__file=path).first()
    return images.filter(file=path).first()


def _may_see_unpublished(person: perms.Person, image: Image) -> bool:
    essays = list(Essay.objects.filter(featured_image=image))
    if any(perms.can_view_essay_workflow(person, essay) for essay in essays):
        return True
    if essays:
        return False
    return bool(person.is_authenticated and person.pk == image.uploaded_by_id) or perms.is_editor(
        person
    )


def _send(path: str, cache_control: str) -> HttpResponseBase:
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if settings.SERVE_MEDIA:
        if not default_storage.exists(path):
            raise Http404("No such file.")
        response: HttpResponseBase = FileResponse(
            default_storage.open(path, "rb"), content_type=content_type
        )
    else:
        # The front web server sends the file from its internal location (README).
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT + quote(path)
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def serve(request: HttpRequest, path: str) -> HttpResponseBase:
    if ".." in path or not _NAME.fullmatch(path):
        raise Http404("No such file.")
    if path.startswith(("images/", "renditions/")):
        image = _image_for(path)
        if image is None:
            raise Http404("No such file.")
        if getattr(image, "is_public", False):
            return _send(path, PUBLIC_CACHE)
        if _may_see_unpublished(request.user, image):
            return _send(path, PRIVATE_CACHE)
        raise Http404("No such file.")
    if User.objects.filter(avatar=path, is_active=True).exists():
        return _send(path, PUBLIC_CACHE)
    raise Http404("No such file.")
