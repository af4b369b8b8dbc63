"""Which cards exist and what they may show: consented names and photos only."""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace

from PIL import Image

from cards_helpers import chain
from chorus.brand import Brand
from chorus import hub as hubs
from chorus.hub import Advocate, Hub, Prompt
from chorus.promptday import PromptDay
from chorus_cards.collect import collect, resolve_logo
from chorus_cards.draw import render
from chorus_cards.layout import layout
from chorus_cards.pipeline import plan, render_missing

DAY = dt.date(2026, 11, 22)
WHEN = dt.datetime(2026, 11, 3, 7, 45, tzinfo=dt.timezone.utc)


def _hub(tmp_path, photo="images/ana.jpg"):
    hub = Hub(day=DAY)
    hub.advocates["ana"] = Advocate("ana", "Ana P.", "first_initial", dt.date(2025, 3, 1), "Bio",
                                    photo=photo, photo_alt="Ana" if photo else "", location="Lisbon")
    hub.testimonials.append(hubs.Testimonial("ana-grip", "Great grip.", WHEN, "ana", rating=5))
    return hub


def _story(slug, advocate, title="A story"):
    return SimpleNamespace(slug=slug, url=f"stories/{slug}/", title=title, excerpt="An excerpt.",
                           advocate=advocate, advocate_slug=advocate.slug if advocate else "anonymous",
                           date=WHEN, product="")


def _context(tmp_path, hub, stories, prompt_days=()):
    return {"PATH": str(tmp_path), "chorus_hub": hub, "articles": stories, "prompt_days": list(prompt_days)}


def test_a_card_for_every_story_testimonial_advocate_and_prompt_day(tmp_path):
    hub = _hub(tmp_path, photo="")
    prompt = Prompt("descent", "Which descent taught you most?", "", "q", "s", day=DAY)
    days = [PromptDay(DAY, prompt, testimonials=[hub.testimonials[0]])]
    stories = [_story("mine", hub.advocates["ana"]), _story("secret", None)]
    cards = collect(_context(tmp_path, hub, stories, days), Brand(), "", "stories.example.com")
    by_url = {card.page_url: card for card in cards}
    assert set(by_url) == {"", "stories/mine/", "stories/secret/", "testimonials/ana-grip/",
                           "advocates/ana/", "prompts/2026/11/22/"}
    assert by_url["prompts/2026/11/22/"].question == "Which descent taught you most?"
    assert by_url["prompts/2026/11/22/"].detail.startswith("1 answer so far")
    assert by_url["stories/secret/"].name == "" and by_url["stories/secret/"].initials == ""
    assert by_url["advocates/ana/"].quote == "1 story · 1 testimonial"


def test_photo_only_when_consented_and_present(tmp_path, caplog):
    (tmp_path / "images").mkdir()
    Image.new("RGB", (50, 50), "#aa3300").save(tmp_path / "images/ana.jpg")
    hub = _hub(tmp_path)
    cards = collect(_context(tmp_path, hub, [_story("mine", hub.advocates["ana"])]), Brand(), "", "x")
    assert all(c.photo.endswith("images/ana.jpg") for c in cards if c.name == "Ana P." or c.kind == "advocate")
    no_consent = _hub(tmp_path, photo="")       # the hub drops photos without consent
    cards = collect(_context(tmp_path, no_consent, [_story("mine", no_consent.advocates["ana"])]), Brand(), "", "x")
    assert not any(c.photo for c in cards)
    gone = _hub(tmp_path, photo="images/missing.jpg")
    with caplog.at_level(logging.WARNING):
        cards = collect(_context(tmp_path, gone, []), Brand(), "", "x")
    assert not any(c.photo for c in cards) and "advocates/ana/" in caplog.text


def test_svg_brand_logo_uses_the_png_beside_it(tmp_path):
    from conftest import ROOT

    settings = {"PATH": str(tmp_path), "THEME": str(ROOT / "theme")}
    logo = resolve_logo(settings, Brand(logo="theme/images/logo.svg"), "", tmp_path)
    assert logo.endswith("theme/static/images/logo.png")


def test_parallel_rendering_gives_the_same_bytes_as_one_process(tmp_path):
    hub = _hub(tmp_path, photo="")
    stories = [_story(f"s{i}", hub.advocates["ana"], title=f"Story {i} 👍🏽 ünïcödé 漢字") for i in range(9)]
    planned = plan(collect(_context(tmp_path, hub, stories), Brand(), "", "x"), chain())
    assert render_missing(planned, chain(), tmp_path / "pool", workers=2, compress_level=1) == len(planned)
    assert render_missing(planned, chain(), tmp_path / "pool", workers=2, compress_level=1) == 0
    assert render_missing(planned, chain(), tmp_path / "one", workers=1, compress_level=1) == len(planned)
    for item in planned:
        assert (tmp_path / "pool" / item.name).read_bytes() == (tmp_path / "one" / item.name).read_bytes()


def test_card_names_change_with_any_text_or_colour(tmp_path):
    hub = _hub(tmp_path, photo="")
    base = collect(_context(tmp_path, hub, [_story("s", hub.advocates["ana"])]), Brand(), "", "x")
    other = collect(_context(tmp_path, hub, [_story("s", hub.advocates["ana"], "New title")]), Brand(), "", "x")
    recoloured = collect(_context(tmp_path, hub, [_story("s", hub.advocates["ana"])]),
                         Brand(primary="#000000"), "", "x")
    names = [{p.card.page_url: p.name for p in plan(cards, chain())} for cards in (base, other, recoloured)]
    assert names[0]["stories/s/"] != names[1]["stories/s/"] != names[2]["stories/s/"]
    assert names[0]["advocates/ana/"] == names[1]["advocates/ana/"]
    assert render(layout(base[0], chain())).size == (1200, 630)


def test_a_story_with_its_own_photo_shows_it_and_a_testimonial_names_its_product(tmp_path):
    hub = _hub(tmp_path, photo="")
    hub.testimonials[0] = hubs.Testimonial("ana-grip", "Great grip.", WHEN, "ana", rating=5,
                                           role="Coach", product="Scree 3")
    (tmp_path / "images").mkdir()
    Image.new("RGB", (300, 200), "#336699").save(tmp_path / "images" / "summit.jpg")
    story = _story("summit", hub.advocates["ana"])
    story.photo = "images/summit.jpg"
    plain = _story("plain", hub.advocates["ana"])
    cards = {c.slug: c for c in collect(_context(tmp_path, hub, [story, plain]), Brand(), "", "x.org")}
    assert cards["summit"].picture == str((tmp_path / "images" / "summit.jpg").resolve())
    assert cards["plain"].picture == ""
    assert cards["ana-grip"].detail == "Coach · About Scree 3"
    image = render(layout(cards["summit"], chain()))
    red, green, blue = image.getpixel((1100, 300))[:3]               # the photo fills the right side
    assert abs(red - 0x33) + abs(green - 0x66) + abs(blue - 0x99) <= 6
