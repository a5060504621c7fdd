from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "thoughtful.web"
    label = "web"

    def ready(self) -> None:
        # Cache invalidation for the anonymous page cache (issue 12).
        from thoughtful.web import invalidation

        invalidation.connect()
