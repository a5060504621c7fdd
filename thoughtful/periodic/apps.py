from django.apps import AppConfig


class PeriodicConfig(AppConfig):
    name = "thoughtful.periodic"
    verbose_name = "Periodic jobs"
