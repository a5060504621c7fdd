from django.contrib import admin

from thoughtful.discussion.models import Comment, Reaction


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("essay", "author", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("body", "author__username")
    raw_id_fields = ("essay", "author", "parent")
    readonly_fields = ("body_html", "decision")


admin.site.register(Reaction)
