from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views import defaults

from thoughtful.scoring.views import perspective_json_or
from thoughtful.web.views import server_error

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("thoughtful.ops.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("thoughtful.api.urls")),
    path("", include("thoughtful.scoring.urls")),
    path("account/claim/", include("thoughtful.transfer.urls")),
    path("account/tokens/", include("thoughtful.tokens.urls")),
    path("account/", include("thoughtful.people.urls")),
    # Comment threads under other sites' pages (issue 13).
    path("embed/", include("thoughtful.embed.urls")),
    path("desk/moderation/shield/", include("thoughtful.shield.urls")),
    path("desk/moderation/", include("thoughtful.moderation.urls")),
    path("desk/webhooks/", include("thoughtful.webhooks.urls")),
    path("", include("thoughtful.shield.public_urls")),
    path("", include("thoughtful.moderation.public_urls")),
    path("", include("thoughtful.newsletter.urls")),
    path("", include("thoughtful.publishing.urls")),
    path("", include("thoughtful.web.urls")),
]

handler403 = "thoughtful.web.views.forbidden"
handler404 = "thoughtful.web.views.not_found"
# Perspective's paths answer JSON even when a request fails before routing (issue 10).
handler400 = perspective_json_or(defaults.bad_request)
handler500 = perspective_json_or(server_error)
