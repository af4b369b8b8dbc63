"""Is advocate text inert where it lands? Checks that read each sink the way its reader does.

A browser parses a page; a feed reader XML-unescapes an RSS description and parses the
result as HTML; a mail client reads the headers and the text part. Each function
returns the problems it finds (empty when everything is inert).
"""

from __future__ import annotations

import email
import email.policy
import html
import re
from pathlib import Path

import lxml.html
from lxml import etree

from chorus.sanitize import STORY_TAGS, URL_SCHEMES

# The classic payloads: script, event handlers, hostile schemes (also behind entities
# and whitespace), SVG, style, remote images, frames, template and CDATA tricks.
PAYLOADS = (
    "<script>alert(document.cookie)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="https://tracker.example/p.gif" width="1" height="1">',
    "<svg onload=alert(1)><circle r=9 /></svg>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "[ref][1]\n\n[1]: javascript:alert(1)",
    "![pixel](https://tracker.example/p.gif)",
    "<style>body{display:none}</style>",
    '"><script>alert(1)</script>',
    "</textarea><script>alert(1)</script>",
    "<iframe src=https://evil.example></iframe>",
    '<a href="vbscript:msgbox(1)">x</a>',
    "]]><script>alert(1)</script><![CDATA[",
    "<!-- --><script>alert(1)</script>",
    "{{ 7*7 }} {% raw %} ${7*7}",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    '<form action="https://evil.example"><input name=p></form>',
)
_BAD_ELEMENTS = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
                 "svg", "math", "form", "input", "textarea", "button", "base", "link", "meta",
                 "img", "video", "audio", "source", "template"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "background", "cite", "srcset",
                   "data", "xlink:href"}


def _scheme(url: str) -> str | None:
    visible = re.sub(r"[\x00-\x20]", "", html.unescape(url))
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*):", visible)
    return match.group(1).lower() if match else None


def _attribute_problems(element, where: str, allowed_attributes: set[str] | None) -> list[str]:
    problems = []
    for name, value in element.attrib.items():
        name = str(name).lower()
        if name.startswith("on") or name in ("style", "srcdoc"):
            problems.append(f"{where}: <{element.tag} {name}=...> is live")
        elif name in _URL_ATTRIBUTES and _scheme(value) not in (None, *URL_SCHEMES):
            problems.append(f"{where}: <{element.tag} {name}={value[:40]!r}> has a hostile scheme")
        elif allowed_attributes is not None and name not in allowed_attributes:
            problems.append(f"{where}: <{element.tag}> has attribute {name}")
    return problems


def fragment_problems(markup: str, where: str, allowed: frozenset[str] | set[str] = STORY_TAGS,
                      allowed_attributes: set[str] | None = None) -> list[str]:
    """Problems of an HTML fragment as a reader renders it: elements outside ``allowed``,
    event handlers, hostile URL schemes (and attributes outside ``allowed_attributes``)."""
    if not markup.strip():
        return []
    problems = []
    for element in lxml.html.fragment_fromstring(markup, create_parent="div").iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag != "div" or element.getparent() is not None:
            if tag not in allowed:
                problems.append(f"{where}: element <{tag}> appears")
        problems += _attribute_problems(element, where, allowed_attributes)
    return problems


def plain_text_problems(text: str, where: str) -> list[str]:
    """Plain text a reader may render as HTML: no element may appear in it."""
    return fragment_problems(text, where, allowed=frozenset(), allowed_attributes=set())


THEME_SCRIPTS = ("/theme/js/share.js", "/theme/js/mastodon.js", "/theme/js/subscribe.js", "/theme/js/search.js",
                 "/theme/js/embed-frame.js", "/theme/js/embed.js")
# The theme's own forms, which hold no submitted text: the Mastodon share page (asks for
# the reader's server), the filter on /subscribe/ and the search box on /search/. Their forms never post anywhere.
THEME_FORM_PAGES = {"share/mastodon/index.html", "subscribe/index.html", "search/index.html"}
_FORM_ELEMENTS = {"form", "input", "textarea", "button"}


def page_problems(path: Path, site_root: Path) -> list[str]:
    """A built page: only the theme's own script, style and images; no handlers or schemes."""
    where = str(path.relative_to(site_root))
    theme_form = path.relative_to(site_root).as_posix() in THEME_FORM_PAGES
    document = lxml.html.fromstring(path.read_bytes())
    problems = []
    styles = data_scripts = 0
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script" and (element.text or "").strip() == "" and \
                element.get("src", "").endswith(THEME_SCRIPTS):
            pass
        elif tag == "script" and element.get("type") == "application/ld+json" and \
                element.getparent().tag == "head" and _inert_json(element.text or ""):
            data_scripts += 1                       # the structured data plugin's JSON-LD
        elif theme_form and tag in _FORM_ELEMENTS and element.get("action", "#") == "#" \
                and element.get("formaction") is None:
            pass
        elif tag == "style" and element.getparent().tag == "head":
            styles += 1
        elif tag == "input" and element.get("readonly") is not None and \
                element.get("type") in ("text", "url") and _scheme(element.get("value", "")) in (None, "http", "https"):
            pass                                    # the theme's copy-a-link boxes
        elif tag == "iframe" and _own_wall_frame(element.get("data-chorus-wall"), element.get("src", "")):
            pass                                    # /embed/'s live example of the hub's own wall
        elif tag in ("link", "meta"):
            if tag == "meta" and element.get("http-equiv"):
                problems.append(f"{where}: <meta http-equiv> appears")
        elif tag == "img":
            if _scheme(element.get("src", "")) is not None:
                problems.append(f"{where}: <img src={element.get('src')[:50]!r}> loads from elsewhere")
        elif tag in _BAD_ELEMENTS:
            problems.append(f"{where}: element <{tag}> appears")
        problems += _attribute_problems(element, where, None)
    if styles > 1:
        problems.append(f"{where}: {styles} <style> elements (the theme has one)")
    if data_scripts > 1:
        problems.append(f"{where}: {data_scripts} JSON-LD script elements (the theme has one)")
    return problems


def _own_wall_frame(marker: str | None, src: str) -> bool:
    """The live example on /embed/: a frame of one of the hub's own walls, nothing else."""
    return marker is not None and "/embed/wall/" in src and _scheme(src) in (None, "http", "https")


def _inert_json(text: str) -> bool:
    """JSON data holding no markup characters at all (they are written as \\u003c...)."""
    import json

    try:
        json.loads(text)
    except ValueError:
        return False
    return not set("<>&") & set(text)


def mail_problems(raw: bytes, where: str, email_address: str) -> list[str]:
    """A message for an advocate: one recipient, single-line headers, plain text only."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    problems = []
    if message["To"] is None or email_address not in str(message["To"]) or \
            len(message.get_all("To") or []) != 1:
        problems.append(f"{where}: To is {message.get_all('To')}")
    for name in ("Bcc", "Cc", "Reply-To"):
        if message[name] is not None and name != "Reply-To":
            problems.append(f"{where}: a {name} header appeared")
    if message.is_multipart() or message.get_content_type() != "text/plain":
        problems.append(f"{where}: not a single text/plain part")
    return problems


def xml_text_fields(data: bytes, tags: tuple[str, ...]) -> list[tuple[str, str]]:
    """(tag, XML-unescaped text) of every element named in ``tags`` (Clark notation or plain)."""
    root = etree.fromstring(data)
    return [(element.tag, element.text or "") for element in root.iter()
            if isinstance(element.tag, str) and element.tag in tags]
