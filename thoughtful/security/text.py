"""User text on its way in and out: control characters (issue 14, item 6).

A form feed pasted into a standfirst made every feed answer 500 (XML 1.0 cannot carry it), and
a CR/LF in a title made every email about it fail (a header can't hold a line break). So:

- `CleanTextMixin` cleans every text field of a form before validation: in multi-line fields
  (textareas) newlines and tabs stay, CR/LF becomes LF and the other line breaks become
  newlines; in one-line fields every kind of line break or tab becomes a space. Any other
  control character (NUL, ESC, DEL, C1) is taken out *and* reported on the field, so the
  writer sees why their text changed before it is saved.
- `one_line` folds text for an email header or subject; `xml_safe` drops what XML 1.0 forbids.
  Both are defence in depth for text stored before the forms cleaned it.

This module imports no app: every app may use it.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# Line and page breaks people paste from word processors and terminals (str.splitlines()
# splits on all of them): VT, FF, the file/group/record separators, NEL, LS and PS.
_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Other C0 controls, DEL and the C1 block: invisible, never typed on purpose.
_OTHER = "".join(
    chr(c)
    for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
    if chr(c) not in "\t\n\r" + _BREAKS
)
_OTHER_RE = re.compile(f"[{re.escape(_OTHER)}]")
_BREAK_RE = re.compile(f"\r\n|[\r{re.escape(_BREAKS)}]")
_ONE_LINE_RE = re.compile(f"[\t\n\r{re.escape(_BREAKS)}{re.escape(_OTHER)}]+")
# Everything XML 1.0 allows (section 2.2); lone surrogates are not characters at all.
_NOT_XML_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_text(value: str, *, multiline: bool) -> tuple[str, list[str]]:
    """`value` without control characters, and the ones that were not mere whitespace.

    Multi-line text keeps newlines and tabs (CR/LF and the other breaks become LF); one-line
    text gets a space for each run of breaks or tabs.
    """
    removed = sorted(set(_OTHER_RE.findall(value)))
    value = _OTHER_RE.sub("", value)
    if multiline:
        value = _BREAK_RE.sub("\n", value)
    else:
        value = re.sub(f"[\t\n\r{re.escape(_BREAKS)}]+", " ", value)
    return value, removed


def one_line(value: str) -> str:
    """Text safe for an email header: no line break or control character, spaces collapsed."""
    return re.sub(r"\s{2,}", " ", _ONE_LINE_RE.sub(" ", value)).strip()


def xml_safe(value: str) -> str:
    """Text XML 1.0 can carry: characters it forbids (controls, lone surrogates) are dropped."""
    return _NOT_XML_RE.sub("", value)


def _codepoints(chars: list[str]) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in chars)


class CleanTextMixin(forms.BaseForm):
    """Clean every text field of the form (see the module docstring); put it before forms.Form:

        class NoteForm(CleanTextMixin, forms.Form): ...

    Password fields are left alone (a password is compared, never shown or sent anywhere).
    The bound data is replaced by the cleaned text, so a form shown again with errors offers
    the cleaned text and sending it again succeeds.
    """

    def full_clean(self) -> None:
        removed: dict[str, list[str]] = {}
        if self.is_bound:
            self.data = self._cleaned_data_copy(removed)
        super().full_clean()
        for name, chars in removed.items():
            self.add_error(
                name,
                ValidationError(
                    "This text had invisible control characters (%(chars)s). We took them "
                    "out: check the text and send it again.",
                    code="control_characters",
                    params={"chars": _codepoints(chars)},
                ),
            )

    def _cleaned_data_copy(self, removed: dict[str, list[str]]) -> Any:
        source: Any = self.data  # a QueryDict from a request, or a plain dict in code
        data = source.copy()
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField):
                continue
            if isinstance(field.widget, forms.PasswordInput):
                continue
            key = self.add_prefix(name)
            if key not in data:
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
            cleaned = []
            for value in values:
                if isinstance(value, str):
                    value, chars = clean_text(value, multiline=multiline)
                    if chars:
                        removed[name] = sorted({*removed.get(name, []), *chars})
                cleaned.append(value)
            if hasattr(data, "setlist"):
                data.setlist(key, cleaned)
            else:
                data[key] = cleaned[0]
        return data
