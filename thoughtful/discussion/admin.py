from django.contrib import admin
from django.core.cache import cache

from thoughtful.discussion.models import (
    Comment,
    CommentRevision,
    DiscussionSettings,
    Nudge,
    Reaction,
    Report,
    WordRule,
)


class RevisionInline(admin.TabularInline):
    model = CommentRevision
    extra = 0
    can_delete = False
    readonly_fields = ("body", "replaced_at")

    def has_add_permission(self, request, obj=None):
        return False  # history is written by edits only


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    # Decisions on comments belong to the moderator desk (it logs them); the admin only reads.
    list_display = ("essay", "author", "status", "created_at", "thoughtful_count")
    list_filter = ("status",)
    search_fields = ("body", "author__username")
    raw_id_fields = ("essay", "author", "parent", "root", "featured_by")
    readonly_fields = [f.name for f in Comment._meta.fields]
    inlines = [RevisionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # user content is soft-deleted only


@admin.register(WordRule)
class WordRuleAdmin(admin.ModelAdmin):
    list_display = ("phrase", "action", "is_active", "note")
    list_filter = ("action", "is_active")
    search_fields = ("phrase",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        cache.delete("discussion:word-rules")  # the pipeline sees the change at once


@admin.register(DiscussionSettings)
class DiscussionSettingsAdmin(admin.ModelAdmin):
    list_display = ("essay", "protection", "nudge_threshold", "hold_threshold")
    list_filter = ("protection",)
    raw_id_fields = ("essay",)


@admin.register(Nudge)
class NudgeAdmin(admin.ModelAdmin):
    list_display = ("author", "essay", "outcome", "created_at")
    list_filter = ("outcome",)
    readonly_fields = [f.name for f in Nudge._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("comment", "reporter", "reason", "status", "created_at")
    list_filter = ("reason", "status")
    raw_id_fields = ("comment", "reporter")


admin.site.register(Reaction)
