"""HTML from WordPress and Disqus becomes the Markdown essays and comments are written in
(issue 13): what Markdown can say survives, scripts and unsafe links do not."""

from __future__ import annotations

from thoughtful.markup import render_comment, render_essay
from thoughtful.transfer.html2md import to_markdown


def test_wordpress_blank_lines_are_paragraphs() -> None:
    assert to_markdown("One line.\n\nAnother\nline.") == "One line.\n\nAnother line."


def test_structure_survives_the_round_trip_through_markdown() -> None:
    html = (
        "<h1>Title</h1><p>A <em>soft</em> and <b>bold</b> <a href='https://x.org/'>link</a>.</p>"
        "<blockquote><p>One</p><p>Two</p></blockquote><ol><li>first</li><li>second</li></ol>"
        "<pre><code>x = 1\n*y* = 2</code></pre><hr><p>a<br>b</p>"
    )
    rendered = render_essay(to_markdown(html))
    assert "<h2>Title</h2>" in rendered  # the essay's title is its only h1
    assert '<em>soft</em> and <strong>bold</strong> <a href="https://x.org/"' in rendered
    assert "<blockquote>\n<p>One</p>\n<p>Two</p>\n</blockquote>" in rendered
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in rendered
    assert "<pre><code>x = 1\n*y* = 2\n</code></pre>" in rendered
    assert "<hr>" in rendered and "a<br>\nb" in rendered


def test_markdown_characters_in_text_stay_text() -> None:
    md = to_markdown("<p>2 * 3 = 6, [not a link](x) and # not a heading</p><p>- not a list</p>")
    html = render_comment(md)
    assert "2 * 3 = 6, [not a link](x) and # not a heading" in html
    assert "<p>- not a list</p>" in html


def test_scripts_styles_and_unsafe_links_are_dropped() -> None:
    md = to_markdown(
        "<script>alert(1)</script><style>p{}</style>"
        "<p><a href='javascript:alert(1)'>click</a> <img src=x onerror=alert(1)> ok</p>"
    )
    assert md == "click ok"
