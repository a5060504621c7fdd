from django.urls import path

from thoughtful.embed import views

app_name = "embed"

urlpatterns = [
    path("thread/", views.thread, name="thread"),
    path("comments/", views.comments, name="comments"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("api/comments/", views.post, name="post"),
    path("api/comments/<int:comment_id>/thoughtful/", views.react, name="react"),
    path("api/comments/<int:comment_id>/report/", views.report, name="report"),
    path("api/comments/<int:comment_id>/delete/", views.delete, name="delete"),
]
