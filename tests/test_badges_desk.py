"""Giving an award at the desk: the form on a published piece's page, CSRF and origin
checks, every problem shown with what was typed, the award file and the publish request."""

from __future__ import annotations

from chorus import moderation
from chorus.store import publishes
from deskhelpers import csrf_of, desk_client, post, sign_in, submit


def published(tmp_path, **changes):
    client, service, clock = desk_client(tmp_path)
    clock.advance(60)
    sign_in(client)
    receipt = submit(service, title="Fog over the pass", **changes)
    moderation.approve(service.desk, receipt, moderator="Mo", now=clock())
    return client, service, receipt


def test_a_moderator_gives_an_award_for_a_published_story(tmp_path):
    client, service, receipt = published(tmp_path)
    page = client.get(f"/desk/item/{receipt}").text
    assert 'id="form-award"' in page and "pat-q" in page
    done = post(client, f"/desk/item/{receipt}/award",
                {"award_title": "Community pick 2026", "citation": "For the fog.\r\nAnd the pass. 山",
                 "for_piece": "yes"}, csrf_of(page))
    assert done.status_code == 303 and done.headers["location"].endswith("?done=award")
    assert "Award given" in client.get(done.headers["location"]).text
    written = service.desk.content_dir / "awards/2026-community-pick-2026-pat-q.md"
    text = written.read_text(encoding="utf-8")
    assert "Advocate: pat-q\n" in text and "Piece: stories/fog-over-the-pass\n" in text
    assert "Awarded_by: Mo\n" in text and "For the fog. And the pass. 山" in text
    assert "pat@example.com" not in text
    with service.desk.store.read() as conn:
        assert publishes.latest(conn).reason == "award"


def test_award_problems_are_shown_with_what_was_typed_and_nothing_is_written(tmp_path):
    client, service, receipt = published(tmp_path)
    page = client.get(f"/desk/item/{receipt}").text
    refused = post(client, f"/desk/item/{receipt}/award",
                   {"award_title": "<b>Pick</b>", "citation": ""}, csrf_of(page))
    assert refused.status_code == 422 and "--citation is empty" in refused.text
    assert "&lt;b&gt;Pick&lt;/b&gt;" in refused.text and "<b>Pick</b>" not in refused.text
    assert not (service.desk.content_dir / "awards").exists()


def test_the_award_form_needs_the_csrf_token_and_a_same_origin_post(tmp_path):
    client, service, receipt = published(tmp_path)
    page = client.get(f"/desk/item/{receipt}").text
    values = {"award_title": "Pick", "citation": "Why."}
    assert post(client, f"/desk/item/{receipt}/award", values, "0" * 32).status_code == 403
    assert post(client, f"/desk/item/{receipt}/award", values, csrf_of(page),
                origin="https://evil.example").status_code == 403
    client.cookies.clear()
    assert post(client, f"/desk/item/{receipt}/award", values, csrf_of(page)).status_code == 401
    assert not (service.desk.content_dir / "awards").exists()


def test_no_award_form_for_pending_or_anonymous_pieces_and_the_route_refuses(tmp_path):
    client, service, clock = desk_client(tmp_path)
    sign_in(client)
    pending = submit(service, title="Still waiting")
    page = client.get(f"/desk/item/{pending}").text
    assert 'id="form-award"' not in page
    refused = post(client, f"/desk/item/{pending}/award", {"award_title": "Pick", "citation": "Why."},
                   csrf_of(page))
    assert refused.status_code == 422 and "named advocate" in refused.text
    anonymous = submit(service, title="No name please", consent_name="no", display_name=None)
    moderation.approve(service.desk, anonymous, moderator="Mo", now=clock())
    assert 'id="form-award"' not in client.get(f"/desk/item/{anonymous}").text
