from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from thoughtful.scoring.keys import assign_new_secret
from thoughtful.scoring.models import ApiKey, LabelledExample


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked",
        "rate_limit_per_minute",
    )
    list_filter = ("revoked",)
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    fields = ("name", "rate_limit_per_minute", "revoked", "prefix", "created_at", "last_used_at")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        raw = None if change else assign_new_secret(obj)
        super().save_model(request, obj, form, change)
        if raw:
            # The raw key exists only in this response; only its hash is stored.
            messages.warning(
                request,
                f"New API key for {obj.name}: {raw} — copy it now, it won't be shown again.",
            )


@admin.register(LabelledExample)
class LabelledExampleAdmin(admin.ModelAdmin):
    """What `thoughtful model --adapt` learns from (issue 10); written by moderators' decisions
    and suggestscore, so read-only here apart from deleting a mistaken one."""

    list_display = ("created_at", "source", "reason_code", "comment_id", "short_text")
    list_filter = ("source", "reason_code")
    search_fields = ("text",)
    readonly_fields = (
        "text",
        "labels",
        "source",
        "reason_code",
        "comment_id",
        "client_token",
        "languages",
        "created_at",
        "updated_at",
    )

    @admin.display(description="text")
    def short_text(self, obj: LabelledExample) -> str:
        return obj.text[:80]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
