from django.urls import path

from thoughtful.publishing import converters
from thoughtful.web import comment_pages, comment_views, stats, views, visits

app_name = "web"
_ = converters  # registers <uslug:…> for tag addresses

urlpatterns = [
    path("", views.home, name="home"),
    path("beacon/", visits.beacon, name="beacon"),
    path("essays/<slug:slug>/", views.essay, name="essay"),
    path("essays/<slug:slug>/comments/", comment_views.post_comment, name="post-comment"),
    path("essays/<slug:slug>/comments/live/", comment_views.live, name="comments-live"),
    path("essays/<slug:slug>/comments/page/", comment_pages.comments_page, name="comments-page"),
    path("essays/<slug:slug>/comments/<int:comment_id>/", comment_views.thread, name="thread"),
    path("email/unsubscribe/<str:token>/", comment_views.unsubscribe, name="unsubscribe"),
    path("comments/<int:comment_id>/edit/", comment_views.edit_comment, name="comment-edit"),
    path("comments/<int:comment_id>/delete/", comment_views.delete_comment, name="comment-delete"),
    path(
        "comments/<int:comment_id>/thoughtful/",
        comment_views.toggle_thoughtful,
        name="comment-thoughtful",
    ),
    path("comments/<int:comment_id>/report/", comment_views.report_comment, name="comment-report"),
    path(
        "comments/<int:comment_id>/feature/",
        comment_views.feature_comment,
        name="comment-feature",
    ),
    path("tags/<uslug:slug>/", views.tag, name="tag"),
    path("people/<str:username>/", views.author, name="author"),
    path("about/contribution/", views.contribution, name="contribution"),
    path("about/guidelines/", views.guidelines, name="guidelines"),
    path("desk/stats/", stats.contributor_stats, name="stats"),
]
