"""The site layer learnt from moderators: fitted, checked against the shipped model, versioned,
used by the scorer, rolled back (issue 10)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from thoughtful.scoring import adapt, model_cli
from thoughtful.scoring.scorer import get_scorer

OPENERS = ["honestly", "frankly", "look", "well", "sorry but", "to be fair"]
INSULTS = ["total", "complete", "sad", "utter", "real", "proper"]
PRAISE = ["brave", "careful", "gentle", "clear", "honest", "kind"]
# "turnip" is this site's insult: the shipped model has never seen it used so.
SITE_INSULT = "frankly, the author is a utter turnip"


def site_examples() -> list[tuple[str, dict[str, float]]]:
    attrs = get_scorer().attributes
    rejected = {"toxicity": 1.0, "insult": 1.0, "attack_on_author": 1.0}
    bad = [f"{o}, the author is a {x} turnip" for o in OPENERS for x in INSULTS]
    bad += [f"{o}, what a {x} turnip" for o in OPENERS for x in INSULTS]
    good = [f"{o}, the author is a {x} writer" for o in OPENERS for x in PRAISE]
    good += [f"{o}, what a {x} essay" for o in OPENERS for x in PRAISE]
    return [(t, rejected) for t in bad] + [(t, dict.fromkeys(attrs, 0.0)) for t in good]


@pytest.fixture
def adapt_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(adapt.ENV_DIR, str(tmp_path / "adapt"))
    adapt.reset_cache()
    yield tmp_path / "adapt"
    adapt.reset_cache()


def test_a_layer_learns_the_sites_insult_passes_the_check_and_is_used(adapt_dir: Path) -> None:
    scorer = get_scorer()
    before = scorer.score(SITE_INSULT)["toxicity"]
    kind = "Thank you for writing this; my mother went through the same."
    kind_before = scorer.score(kind)["toxicity"]
    candidate = adapt.build(site_examples(), scorer)
    assert candidate is not None
    assert candidate.passed, candidate.report
    assert set(candidate.layer.fitted) == {"toxicity", "insult", "attack_on_author"}
    for attr, r in candidate.report["holdout"].items():
        assert r["adapted"] < r["shipped"], attr
    assert candidate.report["suite_worse"] == []

    name = adapt.save(candidate)
    assert name == "v0001"
    assert get_scorer().score(SITE_INSULT)["toxicity"] == before  # saved, not yet active
    adapt.activate(name)
    after = get_scorer().score(SITE_INSULT)
    assert before < 0.5 < after["toxicity"]
    assert after["threat"] == scorer.score_batch([SITE_INSULT])[0]["threat"]  # not fitted
    assert abs(get_scorer().score(kind)["toxicity"] - kind_before) < 0.05
    with adapt.shipped_only():
        assert get_scorer().score(SITE_INSULT)["toxicity"] == before
    assert (adapt_dir / "versions" / "v0001" / "layer.npz").exists()


def test_the_check_refuses_a_layer_that_does_worse_on_the_evaluation_suite(
    adapt_dir: Path,
) -> None:
    scorer = get_scorer()
    layer = adapt.Layer.identity(scorer.version, scorer.attributes)
    tox = scorer.attributes.index("toxicity")
    layer.coef[tox, tox] = -1.0  # inverts toxicity: hateful ranks as kind
    layer.fitted = ("toxicity",)
    passed, report = adapt.gate(layer, scorer, holdout=None)
    assert not passed
    assert any(line.startswith("functional auc") for line in report["suite_worse"])
    name = adapt.save(adapt.Candidate(layer=layer, passed=passed, report=report))
    with pytest.raises(adapt.AdaptError, match="did not pass"):
        adapt.activate(name)
    assert adapt.read_state()["active"] is None


def test_compare_suite_allows_only_the_tolerance() -> None:
    shipped = {"ood": {"auc": 0.90, "accuracy": 0.8}, "identity": {"max_abs_gap": 0.05}}
    same = {"ood": {"auc": 0.895, "accuracy": 0.81}, "identity": {"max_abs_gap": 0.055}}
    worse = {"ood": {"auc": 0.85, "accuracy": 0.8}, "identity": {"max_abs_gap": 0.2}}
    assert adapt.compare_suite(shipped, same, tolerance=0.01) == []
    assert len(adapt.compare_suite(shipped, worse, tolerance=0.01)) == 2
    # A section the suite gains later is held to its ROC-AUC as well.
    later = {"threat_suite": {"auc": 0.9, "n": 40}}
    assert adapt.compare_suite(later, {"threat_suite": {"auc": 0.7, "n": 40}}) == [
        "threat_suite auc: shipped 0.900, adapted 0.700"
    ]


def _passing_version(scorer_version: str, attributes: tuple[str, ...], bump: float) -> str:
    layer = adapt.Layer.identity(scorer_version, attributes)
    layer.words[:, attributes.index("toxicity")] = bump
    layer.fitted = ("toxicity",)
    return adapt.save(adapt.Candidate(layer=layer, passed=True, report={}))


def test_rollback_returns_to_the_previous_version_then_to_the_shipped_model(
    adapt_dir: Path,
) -> None:
    scorer = get_scorer()
    text = "an ordinary sentence about a garden"
    shipped = scorer.score(text)["toxicity"]
    first = _passing_version(scorer.version, scorer.attributes, 0.5)
    second = _passing_version(scorer.version, scorer.attributes, 1.5)
    adapt.activate(first)
    with_first = scorer.score(text)["toxicity"]
    adapt.activate(second)
    with_second = scorer.score(text)["toxicity"]
    assert shipped < with_first < with_second

    out, err = io.StringIO(), io.StringIO()
    assert model_cli.rollback(out=out, err=err) == 0
    assert "Now using v0001" in out.getvalue()
    assert scorer.score(text)["toxicity"] == with_first
    assert adapt.rollback() is None
    assert scorer.score(text)["toxicity"] == shipped
    assert model_cli.rollback(out=out, err=err) == 1
    assert "nothing to roll back" in err.getvalue()


def test_status_lists_versions_and_the_one_in_use(adapt_dir: Path) -> None:
    scorer = get_scorer()
    name = _passing_version(scorer.version, scorer.attributes, 0.2)
    stale = _passing_version("an-older-model", scorer.attributes, 0.2)
    adapt.activate(name)
    out = io.StringIO()
    assert model_cli.status(out=out) == 0
    text = out.getvalue()
    assert f"shipped  model {scorer.version}\n" in text
    assert f"{name}" in text and "<- in use" in text.split(name)[1].split("\n")[0]
    assert "fitted over model an-older-model (not applied)" in text.split(stale)[1]


def test_a_layer_fitted_over_another_shipped_model_is_not_applied(adapt_dir: Path) -> None:
    scorer = get_scorer()
    text = "an ordinary sentence about a garden"
    shipped = scorer.score(text)["toxicity"]
    name = _passing_version("an-older-model", scorer.attributes, 3.0)
    adapt.activate(name)
    assert adapt.active_layer() is not None
    assert scorer.score(text)["toxicity"] == shipped


def test_too_few_examples_fit_nothing() -> None:
    scorer = get_scorer()
    assert adapt.build(site_examples()[:10], scorer) is None
    only_one_kind = [(f"comment {i}", {"toxicity": 0.0}) for i in range(50)]
    assert adapt.build(only_one_kind, scorer) is None


def test_a_damaged_version_is_ignored_by_the_scorer(adapt_dir: Path) -> None:
    scorer = get_scorer()
    text = "an ordinary sentence about a garden"
    shipped = scorer.score(text)["toxicity"]
    name = _passing_version(scorer.version, scorer.attributes, 3.0)
    adapt.activate(name)
    (adapt_dir / "versions" / name / "layer.npz").write_bytes(b"not an npz")
    adapt._write_state(adapt_dir, adapt.read_state(adapt_dir))  # a serving process reloads
    assert adapt.active_layer() is None
    assert scorer.score(text)["toxicity"] == shipped


def test_word_rows_have_unit_norm_and_skip_function_words() -> None:
    r, _c, v = adapt.word_rows(["the and of", "turnip soup", ""])
    assert set(r.tolist()) == {1}  # only the second text has content words
    assert np.isclose((v[r == 1] ** 2).sum(), 1.0)


def test_the_console_script_runs_model_status(
    adapt_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from thoughtful import cli

    assert cli.main(["model", "--status"]) == 0
    assert "<- in use" in capsys.readouterr().out
    assert cli.main(["--help"]) == 0
    assert "model" in capsys.readouterr().out
