"""Perspective-compatible endpoint, mounted at the site root by thoughtful/urls.py."""

from django.urls import path

from thoughtful.scoring import views

app_name = "scoring"
urlpatterns = [
    path("v1alpha1/comments:analyze", views.analyze, name="perspective-analyze"),
]
