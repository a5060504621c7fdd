"""The embedded thread and its endpoints (issue 13): origins, framing, cookies, the token, and
posting through the ordinary pipeline."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.embed.conftest import HOST, PAGE, bearer, post_comment
from tests.factories import PASSWORD, CommentFactory
from tests.moderation.conftest import make_moderator
from thoughtful.discussion.models import Comment, Nudge, Reaction, Report
from thoughtful.embed import tokens
from thoughtful.embed.models import EmbeddedPage, EmbedSite
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db


def _thread(client: Client, site: EmbedSite, url: str = PAGE, **headers: Any) -> Any:
    return client.get("/embed/thread/", {"site": site.key, "url": url, "theme": "dark"}, **headers)


def _open_thread(site: EmbedSite, reader: User) -> EmbeddedPage:
    assert post_comment(Client(), site, reader, "A first, kind comment.").status_code == 201
    return EmbeddedPage.objects.get()


# --- Origins, framing, first use --------------------------------------------------------------


def test_the_thread_page_is_framable_only_by_the_sites_origins(site: EmbedSite) -> None:
    response = _thread(Client(), site, HTTP_REFERER=f"{HOST}/posts/hills/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors https://blog.example.org http://localhost:8001" in policy
    assert "script-src 'self'" in policy  # the rest of the site's policy stays
    assert "X-Frame-Options" not in response
    assert b'data-theme="dark"' in response.content
    # Reading creates nothing: a crawler walking the host site leaves no threads behind.
    assert not EmbeddedPage.objects.exists()
    # Everywhere else the site still refuses to be framed.
    home = Client().get("/")
    assert "frame-ancestors 'none'" in home["Content-Security-Policy"]


def test_pages_of_other_origins_get_no_thread(site: EmbedSite, reader: User) -> None:
    assert _thread(Client(), site, url="https://evil.example/posts/hills/").status_code == 403
    framed_elsewhere = _thread(Client(), site, HTTP_REFERER="https://evil.example/page")
    assert framed_elsewhere.status_code == 403
    assert "frame-ancestors 'none'" in framed_elsewhere["Content-Security-Policy"]
    refused = post_comment(Client(), site, reader, "Hello", url="https://evil.example/x/")
    assert refused.status_code == 403
    assert not EmbeddedPage.objects.exists()
    assert not Essay.objects.exclude(external_url="").exists()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 400),
        ({"site": "example"}, 400),
        ({"site": "nope", "url": PAGE}, 404),
        ({"site": "example", "url": "javascript:alert(1)"}, 400),
        ({"site": "example", "url": "https://blog.example.org/\x00"}, 400),
    ],
)
def test_bad_embed_requests_are_told_why(
    site: EmbedSite, params: dict[str, str], status: int
) -> None:
    assert Client().get("/embed/thread/", params).status_code == status
    assert Client().get("/embed/comments/", params).status_code == status


def test_an_inactive_site_shows_nothing(site: EmbedSite) -> None:
    site.is_active = False
    site.save()
    assert _thread(Client(), site).status_code == 404


def test_the_first_comment_opens_a_hidden_thread(site: EmbedSite, reader: User) -> None:
    response = post_comment(Client(), site, reader, "This walk reminded me of my father.")
    assert response.status_code == 201
    assert response.json()["outcome"] == "published"
    page = EmbeddedPage.objects.get()
    assert page.url == PAGE and page.site == site
    essay = page.essay
    assert essay.external_url == PAGE and essay.author == site.owner
    assert essay.title == "Hills"
    # Kept out of the magazine: lists, the essay page (which sends readers to the real page).
    assert not Essay.objects.published().filter(pk=essay.pk).exists()
    assert essay.title not in Client().get("/").content.decode()
    redirect = Client().get(essay.get_absolute_url())
    assert redirect.status_code == 302 and redirect["Location"] == PAGE
    # The same page (another spelling of it) reuses the thread.
    again = post_comment(
        Client(),
        site,
        reader,
        "And of the hills.",
        url="HTTPS://blog.example.org:443/posts/hills/#c",
    )
    assert again.status_code == 201
    assert EmbeddedPage.objects.count() == 1
    assert Comment.objects.filter(essay=essay).count() == 2
    # The thread now shows the comments, to anyone.
    shown = _thread(Client(), site)
    assert b"This walk reminded me of my father." in shown.content


# --- The reader's session stays ours ---------------------------------------------------------


def test_embed_responses_set_no_cookie_and_ignore_the_session(
    site: EmbedSite, reader: User
) -> None:
    _open_thread(site, reader)
    signed_in = Client()
    signed_in.force_login(reader)
    # Even if a browser sent our session cookie to the frame, the page is nobody's.
    response = _thread(signed_in, site, HTTP_REFERER=HOST + "/")
    assert response.status_code == 200
    assert b"Signed in as" not in response.content
    assert b"csrfmiddlewaretoken" not in response.content
    cross_site = _thread(Client(), site, HTTP_REFERER=HOST + "/")
    assert not cross_site.cookies, cross_site.cookies
    fragment = Client().get(
        "/embed/comments/", {"site": site.key, "url": PAGE}, **bearer(reader, site)
    )
    assert not fragment.cookies
    # A cookie alone authenticates no embed endpoint (the host page could ride it).
    forged = signed_in.post(
        "/embed/api/comments/", {"site": site.key, "url": PAGE, "body": "Posted by a host page"}
    )
    assert forged.status_code == 401
    assert not Comment.objects.filter(body="Posted by a host page").exists()


def test_a_bad_token_is_refused(site: EmbedSite, reader: User) -> None:
    data = {"site": site.key, "url": PAGE, "body": "Hello there."}
    for header in ("Bearer nonsense", "Basic abc", "Bearer " + "x" * 1000):
        response = Client().post("/embed/api/comments/", data, HTTP_AUTHORIZATION=header)
        assert response.status_code == 401
    fragment = Client().get(
        "/embed/comments/", {"site": site.key, "url": PAGE}, HTTP_AUTHORIZATION="Bearer nonsense"
    )
    assert fragment.status_code == 401
    assert not Comment.objects.exists()


# --- Sign-in popup ----------------------------------------------------------------------------


def _token_in(response: Any) -> str:
    found = re.search(r'data-token="([^"]+)"', response.content.decode())
    assert found is not None
    return found.group(1)


def test_the_popup_signs_in_and_hands_over_a_token(site: EmbedSite, reader: User) -> None:
    client = Client()
    form = client.get("/embed/sign-in/", {"site": site.key})
    assert form.status_code == 200
    assert form["Cross-Origin-Opener-Policy"] == "unsafe-none"  # keeps window.opener
    assert "frame-ancestors 'none'" in form["Content-Security-Policy"]
    wrong = client.post(
        "/embed/sign-in/", {"site": site.key, "username": "ruth", "password": "wrong"}
    )
    assert wrong.status_code == 400 and b"data-token" not in wrong.content
    done = client.post(
        "/embed/sign-in/", {"site": site.key, "username": "ruth", "password": PASSWORD}
    )
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    assert tokens.read(_token_in(done), site=site) == reader
    # Signed in on our site already: the popup answers at once.
    again = client.get("/embed/sign-in/", {"site": site.key})
    assert tokens.read(_token_in(again), site=site) == reader
    assert Client().get("/embed/sign-in/", {"site": "nope"}).status_code == 404


# --- Posting through the pipeline -------------------------------------------------------------


def test_a_hostile_comment_is_nudged_then_held(site: EmbedSite, reader: User, fixed_scorer) -> None:  # type: ignore[no-untyped-def]
    fixed_scorer.scores = {"toxicity": 0.93}
    hostile = "Honestly this is the whiniest thing I have read all year."
    first = post_comment(Client(), site, reader, hostile)
    assert first.status_code == 200
    data = first.json()
    assert data["outcome"] == "nudged" and data["body"] == hostile
    assert "rephrase" in data["message"]
    assert not Comment.objects.exists()
    anyway = post_comment(
        Client(), site, reader, hostile, nudge=data["nudge"], choice="post_anyway"
    )
    assert anyway.status_code == 201
    assert anyway.json()["status"] == Comment.Status.HELD
    comment = Comment.objects.get()
    assert comment.essay.external_url == PAGE
    assert Nudge.objects.get().outcome == Nudge.Outcome.POSTED_ANYWAY
    # Its writer sees it, with the badge; nobody else does.
    mine = Client().get("/embed/comments/", {"site": site.key, "url": PAGE}, **bearer(reader, site))
    assert b"whiniest" in mine.content and b"Awaiting review" in mine.content
    theirs = Client().get("/embed/comments/", {"site": site.key, "url": PAGE})
    assert b"whiniest" not in theirs.content
    # And it waits on the moderator desk like any other.
    moderator = Client()
    moderator.force_login(make_moderator("maya"))
    desk = moderator.get("/desk/moderation/queue/held/")
    assert desk.status_code == 200 and b"whiniest" in desk.content


def test_react_reply_report_delete_with_the_token(site: EmbedSite, reader: User) -> None:
    page = _open_thread(site, reader)
    other = CommentFactory(essay=page.essay, body="I walked there in 2019.")
    auth = bearer(reader, site)
    base = "/embed/api/comments/"
    reacted = Client().post(f"{base}{other.pk}/thoughtful/", {"site": site.key}, **auth)
    assert reacted.json() == {"reacted": True, "count": 1}
    assert Reaction.objects.filter(comment=other, person=reader).exists()
    reply = post_comment(Client(), site, reader, "Same year as me.", parent=str(other.pk))
    assert reply.status_code == 201
    assert Comment.objects.get(pk=reply.json()["comment"]).parent_id == other.pk
    report = Client().post(
        f"{base}{other.pk}/report/", {"site": site.key, "reason": "spam", "text": ""}, **auth
    )
    assert report.status_code == 200
    assert Report.objects.filter(comment=other, reporter=reader).exists()
    bad_reason = Client().post(
        f"{base}{other.pk}/report/", {"site": site.key, "reason": "nope"}, **auth
    )
    assert bad_reason.status_code == 400
    own = Comment.objects.get(body="A first, kind comment.")
    deleted = Client().post(f"{base}{own.pk}/delete/", {"site": site.key}, **auth)
    assert deleted.json() == {"status": Comment.Status.DELETED}
    # Someone else's comment is not the reader's to delete.
    refused = Client().post(f"{base}{other.pk}/delete/", {"site": site.key}, **auth)
    assert refused.status_code == 403


def test_comments_of_the_magazine_are_out_of_the_embeds_reach(
    site: EmbedSite, reader: User
) -> None:
    _open_thread(site, reader)
    magazine = CommentFactory(body="On an essay of ours.")
    response = Client().post(
        f"/embed/api/comments/{magazine.pk}/thoughtful/",
        {"site": site.key},
        **bearer(reader, site),
    )
    assert response.status_code == 404
    assert not Reaction.objects.exists()


def test_sorts_pages_and_threads_of_the_fragment(site: EmbedSite, reader: User) -> None:
    page = _open_thread(site, reader)
    parent = CommentFactory(essay=page.essay, body="Top of a thread.")
    CommentFactory(essay=page.essay, parent=parent, root=parent, depth=1, body="A reply in it.")
    query = {"site": site.key, "url": PAGE}
    for sort in ("top", "latest", "oldest", "thoughtful", "bogus"):
        assert Client().get("/embed/comments/", {**query, "sort": sort}).status_code == 200
    thread = Client().get("/embed/comments/", {**query, "thread": str(parent.pk)})
    assert b"A reply in it." in thread.content and b"Back to all comments" in thread.content
    assert Client().get("/embed/comments/", {**query, "thread": "x"}).status_code == 400
    assert Client().get("/embed/comments/", {**query, "thread": "999999"}).status_code == 404
    assert Client().get("/embed/comments/", {**query, "after": "garbage"}).status_code == 400
