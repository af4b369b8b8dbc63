"""chorus.typography: quotes, dashes and ellipses as Python-Markdown's smarty made them."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chorus import sanitize
from chorus.typography import smarten

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("html", "expected"), [
    ('<p>"Hello," she said.</p>', "<p>\u201cHello,\u201d she said.</p>"),
    ("<p>It's the '80s -- really... and --- that</p>", "<p>It\u2019s the \u201980s \u2013 really\u2026 and \u2014 that</p>"),
    ('<p>"<em>Run</em>" and \'quoted\'</p>', "<p>\u201c<em>Run</em>\u201d and \u2018quoted\u2019</p>"),
    ("<p>\"'Hi,' she said\"</p>", "<p>\u201c\u2018Hi,\u2019 she said\u201d</p>"),
    ("<p>the runners' shoes, 5'10\"</p>", "<p>the runners\u2019 shoes, 5\u201910\u201d</p>"),
    ("<p>(\"in brackets\")</p>", "<p>(\u201cin brackets\u201d)</p>"),
])
def test_punctuation_becomes_typographic(html, expected):
    assert smarten(html) == expected


def test_code_and_attributes_are_left_alone():
    html = ('<p><code>"x" -- \'y\'</code> <a href="/a\'b" title="say &quot;hi&quot;">link</a></p>'
            "<pre><code>it's -- \"raw\"...</code></pre>")
    out = smarten(html)
    assert '<code>"x" -- \'y\'</code>' in out and "<pre><code>it's -- \"raw\"...</code></pre>" in out
    assert '<a href="/a\'b" title="say &quot;hi&quot;">' in out


def test_the_demo_stories_come_out_as_the_smarty_extension_made_them():
    smarty = markdown.Markdown(extensions=[*sanitize.MARKDOWN_EXTENSIONS, "markdown.extensions.smarty"],
                               output_format="html")
    ours = sanitize.new_markdown()
    stories = sorted((ROOT / "content" / "stories").glob("*.md"))
    assert len(stories) > 40
    for path in stories:
        text = path.read_text(encoding="utf-8").split("\n\n", 1)[1]
        smarty.reset()
        assert sanitize.render(ours, text) == sanitize.clean_html(smarty.convert(text)), path.name


_BACK = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


@given(st.lists(st.sampled_from([*"ab 1'\"-.<>/=()\n", "<em>", "</em>", "<code>", "</code>"])).map("".join))
def test_only_punctuation_changes(text):
    out = smarten(text)
    assert out.translate(_BACK).replace("\u2014", "---").replace("\u2013", "--").replace("\u2026", "...") == text
