from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("thoughtful.api.urls")),
    path("", include("thoughtful.scoring.urls")),
    path("account/", include("thoughtful.people.urls")),
    path("desk/moderation/", include("thoughtful.moderation.urls")),
    path("", include("thoughtful.moderation.public_urls")),
    path("", include("thoughtful.publishing.urls")),
    path("", include("thoughtful.web.urls")),
]

if settings.SERVE_MEDIA:
    # Uploaded images in the single-machine setup; production serves media from its web server.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

handler404 = "thoughtful.web.views.not_found"
handler500 = "thoughtful.web.views.server_error"
