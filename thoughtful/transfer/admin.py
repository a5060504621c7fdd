"""Read-only views of what imports recorded: operators look, imports and claims change."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from thoughtful.transfer.models import ImportedProfile, SourceRef


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ImportedProfile)
class ImportedProfileAdmin(_ReadOnly):
    list_display = ("person", "email", "claimed_by", "claimed_at", "created_at")
    list_filter = ("claimed_at",)
    search_fields = ("person__username", "email")


@admin.register(SourceRef)
class SourceRefAdmin(_ReadOnly):
    list_display = ("source", "site", "kind", "external_id", "object_id", "imported_at")
    list_filter = ("source", "kind")
    search_fields = ("external_id", "url")
