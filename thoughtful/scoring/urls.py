"""Perspective-compatible endpoints, mounted at the site root by thoughtful/urls.py.

Everything under /v1alpha1/ and /$discovery/ belongs to them, so any other path there is a
JSON 404 in Google's shape rather than the site's HTML page.
"""

from django.urls import path, re_path

from thoughtful.scoring import views

app_name = "scoring"
urlpatterns = [
    path("v1alpha1/comments:analyze", views.analyze, name="perspective-analyze"),
    path("v1alpha1/comments:suggestscore", views.suggestscore, name="perspective-suggestscore"),
    path("$discovery/rest", views.discovery, name="perspective-discovery"),
    re_path(r"^(?:v1alpha1|\$discovery)(?:/(?P<rest>.*))?$", views.not_found),
]
