"""The v2 training loaders (issue 10) derive the labels their docstrings promise, from tiny
files in the public sets' own formats; and the locked split keeps a comment's sentences with it."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pytest

from thoughtful.scoring import train
from thoughtful.scoring.features import GROUP_MASK, FeatureConfig, mask_groups


def _write(path: Path, header: list[str], rows: list[list[str]], sep: str = ",") -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep)
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue().encode()
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)


def test_toxic_spans_posts_and_sentences(tmp_path: Path) -> None:
    text = "The council met on Tuesday. You are an idiot and a liar."
    start = text.index("idiot")
    _write(tmp_path / "toxic_spans_comments.csv.gz", ["comment_id", "comment_text"], [["7", text]])
    _write(
        tmp_path / "toxic_spans_annotations.csv.gz",
        ["annotation", "comment_id", "worker", "country", "all toxic", "not toxic"],
        [["1", "7", "a", "USA", "False", "False"], ["2", "7", "b", "USA", "False", "True"]],
    )
    _write(
        tmp_path / "toxic_spans_spans.csv.gz",
        ["annotation", "type", "start", "end"],
        [["1", "Insult", str(start), str(start + 5)]],
    )
    rows = train.load_toxic_spans(tmp_path)
    post = next(r for r in rows if r.source == "toxic_spans")
    assert post.labels["toxicity"] is None  # no clean negatives at post level
    assert post.labels["insult"] == 0.5 and post.labels["attack_on_author"] == 0.5
    sents = {r.text: r for r in rows if r.source == "toxic_spans_sentences"}
    assert sents["You are an idiot and a liar."].labels["insult"] == 0.5
    assert sents["The council met on Tuesday."].labels["insult"] == 0.0
    assert sents["The council met on Tuesday."].labels["toxicity"] == 0.0
    assert all(r.group == text for r in rows)


def test_convabuse_aggregates_annotators(tmp_path: Path) -> None:
    cols = ["user"]
    for a in ("Annotator1", "Annotator2"):
        cols += [f"{a}_is_abuse.{k}" for k in ("1", "0", "-1", "-2", "-3")]
        cols += [f"{a}_{t}" for t in ("sex_harassment", "racist", "intellectual")]
        cols += [f"{a}_target.{t}" for t in ("generalised", "individual", "system")]
    row = ["you are a stupid bot"]
    row += ["0", "0", "0", "1", "0", "0", "0", "1", "0", "0", "1"]  # abusive, at the bot
    row += ["1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"]  # not abusive
    dropped = ["I hate you"] + ["0", "0", "1", "0", "0", "0", "0", "0", "0", "1", "0"] * 2
    for name in ("convabuse_train.csv", "convabuse_valid.csv", "convabuse_test.csv"):
        _write(tmp_path / name, cols, [row, dropped] if name.endswith("train.csv") else [])
    (only,) = train.load_convabuse(tmp_path)
    assert only.labels["toxicity"] == 0.5
    assert only.labels["attack_on_author"] == 0.5 == only.labels["attack_on_commenter"]
    assert only.labels["insult"] == 0.5 and only.labels["identity_attack"] == 0.0


def test_cat_negatives_are_civil_everywhere(tmp_path: Path) -> None:
    _write(tmp_path / "cat_large_gc.csv.gz", ["id", "text", "parent", "label", "api"],
           [["1", "See [[WP:NPOV|the policy]], you are wrong.", "x", "0", "0.9"]])  # fmt: skip
    _write(tmp_path / "cat_large_gn.csv.gz", ["id", "text", "label", "api", "parent"],
           [["2", "Get lost, moron", "1", "0.1", ""]])  # fmt: skip
    _write(tmp_path / "cat_small.csv", ["text", "parent_text", "tox_codes_oc", "label_oc",
                                        "tox_codes_ic", "label_ic"], [])  # fmt: skip
    civil, toxic = train.load_cat(tmp_path)
    assert civil.text.startswith("See the policy")
    assert civil.labels["attack_on_author"] == 0 and civil.labels["toxicity"] == 0
    assert toxic.labels["toxicity"] == 1.0 and toxic.labels["insult"] is None


def test_implicit_hate_threatening_is_a_threat(tmp_path: Path) -> None:
    _write(tmp_path / "implicit_hate_v1_stg1_posts.tsv.gz", ["post", "class"],
           [["they will regret coming here", "implicit_hate"], ["nice weather", "not_hate"],
            ["i hate black people", "explicit_hate"]], sep="\t")  # fmt: skip
    _write(tmp_path / "implicit_hate_v1_stg2_posts.tsv.gz",
           ["post", "implicit_class", "extra_implicit_class"],
           [["they will regret coming here", "threatening", ""]], sep="\t")  # fmt: skip
    rows = train.load_implicit_hate(tmp_path)
    assert [r.text for r in rows] == ["they will regret coming here", "nice weather"]
    assert rows[0].labels["threat"] == 1.0 and rows[0].labels["identity_attack"] == 1
    assert rows[1].labels["toxicity"] == 0 and rows[1].weight == 0.5


def test_sentence_rows_share_their_comment_split() -> None:
    text = "The council met on Tuesday. You are an idiot and a liar."
    rows = [
        train.Example(text, "toxic_spans", {}, group=text),
        train.Example("You are an idiot and a liar.", "toxic_spans_sentences", {}, group=text),
        train.Example("Some other sentence here.", "olid", {}),
    ]
    for r in rows:
        r.norm = train.normalise(r.text)
    splits = train.splits_of(rows)
    assert splits[0] == splits[1] == train.split_of(train.normalise(text))
    assert splits[2] == train.split_of(rows[2].norm)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("i hate gay", f"i hate {GROUP_MASK}"),
        ("black women and women", f"{GROUP_MASK} and {GROUP_MASK}"),
        ("the elderly, the end", f"{GROUP_MASK}, the end"),
        ("gayness is not a word here", "gayness is not a word here"),
    ],
)
def test_identity_masking(text: str, masked: str) -> None:
    cfg = FeatureConfig(group_terms=train.group_terms(), mask_groups=1)
    assert mask_groups(text, cfg) == masked
