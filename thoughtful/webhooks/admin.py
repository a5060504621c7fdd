"""Admin: operators register and edit endpoints here or on /desk/webhooks/; deliveries and
their attempts are records, read-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from thoughtful.security.text import CleanTextMixin
from thoughtful.webhooks import transport
from thoughtful.webhooks.events import CHOICES, EVENT_TYPES
from thoughtful.webhooks.models import Attempt, Delivery, Endpoint


class EndpointAdminForm(CleanTextMixin, forms.ModelForm):
    events = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Endpoint
        fields = ["url", "description", "events", "include_private_text", "active"]

    def clean_url(self) -> str:
        url = str(self.cleaned_data["url"]).strip()
        try:
            transport.check_url(url)
        except transport.Refused as exc:
            raise ValidationError(f"That URL can't be used: {exc}.") from None
        return url

    def clean_events(self) -> list[str]:
        chosen = set(self.cleaned_data["events"])
        return [e for e in EVENT_TYPES if e in chosen]


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointAdminForm
    list_display = ("url", "description", "active", "include_private_text", "created_at")
    list_filter = ("active",)
    readonly_fields = ("secret", "created_at", "created_by")

    def save_model(self, request: HttpRequest, obj: Endpoint, form: Any, change: bool) -> None:
        if not change and request.user.is_authenticated:
            obj.created_by_id = request.user.pk
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "event_type",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "last_response_ms",
        "next_attempt_at",
    )
    list_filter = ("status", "event_type")
    search_fields = ("message_id", "event_key")


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    list_display = ("at", "delivery", "status_code", "response_ms", "error", "resend")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
