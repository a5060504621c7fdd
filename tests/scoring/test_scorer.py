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
    if (data / train.DATA_FILES[0]).exists():
        assert config["training"]["data_sha256"] == train.fingerprint(
            data / f for f in train.DATA_FILES
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
        "Holy shit, what an ending.",
        "Damn, I needed this today.",
    ],
)
def test_untargeted_profanity_is_profane_not_toxic(text: str) -> None:
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
    evals = evalsets.all_cases()
    leaked = [c.text for c in evals if normalise(c.text) in augment]
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
