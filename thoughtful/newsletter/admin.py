from django.contrib import admin

from thoughtful.newsletter.models import Delivery, Edition, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "confirmed_at", "unsubscribed_at", "created_at")
    search_fields = ("email",)
    # Tokens are secrets in links; the admin never shows them.
    exclude = ("confirm_token", "unsubscribe_token")
    readonly_fields = ("confirmed_at", "unsubscribed_at", "created_at")


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ("subject", "status", "created_at", "sent_at")
    # Sent through the desk (newsletter.actions), never edited here.
    readonly_fields = (
        "subject",
        "body",
        "essays",
        "covers_since",
        "covers_until",
        "status",
        "created_by",
        "created_at",
        "sent_by",
        "send_started_at",
        "sent_at",
    )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("edition", "subscriber", "status", "sent_at")
    list_filter = ("status",)
    readonly_fields = ("edition", "subscriber", "status", "claimed_at", "sent_at")
