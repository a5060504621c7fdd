from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "thoughtful.scoring"
    label = "scoring"
