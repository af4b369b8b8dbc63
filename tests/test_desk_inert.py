"""Stored XSS at the desk: hostile advocate text renders inert on every desk page.

The payloads are the hardening suite's (tests/inert.py). Every page is
parsed the way a browser parses it and checked for live markup, and its shape
(form controls, scripts, images) is compared with the same page for a benign
submission: the payload must add no element of its own.
"""

from __future__ import annotations

from collections import Counter

import lxml.html
import pytest

from chorus import moderation
from deskhelpers import ADMIN, desk_client, sign_in, submit
from inert import PAYLOADS

LIVE = {"script", "style", "iframe", "frame", "object", "embed", "svg", "math", "base", "template",
        "video", "audio", "source"}
SHAPE = ("form", "input", "textarea", "select", "button", "script", "img", "link", "a")


def _problems(html: str) -> list[str]:
    tree = lxml.html.document_fromstring(html)
    found = []
    for element in tree.iter():
        tag = str(element.tag).lower()
        if tag == "script" and element.get("src") != "/desk/static/desk.js":
            found.append("a script that is not the desk's own")
        elif tag in LIVE - {"script"}:
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            low = value.strip().lower()
            if name.lower().startswith("on") or name.lower() in ("style", "srcdoc"):
                found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction") and ":" in low.split("/")[0] \
                    and not low.startswith(("http:", "https:", "mailto:")):
                found.append(f"<{tag} {name}={value[:30]}>")
            if tag == "img" and name == "src" and not value.startswith("/"):
                found.append(f"remote image {value[:40]}")
    return found


def _shape(html: str) -> Counter:
    tree = lxml.html.document_fromstring(html)
    return Counter(str(e.tag) for e in tree.iter() if str(e.tag) in SHAPE)


def _hostile(service, payload: str, number: int) -> str:
    """A submission with ``payload`` in every text field that takes it."""
    title = " ".join(payload.split())[:150]
    base = {"title": title, "body": f"{payload}\n\nThe end.", "display_name": title[:60],
            "product": title[:80], "email": f"h{number}@example.com"}
    for drop in ((), ("display_name",), ("display_name", "product"),
                 ("display_name", "product", "title")):
        try:
            return submit(service, **{**base, **{key: "Plain" for key in drop}})
        except moderation.SubmissionError:
            continue
    pytest.skip(f"the submission rules refuse {payload!r} in every field")


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    client, service, clock = desk_client(tmp_path_factory.mktemp("inert"))
    clock.advance(60)
    sign_in(client, ADMIN)
    benign = submit(service, email="benign@example.com")
    return client, service, benign


@pytest.mark.parametrize("number", range(len(PAYLOADS)))
def test_payload_is_inert_on_the_submission_page(desk, number):
    client, service, benign = desk
    receipt = _hostile(service, PAYLOADS[number], number)
    page = client.get(f"/desk/item/{receipt}").text
    assert _problems(page) == []
    assert _shape(page) == _shape(client.get(f"/desk/item/{benign}").text)


def test_every_payload_is_inert_on_the_queue_and_filters(desk):
    client, service, benign = desk
    for number, payload in enumerate(PAYLOADS):
        try:
            _hostile(service, payload, 100 + number)
        except pytest.skip.Exception:
            pass
    for path in ("/desk/?state=all", "/desk/?q=script", "/desk/?q=%3Cscript%3E&kind=story",
                 "/desk/?prompt=%22%3E%3Cscript%3E"):
        assert _problems(client.get(path).text) == []


def test_payloads_are_inert_in_the_preview_and_the_history(desk):
    client, service, _ = desk
    receipt = _hostile(service, "\n\n".join(PAYLOADS[:8]), 900)
    from chorus import edits
    record = service.desk.store.load(receipt)
    edits.edit(service.desk, receipt, moderator="<script>alert(1)</script>", now=service.clock(),
               version=record["version"], body="\n\n".join(PAYLOADS[8:16]))
    for path in (f"/desk/item/{receipt}", f"/desk/item/{receipt}/preview"):
        page = client.get(path)
        assert page.status_code == 200 and _problems(page.text) == [], path
    assert "Preview: not published" in page.text and "Reviewed and approved" not in page.text
