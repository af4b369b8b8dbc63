"""The workflow end to end: transitions, approval into content/, withdrawal, outbox, preview."""

from __future__ import annotations

import datetime as dt
import email
import json
from html.parser import HTMLParser

import pytest

from chorus import moderation as m
from chorus import site
from chorus.check import validate_tree
from chorus.store import StoreError
from chorus.moderation import TRANSITIONS, Action, State, TransitionError, next_state
from chorus.preview import build_preview
from chorus.problems import ConfigError
from chorus.safemd import scheme_of
from chorus.desk import Desk
from conftest import FIXTURES, copy_content, make_settings
from modhelpers import NOW, a_story, a_testimonial, jpeg, make_desk
from chorus.outbox import pending

MOD = {"moderator": "Jo", "now": NOW}


@pytest.fixture
def desk(tmp_path):
    return make_desk(tmp_path)[0]


def _to(desk, state: State) -> str:
    """A submission brought into ``state`` through the real operations."""
    receipt = m.submit(desk, a_story(title=f"Story {state.value}"), now=NOW)
    if state is State.APPROVED:
        m.approve(desk, receipt, **MOD)
    elif state is State.REJECTED:
        m.reject(desk, receipt, reason="Off topic", **MOD)
    elif state is State.CHANGES_REQUESTED:
        m.request_changes(desk, receipt, note="Add a title", **MOD)
    elif state is State.WITHDRAWN:
        m.withdraw(desk, receipt, reason="Asked", **MOD)
    return receipt


def _do(desk, receipt: str, action: Action):
    if action is Action.APPROVE:
        return m.approve(desk, receipt, **MOD)
    if action is Action.REJECT:
        return m.reject(desk, receipt, reason="No", **MOD)
    if action is Action.REQUEST_CHANGES:
        return m.request_changes(desk, receipt, note="Shorter", **MOD)
    if action is Action.WITHDRAW:
        return m.withdraw(desk, receipt, reason="Gone", **MOD)
    return m.submit(desk, a_story(title="Again"), now=NOW, resubmit=receipt)


ACTIONS = [a for a in Action if a is not Action.SUBMIT]


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("action", ACTIONS)
def test_every_transition_is_allowed_or_refused_as_the_table_says(desk, state, action):
    receipt = _to(desk, state)
    expected = TRANSITIONS.get((state, action))
    if expected is None:
        with pytest.raises(TransitionError, match=f"cannot {action.value}"):
            _do(desk, receipt, action)
        assert desk.store.load(receipt)["state"] == state.value
    else:
        _do(desk, receipt, action)
        record = desk.store.load(receipt)
        assert record["state"] == expected.value
        assert record["history"][-1]["from"] == state.value
        assert record["history"][-1]["to"] == expected.value


def test_final_states_say_so():
    with pytest.raises(TransitionError, match="it is final"):
        next_state(State.REJECTED, Action.APPROVE)


def test_approved_story_passes_the_content_model_and_holds_no_personal_data(desk):
    receipt = m.submit(desk, a_story(prompt="2026-11-03", consent_photo="yes",
                                     body="Hi <script>x</script> [y](jav&#x61;script:1)"),
                       jpeg(), now=NOW)
    record = m.approve(desk, receipt, moderator="Jo", now=NOW, tag_text="rain, ridge", featured=True)
    published = record["published"]
    assert published["piece"] == "stories/rain-on-the-ridge.md"
    assert validate_tree(desk.content_dir, desk.zone)[1] == []
    text = (desk.content_dir / published["piece"]).read_text()
    assert "Approved_by: Jo" in text and "Tags: rain, ridge" in text and "Featured: yes" in text
    assert "<script" not in text and "javascript" not in text.lower()
    advocate = (desk.content_dir / "advocates/pat-q.md").read_text()
    assert "Name: Pat Q." in advocate and "Name_form: first-initial" in advocate
    assert "Photo_consent: yes" in advocate
    everything = "".join(p.read_text(errors="replace") for p in desk.content_dir.rglob("*.md"))
    assert "pat@example.com" not in everything and "Pat Quinn" not in everything


def test_anonymous_means_no_advocate_record_and_no_photo(desk):
    receipt = m.submit(desk, a_testimonial(consent_name="no", consent_photo="yes"), jpeg(), now=NOW)
    published = m.approve(desk, receipt, **MOD)["published"]
    assert published["advocate"] == "anonymous" and list(published["files"]) == [published["piece"]]
    assert "Advocate: anonymous" in (desk.content_dir / published["piece"]).read_text()
    assert not (desk.content_dir / "images/advocates").exists()


def test_photo_without_consent_is_never_published(desk):
    receipt = m.submit(desk, a_story(consent_photo="no"), jpeg(), now=NOW)
    published = m.approve(desk, receipt, **MOD)["published"]
    assert not any(name.startswith("images/") for name in published["files"])
    assert "Photo" not in (desk.content_dir / "advocates/pat-q.md").read_text()


@pytest.mark.parametrize("title, slug", [
    ("Archives", "story-"), ("../../etc/passwd", "etc-passwd"), ("日本の山", "story-"),
    ("Index", "story-"), ("Rain on the ridge", "rain-on-the-ridge-2"),
])
def test_slugs_are_safe_unique_and_never_reserved(desk, title, slug):
    m.approve(desk, m.submit(desk, a_story(), now=NOW), **MOD)
    receipt = m.submit(desk, a_story(title=title, display_name="Index", email="x@example.com"), now=NOW)
    published = m.approve(desk, receipt, **MOD)["published"]
    assert published["piece"].startswith(f"stories/{slug}")
    assert published["advocate"].startswith("advocate-")     # "index" is reserved
    assert validate_tree(desk.content_dir, desk.zone)[1] == []


def test_a_returning_advocate_keeps_one_record(desk):
    first = m.approve(desk, m.submit(desk, a_story(), now=NOW), **MOD)["published"]
    second = m.approve(desk, m.submit(desk, a_testimonial(email="PAT@example.com"), now=NOW),
                       **MOD)["published"]
    assert second["advocate"] == first["advocate"] and not second["new_advocate"]


def built(desk, settings, tmp_path, today="2026-11-22"):
    output = tmp_path / f"out-{today}"
    site.build({**settings, "OUTPUT_PATH": str(output), "CHORUS_TODAY": today})
    return output


def test_publish_on_holds_a_piece_back_until_that_day(tmp_path):
    desk, settings = make_desk(tmp_path)
    receipt = m.submit(desk, a_story(), now=NOW)
    m.approve(desk, receipt, publish_on=dt.date(2026, 11, 25), **MOD)
    assert not (built(desk, settings, tmp_path, "2026-11-24") / "stories/rain-on-the-ridge").exists()
    assert (built(desk, settings, tmp_path, "2026-11-25") / "stories/rain-on-the-ridge/index.html").is_file()
    with pytest.raises(m.ChorusError, match="in the past"):
        m.approve(desk, m.submit(desk, a_story(), now=NOW), publish_on=dt.date(2026, 11, 1), **MOD)


def test_withdrawal_removes_the_piece_from_every_built_page(tmp_path):
    desk, settings = make_desk(tmp_path)
    receipt = m.submit(desk, a_story(title="Unique withdrawn words", consent_photo="yes"), jpeg(), now=NOW)
    m.approve(desk, receipt, **MOD)
    before = built(desk, settings, tmp_path)
    pages = "".join(p.read_text(errors="replace") for p in before.rglob("*.html"))
    assert "Unique withdrawn words" in pages and "Pat Q." in pages
    m.withdraw(desk, receipt, reason="Consent withdrawn", **MOD)
    output = tmp_path / "after"
    site.build({**settings, "OUTPUT_PATH": str(output)})
    every = "".join(p.read_text(errors="replace") for p in output.rglob("*") if p.is_file()
                    and p.suffix in (".html", ".xml", ".json", ".txt"))
    assert "Unique withdrawn words" not in every and "Pat Q." not in every
    assert not list(output.rglob("pat-q*"))
    assert desk.store.load(receipt)["state"] == "withdrawn"


def test_outbox_messages_carry_the_link_reason_and_note(tmp_path):
    copy_content(FIXTURES / "mini", tmp_path / "content")
    desk = Desk.from_settings(make_settings(tmp_path / "content", tmp_path / "output",
                                            CHORUS_SITEURL="https://stories.example.com"), tmp_path)
    ok = m.submit(desk, a_story(), now=NOW)
    m.approve(desk, ok, **MOD)
    no = m.submit(desk, a_story(title="Other"), now=NOW)
    m.reject(desk, no, reason="It reads like an advert.", **MOD)
    change = m.submit(desk, a_story(title="Third"), now=NOW)
    m.request_changes(desk, change, note="Please remove the phone number.", **MOD)
    messages = {p.name.split("-", 3)[-1]: email.message_from_bytes(p.data) for p in pending(desk)}
    assert messages["approve.eml"]["To"] == "pat@example.com"
    bodies = {k: v.get_payload(decode=True).decode() for k, v in messages.items()}
    assert "https://stories.example.com/stories/rain-on-the-ridge/" in bodies["approve.eml"]
    assert "It reads like an advert." in bodies["reject.eml"]
    assert "Please remove the phone number." in bodies["request-changes.eml"] and change in bodies["request-changes.eml"]


def test_history_records_who_when_from_to_why(desk):
    receipt = m.submit(desk, a_story(), now=NOW)
    m.request_changes(desk, receipt, note="Shorter please", **MOD)
    m.submit(desk, a_story(body="Short now."), now=NOW, resubmit=receipt)
    history = desk.store.load(receipt)["history"]
    assert [(h["action"], h["from"], h["to"]) for h in history] == [
        ("submit", None, "pending"), ("request-changes", "pending", "changes_requested"),
        ("resubmit", "changes_requested", "pending")]
    assert history[1]["by"] == "Jo" and history[1]["why"] == "Shorter please"
    assert history[1]["at"].startswith("2026-11-20")


def test_resubmission_needs_the_same_email(desk):
    receipt = m.submit(desk, a_story(), now=NOW)
    m.request_changes(desk, receipt, note="x", **MOD)
    with pytest.raises(StoreError, match="another email"):
        m.submit(desk, a_story(email="mallory@example.com"), now=NOW, resubmit=receipt)


@pytest.mark.parametrize("receipt", ["../content", "20261120-zzzzzzzz", "", "20261120-0000000/"])
def test_ids_are_checked_before_touching_the_disk(desk, receipt):
    with pytest.raises(StoreError, match="not a receipt id"):
        m.approve(desk, receipt, **MOD)


def test_reasons_are_required_and_checked(desk):
    receipt = m.submit(desk, a_story(), now=NOW)
    with pytest.raises(m.ChorusError, match="--reason is required"):
        m.reject(desk, receipt, reason=" ", **MOD)
    with pytest.raises(m.ChorusError, match="control character"):
        m.reject(desk, receipt, reason="bad\x1b[2J", **MOD)


def test_moderator_comes_from_the_environment_or_the_setting(tmp_path):
    desk, _ = make_desk(tmp_path, moderator="Setting Sam")
    assert desk.moderator({}) == "Setting Sam"
    assert desk.moderator({"CHORUS_MODERATOR": "Env Eve"}) == "Env Eve"
    bare, _ = make_desk(tmp_path / "b")
    with pytest.raises(ConfigError, match="CHORUS_MODERATOR"):
        bare.moderator({})


def test_bad_settings_are_all_reported(tmp_path):
    with pytest.raises(ConfigError) as raised:
        make_desk(tmp_path, inbx="x", max_photo_bytes="big")
    assert "unknown key 'inbx'" in str(raised.value) and "max_photo_bytes" in str(raised.value)


def test_preview_builds_the_hub_with_the_piece_outside_output(tmp_path):
    desk, settings = make_desk(tmp_path)
    receipt = m.submit(desk, a_story(), now=NOW)
    work = tmp_path / "preview"
    work.mkdir()
    output, url = build_preview(desk, receipt, settings, work, now=NOW)
    assert (output / url / "index.html").is_file()
    assert "Rain on the ridge" in (output / "index.html").read_text()
    assert not (tmp_path / "output").exists()
    assert not (desk.content_dir / "stories/rain-on-the-ridge.md").exists()
    assert desk.store.load(receipt)["state"] == "pending"


def test_queue_lists_oldest_first_with_flags(desk):
    from chorus.review import queue
    first = m.submit(desk, a_story(body="Call 555 123 4567, mail me@example.org, see https://x.example"),
                     now=NOW)
    second = m.submit(desk, a_story(consent_photo="no"), jpeg(), now=NOW + dt.timedelta(hours=1))
    dup = m.submit(desk, a_story(consent_photo="no"), now=NOW + dt.timedelta(hours=2))
    items = queue(desk, NOW + dt.timedelta(days=2))
    assert [i.id for i in items] == [first, second, dup]
    flags = {i.id: " | ".join(i.flags) for i in items}
    assert "email address" in flags[first] and "phone number" in flags[first] and "links: 1" in flags[first]
    assert "has photo (not to be shown)" in flags[second] and f"duplicate of submission {dup}" in flags[second]
    assert items[0].age == "2d"
    m.approve(desk, dup, **MOD)
    assert "duplicate of published stories/" in " ".join(queue(desk, NOW)[1].flags)
    json.dumps([i.to_json() for i in items])


XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'><svg onload=alert(3)>'


def test_script_and_event_handlers_in_every_field_never_reach_the_built_site(tmp_path):
    desk, settings = make_desk(tmp_path)
    for values in (a_story(title=f"T {XSS}"[:150], display_name="Eve <b onclick=x>",
                           product=f"P {XSS}"[:80],
                           body=f"{XSS}\n\n[a](jav&#x61;script:alert(4)) [b](data:text/html,x)"),
                   a_testimonial(body=f"Q {XSS}"[:300], role=f"R {XSS}"[:80],
                                 organisation=f"O {XSS}"[:80], email="t@example.com")):
        m.approve(desk, m.submit(desk, values, now=NOW), **MOD)
    output = built(desk, settings, tmp_path)
    pages = [p.read_text(errors="replace") for p in output.rglob("*.html")]
    assert "alert(1)" in "\n".join(pages)                     # the text is shown, as text
    for page in pages:
        assert active_markup(page) == []


THEME_SCRIPTS = ("/theme/js/share.js", "/theme/js/mastodon.js", "/theme/js/subscribe.js", "/theme/js/search.js",
                 "/theme/js/embed-frame.js", "/theme/js/embed.js")


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad = []

    def handle_starttag(self, tag, attrs):
        # The theme's own scripts and its forms that post nowhere (the Mastodon share page,
        # the filter on /subscribe/, the search box) are allowed; nothing else.
        theme_script = tag == "script" and (dict(attrs).get("src") or "").endswith(THEME_SCRIPTS)
        # JSON-LD is data, escaped so no markup can appear in it (tests/test_structured_data.py)
        theme_script = theme_script or tag == "script" and dict(attrs).get("type") == "application/ld+json"
        theme_form = tag == "form" and dict(attrs).get("action") == "#"
        # /embed/'s live example frames one of the hub's own walls
        theme_script = theme_script or tag == "iframe" and "data-chorus-wall" in dict(attrs) and \
            "/embed/wall/" in (dict(attrs).get("src") or "")
        if tag in ("script", "svg", "iframe", "form", "object", "embed") and not (theme_script or theme_form):
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"{tag}[{name}]")
            if name in ("href", "src") and scheme_of(value or "") not in (None, "http", "https",
                                                                          "mailto"):
                self.bad.append(f"{tag}[{name}={value}]")


def active_markup(page: str) -> list[str]:
    """Script-capable elements, event handlers and unsafe URLs in a built page."""
    parser = _Elements()
    parser.feed(page)
    return parser.bad


def test_an_approval_cut_short_is_finished_by_running_it_again(desk, monkeypatch):
    from chorus import publishing
    receipt = m.submit(desk, a_story(), now=NOW)
    real = publishing.write_files

    def crash(*args, **kwargs):
        raise KeyboardInterrupt                                  # the process dies here
    monkeypatch.setattr(publishing, "write_files", crash)
    with pytest.raises(KeyboardInterrupt):
        m.approve(desk, receipt, **MOD)
    assert desk.store.load(receipt)["state"] == "approved"       # the decision is recorded
    assert not (desk.content_dir / "stories/rain-on-the-ridge.md").exists()
    monkeypatch.setattr(publishing, "write_files", real)
    m.approve(desk, receipt, **MOD)
    assert (desk.content_dir / "stories/rain-on-the-ridge.md").is_file()
    assert [h["action"] for h in desk.store.load(receipt)["history"]] == ["submit", "approve"]
    with pytest.raises(TransitionError):
        m.approve(desk, receipt, **MOD)


def test_queue_refuses_an_unknown_state(desk):
    from chorus.review import queue
    with pytest.raises(m.ChorusError, match="'approve' is not a state"):
        queue(desk, NOW, "approve")


def test_a_tampered_record_is_listed_but_never_published(desk):
    from sqlalchemy import update

    from chorus.review import queue
    from chorus.store.tables import submissions
    good = m.submit(desk, a_story(), now=NOW)
    bad = m.submit(desk, a_story(title="Other"), now=NOW)
    fields = {**desk.store.load(bad)["submission"], "email": "not an address"}
    with desk.store.write() as conn:
        conn.execute(update(submissions).where(submissions.c.id == bad).values(fields=fields))
    assert {i.id for i in queue(desk, NOW)} == {good, bad}
    with pytest.raises(m.SubmissionError, match="email"):
        m.approve(desk, bad, **MOD)
    assert desk.store.load(bad)["state"] == "pending"
