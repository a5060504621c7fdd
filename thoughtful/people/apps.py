from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "thoughtful.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from thoughtful.people import signals  # noqa: F401  (connects the cache invalidation)
