from django.urls import path

from thoughtful.people import views

app_name = "people"

urlpatterns = [
    path("sign-up/", views.sign_up, name="sign-up"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/link/<str:uidb64>/<str:token>/", views.sign_in_link, name="sign-in-link"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("profile/", views.profile, name="profile"),
]
