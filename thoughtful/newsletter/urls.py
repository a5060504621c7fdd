from django.urls import path

from thoughtful.newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("newsletter/", views.subscribe, name="subscribe"),
    path("newsletter/sent/", views.sent, name="sent"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("desk/newsletter/", views.desk, name="desk"),
    path("desk/newsletter/draft/", views.draft, name="draft"),
    path("desk/newsletter/<int:pk>/", views.preview, name="preview"),
    path("desk/newsletter/<int:pk>/send/", views.send, name="send"),
]
