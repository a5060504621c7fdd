"""Publishing's own pages (editorial workflow, desks, feeds, search): mounted at the site root."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from thoughtful.publishing import converters, feeds, media, views
from thoughtful.publishing.sitemaps import SITEMAPS

app_name = "publishing"
_ = converters  # registers <uslug:…> for tag addresses

urlpatterns = [
    path("desk/", views.desk, name="desk"),
    path("desk/new/", views.new_essay, name="new"),
    path("desk/board/", views.board, name="board"),
    path("desk/essays/<int:pk>/", views.workbench, name="workbench"),
    path("desk/essays/<int:pk>/edit/", views.edit, name="edit"),
    path("desk/essays/<int:pk>/do/<slug:action>/", views.do_transition, name="transition"),
    path("desk/essays/<int:pk>/notes/", views.add_note, name="note"),
    path("desk/essays/<int:pk>/social/", views.social, name="social"),
    path("desk/essays/<int:pk>/image/", views.image, name="image"),
    path("desk/essays/<int:pk>/credits/", views.credit, name="credit"),
    path("desk/essays/<int:pk>/due/", views.due, name="due"),
    path("desk/essays/<int:pk>/pick/", views.pick, name="pick"),
    path("desk/essays/<int:pk>/revisions/", views.revision_list, name="revisions"),
    path("desk/essays/<int:pk>/revisions/diff/", views.revision_diff, name="diff"),
    path(
        "desk/essays/<int:pk>/revisions/<int:revision_id>/restore/",
        views.revision_restore,
        name="restore",
    ),
    path("essays/<slug:slug>/heart/", views.heart, name="heart"),
    path("search/", views.search_page, name="search"),
    path("feeds/rss/", feeds.SiteFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.SiteAtomFeed(), name="feed-atom"),
    path("feeds/people/<str:username>/rss/", feeds.AuthorFeed(), name="author-feed-rss"),
    path("feeds/people/<str:username>/atom/", feeds.AuthorAtomFeed(), name="author-feed-atom"),
    path("feeds/tags/<uslug:slug>/rss/", feeds.TagFeed(), name="tag-feed-rss"),
    path("feeds/tags/<uslug:slug>/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    # Uploads, checked per file (publishing.media); MEDIA_URL is /media/.
    path("media/<path:path>", media.serve, name="media"),
]
