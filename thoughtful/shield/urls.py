"""The shield on the moderator desk, mounted at /desk/moderation/shield/ (every view behind
moderation.access.desk_view; tests/test_permission_sweep.py lists each route)."""

from django.urls import path

from thoughtful.shield import views

app_name = "shield"

urlpatterns = [
    path("alerts/<int:alert_id>/", views.alert, name="alert"),
    path("alerts/<int:alert_id>/<slug:what>/", views.bulk, name="bulk"),
    path("essays/", views.protection, name="essays"),
    path("essays/<int:essay_id>/pin/", views.pin, name="pin"),
]
