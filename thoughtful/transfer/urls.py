from django.urls import path

from thoughtful.transfer import views

app_name = "transfer"

urlpatterns = [
    path("", views.claim, name="claim"),
    path("sent/", views.claim_sent, name="claim-sent"),
    path("<str:token>/", views.claim_confirm, name="claim-confirm"),
]
