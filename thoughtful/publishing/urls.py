"""Publishing's own pages (editorial workflow, desks, feeds, search): mounted at the site root."""

from django.urls import path  # noqa: F401

app_name = "publishing"

urlpatterns: list = []
