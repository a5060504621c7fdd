from django.urls import path

from thoughtful.people import views

app_name = "people"

urlpatterns = [
    path("sign-up/", views.sign_up, name="sign-up"),
    path("sign-up/sent/", views.sign_up_sent, name="sign-up-sent"),
    path("confirm/<str:uidb64>/<str:token>/", views.confirm_email, name="confirm-email"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/link/<str:uidb64>/<str:token>/", views.sign_in_link, name="sign-in-link"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("profile/", views.profile, name="profile"),
    path("email/", views.change_email, name="change-email"),
    path("email/verify/", views.request_verification, name="request-verification"),
    path("address/<str:uidb64>/<str:token>/", views.confirm_address, name="confirm-address"),
    path("password/", views.PasswordChangeView.as_view(), name="change-password"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign-out-everywhere"),
    path("export/", views.export_data, name="export"),
    path("delete/", views.delete_account, name="delete"),
    path("deleted/", views.account_deleted, name="deleted"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path("password-reset/done/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password-reset/<str:uidb64>/<str:token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
]
