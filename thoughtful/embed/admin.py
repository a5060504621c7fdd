"""Sites allowed to embed comment threads are configured here (issue 13)."""

from django.contrib import admin

from thoughtful.embed.models import EmbeddedPage, EmbedSite


@admin.register(EmbedSite)
class EmbedSiteAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "owner", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "key", "allowed_origins")
    prepopulated_fields = {"key": ("name",)}
    raw_id_fields = ("owner",)


@admin.register(EmbeddedPage)
class EmbeddedPageAdmin(admin.ModelAdmin):
    # Pages appear when their first comment is posted (thoughtful/embed/actions.py).
    list_display = ("url", "site", "created_at")
    list_filter = ("site",)
    search_fields = ("url",)
    readonly_fields = ("site", "url", "essay", "created_at")

    def has_add_permission(self, request, obj=None):
        return False
