"""The webhooks page, mounted at /desk/webhooks/. Every view is wrapped by
access.operator_view; tests/test_permission_sweep.py lists each route with its rule."""

from django.urls import path

from thoughtful.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("", views.home, name="home"),
    path("endpoints/", views.add_endpoint, name="add-endpoint"),
    path("deliveries/<int:delivery_id>/resend/", views.resend, name="resend"),
]
