"""HTML (a WordPress post or comment, a Disqus message) to the Markdown essays and comments are
written in (issue 13).

Why convert instead of storing the HTML: an essay's body is Markdown that editors keep editing,
and the site renders it through markup.render_essay (raw HTML escaped, then nh3). Stored HTML
would show its tags as text at the first edit. So the import keeps what Markdown can say
(paragraphs, headings, emphasis, links, quotes, lists, code, rules, line breaks, simple tables)
and drops the rest (scripts and styles with their content; images, iframes, embeds and classes
without it). Safety does not depend on this module: its output is rendered by markup.py like
anything typed in the editor.

WordPress stores paragraphs as blank lines ("wpautop"), not <p>: a blank line in the text
starts a new paragraph here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "embed"}
DROPPED = {"script", "style", "iframe", "object", "noscript", "template", "svg", "head", "title"}
BLOCK = {
    "p", "div", "section", "article", "header", "footer", "aside", "main", "figure",
    "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "pre", "hr",
    "table", "dl", "dt", "dd", "address", "center",
}  # fmt: skip
_PARAGRAPH = "\x00"  # a paragraph break found inside text (WordPress's blank lines)
_ESCAPE = re.compile(r"([\\`*_\[\]<>])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(\s)", re.MULTILINE)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """A forgiving tree: unclosed tags close with their parent, stray end tags are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED:
            self.dropping += 1
            return
        if self.dropping:
            return
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED or self.dropping:
            return
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _text(text: str, *, pre: bool) -> str:
    if pre:
        return text
    text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v]*\n\s*", _PARAGRAPH, text)
    return _escape(re.sub(r"\s+", " ", text))


def _inline(node: Node | str, *, pre: bool = False) -> str:
    if isinstance(node, str):
        return _text(node, pre=pre)
    inner = "".join(_inline(c, pre=pre) for c in node.children)
    tag = node.tag
    if tag == "br":
        return "\\\n" if not pre else "\n"
    if tag in {"em", "i", "cite", "dfn"}:
        return _wrap(inner, "*")
    if tag in {"strong", "b"}:
        return _wrap(inner, "**")
    if tag in {"del", "s", "strike"}:
        return _wrap(inner, "~~")
    if tag == "code" and not pre:
        raw = "".join(_plain(c) for c in node.children)
        fence = "``" if "`" in raw else "`"
        return f"{fence}{raw}{fence}" if raw.strip() else ""
    if tag == "a":
        href = node.attrs.get("href", "").strip()
        label = inner.strip() or _escape(href)
        scheme = href.split(":", 1)[0].lower() if ":" in href.split("/", 1)[0] else ""
        if not href or href.startswith("#") or scheme not in {"", "http", "https", "mailto"}:
            return label  # javascript:, data: and friends lose the link and keep the words
        title = node.attrs.get("title", "").replace('"', "'").strip()
        target = href.replace(" ", "%20").replace(")", "%29").replace("(", "%28")
        return f'[{label}]({target} "{title}")' if title else f"[{label}]({target})"
    if tag in BLOCK:
        return _PARAGRAPH + inner + _PARAGRAPH
    return inner  # span, sup, sub, u, abbr, img (dropped: no text) ...


def _plain(node: Node | str) -> str:
    if isinstance(node, str):
        return node
    if node.tag == "br":
        return "\n"
    return "".join(_plain(c) for c in node.children)


def _wrap(inner: str, mark: str) -> str:
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = " " if inner[:1].isspace() else ""
    trail = " " if inner[-1:].isspace() else ""
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _paragraphs(text: str) -> list[str]:
    out = []
    for part in text.split(_PARAGRAPH):
        lines = [
            line.strip() if "`" in line else re.sub(" {2,}", " ", line.strip())
            for line in part.strip().split("\\\n")
        ]
        cleaned = "\\\n".join(lines).strip().removesuffix("\\").strip()
        if cleaned:
            out.append(_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}{m[3]}", cleaned))
    return out


def _blocks(children: list[Node | str]) -> list[str]:
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        out.extend(_paragraphs("".join(buffer)))
        buffer.clear()

    for child in children:
        if isinstance(child, Node) and child.tag in BLOCK | {"li"}:
            flush()
            out.extend(_block(child))
        else:
            buffer.append(_inline(child))
    flush()
    return out


def _prefix(blocks: list[str], first: str, rest: str, *, blank: str = "") -> str:
    lines = "\n\n".join(blocks).split("\n")
    return "\n".join(
        (first if i == 0 else rest) + line if line or i == 0 else blank
        for i, line in enumerate(lines)
    )


def _block(node: Node) -> list[str]:
    tag = node.tag
    if tag == "hr":
        return ["---"]
    if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        # The essay's title is its h1: headings inside the body start at h2 (markup.ESSAY_TAGS).
        level = min(max(int(tag[1]), 2), 4)
        text = " ".join(_paragraphs("".join(_inline(c) for c in node.children)))
        return [f"{'#' * level} {text.replace(chr(92) + chr(10), ' ')}"] if text else []
    if tag == "blockquote":
        inner = _blocks(node.children)
        return [_prefix(inner, "> ", "> ", blank=">")] if inner else []
    if tag in {"ul", "ol"}:
        items = [c for c in node.children if isinstance(c, Node) and c.tag == "li"]
        out = []
        for number, item in enumerate(items, start=1):
            marker = f"{number}. " if tag == "ol" else "- "
            inner = _blocks(item.children) or [""]
            out.append(_prefix(inner, marker, " " * len(marker)))
        return ["\n".join(out)] if out else []
    if tag == "li":  # a list item outside a list
        return _blocks(node.children)
    if tag == "pre":
        code = "".join(_plain(c) for c in node.children).strip("\n")
        fence = "~~~" if "```" in code else "```"
        return [f"{fence}\n{code}\n{fence}"] if code.strip() else []
    if tag == "table":
        return _table(node)
    return _blocks(node.children)


def _rows(node: Node) -> list[Node]:
    rows: list[Node] = []
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in {"thead", "tbody", "tfoot"}:
                rows.extend(_rows(child))
    return rows


def _table(node: Node) -> list[str]:
    rows = []
    for row in _rows(node):
        cells = [c for c in row.children if isinstance(c, Node) and c.tag in {"td", "th"}]
        rows.append(
            [
                " ".join(_paragraphs("".join(_inline(x) for x in cell.children)))
                .replace("\\\n", " ")
                .replace("|", "\\|")
                for cell in cells
            ]
        )
    if not rows or not any(rows):
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return ["\n".join(lines)]


def to_markdown(html: str) -> str:
    """Markdown for this HTML: blocks separated by blank lines, no trailing newline."""
    return "\n\n".join(_blocks(parse(html).children)).strip()
