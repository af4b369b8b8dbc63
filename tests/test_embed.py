"""The embeddable wall (plugins/chorus_embed): frames that size themselves on another site's
page under a strict CSP, link back, and show nothing a withdrawn or anonymous piece must not."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from lxml import html

from chorus.brand import Brand
from chorus_embed.looks import looks
from conftest import ROOT, build_in_fresh_process, copy_content, make_settings
from inert import page_problems
from site_checks import broken_links

# A team's own walls: hand-picked (one of them withdrawn below, one mistyped), and a filter.
NAMED_WALLS = {"trail-favourites": {"title": "Trail favourites",
                                    "testimonials": ["maya-scree-grip", "ines-talus-slickrock",
                                                     "kenji-scree-alps", "no-such-testimonial"]},
               "winter-gtx": {"title": "Winter in the GTX", "product": "scree 3  gtx", "tag": "Winter running",
                              "min_rating": 4}}


@pytest.fixture(scope="module")
def embed_site(tmp_path_factory) -> Path:
    """The demo hub (the embed plugin is on in pelicanconf.py) with ines-talus-slickrock
    withdrawn and the team's walls above."""
    root = tmp_path_factory.mktemp("embed")
    content = copy_content(ROOT / "content", root / "content")
    withdrawn = content / "testimonials/ines-talus-slickrock.md"
    withdrawn.write_bytes(withdrawn.read_bytes().replace(b"Advocate:", b"Status: withdrawn\nAdvocate:", 1))
    build_in_fresh_process(content, root / "output", CHORUS_EMBED={"walls": NAMED_WALLS})
    return root / "output"


def _wall_links(site: Path, path: str) -> list[str]:
    tree = html.fromstring((site / path / "index.html").read_bytes())
    return [a.get("href").rsplit("/testimonials/", 1)[1].strip("/")
            for a in tree.xpath('//li[@class="embed-card"]//a')]


def test_a_hand_picked_wall_keeps_its_order_and_leaves_out_what_is_not_published(embed_site):
    assert _wall_links(embed_site, "embed/wall/trail-favourites") == ["maya-scree-grip", "kenji-scree-alps"]
    for page in (embed_site / "embed").rglob("*.html"):
        assert "ines-talus-slickrock" not in page.read_text(encoding="utf-8"), page
        assert "slickrock" not in page.read_text(encoding="utf-8").lower(), page


def test_walls_by_tag_and_a_filtered_wall(embed_site):
    assert sorted(_wall_links(embed_site, "embed/wall/tags/winter-running")) == [
        "erik-gtx-plough-shift", "haruka-gtx-sapporo", "marcus-scree-gtx-winter"]
    assert len(_wall_links(embed_site, "embed/wall/tags/community")) == 5
    filtered = _wall_links(embed_site, "embed/wall/winter-gtx")
    assert filtered and set(filtered) <= {"erik-gtx-plough-shift", "haruka-gtx-sapporo", "marcus-scree-gtx-winter"}
    snippets = (embed_site / "embed/index.html").read_text(encoding="utf-8")
    assert "/embed/wall/tags/community/" in snippets and "/embed/wall/trail-favourites/" in snippets


def test_both_looks_use_the_brand_colours(embed_site, tmp_path):
    brand = Brand.from_settings(make_settings(ROOT / "content", tmp_path / "output"))
    light, dark = looks(brand)["light"], looks(brand)["dark"]
    page = (embed_site / "embed/wall/index.html").read_text(encoding="utf-8")
    light_css, dark_css = page.split(":root{", 1)[1].split(':root[data-look=dark]{', 1)
    assert f"--link:{light['link']};" in light_css and light["link"] == brand.primary
    assert f"--bg:{dark['bg']};" in dark_css and f"--link:{dark['link']};" in dark_css


def test_walls_for_all_products_and_ratings(embed_site):
    names = {p.relative_to(embed_site).as_posix() for p in (embed_site / "embed").rglob("index.html")}
    assert {"embed/index.html", "embed/wall/index.html", "embed/wall/rating-4/index.html",
            "embed/wall/products/talus-2-trail-shoe/index.html"} <= names
    rated = html.fromstring((embed_site / "embed/wall/rating-4/index.html").read_bytes())
    assert all("Rated 4" in s or "Rated 5" in s for s in rated.xpath('//p[@class="embed-stars"]//text()')
               if s.startswith("Rated"))


def test_every_wall_links_back_safely_and_is_inert(embed_site):
    for page in (embed_site / "embed").rglob("index.html"):
        tree = html.fromstring(page.read_bytes())
        assert tree.xpath('//meta[@name="robots"][@content="noindex"]'), page
        for link in tree.xpath("//a[@target]"):
            assert link.get("target") == "_blank" and "noopener" in link.get("rel", ""), page
        assert page_problems(page, embed_site) == [], page
    assert [b for b in broken_links(embed_site) if "embed" in b] == []
    sitemap = (embed_site / "sitemap.xml").read_text()
    assert "/embed/" not in sitemap


def test_anonymous_testimonials_show_no_name(embed_site):
    wall = html.fromstring((embed_site / "embed/wall/index.html").read_bytes())
    card = next(c for c in wall.xpath('//li[@class="embed-card"]')
                if "/testimonials/anonymous-shell-warm/" in " ".join(c.xpath(".//a/@href")))
    assert card.xpath(".//figcaption")[0].text_content().strip().startswith("A community member")


class _HostHandler(http.server.SimpleHTTPRequestHandler):
    csp = ""

    def end_headers(self):
        self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def _host(directory: Path, csp: str):
    handler = functools.partial(type("Host", (_HostHandler,), {"csp": csp}), directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://localhost:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_wall_embedded_on_another_origin_under_a_strict_csp(browser, embed_site, tmp_path):
    from browser import serve

    with serve(embed_site) as hub:
        hub_origin = hub.rstrip("/")
        (tmp_path / "index.html").write_text(
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body>'
            "<h1>Our shoes</h1>"
            f'<iframe data-chorus-wall src="{hub}embed/wall/products/talus-2-trail-shoe/?look=dark" title="Wall" '
            'width="100%" height="150"></iframe>'
            f'<script src="{hub}theme/js/embed.js" defer></script></body></html>')
        csp = (f"default-src 'none'; script-src {hub_origin}; frame-src {hub_origin}; "
               "style-src 'none'; img-src 'none'; connect-src 'none'")
        with _host(tmp_path, csp) as host:
            context = browser.new_context()
            page = context.new_page()
            requests, errors = [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.goto(host, wait_until="networkidle")
            frame_element = page.locator("iframe[data-chorus-wall]")
            page.wait_for_function(
                "document.querySelector('iframe[data-chorus-wall]').getBoundingClientRect().height > 300")
            height = frame_element.bounding_box()["height"]
            frame = page.frame_locator("iframe[data-chorus-wall]")
            inner = frame.locator("html").evaluate("e => e.scrollHeight")
            cards = frame.locator(".embed-card").count()
            background = frame.locator("body").evaluate("b => getComputedStyle(b).backgroundColor")
            links = frame.locator(".embed-card a").evaluate_all(
                "as => as.map(a => [a.href, a.target, a.rel])")
            cookies = context.cookies()
            context.close()
    assert abs(height - inner) <= 2 and cards >= 3
    dark_bg = looks(Brand.from_settings(make_settings(ROOT / "content", tmp_path / "output")))["dark"]["bg"]
    assert background == "rgb({}, {}, {})".format(*(int(dark_bg[i:i + 2], 16) for i in (1, 3, 5)))
    assert all(href.startswith(hub + "testimonials/") and target == "_blank" and "noopener" in rel
               for href, target, rel in links)
    assert [u for u in requests if not u.startswith((host, hub))] == []
    assert cookies == [] and errors == []


@pytest.mark.slow
@pytest.mark.parametrize("look", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 1280])
def test_the_wall_frame_itself_passes_axe(browser, embed_site, look, width):
    """The frame a brand embeds is a page of its own: WCAG 2 AA in both looks, narrow
    (a sidebar on a phone) and wide, and nothing wider than the frame."""
    from axe_playwright_python.sync_playwright import Axe

    from browser import WCAG_AA, PageWatch, serve

    with serve(embed_site) as hub:
        page = browser.new_page(viewport={"width": width, "height": 900})
        watch = PageWatch(page, hub)
        page.goto(f"{hub}embed/wall/products/talus-2-trail-shoe/?look={look}", wait_until="networkidle")
        cards = page.locator(".embed-card").count()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        background = page.locator("body").evaluate("b => getComputedStyle(b).backgroundColor")
        violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}}).response["violations"]
        page.close()
    colour = looks(Brand.from_settings(make_settings(ROOT / "content", embed_site.parent / "o")))[look]["bg"]
    assert cards >= 3 and background == "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []
    assert overflow <= 0
    assert watch.errors == [] and watch.failed == [] and watch.foreign == []
