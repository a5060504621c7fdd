"""Markdown to safe HTML. Every piece of user-written HTML passes through nh3 here."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

# Essays: CommonMark plus tables and strikethrough; raw HTML in the source is escaped.
_essay_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable(
    ["table", "strikethrough", "replacements", "smartquotes"]
)

ESSAY_TAGS = {
    "p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "em", "strong", "a", "code", "pre",
    "hr", "br", "del", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
}  # fmt: skip

# Comments: paragraphs, emphasis, links and quotes only.
_comment_md = MarkdownIt("zero", {"html": False}).enable(
    ["paragraph", "emphasis", "link", "blockquote", "newline", "escape", "backticks"]
)
COMMENT_TAGS = {"p", "em", "strong", "a", "blockquote", "br", "code"}


def _clean(html: str, tags: set[str], *, link_rel: str) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes={"a": {"href", "title"}, "td": {"align"}, "th": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=link_rel,
    )


def render_essay(markdown: str) -> str:
    return _clean(_essay_md.render(markdown), ESSAY_TAGS, link_rel="noopener")


def render_comment(markdown: str) -> str:
    # User links earn no search credit and cannot reach back into our window.
    return _clean(_comment_md.render(markdown), COMMENT_TAGS, link_rel="nofollow ugc noopener")
