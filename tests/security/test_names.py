"""Display-name normalisation and TR39-style skeletons (issue 14, item 10b)."""

from __future__ import annotations

import pytest

from thoughtful.security.names import normalise_display_name, resemblance, skeleton

ROLE_WORDS = ("moderator", "editor", "admin", "staff")


def _resembles(name: str, protected: tuple[str, ...] = ("Maya Chen", "maya")) -> str | None:
    found = resemblance(
        name, role_words=ROLE_WORDS, site_name="thoughtful", protected_names=protected
    )
    return found.resembles if found else None


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("  Ruth \t  Ann  ", "Ruth Ann"),  # whitespace collapsed, tabs too
        ("Ruth\r\nAnn", "Ruth Ann"),  # CR/LF never reach a header or a page
        ("Ｒｕｔｈ", "Ruth"),  # fullwidth letters (NFKC)
        ("𝐑𝐮𝐭𝐡", "Ruth"),  # mathematical bold letters (NFKC)
        ("Ru\u200bth", "Ruth"),  # zero-width space
        ("Ru\u200d\u200cth\ufeff", "Ruth"),  # zero-width joiner, non-joiner, BOM
        ("\u202eRuth\u202c", "Ruth"),  # right-to-left override and pop
        ("\u2067Ruth\u2069", "Ruth"),  # right-to-left isolate
        ("Ruth\u00a0Ann", "Ruth Ann"),  # no-break space
        ("Ru\u00adth", "Ruth"),  # soft hyphen
        ("Ruth\x00\x07\x1b", "Ruth"),  # C0 controls
        ("\u3164", ""),  # Hangul filler: a blank that is a "letter"
        ("Inés Castellano", "Inés Castellano"),  # real names keep their letters
        ("José", "José"),  # composed (NFC) even when typed decomposed
        ("Ли Мин", "Ли Мин"),  # other scripts are welcome
        ("می\u200cخواهم", "می\u200cخواهم"),  # a Persian non-joiner between letters stays
        ("क्\u200dष", "क्\u200dष"),  # a Devanagari joiner after a virama stays
        ("Mod\u200cerator", "Moderator"),  # but never between Latin letters
        (
            "\u041c\u043e\u200d\u0434\u0435\u0440\u0430\u0442\u043e\u0440",
            "\u041c\u043e\u0434\u0435\u0440\u0430\u0442\u043e\u0440",
        ),  # nor Cyrillic ones
        ("\u200cمریم", "مریم"),  # nor at the edge of a word
    ],
)
def test_normalise_display_name(raw: str, stored: str) -> None:
    assert normalise_display_name(raw) == stored


def test_skeletons_fold_lookalikes() -> None:
    assert skeleton("Mоderator") == skeleton("moderator")  # Cyrillic о
    assert skeleton("ΑDMΙΝ") == skeleton("admin")  # Greek capitals
    assert skeleton("M0derat0r") == skeleton("Moderator")  # digit zero
    assert skeleton("Admln") == skeleton("AdmIn") == skeleton("Adm1n")  # l, I, 1
    assert skeleton("Edítor") == skeleton("editor")  # accents
    assert skeleton("rnoderator") == skeleton("moderator")  # "rn" reads as "m"
    assert skeleton("Maya") != skeleton("Mara")


@pytest.mark.parametrize(
    "name",
    [
        "Moderator",
        "Demo Moderator",
        "moderators",
        "M0derator",
        "Mоderator",  # Cyrillic о
        "Ｍｏｄｅｒａｔｏｒ",
        "Mod\u200berator",
        "Моd\u200derator",  # Cyrillic М and о, a joiner between them and Latin d
        "mOdErAtOr",
        "TheModerator",
        "moderatorjane",
        "Site Admin",
        "@dmin",
        "Admin2",
        "sysadmin",
        "Chief Editor",
        "Edítor",
        "Staff",
    ],
)
def test_role_words_in_any_spelling(name: str) -> None:
    assert _resembles(name) in ROLE_WORDS


@pytest.mark.parametrize(
    "name",
    ["Maya Chen", "MayaChen", "maya.chen", "Мaya Chen", "MAYA CHEN", "Real Maya Chen", "mауа"],
)
def test_protected_names_in_any_spelling(name: str) -> None:
    assert _resembles(name) in ("Maya Chen", "maya")


@pytest.mark.parametrize("name", ["Thoughtful", "thoughtful team", "ThoughtfuI", "Th0ughtful"])
def test_the_site_name(name: str) -> None:
    assert _resembles(name) == "thoughtful"


@pytest.mark.parametrize(
    "name",
    [
        "Maya Smith",  # a one-word staff name blocks only itself, not everyone called Maya
        "Jane Stafford",
        "Badminton Fan",
        "A Thoughtful Reader",
        "Inés Castellano",
        "Ли Мин",
        "Edith Moderna",
    ],
)
def test_ordinary_names_pass(name: str) -> None:
    assert _resembles(name) is None
