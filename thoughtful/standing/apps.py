from django.apps import AppConfig


class StandingConfig(AppConfig):
    name = "thoughtful.standing"
    label = "standing"
