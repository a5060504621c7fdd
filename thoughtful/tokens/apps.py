from django.apps import AppConfig


class TokensConfig(AppConfig):
    name = "thoughtful.tokens"
    label = "tokens"
    verbose_name = "Personal access tokens"
