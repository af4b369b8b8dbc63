"""Every feed text field has one declared type, and each writer serialises it by that
type: pure functions and whole feeds built from hostile plain data."""

from __future__ import annotations

import json
from dataclasses import fields
from unittest import mock

import pytest
from lxml import etree

from chorus_feeds.atomrss import atom_bytes, profile_references, rss_bytes
from chorus_feeds.jsonfeed import json_bytes
from chorus_feeds.model import Author, Category, Feed, Image, Item, declared_types
from chorus_feeds.text import FeedHtml, PlainText, as_html, as_plain, atom_text, feed_html
from feed_checks import ATOM
from feed_reader import html_problems, reader_problems, rss_reader_problems, visible_text
from test_feeds_hostile import PAYLOADS
from test_feeds_render import BASE, URLS, feed, item, problems

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
MEDIA = "{http://search.yahoo.com/mrss/}"
# Field -> declared type; docs/feeds.md has the same table with how each is written.
TEXT_FIELDS = {
    (Author, "name"): PlainText, (Category, "term"): PlainText, (Category, "label"): PlainText,
    (Image, "alt"): PlainText, (Item, "title"): PlainText, (Item, "summary"): PlainText,
    (Item, "content_html"): FeedHtml, (Feed, "title"): PlainText, (Feed, "description"): PlainText,
}
NOT_TEXT = {(Author, "url"), (Author, "avatar"), (Category, "scheme"), (Image, "url"), (Image, "mime"),
            (Item, "uid"), (Item, "url"), (Item, "language"), (Feed, "key"), (Feed, "page_url"),
            (Feed, "language"), (Feed, "hub"), (Feed, "icon"),
            (Feed, "favicon")}
HOSTILE = " ".join(PAYLOADS) + " 3 < 5 & more"


def test_every_string_field_of_the_model_has_its_declared_type():
    declared = {(cls, name): kind for cls in (Author, Category, Image, Item, Feed)
                for name, kind in declared_types(cls).items()}
    assert {key: kind for key, kind in declared.items() if kind is not str} == TEXT_FIELDS
    assert {key for key, kind in declared.items() if kind is str} == NOT_TEXT
    every_field = {(cls, f.name) for cls in (Author, Category, Image, Item, Feed) for f in fields(cls)}
    assert set(declared) <= every_field


def test_objects_hold_their_fields_in_the_declared_type():
    entry = item(title="T", summary="S", author=Author("N"), categories=(Category("t", "L", ""),),
                 image=Image(f"{BASE}/c.png", "image/png", alt="A"))
    values = [entry.title, entry.summary, entry.author.name, entry.categories[0].term,
              entry.categories[0].label, entry.image.alt, feed([entry]).title, feed([entry]).description]
    assert all(type(value) is PlainText for value in values)
    assert type(entry.content_html) is FeedHtml and type(entry.url) is str


@pytest.mark.parametrize("text", [*PAYLOADS, "3 < 5 & more", "a &amp; b", "“quotes” ‘and’ \"plain\""])
def test_plain_text_is_escaped_for_html_sinks_and_shows_as_written(text):
    escaped = as_html(PlainText(text))
    assert html_problems(escaped, html_allowed=False) == []
    assert visible_text(escaped) == text
    assert as_plain(PlainText(text)) == text and atom_text(PlainText(text)) == (text, "text")


def test_sanitised_html_is_written_as_it_is_and_typed_html():
    made = feed_html('<p>Hi <a href="/x">x</a></p>', f"{BASE}/s/")
    assert as_html(made) == made and atom_text(made) == (made, "html")
    with pytest.raises(TypeError):
        as_plain(made)


@pytest.mark.parametrize("writer", [as_html, as_plain, atom_text])
def test_an_undeclared_string_is_refused_by_every_writer(writer):
    with pytest.raises(TypeError):
        writer("<b>who knows</b>")


def test_text_that_reads_like_an_attribute_is_not_rewritten_as_a_link():
    quote = PlainText('she wrote href="javascript:alert(1)" and src="/x" in her notes')
    made = feed_html(f"<p>{as_html(quote)}</p>", f"{BASE}/s/")
    assert visible_text(made) == quote


def hostile_feed() -> Feed:
    card = Image(f"{BASE}/cards/c.png", "image/png", 1200, 630, HOSTILE, 10)
    entry = item("evil", 4, title=HOSTILE, summary=HOSTILE, content_html=f"<p>{HOSTILE}</p>",
                 author=Author(HOSTILE), categories=(Category(HOSTILE, HOSTILE, f"{BASE}/tags/"),), image=card)
    return feed([entry, item("ok", 3)], title=HOSTILE, description=HOSTILE)


def test_hostile_text_in_every_field_is_inert_and_valid_in_every_format():
    f = hostile_feed()
    out = {"atom": atom_bytes(f), "rss": rss_bytes(f), "json": json_bytes(f)}
    assert [p for fmt, data in out.items() for p in reader_problems(URLS[fmt], data)] == []
    assert problems(f, 2) == []


def test_rss_shows_every_plain_field_as_written():
    channel = etree.fromstring(rss_bytes(hostile_feed())).find("channel")
    entry = channel.find("item")
    media = entry.find(f"{MEDIA}content/{MEDIA}description")
    texts = [channel.findtext("title"), channel.findtext("description"), entry.findtext("title"),
             entry.findtext("description"), entry.findtext(DC_CREATOR), entry.findtext("category"), media.text]
    assert [visible_text(text) for text in texts] == [HOSTILE] * 7
    assert media.get("type") == "html"
    # content_html was given as raw HTML: sanitised, so only the pre-escaped payload shows, as text.
    assert visible_text(entry.findtext(CONTENT)).split() == ["<script>alert(2)</script>", '">', "3", "<", "5",
                                                             "&", "more"]


def test_atom_declares_each_text_construct_and_json_keeps_plain_fields_plain():
    root = etree.fromstring(atom_bytes(hostile_feed()))
    entry = root.find(f"{ATOM}entry")
    types = {tag: element.get("type") for tag in ("title", "subtitle")
             for element in [root.find(f"{ATOM}{tag}")]}
    types |= {f"entry {tag}": entry.find(f"{ATOM}{tag}").get("type") for tag in ("title", "summary", "content")}
    assert types == {"title": "text", "subtitle": "text", "entry title": "text", "entry summary": "text",
                     "entry content": "html"}
    assert entry.findtext(f"{ATOM}title") == HOSTILE and entry.findtext(f"{ATOM}author/{ATOM}name") == HOSTILE
    data = json.loads(json_bytes(hostile_feed()))
    first = data["items"][0]
    assert (data["title"], data["description"], first["title"], first["summary"], first["tags"]) == (
        HOSTILE, HOSTILE, HOSTILE, HOSTILE, [HOSTILE])
    assert html_problems(first["content_html"], html_allowed=True) == []


def test_the_reader_check_catches_markup_escaped_only_once():
    """What Chorus wrote before: RSS plain text escaped for XML only."""
    live = (b'<rss version="2.0"><channel><title>t</title><description>&lt;img src=x onerror=a()&gt;'
            b'</description><item><title>&lt;script&gt;x&lt;/script&gt;</title><content:encoded '
            b'xmlns:content="http://purl.org/rss/1.0/modules/content/">&lt;p onclick="x"&gt;'
            b'&lt;a href="javascript:x"&gt;a&lt;/a&gt;&lt;/p&gt;</content:encoded></item></channel></rss>')
    assert rss_reader_problems(live) == [
        "rss/channel/description: element <img>", "rss/channel/item/title: element <script>",
        "rss/channel/item/encoded: attribute onclick on <p>", "rss/channel/item/encoded: href='javascript:x' on <a>"]


def test_profile_references_change_the_bytes_not_the_xml():
    f = hostile_feed()
    with mock.patch("chorus_feeds.atomrss.profile_references", side_effect=lambda data: data):
        plain = rss_bytes(f)
    written = rss_bytes(f)
    assert b"&amp;" not in written and b"&#x26;" in written and written == profile_references(plain)
    assert etree.tostring(etree.fromstring(written)) == etree.tostring(etree.fromstring(plain))


def test_the_feed_renderer_fingerprint_covers_the_writers_by_type():
    from chorus_feeds import atomrss, jsonfeed, model, text
    from chorus_feeds.unchanged import renderer_fingerprint

    with mock.patch("chorus_feeds.unchanged.code_fingerprint", return_value="x") as fingerprint:
        renderer_fingerprint()
    assert set(fingerprint.call_args.args[0]) == {atomrss, jsonfeed, model, text}
