"""For any text a channel accepts, every sink holds it inert (issue 12, "Proving it").

The property test generates submissions from the classic payloads mixed with random
text and follows each accepted one through the fast sinks: the story body as Markdown
renders it (with and without the sanitiser), mails, the moderators' feed and queue.
The build test approves every payload in every field and reads the real built site
and every feed the way browsers and feed readers do.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from chorus import moderation, review, site
from chorus.outbox import pending
from chorus.publishing import safe_body
from chorus.safemd import neutralise
from chorus.sanitize import new_markdown, render
from chorus.submission import check
from chorus_intake.feed import pending_feed
from inert import PAYLOADS, fragment_problems, mail_problems, page_problems, plain_text_problems
from modhelpers import NOW, a_story, a_testimonial, make_desk

ATOM = "{http://www.w3.org/2005/Atom}"
# What Python-Markdown itself emits for Markdown syntax (before the sanitiser runs).
MARKDOWN_TAGS = frozenset({"p", "a", "em", "strong", "code", "pre", "h2", "h3", "h4", "h5", "h6",
                           "h1", "ul", "ol", "li", "blockquote", "hr", "br", "table", "thead",
                           "tbody", "tr", "th", "td", "sup", "div", "abbr", "dl", "dt", "dd"})
MARKUP = "<>&\"'`[]()!:;/\\{}|#*_-=\n "
texts = st.one_of(
    st.sampled_from(PAYLOADS),
    st.tuples(st.sampled_from(PAYLOADS), st.text(alphabet=MARKUP + "abcjsx1", max_size=30))
      .map(lambda pair: pair[1] + pair[0]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80),
    st.text(alphabet=MARKUP + "abcscriptjavaonerror", min_size=1, max_size=120),
)
FIELDS = st.sampled_from(["title", "body", "name", "display_name"])


def _control_characters(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"]


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, field=FIELDS)
def test_any_accepted_story_is_inert_in_markdown_mails_and_the_moderators_views(text, field):
    values = a_story(**{field: text})
    sub, problems = check(values)
    if sub is None:
        assert problems and all(p.field and p.message for p in problems)
        return
    unsanitised = new_markdown().convert(neutralise(sub.body))
    assert fragment_problems(unsanitised, "markdown", MARKDOWN_TAGS,
                             {"href", "title", "id", "class", "rev", "colspan", "rowspan"}) == []
    assert fragment_problems(render(new_markdown(), safe_body(sub)), "page body") == []
    with tempfile.TemporaryDirectory() as scratch:
        desk, _ = make_desk(Path(scratch))
        receipt = moderation.submit(desk, values, now=NOW)
        feed = pending_feed(desk, "https://hub.example.com/moderation/feed.atom", NOW)
        assert _atom_problems(feed, "moderators' feed") == []
        item = review.queue(desk, NOW)[0]
        assert _control_characters(item.title + "".join(item.flags)) == []
        moderation.approve(desk, receipt, moderator="Mo", now=NOW)
        messages = pending(desk)
        assert len(messages) == 2
        for message in messages:
            assert mail_problems(message.data, message.name, "pat@example.com") == []


def _atom_problems(data: bytes, where: str) -> list[str]:
    """Atom text constructs are plain text unless typed html (RFC 4287, 3.1): a reader
    parses only those as HTML, so only those may hold markup, and only sanitised."""
    from lxml import etree

    problems = []
    for element in etree.fromstring(data).iter(f"{ATOM}title", f"{ATOM}content", f"{ATOM}summary",
                                               f"{ATOM}subtitle", f"{ATOM}rights"):
        kind = element.get("type", "text")
        if kind == "html":
            problems += fragment_problems(element.text or "", where)
        elif kind != "text":
            problems.append(f"{where}: <{element.tag}> has type {kind}")
    return problems


@pytest.fixture(scope="module")
def hostile_hub(tmp_path_factory) -> tuple[Path, dict]:
    """The mini hub with every payload approved in every field that takes it, built."""
    root = tmp_path_factory.mktemp("hostile")
    desk, settings_ = make_desk(root)
    approved = 0
    for number, payload in enumerate(PAYLOADS):
        for kind, values in (("story", a_story(title=payload[:150], body=payload,
                                               display_name=payload[:60])),
                             ("testimonial", a_testimonial(body=payload[:300], product=payload[:80],
                                                           role=payload[:80], organisation=payload[:80],
                                                           display_name=payload[:60]))):
            values["email"] = f"p{number}{kind}@example.com"
            if check(values)[0] is None:          # refused outright: also fine, tested elsewhere
                continue
            receipt = moderation.submit(desk, values, now=NOW)
            moderation.approve(desk, receipt, moderator="Mo", now=NOW, tag_text="trail, ridge")
            approved += 1
    output = root / "output"
    site.build(settings_ | {"OUTPUT_PATH": str(output)})
    return output, {"approved": approved}


def test_most_payloads_are_accepted_so_the_build_test_means_something(hostile_hub):
    assert hostile_hub[1]["approved"] >= len(PAYLOADS)


def test_every_built_page_holds_hostile_text_inert(hostile_hub):
    output, _ = hostile_hub
    problems = [problem for page in sorted(output.rglob("*.html"))
                for problem in page_problems(page, output)]
    assert problems == []


def test_every_rss_and_atom_text_field_is_inert_for_a_reader(hostile_hub):
    from lxml import etree

    output, _ = hostile_hub
    feeds = sorted(output.rglob("*.xml")) + sorted(output.rglob("*.atom")) + sorted(output.rglob("*.rss"))
    assert feeds
    problems = []
    for path in feeds:
        root = etree.parse(str(path)).getroot()
        for element in root.iter():
            if not isinstance(element.tag, str) or not (element.text or "").strip():
                continue
            name = etree.QName(element).localname
            where = f"{path.relative_to(output)} <{name}>"
            if etree.QName(element).namespace == ATOM[1:-1]:
                continue                            # typed text constructs: _atom_problems
            if name in ("description", "encoded"):
                problems += fragment_problems(element.text, where)
            elif name in ("title", "creator", "category"):
                problems += plain_text_problems(element.text, where)
        if root.tag == f"{ATOM}feed":
            problems += _atom_problems(path.read_bytes(), str(path.relative_to(output)))
    assert problems == []


def test_every_json_feed_html_field_is_inert(hostile_hub):
    output, _ = hostile_hub
    problems = []
    for path in sorted(output.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "items" not in data:
            continue
        # JSON Feed's title, summary and content_text are plain text by definition (and a
        # JSON string needs no escaping); only content_html is read as HTML.
        for item in data["items"]:
            problems += fragment_problems(item.get("content_html", ""), f"{path.name} content_html")
    assert problems == []


def test_page_text_shows_the_payloads_as_text(hostile_hub):
    output, _ = hostile_hub
    story_pages = [p for p in (output / "stories").rglob("index.html")]
    text = "".join(p.read_text(encoding="utf-8") for p in story_pages)
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in text
    assert re.search(r"\{\{ 7\*7 \}\}", text)


@pytest.mark.parametrize("title", ["<script>alert(document.cookie)</script>",
                                   "&lt;script&gt;alert(1)&lt;/script&gt;"])
def test_a_title_shows_as_typed_in_the_heading_the_tab_the_share_tags_and_the_card(hostile_hub, title):
    import lxml.html

    output, _ = hostile_hub
    for page in (output / "stories").rglob("index.html"):
        document = lxml.html.fromstring(page.read_bytes())
        if document.findtext(".//h1") == title:
            break
    else:
        pytest.fail(f"no story page has the heading {title!r}")
    meta = {m.get("property") or m.get("name"): m.get("content") for m in document.iter("meta")}
    assert document.findtext(".//title").startswith(f"{title} · ")
    assert meta["og:title"] == title and meta["twitter:title"] == title
    assert f" · {title} · " in meta["og:image:alt"]


def _shape(markup: str) -> "Counter[tuple[str, tuple[str, ...]]]":
    """Every element of a page as (tag, attribute names): what text can never change."""
    from collections import Counter

    import lxml.html

    return Counter((element.tag, tuple(sorted(element.attrib)))
                   for element in lxml.html.fromstring(markup).iter() if isinstance(element.tag, str))


def test_the_service_pages_hold_every_payload_inert(tmp_path):
    """The form shown again with errors, the thanks page, the status page and its edit
    form have the same elements and attributes with a payload in every field as with
    plain text: advocate text never adds markup to a page of the service."""
    from intakehelpers import aged_token, make_client, story_form

    client, service, _ = make_client(tmp_path)

    def pages(values: dict) -> list[str]:
        refused = client.post("/submit", data={**values, "email": "x", "form_token": aged_token(service)})
        sent = client.post("/submit", data={**values, "form_token": aged_token(service)})
        assert sent.status_code == 303, sent.text
        thanks = client.get(sent.headers["location"])
        status = re.search(r'https://stories.example.com(/status/[\w-]{43})', thanks.text).group(1)
        receipt = sent.headers["location"].split("?", 1)[0].rstrip("/").rsplit("/", 1)[1]
        moderation.request_changes(service.desk, receipt, moderator="Mo", now=service.clock(),
                                   note=values["title"])
        return [refused.text, thanks.text, client.get(status).text, client.get(status + "/edit").text]

    plain = pages(story_form(title="Plain title", body="Plain body", display_name="Plain Name"))
    for number, payload in enumerate(PAYLOADS):
        values = story_form(title=payload[:150], body=payload, display_name=payload[:60],
                            email=f"p{number}@example.com")
        if check(values)[0] is None:
            continue
        for expected, got in zip(plain, pages(values)):
            assert _shape(got) == _shape(expected), payload
