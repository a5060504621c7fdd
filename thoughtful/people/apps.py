from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "thoughtful.people"
    label = "people"
    verbose_name = "People"
