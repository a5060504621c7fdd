from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.utils import timezone

from thoughtful.moderation.models import Sanction
from thoughtful.moderation.reasons import REJECTION_LABELS
from thoughtful.security.text import CleanTextMixin

REASON_CHOICES = list(REJECTION_LABELS.items())


class DecideForm(CleanTextMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[(c, c) for c in ("approve", "reject", "feature", "unfeature", "ban")]
    )
    reason_code = forms.ChoiceField(choices=[("", "—"), *REASON_CHOICES], required=False)
    reason_text = forms.CharField(required=False, max_length=300)
    note = forms.CharField(required=False, max_length=2000)
    reconsider = forms.BooleanField(required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("decision") in ("reject", "ban") and not data.get("reason_code"):
            self.add_error("reason_code", "Choose a reason the writer will see.")
        return data


class BulkForm(CleanTextMixin, forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    reason_code = forms.ChoiceField(choices=[("", "—"), *REASON_CHOICES], required=False)
    note = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        self.fields["ids"].choices = [(v, v) for v in raw if str(v).isdigit()]  # type: ignore[attr-defined]


class SanctionForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(choices=Sanction.Kind.choices)
    reason = forms.CharField(
        max_length=500,
        label="Reason (the person sees this)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    until = forms.DateField(
        required=False, label="Suspended until", widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        label="Note for moderators",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def until_datetime(self) -> datetime | None:
        day = self.cleaned_data.get("until")
        if day is None:
            return None
        return datetime.combine(day, time(0, 0), tzinfo=timezone.get_current_timezone())


class LiftForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(required=False, max_length=500, label="Why lift it")


class AppealForm(CleanTextMixin, forms.Form):
    text = forms.CharField(
        max_length=3000,
        label="Why should this decision change?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Tell the moderators why the decision should change."},
    )


class AppealDecisionForm(CleanTextMixin, forms.Form):
    outcome = forms.ChoiceField(choices=[("uphold", "Uphold"), ("lift", "Lift the sanction")])
    note = forms.CharField(
        required=False,
        max_length=1000,
        label="Note to the person",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
