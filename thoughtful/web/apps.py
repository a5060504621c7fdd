from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "thoughtful.web"
    label = "web"
