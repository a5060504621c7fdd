from django.contrib import admin

from thoughtful.markup import render_essay
from thoughtful.publishing.models import Credit, Essay, Image, RelatedPick, Tag


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    raw_id_fields = ("person",)


class PickInline(admin.TabularInline):
    model = RelatedPick
    fk_name = "essay"
    extra = 0
    raw_id_fields = ("pick",)


@admin.register(Essay)
class EssayAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "status", "published_at")
    list_filter = ("status", "tags")
    search_fields = ("title", "standfirst", "body")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("author", "featured_image")
    filter_horizontal = ("tags",)
    inlines = [CreditInline, PickInline]

    def save_model(self, request, obj, form, change):
        # The admin is a staff tool over the same rendering rule as publishing.actions.
        obj.body_html = render_essay(obj.body)
        super().save_model(request, obj, form, change)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("alt_text", "credit", "width", "height", "created_at")
    search_fields = ("alt_text", "credit")
