"""The demo embedding site (issue 13): examples/embed-demo/ served on port 8001 shows a thread
from this server. Loaded by `load_demo` in development only: in production, sites that may
embed are configured in the admin."""

from __future__ import annotations

from thoughtful.embed.models import EmbedSite
from thoughtful.people.models import User

DEMO_KEY = "demo"
DEMO_ORIGINS = ["http://127.0.0.1:8001", "http://localhost:8001"]


def seed(*, owner: User) -> EmbedSite:
    site, _ = EmbedSite.objects.update_or_create(
        key=DEMO_KEY,
        defaults={
            "name": "Embed demo (examples/embed-demo)",
            "allowed_origins": "\n".join(DEMO_ORIGINS),
            "owner": owner,
            "is_active": True,
        },
    )
    return site
