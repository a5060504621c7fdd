from django.apps import AppConfig


class EmbedConfig(AppConfig):
    name = "thoughtful.embed"
    label = "embed"
    verbose_name = "Embedded comments"
