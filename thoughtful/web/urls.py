from django.urls import path

from thoughtful.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("essays/<slug:slug>/", views.essay, name="essay"),
    path("essays/<slug:slug>/comments/", views.post_comment, name="post-comment"),
    path("tags/<slug:slug>/", views.tag, name="tag"),
    path("people/<str:username>/", views.author, name="author"),
    path("about/contribution/", views.contribution, name="contribution"),
]
