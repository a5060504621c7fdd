from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "thoughtful.publishing"
    label = "publishing"
