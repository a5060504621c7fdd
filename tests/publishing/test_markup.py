from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from thoughtful.markup import COMMENT_TAGS, ESSAY_TAGS, render_comment, render_essay


def test_essay_markdown_renders_structure() -> None:
    html = render_essay(
        "## A heading\n\nSome *emphasis* and a [link](https://example.org).\n\n> quoted"
    )
    assert "<h2>A heading</h2>" in html
    assert "<em>emphasis</em>" in html
    assert '<a href="https://example.org" rel="noopener">link</a>' in html
    assert "<blockquote>" in html


def test_raw_html_and_script_links_are_neutralised() -> None:
    html = render_essay(
        "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=y>"
    )
    assert "<script" not in html
    assert 'href="javascript' not in html
    assert "<img" not in html


def test_comment_links_are_nofollow_ugc_and_headings_are_not_allowed() -> None:
    html = render_comment("# Not a heading\n\nSee [this](https://example.org/a).")
    assert "<h1>" not in html
    assert 'rel="nofollow ugc noopener"' in html


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.extend(attrs)


_MARKUP_CHARS = st.sampled_from(list("<>/=\"' abcjs:()[]*#!-\n"))


@given(st.text(alphabet=_MARKUP_CHARS, max_size=200) | st.text(max_size=200))
def test_no_input_produces_a_tag_or_attribute_outside_the_allow_list(text: str) -> None:
    for html, allowed in ((render_comment(text), COMMENT_TAGS), (render_essay(text), ESSAY_TAGS)):
        collector = _TagCollector()
        collector.feed(html)
        assert collector.tags <= allowed
        for name, value in collector.attrs:
            assert name in {"href", "title", "rel", "align"}
            if name == "href":
                assert (
                    not (value or "").strip().lower().startswith(("javascript", "data", "vbscript"))
                )
