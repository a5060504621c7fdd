"""Publishing's pages: thin views over publishing.actions and publishing.selectors.

Views follow access (look up and authorise) → validate → act. Workflow refusals become clear
4xx pages: IllegalTransition → 409, PermissionDenied → 403 (Django), ValidationError → 400.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from thoughtful.markup import render_essay
from thoughtful.people import permissions as perms
from thoughtful.people.models import User
from thoughtful.publishing import actions, revisions, search, selectors, workflow
from thoughtful.publishing.forms import (
    CreditForm,
    DueForm,
    EssayForm,
    ImageForm,
    NewEssayForm,
    NoteForm,
    SocialForm,
    TransitionForm,
)
from thoughtful.publishing.models import Essay, EssayRevision, SocialCopy
from thoughtful.publishing.workflow import IllegalTransition


def _refused(
    request: HttpRequest, message: str, status: int, essay: Essay | None = None
) -> HttpResponse:
    return render(
        request, "publishing/refused.html", {"message": message, "essay": essay}, status=status
    )


def refusals(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn workflow and validation refusals into 409 and 400 pages (403 stays Django's)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except IllegalTransition as exc:
            return _refused(request, str(exc), 409)
        except ValidationError as exc:
            return _refused(request, " ".join(exc.messages), 400)

    return wrapper


def _me(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def access_essay(request: HttpRequest, pk: int) -> Essay:
    essay = selectors.essay_for_staff(pk)
    if essay is None:
        raise Http404("No such essay.")
    perms.require(
        perms.can_view_essay_workflow(request.user, essay), "This essay isn't yours to see."
    )
    return essay


def _back(essay: Essay, anchor: str = "") -> HttpResponse:
    return redirect(reverse("publishing:workbench", args=[essay.pk]) + anchor)


# --- Desk and workbench ----------------------------------------------------------------------


@login_required
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    perms.require(perms.can_use_desk(me), "The desk is for contributors and editorial staff.")
    return render(
        request,
        "publishing/desk.html",
        {
            "queues": selectors.desk(me),
            "can_write": perms.can_write_essays(me),
            "can_send_newsletter": perms.can_send_newsletter(me),
            "is_editor": perms.is_editor(me),
        },
    )


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """The editors' board: every essay in progress by stage, with due dates (issue 11)."""
    me = _me(request)
    perms.require(perms.is_editor(me), "The board of every essay in progress is for editors.")
    return render(
        request, "publishing/board.html", {"stages": selectors.board(), "now": timezone.now()}
    )


@login_required
@refusals
def new_essay(request: HttpRequest) -> HttpResponse:
    """Start an essay: "Preview" shows the Markdown as it will read (nothing is saved), "Save
    draft" saves it, with the featured image when one is chosen (issue 11)."""
    me = _me(request)
    perms.require(perms.can_write_essays(me), "Only contributors and editors start essays.")
    form = NewEssayForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_essay(form.cleaned_data["body"])
        else:
            return _save_new_essay(request, me, form)
    return render(
        request,
        "publishing/new.html",
        {"form": form, "preview": preview},
        status=400 if form.errors else 200,
    )


def _save_new_essay(request: HttpRequest, me: User, form: NewEssayForm) -> HttpResponse:
    essay = actions.save_essay(
        author=me,
        actor=me,
        title=form.cleaned_data["title"],
        standfirst=form.cleaned_data["standfirst"],
        body=form.cleaned_data["body"],
        tags=form.tag_names(),
    )
    upload = form.cleaned_data.get("image")
    if upload:
        try:
            actions.upload_image(
                actor=me,
                upload=upload,
                name=upload.name or "image",
                alt_text=form.cleaned_data["alt_text"],
                credit=form.cleaned_data["credit"],
                essay=essay,
            )
        except ValidationError as exc:
            # The draft is saved; the image's problem is said on the workbench.
            messages.error(request, "Draft saved, but the image was not: " + " ".join(exc.messages))
            return _back(essay, "#image")
    messages.success(request, "Draft saved.")
    return _back(essay)


def _workbench_context(request: HttpRequest, essay: Essay, **extra: Any) -> dict[str, Any]:
    me = request.user
    latest = actions.latest_revision(essay)
    social = SocialCopy.objects.filter(essay=essay).first()
    image = essay.featured_image
    return {
        "essay": essay,
        "transitions": workflow.available(me, essay),
        "destructive_actions": workflow.DESTRUCTIVE,
        "transition_form": TransitionForm(),
        "can_edit": perms.can_edit_essay(me, essay),
        "edit_form": extra.pop("edit_form", None)
        or EssayForm(
            initial={
                "title": essay.title,
                "standfirst": essay.standfirst,
                "body": essay.body,
                "tags": ", ".join(t.name for t in essay.tags.all()),
                "base_revision": latest.pk if latest else None,
            }
        ),
        "credits": selectors.credits_in_order(essay),
        "can_adjust_credits": perms.can_adjust_credits(me, essay),
        "credit_form": CreditForm(),
        "is_editor": perms.is_editor(me),
        "due_form": DueForm(initial={"due_at": essay.due_at}),
        "can_write_social": (perms.can_write_social_copy(me, essay) or perms.is_editor(me))
        and essay.status in ("social", "ready", "scheduled", "published"),
        "social_form": SocialForm(
            initial={
                f: getattr(social, f)
                for f in ("share_title", "share_description", "facebook", "x", "newsletter")
            }
            if social
            else {"share_title": essay.title, "share_description": essay.standfirst}
        ),
        "social": social,
        "image_form": ImageForm(
            initial={"alt_text": image.alt_text, "credit": image.credit} if image else None
        ),
        "notes": selectors.notes_for(essay),
        "note_form": NoteForm(),
        "events": selectors.events_for(essay),
        "revision_count": essay.revisions.count(),
        "overdue": selectors.overdue(essay),
        **extra,
    }


@login_required
@require_GET
def workbench(request: HttpRequest, pk: int) -> HttpResponse:
    essay = access_essay(request, pk)
    return render(request, "publishing/workbench.html", _workbench_context(request, essay))


@login_required
@require_POST
@refusals
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    essay = access_essay(request, pk)
    form = EssayForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "publishing/workbench.html",
            _workbench_context(request, essay, edit_form=form),
            status=400,
        )
    try:
        actions.save_essay(
            author=essay.author,
            essay=essay,
            actor=_me(request),
            title=form.cleaned_data["title"],
            standfirst=form.cleaned_data["standfirst"],
            body=form.cleaned_data["body"],
            tags=form.tag_names(),
            base_revision=form.cleaned_data["base_revision"],
        )
    except actions.RevisionConflict as conflict:
        current = conflict.current
        mine = EssayRevision(
            essay=essay,
            title=conflict.attempted["title"],
            standfirst=conflict.attempted["standfirst"],
            body=conflict.attempted["body"],
        )
        retry = EssayForm(
            initial={
                **conflict.attempted,
                "base_revision": current.pk,
                "tags": form.cleaned_data["tags"],
            }
        )
        return render(
            request,
            "publishing/conflict.html",
            {
                "essay": essay,
                "current": current,
                "mine": mine,
                "diff": revisions.diff(current, mine),
                "form": retry,
            },
            status=409,
        )
    messages.success(request, "Saved.")
    return _back(essay)


@login_required
@require_POST
@refusals
def do_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    essay = access_essay(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors.as_text())
    actions.transition(
        essay=essay,
        actor=_me(request),
        action=action,
        note=form.cleaned_data["note"],
        publish_at=form.cleaned_data["publish_at"],
        due_at=form.cleaned_data["due_at"],
    )
    essay.refresh_from_db()
    messages.success(
        request, f"Done: {workflow.get(action).label}. Now {essay.get_status_display().lower()}."
    )
    if essay.status == Essay.Status.PUBLISHED:
        return redirect(essay.get_absolute_url())
    if not perms.can_view_essay_workflow(request.user, essay):
        return redirect("publishing:desk")
    return _back(essay)


@login_required
@require_POST
@refusals
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    essay = access_essay(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        actions.add_note(essay=essay, author=_me(request), body=form.cleaned_data["body"])
        messages.success(request, "Note added.")
    return _back(essay, "#notes")


@login_required
@require_POST
@refusals
def social(request: HttpRequest, pk: int) -> HttpResponse:
    essay = access_essay(request, pk)
    form = SocialForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Fill in every social field (the X post is at most 280 characters).")
    actions.save_social_copy(essay=essay, actor=_me(request), **form.cleaned_data)
    messages.success(request, "Social copy saved.")
    return _back(essay, "#social")


@login_required
@require_POST
@refusals
def image(request: HttpRequest, pk: int) -> HttpResponse:
    essay = access_essay(request, pk)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError("Alt text and credit are both required.")
    upload = form.cleaned_data["file"]
    if upload:
        try:
            actions.upload_image(
                actor=_me(request),
                upload=upload,
                name=upload.name or "image",
                alt_text=form.cleaned_data["alt_text"],
                credit=form.cleaned_data["credit"],
                essay=essay,
            )
        except ValidationError as exc:
            # The message on the image form, with the alt text and credit kept (issue 14).
            form.add_error("file", exc)
            context = _workbench_context(request, essay, image_form=form)
            return render(request, "publishing/workbench.html", context, status=400)
    elif essay.featured_image:
        actions.update_image_text(
            image=essay.featured_image,
            actor=_me(request),
            essay=essay,
            alt_text=form.cleaned_data["alt_text"],
            credit=form.cleaned_data["credit"],
        )
    else:
        raise ValidationError("Choose an image file to upload.")
    messages.success(request, "Image saved.")
    return _back(essay, "#image")


@login_required
@require_POST
@refusals
def credit(request: HttpRequest, pk: int) -> HttpResponse:
    essay = access_essay(request, pk)
    form = CreditForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Choose a role and a person.")
    person = User.objects.filter(username=form.cleaned_data["username"], is_active=True).first()
    if person is None:
        raise ValidationError("Nobody has that username.")
    actions.set_credit(
        essay=essay, role=form.cleaned_data["role"], person=person, actor=_me(request)
    )
    messages.success(request, "Credit updated.")
    return _back(essay, "#credits")


@login_required
@require_POST
@refusals
def due(request: HttpRequest, pk: int) -> HttpResponse:
    essay = access_essay(request, pk)
    form = DueForm(request.POST)
    if not form.is_valid():
        raise ValidationError("That is not a date and time.")
    actions.set_due(essay=essay, actor=_me(request), due_at=form.cleaned_data["due_at"])
    messages.success(request, "Due date set.")
    return _back(essay)


@login_required
@require_POST
@refusals
def pick(request: HttpRequest, pk: int) -> HttpResponse:
    essay = access_essay(request, pk)
    actions.set_editors_pick(
        essay=essay, actor=_me(request), picked=request.POST.get("picked") == "1"
    )
    messages.success(request, "Editor's Pick updated.")
    return _back(essay)


# --- Revisions -------------------------------------------------------------------------------


@login_required
@require_GET
def revision_list(request: HttpRequest, pk: int) -> HttpResponse:
    essay = access_essay(request, pk)
    return render(
        request,
        "publishing/revisions.html",
        {
            "essay": essay,
            "revisions": selectors.revisions_for(essay),
            "can_edit": perms.can_edit_essay(request.user, essay),
        },
    )


@login_required
@require_GET
def revision_diff(request: HttpRequest, pk: int) -> HttpResponse:
    essay = access_essay(request, pk)
    try:
        a_id, b_id = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        return _refused(request, "Choose two revisions to compare.", 400, essay)
    old = get_object_or_404(EssayRevision, pk=a_id, essay=essay)
    new = get_object_or_404(EssayRevision, pk=b_id, essay=essay)
    return render(
        request,
        "publishing/diff.html",
        {"essay": essay, "old": old, "new": new, "diff": revisions.diff(old, new)},
    )


@login_required
@require_POST
@refusals
def revision_restore(request: HttpRequest, pk: int, revision_id: int) -> HttpResponse:
    essay = access_essay(request, pk)
    revision = get_object_or_404(EssayRevision, pk=revision_id, essay=essay)
    actions.restore_revision(essay=essay, revision=revision, actor=_me(request))
    messages.success(request, f"Restored revision {revision.pk} as a new revision.")
    return _back(essay)


# --- Readers ---------------------------------------------------------------------------------


@require_POST
@refusals
def heart(request: HttpRequest, slug: str) -> HttpResponse:
    essay = selectors.essay_for_page(slug)
    if essay is None:
        raise Http404("No essay here.")
    if not request.user.is_authenticated:
        return redirect(f"{reverse('people:sign-in')}?next={essay.get_absolute_url()}")
    hearted = actions.toggle_heart(essay=essay, person=_me(request))
    if request.headers.get("HX-Request") or request.headers.get("Accept") == "application/json":
        return JsonResponse({"hearted": hearted, "hearts": selectors.heart_count(essay)})
    return redirect(essay.get_absolute_url() + "#hearts")


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    results = search.search(query) if query else []
    return render(request, "publishing/search.html", {"query": query, "results": results})


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /desk/",
        "Disallow: /admin/",
        "Disallow: /account/",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri(reverse('publishing:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
