"""Moderation pages outside the desk: mounted at the site root."""

from django.urls import path

from thoughtful.moderation import public_views

app_name = "moderation-public"

urlpatterns = [
    path("transparency/", public_views.transparency, name="transparency"),
    path("account/sanctions/", public_views.my_sanctions, name="my-sanctions"),
    path("account/sanctions/<int:sanction_id>/appeal/", public_views.appeal, name="appeal"),
]
