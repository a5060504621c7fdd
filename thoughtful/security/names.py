"""Names people show to each other: normalise them, and compare them the way a reader's eye does.

Issue 14, item 10: "Demo Moderator", a Cyrillic "о" in a staff name, a zero-width space or a
right-to-left override all let a reader mistake a stranger for staff. Two tools:

- `normalise_display_name` makes the stored text mean what it shows: NFKC (fullwidth and
  mathematical letters become plain ones), no format or control characters (zero-width, bidi
  overrides and isolates, soft hyphens; a joiner stays only where Persian or Indic spelling
  needs it), one space between words.
- `skeleton` is a Unicode TR39-style skeleton: two strings that look alike get the same
  skeleton. The map below covers Latin lookalikes (Cyrillic, Greek, digits, IPA letters); it is
  small on purpose (the full confusables.txt is 6,000 lines), and TR39's multi-letter
  lookalikes that matter in Latin ("rn" for "m", "vv" for "w", "cl" for "d") are folded too.

Pure functions over strings: no Django, no app imports.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Unicode categories removed from names: Cc (controls, incl. CR/LF/TAB), Cf (format: zero-width
# space/joiners, bidi embeddings/overrides/isolates, soft hyphen, BOM), Co (private use), Cs
# (lone surrogates), Cn (unassigned: renders as nothing or tofu, and may become anything later).
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Cn"}
# Zs (spaces, NBSP included), Zl, Zp and whitespace controls: one plain space each.
_SPACES = {"Zs", "Zl", "Zp"}
# Hangul fillers and a few blank-looking letters are category Lo, yet render as nothing.
_BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


_JOINERS = {"\u200c", "\u200d"}  # zero-width non-joiner and joiner
# Alphabets whose spelling never needs a joiner, and whose letters are the lookalikes.
_NO_JOINERS = ("LATIN", "CYRILLIC", "GREEK", "FULLWIDTH", "MATHEMATICAL")


def _joins_letters(before: str, after: str) -> bool:
    """Persian, Arabic and Indic spelling needs the zero-width (non-)joiner between letters or
    marks (RFC 5892's CONTEXTJ idea). Between Latin letters it only hides a lookalike."""

    def fits(char: str) -> bool:
        name = unicodedata.name(char, "")
        return unicodedata.category(char)[0] in "LM" and not name.startswith(_NO_JOINERS)

    return bool(before and after) and fits(before) and fits(after)


def normalise_display_name(text: str) -> str:
    """What a display name is stored as: NFKC, no invisible characters, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    kept: list[str] = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category in _SPACES or char.isspace():  # tab, newline, CR: a space, not a join
            kept.append(" ")
        elif char in _JOINERS and _joins_letters(
            kept[-1] if kept else "", text[index + 1] if index + 1 < len(text) else ""
        ):
            kept.append(char)
        elif category in _INVISIBLE or char in _BLANK_LETTERS:
            continue
        else:
            kept.append(char)
    # NFKC again: dropping a joiner can leave a pair that composes (e.g. "e" + combining acute).
    return " ".join(unicodedata.normalize("NFKC", "".join(kept)).split())


# Single characters that look like a Latin letter, mapped to it (lower case). Uppercase and
# lowercase lookalikes are both listed because the map runs before case folding: "І" (Cyrillic)
# must become "l", not its lower case "і" first.
_LOOKALIKES: dict[str, str] = {
    # Cyrillic
    "А": "a",
    "а": "a",
    "В": "b",
    "в": "b",
    "Ь": "b",
    "ь": "b",
    "С": "c",
    "с": "c",
    "ԁ": "d",
    "Е": "e",
    "е": "e",
    "Ё": "e",
    "ё": "e",
    "Һ": "h",
    "һ": "h",
    "Н": "h",
    "н": "h",
    "І": "l",
    "і": "l",
    "Ї": "l",
    "ї": "l",
    "Ӏ": "l",
    "ӏ": "l",
    "Ј": "j",
    "ј": "j",
    "К": "k",
    "к": "k",
    "М": "m",
    "м": "m",
    "О": "o",
    "о": "o",
    "Р": "p",
    "р": "p",
    "Ԛ": "q",
    "ԛ": "q",
    "Ѕ": "s",
    "ѕ": "s",
    "Т": "t",
    "т": "t",
    "Х": "x",
    "х": "x",
    "У": "y",
    "у": "y",
    "Ү": "y",
    "ү": "y",
    "Ԝ": "w",
    "ԝ": "w",
    "П": "n",
    "п": "n",
    # Greek
    "Α": "a",
    "α": "a",
    "Β": "b",
    "β": "b",
    "Ε": "e",
    "ε": "e",
    "Ζ": "z",
    "Η": "h",
    "Ι": "l",
    "ι": "l",
    "Κ": "k",
    "κ": "k",
    "Μ": "m",
    "Ν": "n",
    "ν": "v",
    "Ο": "o",
    "ο": "o",
    "σ": "o",
    "Ρ": "p",
    "ρ": "p",
    "Τ": "t",
    "τ": "t",
    "Υ": "y",
    "υ": "u",
    "γ": "y",
    "Χ": "x",
    "χ": "x",
    "ω": "w",
    # Latin letters that are not decomposed by NFKD
    "ı": "l",
    "ł": "l",
    "Ł": "l",
    "ɩ": "l",
    "ǀ": "l",
    "ø": "o",
    "Ø": "o",
    "ɑ": "a",
    "ɡ": "g",
    "đ": "d",
    "Đ": "d",
    "ħ": "h",
    "Ħ": "h",
    "ƅ": "b",
    "ɒ": "a",
    # Digits and symbols inside words
    "0": "o",
    "1": "l",
    "|": "l",
    "5": "s",
    "$": "s",
    "@": "a",
    # i, I and l are one shape in many sans-serif fonts: fold them all to "l".
    "I": "l",
    "i": "l",
    "L": "l",
}
_SEQUENCES = (("rn", "m"), ("vv", "w"), ("cl", "d"))
# Word characters: letters and digits, plus the symbols above that stand in for letters.
_TOKEN = re.compile(r"(?:[^\W_]|[|$@])+")


def skeleton(text: str) -> str:
    """A TR39-style skeleton: equal for strings a reader could not tell apart (case-insensitive).

    NFKD then drop combining marks (so "ó" is "o"), map lookalikes, case-fold, fold the
    multi-letter lookalikes. Separators are kept; see `words` for comparing names.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = "".join(_LOOKALIKES.get(c, c) for c in bare).casefold()
    # Case folding can produce new lookalikes (e.g. "İ" -> "i̇"): map once more.
    folded = "".join(_LOOKALIKES.get(c, c) for c in folded if not unicodedata.combining(c))
    for sequence, letter in _SEQUENCES:
        folded = folded.replace(sequence, letter)
    return folded


def _split_camel_case(text: str) -> str:
    # "TheModerator" and "ModeratorJane" are read as two words; so are they here.
    out: list[str] = []
    for index, char in enumerate(text):
        if index and char.isupper() and text[index - 1].islower():
            out.append(" ")
        out.append(char)
    return "".join(out)


def words(text: str, *, camel_case: bool = False, trim_digits: bool = True) -> list[str]:
    """The name's words as skeletons, separators dropped.

    `camel_case` also splits "TheModerator" into two words; `trim_digits` drops leading and
    trailing digits ("Admin2" reads as "Admin"), while digits inside a word stay lookalikes
    ("M0derator").
    """
    # Joiners are invisible: a skeleton never depends on them.
    text = "".join(c for c in normalise_display_name(text) if c not in _JOINERS)
    if camel_case:
        text = _split_camel_case(text)
    result: list[str] = []
    for token in _TOKEN.findall(text):
        if trim_digits:
            token = token.strip("0123456789") or token
        shape = skeleton(token)
        if shape:
            result.append(shape)
    return result


def _readings(text: str) -> list[list[str]]:
    # Each way a reader might split the name into words: an attacker picks the one we skip
    # ("mOdErAtOr" defeats camel-case splitting, "Moderat0" defeats digit trimming).
    readings: list[list[str]] = []
    for camel_case in (False, True):
        for trim_digits in (True, False):
            reading = words(text, camel_case=camel_case, trim_digits=trim_digits)
            if reading and reading not in readings:
                readings.append(reading)
    return readings


@dataclass(frozen=True)
class Resemblance:
    """Why a name was refused: what it resembles, and what kind of thing that is."""

    kind: str  # "role" (a staff title), "site" (the site's name) or "person" (a staff member)
    resembles: str


_STAFF = "staff"


def _role_match(word: str, role_word: str) -> bool:
    if word in (role_word, role_word + "s"):
        return True
    if word.endswith(role_word):  # "SiteAdmin", "TheModerator", "sysadmin"
        return True
    # "moderatorjane" has no camel case to split on, so prefixes count too, except for "staff"
    # ("Stafford" is a surname).
    return role_word != _STAFF and word.startswith(role_word)


def resemblance(
    name: str,
    *,
    role_words: Iterable[str],
    site_name: str,
    protected_names: Iterable[str],
) -> Resemblance | None:
    """The first thing `name` could be mistaken for, or None.

    - a role word ("moderator", "editor", ...) as a word of the name, or glued to one;
    - the site's name, alone or at the start ("Thoughtful", "Thoughtful Team");
    - a protected name (a staff member's display name or username): the same letters in any
      spacing, or, for names of two words or more, those words inside a longer name.
    """
    readings = _readings(name)
    if not readings:
        return None
    for role_word in role_words:
        shape = "".join(words(role_word))
        if shape and any(_role_match(w, shape) for reading in readings for w in reading):
            return Resemblance("role", role_word)
    joined = {"".join(reading) for reading in readings}
    site = "".join(words(site_name))
    if site and any(j.startswith(site) for j in joined):
        return Resemblance("site", site_name)
    for protected in protected_names:
        theirs = _readings(protected)
        if not theirs:
            continue
        if joined & {"".join(reading) for reading in theirs}:
            return Resemblance("person", protected)
        base = theirs[0]
        if len(base) > 1 and any(_contains(reading, base) for reading in readings):
            return Resemblance("person", protected)
    return None


def _contains(haystack: list[str], needle: list[str]) -> bool:
    size = len(needle)
    return any(haystack[i : i + size] == needle for i in range(len(haystack) - size + 1))
