from django.urls import path

from thoughtful.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
]
