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
