from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "thoughtful.web"
    label = "web"

    def ready(self) -> None:
        # Cache invalidation for the anonymous page cache (issue 12).
        from thoughtful.web import invalidation

        invalidation.connect()
        _name_the_admin()


def _name_the_admin() -> None:
    """The admin carries the publication's name, not "Django administration" (issue 11)."""
    from django.conf import settings
    from django.contrib import admin

    admin.site.site_header = f"{settings.SITE_NAME} administration"
    admin.site.site_title = f"{settings.SITE_NAME} admin"
    admin.site.index_title = "Site administration"
    admin.site.site_url = "/"
