from django.urls import path

from thoughtful.ops import health, mail_views

app_name = "ops"
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("desk/mail/", mail_views.inbox, name="mailbox"),
    path("desk/mail/<str:name>/", mail_views.read, name="letter"),
]
