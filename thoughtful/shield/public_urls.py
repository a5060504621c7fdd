from django.urls import path

from thoughtful.shield import views

app_name = "shield-public"

urlpatterns = [
    path("essays/<slug:slug>/protection/", views.raise_protection, name="raise"),
]
