"""The publisher: decisions queue publishes in their transaction, one build takes every
request due, failures are kept and retried, and the desk shows where each decision is."""

from __future__ import annotations

import shutil

import pytest

from chorus import moderation, search
from chorus.progress import Progress
from chorus.publisher import Publisher, PublisherSettings
from chorus.problems import ConfigError
from chorus.store import publishes
from deskhelpers import item_form, post, desk_client, sign_in, submit


@pytest.fixture
def hub(tmp_path):
    client, service, clock = desk_client(tmp_path)
    clock.advance(60)
    return client, service, clock


def publisher_for(service, load=None, **options) -> Publisher:
    return Publisher(service.desk, load or (lambda: dict(service.settings)),
                     PublisherSettings(**options), service.clock)


def approve(service, receipt: str, **choices) -> dict:
    return moderation.approve(service.desk, receipt, moderator="Mo", now=service.clock(), **choices)


def queue_of(service, receipt: str) -> list[publishes.Request]:
    with service.desk.store.read() as conn:
        return publishes.for_receipt(conn, receipt)


def page_of(service, record: dict):
    return service.desk.content_dir.parent / "output" / record["published"]["url"] / "index.html"


def test_site_changing_decisions_queue_a_publish_in_their_transaction(hub):
    _, service, clock = hub
    live, later, refused = (submit(service, title=t) for t in ("Live now", "Later on", "Nope"))
    approve(service, live)
    approve(service, later, publish_on=clock().date().replace(year=2027))
    moderation.reject(service.desk, refused, moderator="Mo", now=clock(), reason="Off topic.")
    assert [(r.reason, r.state, r.by) for r in queue_of(service, live)] == [("approve", "queued", "Mo")]
    assert queue_of(service, later) == [] and queue_of(service, refused) == []
    moderation.withdraw(service.desk, live, moderator="advocate", now=clock(), reason="Changed my mind.")
    assert [r.reason for r in queue_of(service, live)] == ["withdraw", "approve"]


def test_decisions_made_during_a_build_go_into_the_next_one_together(hub):
    _, service, clock = hub
    first, second, third = (submit(service, title=t) for t in ("First up", "Second in", "Third in"))
    approve(service, first)
    calls = []

    def load():
        if not calls:                 # two decisions land while the first build runs
            approve(service, second)
            approve(service, third)
        calls.append(1)
        return dict(service.settings)
    publisher = publisher_for(service, load)
    one = publisher.run_once()
    two = publisher.run_once()
    assert one.live and two.live and publisher.run_once() is None
    assert len(one.ids) == 1 and len(two.ids) == 2 and len(calls) == 2
    for receipt in (first, second, third):
        record = service.desk.store.load(receipt)
        assert page_of(service, record).is_file()
        assert [r.state for r in queue_of(service, receipt)] == ["live"]


def test_a_failed_build_keeps_the_requests_with_the_report_and_a_later_run_publishes_them(hub):
    _, service, clock = hub
    receipt = submit(service)
    approve(service, receipt)
    broken = service.desk.content_dir / "stories" / "broken.md"
    broken.write_text("Title: Broken\nKind: story\n\nNo advocate.\n")
    publisher = publisher_for(service, retry_seconds=30)
    failed = publisher.run_once()
    assert not failed.live and "broken.md" in failed.problem and failed.build_seconds == 0
    [request] = queue_of(service, receipt)
    assert request.state == "failed" and "broken.md" in request.problem
    assert not (service.desk.content_dir.parent / "output").exists()
    assert publisher.run_once() is None            # not before its retry time
    broken.unlink()
    clock.advance(31)
    again = publisher.run_once()
    assert again.live and again.ids == failed.ids and again.build_seconds > 0
    [request] = queue_of(service, receipt)
    assert request.state == "live" and request.attempts == 2 and request.problem == ""
    assert page_of(service, service.desk.store.load(receipt)).is_file()


def test_a_stopped_worker_puts_its_requests_back_and_a_dead_ones_are_taken_again(hub):
    _, service, clock = hub
    receipt = submit(service)
    approve(service, receipt)
    with service.desk.store.write() as conn:
        publishes.claim(conn, "elsewhere:1:ab", clock(), 3600)
    publisher = publisher_for(service)
    assert publisher.run_once() is None            # another live worker is building it
    clock.advance(3601)
    assert publisher.run_once().live


def test_bad_publisher_settings_are_all_reported():
    with pytest.raises(ConfigError) as err:
        PublisherSettings.from_settings({"CHORUS_PUBLISHER": {"enabled": "yes", "interval": 0,
                                                              "colour": 1}})
    assert "'enabled'" in str(err.value) and "'interval'" in str(err.value) and "colour" in str(err.value)


def test_approve_at_the_desk_then_the_worker_puts_the_page_live_and_the_desk_says_so(hub):
    client, service, clock = hub
    sign_in(client)
    receipt = submit(service, title="Fog over the pass")
    csrf, version = item_form(client, receipt)
    assert post(client, f"/desk/item/{receipt}/approve", {"version": version}, csrf).status_code == 303
    assert "Publish: queued" in client.get(f"/desk/item/{receipt}").text
    clock.advance(5)
    assert publisher_for(service).run_once().live
    record = service.desk.store.load(receipt)
    assert "Fog over the pass" in page_of(service, record).read_text()
    page = client.get(f"/desk/item/{receipt}").text
    assert "Publish: live" in page and "5.0s" in page
    assert "live" in client.get("/desk/").text
    csrf, version = item_form(client, receipt)
    assert post(client, f"/desk/item/{receipt}/withdraw",
                {"version": version, "reason": "Asked to take it down."}, csrf).status_code == 303
    assert publisher_for(service).run_once().live
    assert not page_of(service, record).exists()


def test_requests_are_live_once_the_pages_are_deployed_and_the_search_index_follows(hub, monkeypatch):
    _, service, _ = hub
    www = service.desk.content_dir.parent / "www"
    settings = {**service.settings, "CHORUS_DEPLOY": {"target": "folder", "path": str(www)}}
    receipt = submit(service, title="Frost on the col")
    record = approve(service, receipt)
    seen = []
    index_live = search.index_live

    def watched(*args):        # what the queue and the deploy target show as the index starts
        [request] = queue_of(service, receipt)
        seen.append((request.state, (www / record["published"]["url"] / "index.html").is_file(),
                     (www / "pagefind").exists()))
        return index_live(*args)
    monkeypatch.setattr(search, "index_live", watched)
    publisher = publisher_for(service, load=lambda: dict(settings))
    outcome = publisher.run_once()
    assert seen == [("live", True, False)] and outcome.live and outcome.problem == ""
    output = service.desk.content_dir.parent / "output"
    assert (www / "pagefind/pagefind-entry.json").read_bytes() == \
        (output / "pagefind/pagefind-entry.json").read_bytes()            # sent by the second deploy
    stages = publisher.progress.snapshot().stages
    assert all(stage.finished for stage in stages)
    assert {"Updating the search index", "Deploying the search index"} <= {s.label for s in stages}


def _index_calls(monkeypatch) -> list:
    """Every search.index_live call from now on (it still runs)."""
    calls, index_live = [], search.index_live

    def counted(*args):
        calls.append(args)
        return index_live(*args)
    monkeypatch.setattr(search, "index_live", counted)
    return calls


def test_with_more_decisions_queued_the_search_index_is_left_to_the_build_that_takes_them(hub, monkeypatch):
    _, service, _ = hub
    www = service.desk.content_dir.parent / "www"
    settings = {**service.settings, "CHORUS_DEPLOY": {"target": "folder", "path": str(www)}}
    first, second = submit(service, title="First light"), submit(service, title="Second wind")
    approve(service, first)
    loads = []

    def load():
        if not loads:                 # a decision lands while the first build runs
            approve(service, second)
        loads.append(1)
        return dict(settings)
    calls = _index_calls(monkeypatch)
    publisher = publisher_for(service, load)
    one = publisher.run_once()
    assert one.live and one.problem == "" and calls == [] and publisher.index_owed
    assert [r.state for r in queue_of(service, second)] == ["queued"]
    two = publisher.run_once()
    assert two.live and len(calls) == 1 and not publisher.index_owed
    output = service.desk.content_dir.parent / "output"
    assert (www / "pagefind/pagefind-entry.json").read_bytes() == \
        (output / "pagefind/pagefind-entry.json").read_bytes()
    assert publisher.run_once() is None and len(calls) == 1          # nothing owed, nothing done


def test_an_index_left_to_a_build_that_fails_is_written_when_it_fails(hub, monkeypatch):
    _, service, _ = hub
    first, second = submit(service, title="Clear skies"), submit(service, title="Storm coming")
    approve(service, first)
    broken = service.desk.content_dir / "stories" / "broken.md"
    loads = []

    def load():
        if not loads:                 # a decision lands while the first build runs
            approve(service, second)
        elif len(loads) == 1:         # and the build that takes it fails on a bad file
            broken.write_text("Title: Broken\nKind: story\n\nNo advocate.\n")
        loads.append(1)
        return dict(service.settings)
    calls = _index_calls(monkeypatch)
    publisher = publisher_for(service, load)
    assert publisher.run_once().live and calls == [] and publisher.index_owed
    failed = publisher.run_once()
    assert not failed.live and "broken.md" in failed.problem
    assert len(calls) == 1 and not publisher.index_owed
    output = service.desk.content_dir.parent / "output"
    assert (output / "pagefind/pagefind-entry.json").is_file()
    record = service.desk.store.load(first)
    assert page_of(service, record).is_file()


def test_an_index_owed_when_another_publisher_took_the_queue_is_written_at_the_next_look(hub, monkeypatch):
    _, service, clock = hub
    first, second = submit(service, title="Dawn patrol"), submit(service, title="Dusk patrol")
    approve(service, first)

    def load():
        if not service.desk.store.load(second).get("published"):
            approve(service, second)
        return dict(service.settings)
    calls = _index_calls(monkeypatch)
    publisher = publisher_for(service, load)
    assert publisher.run_once().live and publisher.index_owed
    with service.desk.store.write() as conn:          # another machine's publisher takes it
        publishes.claim(conn, "elsewhere:1:ab", clock(), 3600)
    assert publisher.run_once() is None
    assert len(calls) == 1 and not publisher.index_owed
    assert (service.desk.content_dir.parent / "output/pagefind/pagefind-entry.json").is_file()


def test_a_failed_search_index_leaves_the_publish_live_and_the_desk_says_what_failed(hub):
    client, service, _ = hub
    sign_in(client)
    settings = {**service.settings, "CHORUS_SEARCH": {"binary": shutil.which("false")}}
    receipt = submit(service, title="Hail on the saddle")
    record = approve(service, receipt)
    outcome = publisher_for(service, load=lambda: dict(settings)).run_once()
    assert outcome.live and outcome.problem.startswith("search index not written: Pagefind")
    assert page_of(service, record).is_file()
    [request] = queue_of(service, receipt)
    assert request.state == "live" and request.problem == outcome.problem
    for page in (client.get(f"/desk/item/{receipt}").text, client.get("/desk/").text):
        assert "after it went live: <code>search index not written: Pagefind" in page
    assert publisher_for(service).run_once() is None                   # nothing to retry


def test_a_failed_publish_report_is_shown_escaped_at_the_desk(hub):
    client, service, clock = hub
    sign_in(client)
    receipt = submit(service)
    approve(service, receipt)
    with service.desk.store.write() as conn:
        [request] = publishes.claim(conn, "w:1:a", clock(), 3600)
        publishes.finish(conn, [request.id], clock(), problem="<script>x</script> in a.md",
                         retry_at=clock())
    for page in (client.get(f"/desk/item/{receipt}").text, client.get("/desk/").text):
        assert "&lt;script&gt;x&lt;/script&gt; in a.md" in page and "<script>x" not in page


def test_the_service_runs_the_publisher_in_the_background_and_requeues_on_stop(hub, tmp_path):
    import dataclasses
    import time

    from starlette.testclient import TestClient

    from chorus_intake.app import create_app
    from intakehelpers import ORIGIN

    _, service, clock = hub
    worker = publisher_for(service, interval=0.05)
    service = dataclasses.replace(service, publisher=worker)
    receipt = submit(service)
    record = approve(service, receipt)
    with TestClient(create_app(service), base_url=ORIGIN):
        deadline = time.monotonic() + 60
        # live once the build is switched in and its search index written (chorus.search):
        # the page appears a few seconds before the publish is done
        while time.monotonic() < deadline and not (
                page_of(service, record).is_file() and [r.state for r in queue_of(service, receipt)] == ["live"]):
            time.sleep(0.1)
    assert page_of(service, record).is_file()
    assert [r.state for r in queue_of(service, receipt)] == ["live"]


def test_the_publisher_setting_names_a_conf_that_exists(tmp_path):
    from chorus.publisher import for_service

    settings = {"CHORUS_PUBLISHER": {"enabled": True, "conf": "nowhere.py"}}
    with pytest.raises(ConfigError, match="nowhere.py"):
        for_service(settings, tmp_path, None, None)
    assert for_service({}, tmp_path, None, None) is None


def test_the_build_reports_its_stages_and_the_desk_shows_the_current_one(hub):
    _, service, _ = hub
    approve(service, submit(service, title="Staged"))
    publisher = publisher_for(service)
    assert publisher.stage() == ""
    assert publisher.run_once().live
    stages = publisher.progress.snapshot().stages
    assert stages and all(stage.finished for stage in stages)
    assert any("writing pages" in stage.label.lower() for stage in stages), stages
    publisher.progress = Progress()                 # as if a build were running now
    publisher.progress.start("pages", "Writing pages", total=400)
    publisher.progress.advance("pages", 120)
    assert publisher.stage() == "Writing pages 120/400"


def test_a_decision_at_the_desk_wakes_the_publisher_without_waiting_for_its_interval(hub):
    import dataclasses
    import time

    from starlette.testclient import TestClient

    from chorus_intake.app import create_app
    from intakehelpers import ORIGIN

    _, service, _ = hub
    worker = publisher_for(service, interval=600)     # it would not look again for ten minutes
    service = dataclasses.replace(service, publisher=worker)
    receipt = submit(service, title="Woken up")
    with TestClient(create_app(service), base_url=ORIGIN, follow_redirects=False) as client:
        sign_in(client)
        csrf, version = item_form(client, receipt)
        assert post(client, f"/desk/item/{receipt}/approve", {"version": version}, csrf).status_code == 303
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and [r.state for r in queue_of(service, receipt)] != ["live"]:
            time.sleep(0.1)
        assert [r.state for r in queue_of(service, receipt)] == ["live"]
    assert page_of(service, service.desk.store.load(receipt)).is_file()


def test_a_publisher_that_starts_brings_the_live_search_index_up_to_date(hub):
    _, service, _ = hub
    approve(service, submit(service, title="Left unindexed"))
    first = publisher_for(service)
    first._more_due = lambda: True      # it leaves the index to a next build, then stops
    assert first.run_once().live and first.index_owed
    output = service.desk.content_dir.parent / "output"
    assert not (output / "pagefind/pagefind-entry.json").exists()
    assert publisher_for(service).run_once() is None           # a new publisher, nothing due
    assert (output / "pagefind/pagefind-entry.json").is_file()


@pytest.mark.parametrize("method, path, nudged", [
    ("POST", "/desk/20261120-ab12cd34/approve", True), ("POST", "/status/tok/withdraw", True),
    ("POST", "/submit", False), ("GET", "/desk/", False)])
def test_only_posts_where_decisions_are_made_wake_the_publisher(hub, method, path, nudged):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from chorus_intake.app import NudgePublisher

    _, service, _ = hub
    publisher = publisher_for(service)

    async def answered(scope, receive, send):
        return None
    request = NudgePublisher(answered, publisher)({"type": "http", "method": method, "path": path}, None, None)
    with ThreadPoolExecutor(1) as thread:      # its own event loop: a browser test may run one here
        thread.submit(asyncio.run, request).result()
    assert publisher.wait_for_work(0) is nudged
