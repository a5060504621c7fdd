"""The moderator desk, mounted at /desk/moderation/. Every view is wrapped by
access.desk_view; tests/test_permission_sweep.py fails for any route here without it."""

from django.urls import path

from thoughtful.moderation import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="home"),
    path("queue/<slug:name>/", views.queue, name="queue"),
    path("comments/<int:comment_id>/decide/", views.decide, name="decide"),
    path("bulk/", views.bulk, name="bulk"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/sanction/", views.sanction_person, name="sanction"),
    path("sanctions/<int:sanction_id>/lift/", views.lift_sanction, name="lift"),
    path("appeals/", views.appeals, name="appeals"),
    path("appeals/<int:appeal_id>/decide/", views.decide_appeal, name="decide-appeal"),
    path("alerts/<int:alert_id>/resolve/", views.resolve_alert, name="resolve-alert"),
    path("log/", views.log, name="log"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
