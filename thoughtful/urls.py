from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("thoughtful.ops.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("thoughtful.api.urls")),
    path("", include("thoughtful.scoring.urls")),
    path("account/", include("thoughtful.people.urls")),
    path("desk/moderation/shield/", include("thoughtful.shield.urls")),
    path("desk/moderation/", include("thoughtful.moderation.urls")),
    path("", include("thoughtful.shield.public_urls")),
    path("", include("thoughtful.moderation.public_urls")),
    path("", include("thoughtful.publishing.urls")),
    path("", include("thoughtful.web.urls")),
]

handler404 = "thoughtful.web.views.not_found"
handler500 = "thoughtful.web.views.server_error"
