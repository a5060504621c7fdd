from django.contrib import admin

from thoughtful.standing.models import Standing


@admin.register(Standing)
class StandingAdmin(admin.ModelAdmin):
    list_display = ("person", "score", "computed_at")
    readonly_fields = ("person", "score", "parts", "computed_at")
