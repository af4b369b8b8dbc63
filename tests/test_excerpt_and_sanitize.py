"""Pure functions: excerpts and the Markdown sanitiser."""

from __future__ import annotations

import pytest

from chorus.excerpt import excerpt, shorten
from chorus.sanitize import new_markdown, render


def test_excerpt_skips_headings_and_footnotes_and_unescapes():
    html = ('<p>At the start.</p><h2 id="x">The first climb</h2><p>It sorted &amp; more.</p>'
            '<div class="footnote"><p>note</p></div>')
    assert excerpt("", html) == "At the start. It sorted & more."


def test_excerpt_prefers_the_summary_and_cuts_at_a_word():
    assert excerpt("Given summary.", "<p>Body</p>") == "Given summary."
    assert shorten("one two three four five six", 15) == "one two three…"
    assert shorten("長い日本語の文章" * 40, 20).endswith("…")
    assert len(shorten("長い日本語の文章" * 40, 20)) == 20


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "[a](&#x6A;avascript:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "<iframe src=https://evil.example></iframe>",
    "<form action=https://evil.example><input name=p></form>",
    "<style>body{display:none}</style>",
    '<p style="background:url(https://evil.example/t.png)">x</p>',
    '<svg onload=alert(1)></svg>',
    "![tracker](https://evil.example/pixel.png)",
    '<a href="https://ok.example" onclick="steal()">ok</a>',
])
def test_render_strips_every_active_or_fetching_construct(hostile):
    html = render(new_markdown(), f"Before.\n\n{hostile}\n\nAfter.")
    lowered = html.lower()
    for needle in ("<script", "onerror", "onload", "onclick", "javascript:", "data:", "<iframe",
                   "<form", "<input", "<style", "style=", "<svg", "<img", "evil.example/pixel"):
        assert needle not in lowered, (hostile, html)
    assert "Before." in html and "After." in html


def test_story_links_are_marked_user_generated_and_headings_start_at_h2():
    html = render(new_markdown(), "# Title\n\n[site](https://example.org/)")
    assert "<h2" in html and "<h1" not in html
    assert 'rel="nofollow ugc noopener"' in html
