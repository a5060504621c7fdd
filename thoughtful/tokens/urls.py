from django.urls import path

from thoughtful.tokens import views

app_name = "tokens"

urlpatterns = [
    path("", views.tokens, name="list"),
    path("<int:token_id>/revoke/", views.revoke, name="revoke"),
]
