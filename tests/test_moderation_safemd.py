"""Approval-time Markdown neutralising: safe even before the build's nh3 pass."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest

from chorus.safemd import neutralise, safe_url, scheme_of
from chorus.sanitize import MARKDOWN_EXTENSIONS, MARKDOWN_CONFIG

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "<iframe src=https://evil.example></iframe>",
    "<form action=https://evil.example><input name=p></form>",
    "<style>body{display:none}</style>",
    "<svg onload=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](jav&#x61;script:alert(1))",
    "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[x](java&#9;script:alert(1))",
    "[x](java&Tab;script:alert(1))",
    "[x](  javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))",
    "[x](java%73cript:alert(1))",
    "[r]: javascript:alert(1)\n\n[x][r]",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x](https://ok.example/ \"t\" onmouseover=alert(1))",
]
SAFE_TAGS = {"p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "br",
             "h2", "h3", "h4", "hr", "sup", "div", "table", "thead", "tbody", "tr", "th", "td"}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def dangers(html: str) -> list[str]:
    """Active markup in ``html``: unknown tags, event handlers, unsafe link schemes."""
    parser = _Elements()
    parser.feed(html)
    bad = []
    for tag, attrs in parser.found:
        if tag not in SAFE_TAGS:
            bad.append(f"<{tag}>")
        bad += [f"{tag}[{name}]" for name in attrs if name.startswith("on") or name in ("src", "style")]
        if "href" in attrs and not safe_url(attrs["href"] or ""):
            bad.append(f"href={attrs['href']}")
    return bad


def raw_render(text: str) -> str:
    """Python-Markdown with the hub's extensions and typography, and NO sanitiser."""
    from chorus.typography import smarten

    return smarten(markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS,
                                     extension_configs=MARKDOWN_CONFIG, output_format="html"))


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralised_markdown_is_safe_even_without_the_sanitiser(text):
    html = raw_render(neutralise(text))
    assert dangers(html) == [], html


def test_unsafe_inputs_really_are_dangerous_without_neutralising():
    # Guards the test above: without neutralise() most of HOSTILE gets through.
    leaked = [t for t in HOSTILE if dangers(raw_render(t))]
    assert len(leaked) >= 10


@pytest.mark.parametrize("text, kept", [
    ("[ok](https://trail.example/a?b=c)", 'href="https://trail.example/a?b=c"'),
    ("[mail](mailto:hi@example.com)", 'href="mailto:hi@example.com"'),
    ("[rel](/stories/first-fifty-k/)", 'href="/stories/first-fifty-k/"'),
    ("see <https://trail.example>", 'href="https://trail.example"'),
    ("I ran 5 < 6 km & smiled", "5 &lt; 6 km &amp; smiled"),
    ("**bold** and _em_", "<strong>bold</strong> and <em>em</em>"),
])
def test_ordinary_markdown_keeps_working(text, kept):
    assert kept in raw_render(neutralise(text))


@pytest.mark.parametrize("text", ["{static}/x.txt", "{attach}a.png", "|filename|b.md", "{FILENAME}c"])
def test_pelican_directives_are_defused(text):
    out = neutralise(f"[x]({text}) and {text}")
    assert not re.search(r"[{|](?:attach|static|filename)[}|]", out, re.IGNORECASE)


@pytest.mark.parametrize("url, scheme", [
    ("https://a.b", "https"), ("jav&#x61;script:x", "javascript"), ("java\tscript:x", "javascript"),
    ("/rel/path", None), ("#top", None), ("x:y", "x"), ("&#x6a;avascript&#x3a;1", "javascript"),
])
def test_scheme_of_sees_what_a_browser_sees(url, scheme):
    assert scheme_of(url) == scheme


def test_safe_url_refuses_directives_in_relative_links():
    assert safe_url("/ok/") and not safe_url("{static}/x") and not safe_url("data:x")
