"""The feed writers as pure functions: plain entry data in, bytes out, including
hostile text that must never break or poison a feed."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from lxml import etree

from chorus.problems import ConfigError
from chorus_feeds.atomrss import atom_bytes, rss_bytes
from chorus_feeds.jsonfeed import json_bytes
from chorus_feeds.model import Author, Category, Feed, Image, Item
from chorus_feeds.settings import FeedSettings, site_base
from chorus_feeds.text import feed_html, xml_safe
from feed_checks import ATOM, atom_problems, feedparser_problems, json_problems, rss_problems

BASE = "https://stories.example.com"
TZ = dt.timezone(dt.timedelta(hours=-7))
URLS = {"atom": f"{BASE}/feeds/stories.atom.xml", "rss": f"{BASE}/feeds/stories.rss.xml",
        "json": f"{BASE}/feeds/stories.json"}
HOSTILE = "Bad\x00\x01\x08\x0b\x0c\x1f\x7f\x85\ufffe\uffff\ud800\udfff\ufdd0 ]]> <script>alert(1)</script> end"
HOSTILE_HTML = ('<p>Hi\x0b there ]]&gt; <script>alert(1)</script><a href="javascript:alert(1)">js</a> '
                '<a href="/tags/ultra/">root</a> <a href="../other/">up</a> <a href="?q=1&amp;r=2">q</a> '
                '<a href="mailto:someone@example.com">mail</a> <img src="x" onerror="alert(1)">\ud83d</p>'
                '<iframe src="https://evil.example/"></iframe><a href="data:text/html,x">data</a>')


def moment(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, 0, tzinfo=TZ)


def item(slug: str = "first", day: int = 3, **changes) -> Item:
    values = dict(uid=f"tag:stories.example.com,2026-11-{day:02d}:stories/{slug}",
                  url=f"{BASE}/stories/{slug}/", title=f"Story {slug}", content_html="<p>Text</p>",
                  summary="Text", published=moment(day), updated=moment(day),
                  author=Author("Maya Okafor", f"{BASE}/advocates/maya-okafor/"),
                  categories=(Category("ultra", "Ultra running", f"{BASE}/tags/"),))
    values.update(changes)
    return Item(**values)


def feed(items=(), **changes) -> Feed:
    values = dict(key="stories", title="Ridgeline: latest stories", description="Trail stories",
                  page_url=f"{BASE}/", urls=URLS, author=Author("Ridgeline", f"{BASE}/"),
                  items=tuple(items), language="en", empty_updated=moment(22, 0))
    values.update(changes)
    return Feed(**values)


def every_format(f: Feed) -> dict[str, bytes]:
    return {"atom": atom_bytes(f), "rss": rss_bytes(f), "json": json_bytes(f)}


def problems(f: Feed, count: int) -> list[str]:
    out = every_format(f)
    return (atom_problems(out["atom"], URLS["atom"]) + rss_problems(out["rss"], URLS["rss"])
            + json_problems(out["json"], URLS["json"]) + feedparser_problems(out["atom"], count)
            + feedparser_problems(out["rss"], count))


def test_a_plain_feed_passes_every_check():
    f = feed([item("b", 5), item("a", 3)])
    assert problems(f, 2) == []


def test_hostile_text_in_every_field_cannot_break_any_format():
    hostile = item("evil", 4, title=HOSTILE, summary=HOSTILE, content_html=HOSTILE_HTML,
                   author=Author(HOSTILE), categories=(Category(HOSTILE, HOSTILE, f"{BASE}/tags/"),),
                   image=Image(f"{BASE}/cards/evil.png", "image/png", 1200, 630, HOSTILE, 10))
    f = feed([hostile, item("ok", 3)], title=HOSTILE, description=HOSTILE)
    assert problems(f, 2) == []
    out = every_format(f)
    atom = etree.fromstring(out["atom"])
    content = atom.find(f"{ATOM}entry/{ATOM}content").text
    assert "<script" not in content and "javascript:" not in content and "data:" not in content
    assert "onerror" not in content and "<iframe" not in content
    assert f'href="{BASE}/tags/ultra/"' in content
    assert f'href="{BASE}/stories/other/"' in content
    assert f'href="{BASE}/stories/evil/?q=1&amp;r=2"' in content
    title = atom.find(f"{ATOM}entry/{ATOM}title").text
    assert title == "Bad ]]> <script>alert(1)</script> end"
    data = json.loads(out["json"])
    assert data["items"][0]["title"] == title
    for text in (out["atom"].decode(), out["rss"].decode(), out["json"].decode()):
        assert not any(ch in text for ch in "\x00\x01\x0b\x7f\x85\ufffe\uffff\ufdd0")


@pytest.mark.parametrize("text, expected", [
    ("plain", "plain"), ("tab\tand\nnewline\r", "tab\tand\nnewline\r"), ("a\x00b\x1fc", "abc"),
    ("\ud800lone", "lone"), ("x\ufffe\uffffy", "xy"), ("emoji 🏃 ok", "emoji 🏃 ok"),
    ("c1\x80\x9f", "c1"), ("ü ß 中文 عربى", "ü ß 中文 عربى"),
])
def test_xml_safe_keeps_only_xml_characters(text, expected):
    assert xml_safe(text) == expected


def test_xml_safe_drops_exactly_what_xml_forbids_or_discourages_in_all_of_unicode():
    def kept(code: int) -> bool:
        return (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF
                or 0xE000 <= code <= 0xFFFD and not 0xFDD0 <= code <= 0xFDEF or code >= 0x10000)
    everything = "".join(map(chr, range(0x110000)))
    assert xml_safe(everything) == "".join(ch for ch in everything if kept(ord(ch)))


@pytest.mark.parametrize("href, expected", [
    ("/stories/x/", f"{BASE}/stories/x/"),
    ("x/", f"{BASE}/stories/here/x/"),
    ("https://other.example/a", "https://other.example/a"),
    ("//cdn.example/a", "https://cdn.example/a"),
    ("#part", f"{BASE}/stories/here/#part"),
])
def test_every_link_in_entry_html_becomes_absolute(href, expected):
    html = feed_html(f'<p><a href="{href}">x</a></p>', f"{BASE}/stories/here/")
    assert f'href="{expected}"' in html


def test_a_link_with_a_dangerous_scheme_loses_its_href():
    html = feed_html('<a href=" JaVaScRiPt:alert(1)">x</a><a href="vbscript:x">y</a>', f"{BASE}/s/")
    assert "href" not in html


def test_share_card_is_the_entry_image_in_every_format():
    card = Image(f"{BASE}/cards/stories-first-3f9a.png", "image/png", 1200, 630, "Card for First", 4321)
    out = every_format(feed([item(image=card)]))
    entry = etree.fromstring(out["atom"]).find(f"{ATOM}entry")
    links = [(link.get("rel"), link.get("type"), link.get("href"), link.get("length"))
             for link in entry.findall(f"{ATOM}link")]
    # feedgen 1.0 would write two bare <link href>: one alternate too many and no enclosure.
    assert links == [("alternate", "text/html", f"{BASE}/stories/first/", None),
                     ("enclosure", "image/png", card.url, "4321")]
    rss_item = etree.fromstring(out["rss"]).find("channel/item")
    enclosure = rss_item.find("enclosure")
    assert (enclosure.get("url"), enclosure.get("type"), enclosure.get("length")) == (card.url, "image/png", "4321")
    media = rss_item.find("{http://search.yahoo.com/mrss/}content")
    assert (media.get("url"), media.get("width"), media.get("height")) == (card.url, "1200", "630")
    assert json.loads(out["json"])["items"][0]["image"] == card.url


def test_dates_come_from_the_content_never_the_clock():
    published, modified = moment(3, 7), moment(10, 12)
    out = every_format(feed([item(published=published, updated=modified), item("old", 1)]))
    atom = etree.fromstring(out["atom"])
    assert atom.findtext(f"{ATOM}updated") == modified.isoformat()
    entry = atom.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}published") == "2026-11-03T07:00:00-07:00"
    assert entry.findtext(f"{ATOM}updated") == "2026-11-10T12:00:00-07:00"
    channel = etree.fromstring(out["rss"]).find("channel")
    assert channel.findtext("lastBuildDate") == "Tue, 10 Nov 2026 12:00:00 -0700"
    assert channel.findtext("item/pubDate") == "Tue, 03 Nov 2026 07:00:00 -0700"
    data = json.loads(out["json"])["items"][0]
    assert (data["date_published"], data["date_modified"]) == (published.isoformat(), modified.isoformat())


def test_an_empty_feed_is_valid_and_dated_from_its_empty_day():
    f = feed([])
    assert problems(f, 0) == []
    assert etree.fromstring(atom_bytes(f)).findtext(f"{ATOM}updated") == moment(22, 0).isoformat()


def test_rendering_twice_gives_identical_bytes():
    f = feed([item("b", 5), item("a", 3, image=Image(f"{BASE}/c.png", "image/png"))])
    assert every_format(f) == every_format(f)


def test_ids_are_stable_and_guids_are_not_permalinks():
    out = every_format(feed([item()]))
    guid = etree.fromstring(out["rss"]).find("channel/item/guid")
    assert (guid.text, guid.get("isPermaLink")) == ("tag:stories.example.com,2026-11-03:stories/first", "false")
    assert etree.fromstring(out["atom"]).findtext(f"{ATOM}entry/{ATOM}id") == guid.text


def test_websub_hub_is_linked_from_every_format():
    out = every_format(feed([item()], hub="https://hub.example/"))
    atom_rels = {link.get("rel"): link.get("href") for link in etree.fromstring(out["atom"]).findall(f"{ATOM}link")}
    assert atom_rels["hub"] == "https://hub.example/"
    rss_rels = {link.get("rel"): link.get("href")
                for link in etree.fromstring(out["rss"]).findall(f"channel/{ATOM}link")}
    assert rss_rels == {"self": URLS["rss"], "hub": "https://hub.example/"}
    assert json.loads(out["json"])["hubs"] == [{"type": "WebSub", "url": "https://hub.example/"}]


def test_anonymous_author_has_no_link_and_rss_never_needs_an_email():
    out = every_format(feed([item(author=Author("A community member"))]))
    entry = etree.fromstring(out["atom"]).find(f"{ATOM}entry/{ATOM}author")
    assert entry.findtext(f"{ATOM}name") == "A community member" and entry.find(f"{ATOM}uri") is None
    rss_item = etree.fromstring(out["rss"]).find("channel/item")
    assert rss_item.find("author") is None
    assert rss_item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "A community member"


@pytest.mark.parametrize("changes, message", [
    ({"published": dt.datetime(2026, 11, 3)}, "timezone-aware"),
    ({"url": "/stories/first/"}, "absolute"),
    ({"url": "javascript:alert(1)"}, "absolute"),
    ({"title": "\x00\x01"}, "title"),
])
def test_bad_entries_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        item(**changes)


def test_settings_defaults_and_every_bad_key_reported_at_once():
    assert FeedSettings.from_settings({}) == FeedSettings()
    assert FeedSettings().items == 50 and FeedSettings().wants("tags", "atom")
    assert FeedSettings().wants("tags", "json") and FeedSettings().wants("stories", "json")
    assert not FeedSettings(json_families=("stories",)).wants("tags", "json")
    with pytest.raises(ConfigError) as raised:
        FeedSettings.from_settings({"CHORUS_FEEDS": {
            "itmes": 5, "items": 0, "families": ["stories", "blogs"], "formats": "atom",
            "hub": "ftp://x", "folder": "../out", "base_url": "localhost"}})
    message = str(raised.value)
    for expected in ("unknown key 'itmes'", "items must be", "families: unknown ['blogs']",
                     "formats must be a list", "hub must be", "folder must be", "base_url must be"):
        assert expected in message


def test_feed_urls_use_siteurl_and_fall_back_to_base_url_for_local_builds():
    config = FeedSettings()
    assert site_base({"SITEURL": "https://x.example/"}, config) == "https://x.example"
    assert site_base({"SITEURL": ""}, config) == "http://127.0.0.1:8000"
    assert site_base({"SITEURL": ""}, FeedSettings(base_url="http://localhost:9000/")) == "http://localhost:9000"


def test_prompt_days_get_feeds_and_autodiscovery_links():
    from zoneinfo import ZoneInfo

    from chorus.hub import Hub, Prompt, Testimonial
    from chorus.promptday import PromptDay
    from chorus_feeds.catalogue import Sources, build_feed, feed_links, plan_feeds
    from chorus_feeds.entries import Site

    zone = ZoneInfo("America/Denver")
    answer = Testimonial("t1", "Great\x00 grip", moment(21), "anonymous")
    days = [PromptDay(dt.date(2026, 11, d), Prompt(f"p{d}", f"Question {d}?", "Intro\n\nMore", "Q", "S"),
                      testimonials=[answer] if d == 21 else []) for d in (22, 21)]
    site = Site(base=BASE, name="Ridgeline", description="Trail stories", language="en", zone=zone,
                hub=Hub(day=dt.date(2026, 11, 22)), link_base="")
    config = FeedSettings()
    plans = plan_feeds(Sources([], [answer], [], [], days), config, site, dt.date(2026, 11, 22))
    keys = [plan.key for plan in plans]
    assert keys == ["stories", "testimonials", "prompts", "prompts/2026-11-22", "prompts/2026-11-21"]
    prompts = build_feed(plans[2], config, site)
    assert [i.uid for i in prompts.items] == ["tag:stories.example.com,2026-11-22:prompts/2026-11-22",
                                             "tag:stories.example.com,2026-11-21:prompts/2026-11-21"]
    assert prompts.items[0].published == dt.datetime(2026, 11, 22, tzinfo=zone)
    assert problems(prompts.__class__(**{**prompts.__dict__, "urls": URLS}), 2) == []
    empty_day = build_feed(plans[3], config, site)
    assert empty_day.items == () and empty_day.updated == dt.datetime(2026, 11, 22, tzinfo=zone)
    answers = build_feed(plans[4], config, site)
    assert [i.author.name for i in answers.items] == ["A community member"]
    links = feed_links(plans, config, site)
    # The page's own feeds first: a reader that takes the first link gets the page's feed.
    assert [href for _, href, _ in links["prompts/2026/11/21/"]] == [
        "/feeds/prompts/2026-11-21.atom.xml", "/feeds/prompts/2026-11-21.rss.xml",
        "/feeds/prompts/2026-11-21.json",
        "/feeds/stories.atom.xml", "/feeds/stories.rss.xml", "/feeds/stories.json"]
    assert [href for _, href, _ in links[""]] == [href for _, href, _ in links["prompts/2026/11/21/"]][3:]


def test_entry_html_made_for_another_page_is_sanitised_again():
    """Only HTML that feed_html made for this very entry's URL skips sanitising."""
    from chorus_feeds.text import FeedHtml

    for given in (FeedHtml.made_for('<a href="/x">a</a><script>alert(1)</script>', f"{BASE}/elsewhere/"),
                  '<a href="/x">a</a><script>alert(1)</script>'):
        entry = item(content_html=given)
        assert "<script" not in entry.content_html and f'href="{BASE}/x"' in entry.content_html


def test_entry_html_comes_from_the_render_cache_on_the_next_build(tmp_path):
    from unittest import mock

    from chorus.buildcache import RenderCache
    from chorus_feeds.entries import Site
    from chorus_feeds.unchanged import entry_html_fingerprint

    def site() -> Site:
        cache = RenderCache(tmp_path / "feeds.json", entry_html_fingerprint())
        return Site(base=BASE, name="Hub", description="", language="en", zone=TZ, hub=None,
                    html_cache=cache)

    fragment, url = '<p><a href="../up/">up</a></p>', f"{BASE}/stories/a/"
    first = site()
    made = first.entry_html(fragment, url)
    first.html_cache.save()
    with mock.patch("chorus_feeds.entries.feed_html", side_effect=AssertionError("rendered again")):
        again = site().entry_html(fragment, url)
    assert again == made and f'href="{BASE}/stories/up/"' in again
    assert item(url=url, content_html=again).content_html == made


def test_spliced_feeds_are_byte_identical_to_whole_feeds():
    """Entries serialised once and pasted into every feed give the bytes feedgen gives."""
    from chorus_feeds.atomrss import SplicedFeeds

    shared = [item("a", 3, language="ja"), item("b", 4, title=HOSTILE),
              item("c", 5, content_html=HOSTILE_HTML,
                   image=Image(f"{BASE}/cards/c.png", "image/png", 1200, 630, "A card"))]
    feeds = [feed(shared), feed(shared[1:], key="tags/x", title="Tag x", hub="https://hub.example.org/"),
             feed([shared[0]], key="advocates/y", language="ja"), feed((), key="empty")]
    spliced = SplicedFeeds()
    for one in feeds:
        assert spliced.render(one, "atom") == atom_bytes(one)
        assert spliced.render(one, "rss") == rss_bytes(one)


def test_testimonial_and_extra_entries_come_from_the_render_cache_with_the_same_bytes(tmp_path):
    """A testimonial's whole entry HTML (its untrusted quote sanitised) is cached like a story's:
    the same bytes as without the cache, and not sanitised again on the next build."""
    from types import SimpleNamespace
    from unittest import mock

    from chorus.buildcache import RenderCache
    from chorus.hub import Testimonial
    from chorus_feeds.entries import Site, extra_item, testimonial_item
    from chorus.extrafeeds import FeedEntry
    from chorus_feeds.unchanged import entry_html_fingerprint

    hub = SimpleNamespace(advocate=lambda slug: None)

    def site(cached: bool) -> Site:
        cache = RenderCache(tmp_path / "feeds.json", entry_html_fingerprint()) if cached else None
        return Site(base=BASE, name="Hub", description="", language="en", zone=TZ, hub=hub,
                    html_cache=cache)

    quote = "שלום — grip on wet rock <script>alert(1)</script> ]]> \x0b✓"
    said = Testimonial(slug="t-1", quote=quote, date=dt.datetime(2026, 11, 3, 9, tzinfo=TZ),
                       advocate_slug="anonymous", rating=5, product="Scree <3>", language="he")
    extra = FeedEntry(path="recognition/x/first-story", page="recognition/", title="First story",
                      paragraphs=("Earned <b>it</b>",), summary="Earned it",
                      date=dt.datetime(2026, 11, 3, 9, tzinfo=TZ), first_day=dt.date(2026, 11, 3),
                      advocate_slug="anonymous")
    plain = [testimonial_item(said, site(False)).content_html, extra_item(extra, site(False)).content_html]
    first = site(True)
    made = [testimonial_item(said, first).content_html, extra_item(extra, first).content_html]
    first.html_cache.save()
    assert made == plain and "<script" not in made[0] and "\x0b" not in made[0]
    again = site(True)
    with mock.patch("chorus_feeds.entries.feed_html", side_effect=AssertionError("rendered again")), \
            mock.patch("chorus_feeds.model.feed_html", side_effect=AssertionError("rendered again")):
        assert [testimonial_item(said, again).content_html, extra_item(extra, again).content_html] == plain


def _entry_world(tmp_path, name: str = "Noor Haddad", card_alt: str = "Card"):
    """A testimonial, another plugin's entry and a site whose hub and cards know their author."""
    from types import SimpleNamespace

    from chorus.buildcache import RenderCache
    from chorus.extrafeeds import FeedEntry
    from chorus.hub import Advocate, Testimonial
    from chorus_feeds.entries import Site
    from chorus_feeds.unchanged import entry_html_fingerprint

    noor = Advocate(slug="noor", name=name, name_form="full", joined=dt.date(2026, 1, 2), bio="",
                    photo="images/noor.jpg")
    hub = SimpleNamespace(advocate=lambda slug: noor if slug == "noor" else None)
    card = SimpleNamespace(url="/cards/t.png", width=1200, height=630, alt=card_alt, length=99)
    site = Site(base=BASE, name="Hub", description="", language="en", zone=TZ, hub=hub,
                cards={"testimonials/t-1/": card, "recognition/": card},
                html_cache=RenderCache(tmp_path / "feeds.json", entry_html_fingerprint()))
    said = Testimonial(slug="t-1", quote="Grip on wet rock ✓", date=dt.datetime(2026, 11, 3, 9, tzinfo=TZ),
                       advocate_slug="noor", rating=5, product="Scree", language="en")
    extra = FeedEntry(path="recognition/noor/first-story", page="recognition/", title="First story",
                      paragraphs=("Earned it",), summary="Earned it", first_day=dt.date(2026, 11, 3),
                      date=dt.datetime(2026, 11, 3, 9, tzinfo=TZ), advocate_slug="noor",
                      image_page="recognition/")
    return site, [said, extra]


def test_an_entry_is_made_from_its_inputs_alone(tmp_path):
    """``from_inputs`` reads nothing of the hub or the cards: what an entry shows of them is in
    its inputs, so the digest of the inputs stands for the entry."""
    from chorus_feeds.entries import from_inputs, inputs, item_for

    class Untouchable:
        def __getattr__(self, name):
            raise AssertionError(f"read {name} outside the inputs")

        def get(self, key, default=None):
            raise AssertionError(f"read card {key} outside the inputs")

    site, pieces = _entry_world(tmp_path)
    for piece in pieces:
        values = inputs(piece, site)
        expected = item_for(piece, site)
        site.hub, site.cards = Untouchable(), Untouchable()
        assert from_inputs(values, site) == expected
        assert expected.author.name == "Noor Haddad" and expected.image.alt == "Card"
        site, _ = _entry_world(tmp_path)


def test_entry_digests_make_an_entry_only_when_what_it_is_made_from_changed(tmp_path):
    from chorus_feeds.unchanged import EntryDigests, entries_fingerprint, item_digest
    from chorus_feeds.entries import item_for

    def digests_of(name: str = "Noor Haddad", card_alt: str = "Card"):
        site, pieces = _entry_world(tmp_path, name, card_alt)
        record = EntryDigests(tmp_path / "cache", entries_fingerprint())
        found = [record.digest(piece, site) for piece in pieces]
        assert found == [item_digest(item_for(piece, _entry_world(tmp_path, name, card_alt)[0]))
                         for piece in pieces]
        record.save()
        site.html_cache.save()
        return found, record.made

    (tmp_path / "cache").mkdir()
    first, made = digests_of()
    assert made == 2
    assert digests_of() == (first, 0)                   # nothing changed: no entry made
    renamed, made = digests_of(name="Noor H.")          # consent to a shorter name: every entry shows it
    assert made == 2 and all(a != b for a, b in zip(renamed, first))
    recarded, made = digests_of(name="Noor H.", card_alt="New card")
    assert made == 2 and all(a != b for a, b in zip(recarded, renamed))
