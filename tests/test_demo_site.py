"""End-to-end checks of the built demo hub: valid HTML, no broken links, no third parties."""

from __future__ import annotations

import pytest

from site_checks import broken_links, external_fetches, html_pages, nu_checker_errors


def test_demo_site_has_every_page_type(demo_site):
    for page in ("index.html", "404.html", "archives/index.html", "tags/index.html",
                 "testimonials/index.html", "advocates/index.html", "how-it-works/index.html",
                 "submit/index.html"):
        assert (demo_site / page).is_file(), page
    assert len(list((demo_site / "stories").glob("*/index.html"))) >= 40
    assert len(list((demo_site / "testimonials").glob("*/index.html"))) >= 20
    assert len(list((demo_site / "advocates").glob("*/index.html"))) >= 12


def test_every_internal_link_and_asset_resolves(demo_site):
    assert broken_links(demo_site) == []


def test_no_page_loads_anything_from_another_host(demo_site):
    assert external_fetches(demo_site) == []


def test_no_personal_data_in_output(demo_site):
    import re

    email = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}")
    leaks = [str(p.relative_to(demo_site)) for p in demo_site.rglob("*")
             if p.is_file() and email.search(p.read_bytes())]
    assert leaks == []


@pytest.mark.slow
def test_every_page_is_valid_html(demo_site):
    assert len(html_pages(demo_site)) > 80
    assert nu_checker_errors(demo_site) == []


def test_published_under_a_path_every_link_starts_with_siteurl(tmp_path):
    """A hub published at https://host/path/ must not link root-relative anywhere
    (macros, partials and plugin pages included)."""
    from urllib.parse import urljoin, urlsplit

    from chorus import site
    from conftest import ROOT, make_settings
    from site_checks import parse_page

    siteurl = "https://brand.example.com/community"
    output = tmp_path / "output"
    site.build(make_settings(ROOT / "content", output, SITEURL=siteurl))
    wrong, missing = [], []
    for page in html_pages(output):
        found = parse_page(page)
        here = f"{siteurl}/{page.relative_to(output).as_posix()}"
        for link in [*found.links, *found.fetches]:
            if link.startswith(("#", "mailto:")) or urlsplit(link).hostname not in (None, "brand.example.com"):
                continue
            url = urljoin(here, link)  # relative links are fine if they stay under SITEURL
            if not url.startswith(siteurl + "/"):
                wrong.append(f"{page.relative_to(output)}: {url}")
                continue
            path = urlsplit(url).path[len("/community/"):]
            target = output / path / "index.html" if not path or path.endswith("/") else output / path
            if not target.is_file():
                missing.append(f"{page.relative_to(output)}: {url}")
    assert wrong[:10] == [] and missing[:10] == []
