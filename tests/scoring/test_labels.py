"""Labelled examples: suggestions from Perspective clients, one example per comment, and the
`thoughtful model --adapt` command and weekly job that fit on them (issue 10)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps

from tests.scoring.test_adapt import SITE_INSULT, site_examples
from thoughtful import periodic
from thoughtful.scoring import adapt, labels, model_cli, tasks
from thoughtful.scoring.models import LabelledExample
from thoughtful.scoring.scorer import get_scorer
from thoughtful.scoring.suggestions import store_suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def adapt_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(adapt.ENV_DIR, str(tmp_path / "adapt"))
    adapt.reset_cache()
    yield tmp_path / "adapt"
    adapt.reset_cache()


def test_a_suggestion_is_stored_with_perspectives_scores_as_labels() -> None:
    example = store_suggestion(
        "you absolute turnip",
        {"TOXICITY": {"summaryScore": {"value": 0.9}}, "INSULT": {"summaryScore": {"value": 1}}},
        client_token="coral-42",
        languages=["en"],
    )
    example.refresh_from_db()
    assert example.source == LabelledExample.Source.PERSPECTIVE_SUGGESTION
    assert example.labels == {"toxicity": 0.9, "insult": 1.0}
    assert example.client_token == "coral-42" and example.languages == ["en"]
    assert example.comment_id is None


@pytest.mark.parametrize(
    "scores",
    [{}, {"TOXICITY": {"summaryScore": {"value": 1.5}}}, {"TOXICITY": "high"}, ["TOXICITY"]],
)
def test_a_suggestion_without_a_usable_score_is_refused(scores: object) -> None:
    with pytest.raises(ValueError, match="attributeScores"):
        store_suggestion("some text", scores)
    with pytest.raises(ValueError, match="non-empty"):
        store_suggestion("  ", {"TOXICITY": {"summaryScore": {"value": 0.5}}})
    assert not LabelledExample.objects.exists()


def test_a_later_decision_on_a_comment_replaces_the_earlier_example() -> None:
    labels.record_example(
        text="hm",
        labels={"toxicity": 0},
        source=LabelledExample.Source.MODERATOR_APPROVE,
        comment_id=7,
    )
    labels.record_example(
        text="hm",
        labels={"toxicity": 1, "bad name!": 1, "threat": True},
        source=LabelledExample.Source.MODERATOR_REJECT,
        reason_code="personal_attack",
        comment_id=7,
    )
    example = LabelledExample.objects.get()
    assert example.source == "moderator_reject" and example.reason_code == "personal_attack"
    assert example.labels == {"toxicity": 1.0}


def _store_site_examples() -> None:
    LabelledExample.objects.bulk_create(
        LabelledExample(text=t, labels=lab, source=LabelledExample.Source.MODERATOR_REJECT)
        for t, lab in site_examples()
    )


def test_adapt_command_fits_checks_and_activates(adapt_dir: Path) -> None:
    _store_site_examples()
    before = get_scorer().score(SITE_INSULT)["toxicity"]
    out = io.StringIO()
    assert model_cli.adapt_now(out=out) == 0
    text = out.getvalue()
    assert "Fitted v0001" in text and "Activated v0001" in text
    assert "suite functional: auc" in text
    assert get_scorer().score(SITE_INSULT)["toxicity"] > before
    assert adapt.read_state(adapt_dir)["active"] == "v0001"


def test_adapt_command_with_too_few_examples_keeps_the_model(adapt_dir: Path) -> None:
    LabelledExample.objects.create(text="hello", labels={"toxicity": 0}, source="moderator_approve")
    out = io.StringIO()
    assert model_cli.adapt_now(out=out) == 1
    assert "Not enough labelled examples yet (1" in out.getvalue()
    assert adapt.versions(adapt_dir) == []


def test_weekly_job_is_off_by_default_and_fits_when_on(adapt_dir: Path, settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.SCORING_ADAPT_WEEKLY is False
    assert "scoring.adapt_weekly" not in {job.name for job in periodic.jobs()}
    _store_site_examples()
    assert tasks.adapt_weekly.call() == "off"
    assert adapt.versions(adapt_dir) == []
    settings.SCORING_ADAPT_WEEKLY = True
    apps.get_app_config("scoring").ready()
    try:
        job = next(j for j in periodic.jobs() if j.name == "scoring.adapt_weekly")
        assert job.every.days == 7
        assert tasks.adapt_weekly.call() == "v0001"
    finally:
        from thoughtful.periodic import registry

        registry._jobs.pop("scoring.adapt_weekly", None)


def test_a_validated_suggestion_as_the_endpoint_passes_it_is_stored() -> None:
    """The suggestscore view hands over its parsed request: Perspective names, plain values."""
    store_suggestion("nobody asked you", {"TOXICITY": 0.8, "ATTACK_ON_AUTHOR": 1.0}, None, None)
    example = LabelledExample.objects.get()
    assert example.labels == {"toxicity": 0.8, "attack_on_author": 1.0}
    assert example.client_token == "" and example.languages == []


def test_the_suggestscore_endpoint_keeps_the_suggestion(client, api_key) -> None:  # type: ignore[no-untyped-def]
    _, raw = api_key
    suggestion = {
        "comment": {"text": "You are a pathetic idiot"},
        "attributeScores": {
            "TOXICITY": {"summaryScore": {"value": 1}},
            "INSULT": {"spanScores": [{"begin": 0, "end": 9, "score": {"value": 0.9}}]},
        },
        "languages": ["en"],
        "clientToken": "comment:c-42",
    }
    answer = client.post(
        f"/v1alpha1/comments:suggestscore?key={raw}",
        data=json.dumps(suggestion),
        content_type="application/json",
    )
    assert answer.status_code == 200
    example = LabelledExample.objects.get()
    assert example.source == LabelledExample.Source.PERSPECTIVE_SUGGESTION
    assert example.text == "You are a pathetic idiot"
    assert example.labels == {"toxicity": 1.0, "insult": 0.9}
    assert example.client_token == "comment:c-42" and example.languages == ["en"]
    refused = {**suggestion, "attributeScores": {}}
    answer = client.post(
        f"/v1alpha1/comments:suggestscore?key={raw}",
        data=json.dumps(refused),
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert LabelledExample.objects.count() == 1
