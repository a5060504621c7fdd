from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "thoughtful.discussion"
    label = "discussion"
