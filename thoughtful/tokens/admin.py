from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from thoughtful.tokens.models import AccessToken


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    """Staff see and revoke tokens; they never see a secret (only its hash is stored) and don't
    create tokens for others: a person makes their own under /account/tokens/."""

    list_display = ("name", "owner", "prefix", "scopes", "created_at", "last_used_at", "revoked_at")
    list_filter = ("scopes",)
    search_fields = ("name", "prefix", "owner__username")
    readonly_fields = ("owner", "name", "scopes", "prefix", "created_at", "last_used_at")
    fields = ("owner", "name", "scopes", "prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[AccessToken]) -> None:
        done = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {done} token(s).")

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("owner")
