"""Share cards in a real build: OG tags on every page, the images behind them, the cache."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from chorus import site
from chorus.problems import ConfigError
from conftest import ROOT, make_settings

REQUIRED = ("og:title", "og:description", "og:url", "og:type", "og:site_name", "og:locale", "og:image",
            "og:image:width", "og:image:height", "og:image:alt", "twitter:card")
SITEURL = "https://stories.example.com"


class MetaParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.scripts: list[str] = []
        self.inputs: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and (attributes.get("property") or attributes.get("name")):
            self.meta[attributes.get("property") or attributes.get("name")] = attributes.get("content") or ""
        elif tag == "script" and attributes.get("type") != "application/ld+json":   # data, not code
            self.scripts.append(attributes.get("src") or "(inline)")
        elif tag == "input":
            self.inputs.append(attributes)


def parse(path: Path) -> MetaParser:
    parser = MetaParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def og_problems(output: Path, siteurl: str) -> list[str]:
    """Every page: tags present, URLs absolute under siteurl, image real, as declared, small."""
    problems = []
    for page in sorted(output.rglob("*.html")):
        name = page.relative_to(output).as_posix()
        if name.startswith("embed/wall/"):
            continue            # the embeddable wall's frames live inside other sites' pages
        meta = parse(page).meta
        missing = [tag for tag in REQUIRED if not meta.get(tag)]
        if missing:
            problems.append(f"{name}: missing {missing}")
            continue
        for tag in ("og:url", "og:image"):
            if not meta[tag].startswith(siteurl + "/"):
                problems.append(f"{name}: {tag} {meta[tag]} is not absolute under {siteurl}")
        image = output / meta["og:image"][len(siteurl) + 1:]
        if not image.is_file():
            problems.append(f"{name}: {image} missing")
            continue
        with Image.open(image) as picture:
            if picture.format not in ("PNG", "JPEG"):
                problems.append(f"{name}: {picture.format}")
            if picture.size != (int(meta["og:image:width"]), int(meta["og:image:height"])):
                problems.append(f"{name}: declared size differs from {picture.size}")
        if image.stat().st_size >= 5 * 1024 * 1024:
            problems.append(f"{name}: image over 5 MB")
        if meta["twitter:card"] != "summary_large_image":
            problems.append(f"{name}: twitter:card {meta['twitter:card']}")
    return problems


@pytest.fixture
def built(mini_content, tmp_path):
    def run(**overrides):
        cards = {"cache_dir": str(tmp_path / "cache"), **overrides.pop("CHORUS_CARDS", {})}
        settings = make_settings(mini_content, tmp_path / "output", CHORUS_CARDS=cards, **overrides)
        site.build(settings)
        return tmp_path / "output"
    return run


def test_every_page_has_complete_open_graph_tags_with_real_images(built):
    output = built(SITEURL=SITEURL)
    assert og_problems(output, SITEURL) == []
    story = parse(output / "stories/first-fifty-k/index.html").meta
    assert story["og:type"] == "article" and story["og:url"] == f"{SITEURL}/stories/first-fifty-k/"
    assert re.fullmatch(rf"{SITEURL}/cards/stories-first-fifty-k-[0-9a-f]{{10}}\.png", story["og:image"])
    assert "The fifty kilometres" in story["og:image:alt"] and "Maya Okafor" in story["og:image:alt"]
    assert parse(output / "index.html").meta["og:type"] == "website"


def test_dev_build_uses_the_local_preview_address(built):
    output = built()
    assert og_problems(output, "http://127.0.0.1:8000") == []


def test_share_links_and_copy_field_without_third_party_scripts(built):
    output = built(SITEURL=SITEURL)
    pages = ["stories/first-fifty-k/index.html", "advocates/maya-okafor/index.html",
             *[p.relative_to(output).as_posix() for p in (output / "testimonials").glob("*/index.html")]]
    assert len(pages) >= 3
    for name in pages:
        html = (output / name).read_text(encoding="utf-8")
        for network in ("linkedin.com/sharing", "x.com/intent", "facebook.com/sharer",
                        f'"{SITEURL}/share/mastodon/?text=', "wa.me/", "mailto:?subject="):
            assert network in html, (name, network)
        # Mastodon is many servers: the link opens our own page, never a third-party service.
        assert "mastodonshare" not in html
        parsed = parse(output / name)
        field = next(i for i in parsed.inputs if "data-share-url" in i)
        assert "readonly" in field and field["value"].startswith(SITEURL + "/")
        assert all(src == f"{SITEURL}/theme/js/share.js" for src in parsed.scripts), parsed.scripts
    assert (output / "theme/js/share.js").is_file()
    mastodon = (output / "share/mastodon/index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in mastodon
    assert f'src="{SITEURL}/theme/js/mastodon.js"' in mastodon
    assert (output / "theme/js/mastodon.js").is_file()


def test_unchanged_cards_are_not_redrawn_and_changed_ones_replace_stale_files(built, mini_content, tmp_path):
    output = built()
    cache = tmp_path / "cache"
    first = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.png")}
    built()
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.png")} == first
    story = mini_content / "stories/first-fifty-k.md"
    story.write_text(story.read_text().replace("Title: The fifty kilometres", "Title: The sixty kilometres"))
    built()
    now = {p.name for p in cache.glob("*.png")}
    old_card = next(n for n in first if n.startswith("stories-"))
    new_card = next(n for n in now if n.startswith("stories-"))
    assert old_card != new_card and old_card not in now
    assert sorted(p.name for p in (output / "cards").glob("*")) == sorted(now)


def test_publish_settings_without_siteurl_are_refused(monkeypatch):
    monkeypatch.setenv("CHORUS_SITEURL", "")
    settings = site.load_settings(ROOT / "publishconf.py")
    with pytest.raises(ConfigError, match="SITEURL must be the hub's absolute public address"):
        site.require_absolute_siteurl(settings)
    monkeypatch.setenv("CHORUS_SITEURL", "stories.example.com")     # no scheme: still relative
    with pytest.raises(ConfigError):
        site.require_absolute_siteurl(site.load_settings(ROOT / "publishconf.py"))


def test_bad_card_settings_are_all_reported_at_once(mini_content, tmp_path):
    settings = make_settings(mini_content, tmp_path / "output",
                             CHORUS_CARDS={"workers": -1, "colour": "red", "local_siteurl": "localhost"})
    with pytest.raises(ConfigError) as caught:
        site.build(settings)
    message = str(caught.value)
    assert "unknown key 'colour'" in message and "workers" in message and "local_siteurl" in message


def test_consented_photo_is_drawn_without_warnings(built, mini_content, warnings_log):
    advocate = mini_content / "advocates/maya-okafor.md"
    text = advocate.read_text()
    (mini_content / "images").mkdir(exist_ok=True)
    Image.new("RGB", (40, 40), "#336699").save(mini_content / "images/maya.jpg")
    advocate.write_text(text.replace("Location:", "Photo: images/maya.jpg\nPhoto_consent: yes\nLocation:"))
    output = built()
    assert og_problems(output, "http://127.0.0.1:8000") == []
    assert not [m for m in warnings_log.messages() if "Chorus cards" in m]


def test_demo_site_every_page_has_open_graph_tags_and_its_card(demo_site):
    assert og_problems(demo_site, "http://127.0.0.1:8000") == []
    cards = sorted(p.name for p in (demo_site / "cards").glob("*.png"))
    kinds = {name.split("-", 1)[0] for name in cards}
    assert {"site", "stories", "testimonials", "advocates"} <= kinds


def test_cards_survive_a_rebuild_into_a_kept_output_folder(built, tmp_path):
    """With the incremental-output plugin the folder is kept and unmade files are swept."""
    first = built(CHORUS_CACHE={"render": True, "keep_unchanged": True})
    names = sorted(p.name for p in (first / "cards").glob("*.png"))
    second = built(CHORUS_CACHE={"render": True, "keep_unchanged": True})
    assert sorted(p.name for p in (second / "cards").glob("*.png")) == names and names
    assert og_problems(second, "http://127.0.0.1:8000") == []


def test_feed_enclosures_state_the_card_files_real_size(built):
    from lxml import etree

    output = built(SITEURL=SITEURL)
    rss = etree.parse(str(output / "feeds/stories.rss.xml")).getroot()
    enclosures = [item.find("enclosure") for item in rss.iter("item")]
    assert enclosures
    for enclosure in enclosures:
        card = output / enclosure.get("url")[len(SITEURL) + 1:]
        assert int(enclosure.get("length")) == card.stat().st_size > 0
    atom = etree.parse(str(output / "feeds/stories.atom.xml")).getroot()
    link = atom.find(".//{http://www.w3.org/2005/Atom}link[@rel='enclosure']")
    assert int(link.get("length")) == (output / link.get("href")[len(SITEURL) + 1:]).stat().st_size
