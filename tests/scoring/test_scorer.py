"""The shipped artefact: loads without pickle, scores in [0, 1], and gets the key cases right.

Thresholds are honest: the hostile and hateful cases must be flagged at the 0.5 threshold the
pipeline uses, the benign ones must stay clearly below it.
"""

from __future__ import annotations

import json
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest

from thoughtful.scoring import evalsets, train
from thoughtful.scoring.features import FeatureConfig, normalise, transform
from thoughtful.scoring.scorer import ARRAYS_FILE, ATTRIBUTES, MODEL_DIR, Scorer, get_scorer

THRESHOLD = 0.5


def test_artefact_is_small_and_has_no_pickle() -> None:
    files = list(MODEL_DIR.iterdir())
    assert not [f for f in files if f.suffix in {".pkl", ".pickle", ".joblib"}]
    assert sum(f.stat().st_size for f in files) <= 20 * 1024 * 1024
    with np.load(MODEL_DIR / ARRAYS_FILE, allow_pickle=False) as arrays:
        for name in ("idf", "weights", "bias", "calib_a", "calib_b"):
            assert arrays[name].dtype != object
    with zipfile.ZipFile(MODEL_DIR / ARRAYS_FILE) as zf:
        assert all(n.endswith(".npy") for n in zf.namelist())


def test_config_matches_arrays_and_sources() -> None:
    config = json.loads((MODEL_DIR / "config.json").read_text())
    assert tuple(config["attributes"]) == ATTRIBUTES
    # the recorded fingerprint of our augmentation set matches the files: retrain after editing
    assert config["training"]["augment_sha256"] == train.fingerprint(
        sorted(train.AUGMENT_DIR.glob("*.*"))
    )
    data = train.data_dir()
    if all((data / f).exists() for f in train.DATA_FILES + train.V2_FILES):
        assert config["training"]["data_sha256"] == train.fingerprint(
            data / f for f in train.DATA_FILES + train.V2_FILES
        )
    with np.load(MODEL_DIR / ARRAYS_FILE, allow_pickle=False) as arrays:
        import hashlib

        for name, digest in config["arrays_sha256"].items():
            assert hashlib.sha256(arrays[name].tobytes()).hexdigest() == digest


def test_get_scorer_is_cached_and_thread_safe() -> None:
    seen: list[Scorer] = []
    threads = [threading.Thread(target=lambda: seen.append(get_scorer())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(s) for s in seen}) == 1


def test_scores_are_probabilities_for_odd_input() -> None:
    texts = ["", " ", "a", "💔" * 50, "x" * 20000, "\ufffd\x00 weird", "normal comment"]
    for row in get_scorer().score_batch(texts):
        assert set(row) == set(ATTRIBUTES)
        assert all(0.0 <= v <= 1.0 for v in row.values())


def test_batch_equals_single() -> None:
    s = get_scorer()
    texts = ["You are a fool.", "Lovely essay.", "Holy shit this is good"]
    batch = s.score_batch(texts)
    assert batch == [s.score(t) for t in texts]


def test_features_do_not_leak_between_batch_rows() -> None:
    cfg = FeatureConfig()
    idf = np.ones(cfg.n_features, np.float32)
    one = transform(["abc"], cfg, idf)
    two = transform(["abc", "xyz"], cfg, idf)
    assert list(one.indices) == list(two.indices[: two.indptr[1]])


def test_normalise_undoes_obfuscation() -> None:
    assert normalise("you 1d10t") == "you idiot"
    assert normalise("k1ll yourself") == "kill yourself"
    assert normalise("stuuupid") == "stupid"
    assert normalise("f u c k off") == "fuck off"
    assert normalise("RT @someone: hi http://x.co") == "hi"
    assert normalise("you st*pid f.u.c.k") == "you stpid fuck"
    assert normalise("I h4te them") == "i hate them"


def test_spelling_variants_share_features() -> None:
    """A dropped or swapped vowel, a masked letter or a missing space leaves features shared
    with the real spelling (consonant skeletons, joined word pairs)."""
    cfg = FeatureConfig(skeletons=1, joined_pairs=1)
    idf = np.ones(cfg.n_features, np.float32)

    def cols(text: str) -> set[int]:
        return set(transform([text], cfg, idf).indices.tolist())

    for variant, real in [
        ("they are disgsuting", "they are disgusting"),
        ("they are animls", "they are animals"),
        ("they are sc*m", "they are scum"),
        ("they arevermin", "they are vermin"),
    ]:
        word_cols = {c for c in cols(real) if c >= cfg.n_char}
        assert word_cols & cols(variant) - cols("they are"), variant


def test_group_features_transfer_between_identity_terms() -> None:
    """Any identity term in the lexicon yields the same GROUP features, so a pattern learnt
    for one group is shared by every other; text without an identity term gets none."""
    from thoughtful.scoring.features import _context_tokens

    cfg = FeatureConfig(group_terms=train.group_terms())
    a = _context_tokens(normalise("I absolutely loathe Muslims."), cfg)
    b = _context_tokens(normalise("I absolutely loathe gay men."), cfg)
    assert a == b
    assert "loathe~GROUP" in a
    assert _context_tokens(normalise("I absolutely loathe Mondays."), cfg) == []
    shipped = get_scorer().features
    assert shipped.group_terms == train.group_terms()


ISSUE_BENIGN = "Survivor here, thank you for naming this"
ISSUE_HOSTILE = [
    "Men like you should be locked up, creep",
    "You should be ashamed to show your face, nobody wants to read your self-pitying garbage",
]


def tox(text: str) -> float:
    return get_scorer().score(text)["toxicity"]


def test_issue_sentences() -> None:
    assert tox(ISSUE_BENIGN) < 0.1
    for text in ISSUE_HOSTILE:
        assert tox(text) >= THRESHOLD, text
        assert get_scorer().score(text)["attack_on_author"] >= THRESHOLD, text


@pytest.mark.parametrize(
    "text",
    [
        "this is so fucking good",
        "Damn, I needed this today.",
    ],
)
def test_untargeted_profanity_is_profane_not_toxic(text: str) -> None:
    # v2 regression, reported in MODEL_CARD.md (Known failure modes): "Holy shit, what an
    # ending." now scores toxicity just over 0.5.
    scores = get_scorer().score(text)
    assert scores["toxicity"] < THRESHOLD
    assert scores["profanity"] >= THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "Calling immigrants vermin is hateful, and I reported the comment that did.",
        "I was raped at sixteen. Thank you for writing this.",
        "My neighbours are Muslims and they are lovely people.",
    ],
)
def test_counter_speech_and_support_pass(text: str) -> None:
    assert tox(text) < THRESHOLD


@pytest.mark.parametrize(
    "text",
    ["I will kill you.", "I know where you live and I'm coming for you.", "kill yourself"],
)
def test_clear_threats(text: str) -> None:
    scores = get_scorer().score(text)
    assert scores["toxicity"] >= THRESHOLD
    assert scores["threat"] >= THRESHOLD


def test_eval_sets_are_not_in_training() -> None:
    augment = {normalise(e.text) for e in train.load_augment()}
    evals = [c.text for c in evalsets.all_cases()]
    evals += [c.text for c in evalsets.essay_comments()] + list(evalsets.NEUTRAL_PADDING)
    evals += [c.text for c in evalsets.public_identity_templates()]
    leaked = [t for t in evals if normalise(t) in augment]
    assert not leaked


def test_roc_auc() -> None:
    assert evalsets.roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert evalsets.roc_auc([0, 1], [0.5, 0.5]) == 0.5
    assert evalsets.roc_auc([1, 0], [0.9, 0.1]) == 1.0


def test_load_rejects_pickled_arrays(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text((MODEL_DIR / "config.json").read_text())
    np.savez(tmp_path / ARRAYS_FILE, idf=np.array([object()], dtype=object))
    from thoughtful.scoring.scorer import ModelError

    with pytest.raises(ModelError):
        Scorer.load(tmp_path)


def test_out_of_fold_blocks_keep_paraphrases_together() -> None:
    # Out-of-fold scores for the augmentation set (train._oof_logits) are only honest if every
    # expansion of a template, and its neighbouring paraphrases, sit in the same fold.
    examples = train.load_augment()
    folds = train._folds(examples)
    by_block: dict[str, set[int]] = {}
    for ex, k in zip(examples, folds, strict=True):
        assert ex.block
        by_block.setdefault(ex.block, set()).add(int(k))
    assert all(len(ks) == 1 for ks in by_block.values())
    assert set(folds.tolist()) == set(range(train.CALIB_FOLDS))


# --- scorer v2 (issue 10) -------------------------------------------------------------------


def test_sentence_spans_are_offsets_into_the_text() -> None:
    from thoughtful.scoring.features import sentence_spans

    text = 'Lovely essay.  I know where you work!\nSee you "soon?" ok'
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Lovely essay.",
        "I know where you work!",
        'See you "soon?"',
        "ok",
    ]
    assert sentence_spans("") == [] and sentence_spans(" ... ") == []


def test_score_spans_gives_each_sentence_its_scores() -> None:
    s = get_scorer()
    text = "Thank you for writing this. You are a pathetic liar and a fraud."
    spans = s.score_spans(text)
    assert [(sp["begin"], sp["end"]) for sp in spans] == [(0, 27), (28, len(text))]
    assert set(spans[0]["scores"]) == set(ATTRIBUTES)
    assert spans[1]["scores"]["insult"] > spans[0]["scores"]["insult"]
    assert spans[1]["scores"]["insult"] >= THRESHOLD
    # the comment's score is at least its worst sentence's, attribute by attribute
    whole = s.score(text)
    for name in ATTRIBUTES:
        assert whole[name] >= max(sp["scores"][name] for sp in spans) - 1e-4
    assert s.score_spans("") == []


@pytest.mark.parametrize(
    "hostile",
    [
        "You are a pathetic liar and everyone knows it.",
        "Go hang yourself, you worthless fraud.",
        "Kill yourself.",
    ],
)
def test_neutral_padding_does_not_dilute_a_hostile_sentence(hostile: str) -> None:
    s = get_scorer()
    alone = s.score(hostile)
    worst = max(alone, key=lambda k: alone[k])
    assert alone[worst] >= THRESHOLD
    padded = s.score(f"{evalsets.NEUTRAL_PADDING[0]} {hostile} {evalsets.NEUTRAL_PADDING[3]}")
    assert padded[worst] >= 0.9 * alone[worst]


def test_identity_words_carry_no_score_of_their_own() -> None:
    """Benign sentences differing only in the identity word score alike ("homosexual" was the
    1.x models' outlier), and hateful ones are still caught."""
    s = get_scorer()
    for template in ("I am {g}.", "Being {g} is wonderful.", "My neighbour is a kind {g} man."):
        scores = [tox(template.format(g=g)) for g in ("homosexual", "gay", "straight", "jewish")]
        assert max(scores) < THRESHOLD
        assert max(scores) - min(scores) < 0.05, template
    assert tox("I hate homosexual people, they are disgusting vermin.") >= THRESHOLD
    assert s.features.mask_groups and "homosexual" in s.features.group_terms


def test_attack_on_commenter_is_scored() -> None:
    s = get_scorer()
    assert "attack_on_commenter" in s.attributes
    assert s.score("You are an idiot and your comment is garbage.")["attack_on_commenter"] >= (
        THRESHOLD
    )
    assert (
        s.score("I disagree with your comment about the statistics.")["attack_on_commenter"]
        < THRESHOLD
    )


def test_locked_split_is_deterministic_and_by_text() -> None:
    assert train.split_of("you are a fool") == train.split_of("you are a fool")
    counts = {k: 0 for k in ("test", "calib", "train")}
    for i in range(4000):
        counts[train.split_of(f"comment number {i}")] += 1
    assert 0.12 < counts["test"] / 4000 < 0.18
    assert 0.07 < counts["calib"] / 4000 < 0.13
