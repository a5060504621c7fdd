"""Text normalisation and hashed word + character n-gram features, in numpy only.

The same code builds the training matrix (thoughtful.scoring.train) and the serving features
(thoughtful.scoring.scorer), so training and inference can never disagree. No Django, no
scikit-learn, no pickle: everything a model needs to rebuild these features is a handful of
integers in its config.json (see ``FeatureConfig``).

Features, for each comment:
- character n-grams (``char_min``..``char_max``) over the normalised text padded with spaces,
  hashed with a polynomial rolling hash computed for the whole batch at once in numpy;
- word unigrams and bigrams, hashed with CRC-32, plus (per ``FeatureConfig``) consonant
  skeletons, joined word pairs, and GROUP features around identity terms.
Each block gets sublinear term frequency (1 + log count), an IDF weight learnt at training
time, and its own L2 normalisation, so a long comment is not louder than a short one.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
import zlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

# Longest text the scorer looks at, in characters; the rest is ignored (documented in the
# README and reported by the CLI). Long essays-as-comments are rare and the start carries tone.
MAX_CHARS = 5000

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# Twitter handles (and OLID's "@USER"); short "@ss"-like tokens are left for the leet mapping.
_MENTION = re.compile(r"(?<!\w)@\w{4,}")
_RETWEET = re.compile(r"^\s*rt\b[\s:]*", re.IGNORECASE)
_ENTITY_NUM = re.compile(r"&#\d+;?")
# a token mixing letters with digits or look-alike symbols: "1d10t", "k1ll", "b!tch", "@ss"
_LEET_TOKEN = re.compile(r"(?=[\w@$!|*]*[a-z])(?=[\w@$!|*]*[0-9@$!|])[\w@$!|*]*[\w@$|*]")
_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "9": "g",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
    }
)
_REPEAT = re.compile(r"(.)\1{2,}")
# "st*pid", "sc*m", "f**k": masking symbols inside a word are dropped ("stpid"); the word's
# consonant skeleton then meets the real word's ("stpd"), see ``_skeletons``.
_MASK = re.compile(r"(?<=[a-z])[*#]+(?=[a-z])")
# "f.u.c.k", "k-i-l-l", "s_c_u_m": single letters joined by a separator are one word
_DOTTED = re.compile(r"\b(?:[a-z][.\-_*] ?){2,}[a-z]\b")
# "f u c k", "k y s", "s c u m": letters spelled out with spaces are joined back into a word
_SPACED = re.compile(r"\b(?:[a-z] ){2,}[a-z]\b")
_SPACE = re.compile(r"\s+")
_DOT_SEP = re.compile(r"[.\-_* ]")
_NO_VOWELS = str.maketrans("", "", "aeiou'")
_DOUBLE = re.compile(r"(.)\1+")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|\*+")


def normalise(text: str) -> str:
    """Lower-case and clean a comment: drop URLs, @mentions and retweet markers, undo
    leetspeak inside words ("1d10t" -> "idiot"), squash stretched letters ("stuuupid" ->
    "stupid"), join spelled-out words ("f u c k") and whitespace."""
    text = text[:MAX_CHARS].replace("\0", " ")  # NUL separates comments in a batch
    if "&" in text:
        text = html.unescape(_ENTITY_NUM.sub(" ", text))
    text = _URL.sub(" ", text)
    if "@" in text:
        text = _MENTION.sub(" ", text)
    text = _RETWEET.sub("", text).lower().replace("\u2019", "'")
    text = _LEET_TOKEN.sub(lambda m: m.group().translate(_LEET), text)
    if "*" in text or "#" in text:
        text = _MASK.sub("", text)
    text = text.replace("#", " ")
    text = _DOTTED.sub(lambda m: _DOT_SEP.sub("", m.group()), text)
    text = _REPEAT.sub(r"\1", text)
    text = _SPACE.sub(" ", text).strip()
    return _SPACED.sub(lambda m: m.group().replace(" ", ""), text)


# A sentence (or a line, or a clause after ";") of a comment: the shortest run of text that
# ends in sentence punctuation (and any closing quotes or brackets) followed by white space,
# or at a line break, a semicolon, or the end of the text.
_SENTENCE = re.compile(
    r"\S(?:.*?)(?:[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s|$)|;(?=\s)|(?=\s*\n)|$)", re.DOTALL
)
MAX_SPANS = 40  # sentences scored apart per comment; the rest are covered by the whole


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of the sentences of ``text`` (within ``MAX_CHARS``), in
    order, without surrounding white space; a text without letters or digits gives []."""
    out = []
    for m in _SENTENCE.finditer(text[:MAX_CHARS]):
        start, end = m.start(), m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        if any(ch.isalnum() for ch in text[start:end]):
            out.append((start, end))
    return out


@dataclass(frozen=True)
class FeatureConfig:
    char_bits: int = 19
    word_bits: int = 18
    char_min: int = 2
    char_max: int = 5
    word_weight: float = 1.0
    char_weight: float = 1.0
    # Spelling-variation features in the word block (0 = off, the 1.0 models' behaviour):
    # consonant skeletons of words ("disgsuting", "animls", "sc*m" meet "disgusting",
    # "animals", "scum") and adjacent words joined ("are vermin" -> "arevermin", so "dis
    # gusting" meets "disgusting" and "Killall" meets "kill all").
    skeletons: int = 0
    joined_pairs: int = 0
    # Generalisation features in the word block (0 = off): ``group_terms`` are identity terms
    # (one lower-case word or phrase each); every mention is also seen as one shared ``GROUP``
    # token, and the word block gets the n-grams around it ("GROUP are", "those GROUP",
    # "GROUP are nothing") plus GROUP paired with each word of its clause ("GROUP~parasites",
    # "loathe~GROUP"), so contempt learnt for some groups transfers to groups the training
    # data never names. Mentions are matched on whole words, longest phrase first.
    group_terms: tuple[str, ...] = ()
    group_window: int = 6
    # Identity-term masking (0 = off): every mention of a ``group_terms`` phrase is replaced by
    # one placeholder word before any n-gram is taken, so an identity word carries no score of
    # its own (the 1.x models learnt "homosexual" as toxic from tweets); only its context does.
    mask_groups: int = 0
    # Transposition keys (0 = off): each word of 4+ letters also yields its first letter, its
    # inner letters sorted and its last letter ("pgis" and "pigs" both give "@pgis"), so swapped
    # inner letters meet the real word.
    anagrams: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "group_terms", tuple(self.group_terms))

    @property
    def n_char(self) -> int:
        return 1 << self.char_bits

    @property
    def n_word(self) -> int:
        return 1 << self.word_bits

    @property
    def n_features(self) -> int:
        return self.n_char + self.n_word

    def to_dict(self) -> dict[str, float | int | list[str]]:
        d = asdict(self)
        d["group_terms"] = list(self.group_terms)
        return d


_PRIME = np.uint64(1_000_003)
_MIX_INT = 0x9E3779B97F4A7C15  # Fibonacci hashing multiplier
_MIX = np.uint64(_MIX_INT)


@dataclass
class SparseRows:
    """A CSR matrix as three numpy arrays (what scipy.sparse.csr_matrix takes)."""

    data: np.ndarray  # float32 values
    indices: np.ndarray  # int64 column ids
    indptr: np.ndarray  # int64 row pointers, len n_rows + 1
    n_cols: int

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1


def _count(doc: np.ndarray, col: np.ndarray, n_docs: int, n_cols: int) -> SparseRows:
    """Count (doc, col) pairs into sorted CSR arrays with 1 + log(count) values."""
    if doc.size == 0:
        return SparseRows(
            np.zeros(0, np.float32), np.zeros(0, np.int64), np.zeros(n_docs + 1, np.int64), n_cols
        )
    keys, counts = np.unique(doc * np.int64(n_cols) + col, return_counts=True)
    rows = keys // n_cols
    cols = keys - rows * n_cols
    indptr = np.zeros(n_docs + 1, np.int64)
    np.cumsum(np.bincount(rows, minlength=n_docs), out=indptr[1:])
    return SparseRows((1.0 + np.log(counts)).astype(np.float32), cols, indptr, n_cols)


def _char_counts(texts: Sequence[str], cfg: FeatureConfig) -> SparseRows:
    # One array for the whole batch, texts separated by NUL; windows that touch a NUL are
    # dropped, so no n-gram spans two comments.
    joined = "\0" + "\0".join(f" {t} " for t in texts) + "\0"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    is_sep = codes == 0
    doc_of = np.cumsum(is_sep) - 1  # index of the comment each character belongs to
    shift = np.uint64(64 - cfg.char_bits)
    docs, cols = [], []
    h = codes.copy()
    for n in range(1, cfg.char_max + 1):
        if n > 1:
            h = h[:-1] * _PRIME + codes[n - 1 :]
        if n < cfg.char_min:
            continue
        length = h.shape[0]
        ok = (doc_of[:length] == doc_of[n - 1 :]) & ~is_sep[:length]
        # n is folded in so that "ab" and "\x00ab" never share a bucket by construction.
        bucket = ((h[ok] + np.uint64((n * _MIX_INT) % 2**64)) * _MIX) >> shift
        docs.append(doc_of[:length][ok])
        cols.append(bucket.astype(np.int64))
    return _count(np.concatenate(docs), np.concatenate(cols), len(texts), cfg.n_char)


def _skeletons(text: str) -> list[str]:
    """Consonant skeletons of words of 3+ letters: vowels dropped, doubled letters squashed
    ("disgusting" -> "#dsgstng", "worthlesss" -> "#wrthls"). A dropped, swapped or masked
    vowel leaves a word's skeleton unchanged; skeletons shorter than two letters are skipped."""
    out = []
    for w in _WORD.findall(text):
        if len(w) >= 3 and w[0] != "*":
            k = _DOUBLE.sub(r"\1", w.translate(_NO_VOWELS))
            if len(k) >= 2:
                out.append("#" + k)
    return out


def _anagram_keys(words: list[str]) -> list[str]:
    return ["@" + w[0] + "".join(sorted(w[1:-1])) + w[-1] for w in words if len(w) >= 4]


# The placeholder a masked identity term becomes: lower-case letters, so every later step
# treats it as an ordinary word, and a string no English text contains.
GROUP_MASK = "qgroupq"


@functools.lru_cache(maxsize=8)
def _mask_lexicon(terms: tuple[str, ...]) -> dict[str, set[tuple[str, ...]]]:
    """First word of an identity phrase -> the phrases (as word tuples) starting with it."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for t in terms:
        words = tuple(t.lower().split())
        if words:
            out.setdefault(words[0], set()).add(words)
    return out


_MASK_WORD = re.compile(r"[a-z0-9']+")


def mask_groups(text: str, cfg: FeatureConfig) -> str:
    """Normalised text with every identity phrase (whole words, longest first, up to three
    words) replaced by ``GROUP_MASK``."""
    if not (cfg.mask_groups and cfg.group_terms):
        return text
    lexicon = _mask_lexicon(cfg.group_terms)
    tokens = _MASK_WORD.findall(text)
    hits = [i for i, w in enumerate(tokens) if w in lexicon]
    if not hits:
        return text
    words = list(_MASK_WORD.finditer(text))
    out: list[str] = []
    pos = 0
    done = 0  # first word not yet consumed by a mask
    for i in hits:
        if i < done:
            continue
        phrases = lexicon[tokens[i]]
        for n in (3, 2, 1):
            if i + n <= len(tokens) and tuple(tokens[i : i + n]) in phrases:
                out += [text[pos : words[i].start()], GROUP_MASK]
                pos = words[i + n - 1].end()
                done = i + n
                break
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


_CLAUSE = re.compile(r"[.,;:!?()\"]+|\b(?:but|because|and|so|though|although)\b")
_GROUP = "GROUP"  # upper case: lower-cased text can never produce it


@functools.lru_cache(maxsize=8)
def _group_lexicon(terms: tuple[str, ...]) -> dict[tuple[str, ...], int]:
    """Identity phrase (as a word tuple) -> its length in words."""
    out: dict[tuple[str, ...], int] = {(GROUP_MASK,): 1}
    for t in terms:
        words = tuple(w.replace("'", "") for w in _WORD.findall(t.lower()))
        if words:
            out[words] = len(words)
    return out


def _generalised(words: list[str], lexicon: dict[tuple[str, ...], int]) -> list[str]:
    """Words with every identity phrase (longest match, up to three words) replaced by GROUP."""
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            if tuple(words[i : i + n]) in lexicon:
                out.append(_GROUP)
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out


@functools.lru_cache(maxsize=8)
def _lexicon_firsts(terms: tuple[str, ...]) -> frozenset[str]:
    return frozenset(k[0] for k in _group_lexicon(terms))


def _mentions_group(words: list[str], cfg: FeatureConfig) -> bool:
    """Whether any identity phrase occurs in ``words`` (a quick test before the clause-by-
    clause pass; a phrase inside a clause always occurs in the whole word list too)."""
    lexicon = _group_lexicon(cfg.group_terms)
    firsts = _lexicon_firsts(cfg.group_terms)
    for i, w in enumerate(words):
        if w in firsts:
            for n in (1, 2, 3):
                if tuple(words[i : i + n]) in lexicon:
                    return True
    return False


def _context_tokens(text: str, cfg: FeatureConfig) -> list[str]:
    """GROUP n-grams and GROUP-word pairs within a clause (see ``FeatureConfig``)."""
    out: list[str] = []
    lexicon = _group_lexicon(cfg.group_terms)
    if not _mentions_group([w.replace("'", "") for w in _WORD.findall(text)], cfg):
        return out
    for clause in _CLAUSE.split(text):
        g = _generalised([w.replace("'", "") for w in _WORD.findall(clause)], lexicon)
        where = [k for k, w in enumerate(g) if w == _GROUP]
        if not where:
            continue
        for a, b in itertools.pairwise(g):
            if _GROUP in (a, b):
                out.append(f"{a} {b}")
        for a, b, c in zip(g, g[1:], g[2:], strict=False):
            if _GROUP in (a, b, c):
                out.append(f"{a} {b} {c}")
        for k in where:
            lo, hi = max(0, k - cfg.group_window), k + cfg.group_window + 1
            out += [f"{w}~{_GROUP}" for w in g[lo:k] if w != _GROUP]
            out += [f"{_GROUP}~{w}" for w in g[k + 1 : hi] if w != _GROUP]
    return out


@functools.lru_cache(maxsize=1 << 18)
def _word_hashes(w: str, mask: int, skeletons: int, anagrams: int) -> tuple[int, ...]:
    """The word block's hashes that depend on one word alone (cached: words repeat): the word,
    its consonant skeleton and its transposition key, as ``_skeletons``/``_anagram_keys``."""
    out = [zlib.crc32(w.encode()) & mask]
    if skeletons:
        out += [zlib.crc32(k.encode()) & mask for k in _skeletons(w)]
    if anagrams:
        out += [zlib.crc32(k.encode()) & mask for k in _anagram_keys([w])]
    return tuple(out)


def _word_counts(texts: Sequence[str], cfg: FeatureConfig) -> SparseRows:
    mask = cfg.n_word - 1
    docs: list[int] = []
    cols: list[int] = []
    crc = zlib.crc32
    for i, text in enumerate(texts):
        words = _WORD.findall(text)
        hashes = [h for w in words for h in _word_hashes(w, mask, cfg.skeletons, cfg.anagrams)]
        hashes += [crc(f"{a} {b}".encode()) & mask for a, b in itertools.pairwise(words)]
        if cfg.joined_pairs:
            hashes += [crc((a + b).encode()) & mask for a, b in itertools.pairwise(words)]
        if cfg.group_terms:
            hashes += [crc(k.encode()) & mask for k in _context_tokens(text, cfg)]
        docs.extend([i] * len(hashes))
        cols.extend(hashes)
    return _count(
        np.asarray(docs, dtype=np.int64), np.asarray(cols, dtype=np.int64), len(texts), cfg.n_word
    )


def _l2_rows(rows: SparseRows, weight: float) -> None:
    sq = np.bincount(
        np.repeat(np.arange(rows.n_rows), np.diff(rows.indptr)),
        weights=rows.data.astype(np.float64) ** 2,
        minlength=rows.n_rows,
    )
    norm = np.sqrt(sq)
    norm[norm == 0] = 1.0
    rows.data *= np.repeat((weight / norm).astype(np.float32), np.diff(rows.indptr))


def count_features(texts: Sequence[str], cfg: FeatureConfig) -> tuple[SparseRows, SparseRows]:
    """Raw (1 + log tf) char and word blocks for already-normalised texts."""
    if cfg.mask_groups and cfg.group_terms:
        texts = [mask_groups(t, cfg) for t in texts]
    return _char_counts(texts, cfg), _word_counts(texts, cfg)


def transform(
    texts: Sequence[str], cfg: FeatureConfig, idf: np.ndarray, *, normalised: bool = False
) -> SparseRows:
    """Full feature rows: tf-idf per block, L2-normalised per block, char block first."""
    norm = list(texts) if normalised else [normalise(t) for t in texts]
    char, word = count_features(norm, cfg)
    char.data *= idf[char.indices]
    word.data *= idf[cfg.n_char + word.indices]
    _l2_rows(char, cfg.char_weight)
    _l2_rows(word, cfg.word_weight)
    # interleave the two blocks row by row
    n = len(norm)
    c_len, w_len = np.diff(char.indptr), np.diff(word.indptr)
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum(c_len + w_len, out=indptr[1:])
    total = int(indptr[-1])
    data = np.empty(total, np.float32)
    indices = np.empty(total, np.int64)
    c_pos = np.repeat(indptr[:-1] - char.indptr[:-1], c_len) + np.arange(char.data.size)
    w_pos = np.repeat(indptr[:-1] + c_len - word.indptr[:-1], w_len) + np.arange(word.data.size)
    data[c_pos], indices[c_pos] = char.data, char.indices
    data[w_pos], indices[w_pos] = word.data, word.indices + cfg.n_char
    return SparseRows(data, indices, indptr, cfg.n_features)
