"""Admin: read-only views of moderation records. Decisions are made at the desk (it logs them);
the log itself can never be changed or deleted, here or anywhere."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thoughtful.moderation.models import Appeal, LogEntry, PileOnAlert, Sanction


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "automatic", "action", "person", "reason_code")
    list_filter = ("action", "automatic")
    search_fields = ("reason", "note", "person__username", "actor__username")


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyAdmin):
    list_display = ("person", "kind", "status", "starts_at", "ends_at", "issued_by", "automatic")
    list_filter = ("kind", "status", "automatic")
    search_fields = ("person__username", "reason")


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("sanction", "status", "created_at", "decided_by")
    list_filter = ("status",)


@admin.register(PileOnAlert)
class PileOnAlertAdmin(ReadOnlyAdmin):
    list_display = ("essay", "signal", "strength", "status", "created_at")
    list_filter = ("status", "signal")
