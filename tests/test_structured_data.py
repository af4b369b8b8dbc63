"""JSON-LD on every page (plugins/chorus_structured): it parses, has the required properties
of its type, follows the review guidelines, names no one who did not consent, and no text
can leave its script element."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import html

from chorus import site
from chorus_structured import graph
from chorus_structured.serialise import script_element, script_json
from chorus_structured.settings import StructuredSettings
from conftest import ROOT, make_settings
from site_checks import html_pages
from structured_checks import json_ld, nodes, problems

HOSTILE = "</script><script>alert(1)</script>"
SITE = graph.Site(base="https://hub.example", name="Hub", brand="Brand")
ZONE = dt.timezone(dt.timedelta(hours=-7))


def _testimonial(**changes):
    values = dict(slug="t", url="testimonials/t/", quote="Great", date=dt.datetime(2026, 11, 1, tzinfo=ZONE),
                  rating=4, product="", language="")
    return SimpleNamespace(**{**values, **changes})


@pytest.mark.parametrize("text", [HOSTILE, "<!-- x", "a & b > c", "line\u2028sep", "<\\/script>"])
def test_serialised_json_holds_no_markup_and_reads_back_exactly(text):
    data = {"name": text}
    out = script_json(data)
    assert not set("<>&") & set(out)
    assert json.loads(out) == data
    element = html.fromstring(f"<div>{script_element(data)}</div>")
    assert len(element.xpath("//script")) == 1
    assert json.loads(element.xpath("//script")[0].text_content()) == data


def test_a_person_is_only_the_consented_name_and_profile_link():
    who = SimpleNamespace(name="Noor H.", url="advocates/noor-h/", slug="noor-h", bio="private-ish",
                          location="Somewhere", photo="images/x.jpg")
    assert graph.person(who, SITE) == {"@type": "Person", "name": "Noor H.",
                                       "url": "https://hub.example/advocates/noor-h/"}
    assert graph.person(None, SITE) is None


def test_only_reviews_of_a_named_product_carry_a_rating():
    about_brand = graph.review(_testimonial(), None, SITE)
    assert "reviewRating" not in about_brand and "author" not in about_brand
    assert about_brand["itemReviewed"] == {"@id": "https://hub.example/#organization"}
    about_product = graph.review(_testimonial(product="Scree 3"), None, SITE)
    assert about_product["itemReviewed"] == {"@type": "Product", "name": "Scree 3"}
    assert about_product["reviewRating"]["ratingValue"] == 4
    assert "aggregateRating" not in graph.organization(SITE)


def test_breadcrumbs_go_home_section_page():
    crumbs = graph.breadcrumbs("stories/x/", "X", SITE)["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Home", "https://hub.example/"), (2, "Stories", "https://hub.example/archives/"),
        (3, "X", "https://hub.example/stories/x/")]


def test_settings_report_every_bad_key_at_once():
    with pytest.raises(Exception, match="enabled.*local_siteurl|unknown key 'colour'"):
        StructuredSettings.from_settings({"CHORUS_STRUCTURED": {"enabled": "yes", "local_siteurl": "x",
                                                                "colour": 1}})


def _site_pages(output: Path) -> list[Path]:
    """Every page of the site itself; the embeddable wall's frames (noindex, shown inside
    other sites' pages) carry no structured data."""
    return [p for p in html_pages(output) if p.relative_to(output).parts[:2] != ("embed", "wall")]


def test_every_demo_page_has_valid_json_ld_of_its_type(demo_site):
    pages = _site_pages(demo_site)
    assert len(pages) > 100
    found = [problem for page in pages for problem in problems(page)]
    assert found == []
    expect = {"index.html": "WebSite", "stories/first-fifty-k/index.html": "BlogPosting",
              "testimonials/maya-scree-grip/index.html": "Review",
              "advocates/maya-okafor/index.html": "ProfilePage",
              "archives/index.html": "CollectionPage", "testimonials/index.html": "CollectionPage",
              "tags/index.html": "CollectionPage", "how-it-works/index.html": "WebPage"}
    for name, kind in expect.items():
        assert kind in {n["@type"] for n in nodes(json_ld(demo_site / name))}, name


def test_story_json_ld_uses_the_share_card_and_the_consented_author(demo_site):
    story = next(n for n in nodes(json_ld(demo_site / "stories/first-fifty-k/index.html"))
                 if n["@type"] == "BlogPosting")
    og = html.fromstring((demo_site / "stories/first-fifty-k/index.html").read_bytes())
    assert story["image"] == og.xpath('//meta[@property="og:image"]/@content')[0]
    assert story["author"] == {"@type": "Person", "name": "Maya Okafor",
                               "url": "http://127.0.0.1:8000/advocates/maya-okafor/"}
    assert story["datePublished"] == "2026-11-03T07:45:00-07:00"


def _anonymous_pages(content: Path) -> list[str]:
    found = []
    for folder, url in (("stories", "stories"), ("testimonials", "testimonials")):
        for path in sorted((content / folder).glob("*.md")):
            if re.search(r"^Advocate:\s*anonymous\s*$", path.read_text(), re.M):
                found.append(f"{url}/{path.stem}/index.html")
    return found


def test_anonymous_pieces_carry_no_person(demo_site):
    content = ROOT / "content"
    names = [re.search(r"^Name:\s*(.+)$", p.read_text(), re.M).group(1).strip()
             for p in (content / "advocates").glob("*.md")]
    pages = [name for name in _anonymous_pages(content) if (demo_site / name).exists()]
    assert pages, "the demo has anonymous pieces"
    for name in pages:
        documents = json_ld(demo_site / name)
        assert not [n for n in nodes(documents) if n["@type"] == "Person"], name
        text = json.dumps(documents, ensure_ascii=False)
        assert not [who for who in names if who in text], name


def test_no_organization_anywhere_carries_a_rating(demo_site):
    for page in _site_pages(demo_site):
        for node in nodes(json_ld(page)):
            if node["@type"] == "Organization":
                assert not {"aggregateRating", "review", "reviewRating"} & set(node), page


def test_hostile_names_cannot_break_out_of_the_script_element(mini_content, tmp_path):
    advocate = mini_content / "advocates/maya-okafor.md"
    advocate.write_text(re.sub(r"^Name: .*$", f"Name: {HOSTILE}", advocate.read_text(), flags=re.M))
    story = mini_content / "stories/first-fifty-k.md"
    story.write_text(re.sub(r"^Title: .*$", f"Title: Night {HOSTILE}", story.read_text(), flags=re.M))
    output = tmp_path / "output"
    site.build(make_settings(mini_content, output))
    for name in ("stories/first-fifty-k/index.html", "advocates/maya-okafor/index.html",
                 "testimonials/maya-scree-grip/index.html"):
        page = output / name
        raw = page.read_text()
        assert "<script>alert(1)" not in raw, name
        tree = html.fromstring(page.read_bytes())
        assert all(s.get("type") == "application/ld+json" or s.get("src") for s in tree.xpath("//script")), name
        people = [n for n in nodes(json_ld(page)) if n["@type"] == "Person"]
        assert people and all(p["name"] == HOSTILE for p in people), name
        assert problems(page) == []
