"""Privacy: retention purge, erase, export of one person, backups; the status page's erase."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from chorus import moderation as m, privacy
from chorus.outbox import pending
from chorus.store import StoreError
from chorus.store.backup import backup
from modhelpers import NOW, a_story, jpeg, make_desk

DAY = dt.timedelta(days=1)


@pytest.fixture
def desk(tmp_path):
    return make_desk(tmp_path)[0]


def _personal(desk, receipt) -> str:
    record = desk.store.load(receipt)
    return repr(record) + repr(desk.store.photo(receipt))


def test_retention_purges_personal_data_after_n_days_leaving_an_anonymised_history(desk):
    old = m.submit(desk, a_story(consent_photo="yes"), jpeg(), now=NOW)
    m.reject(desk, old, moderator="Ana", now=NOW, reason="Off topic.")
    recent = m.submit(desk, a_story(title="Recent"), now=NOW)
    m.reject(desk, recent, moderator="Ana", now=NOW + 60 * DAY, reason="Later.")
    live = m.submit(desk, a_story(title="Live"), now=NOW)
    assert privacy.purge(desk, NOW + 91 * DAY) == [old]
    assert privacy.purge(desk, NOW + 91 * DAY) == []
    text = _personal(desk, old)
    for word in ("Pat Quinn", "pat@example.com", "Pat Q.", "It rained", "Rain on the ridge"):
        assert word not in text
    record = desk.store.load(old)
    assert record["state"] == "rejected" and record["erased_at"] and not record["has_photo"]
    assert [h["action"] for h in record["history"]] == ["submit", "reject", "erase"]
    assert record["history"][-1]["by"] == "retention (90 days)"
    assert "Pat Quinn" in _personal(desk, recent) and "Pat Quinn" in _personal(desk, live)
    assert all(old not in p.name for p in pending(desk))


def test_erase_withdraws_a_live_submission_then_erases_it(desk):
    receipt = m.submit(desk, a_story(), now=NOW)
    published = m.approve(desk, receipt, moderator="Ana", now=NOW)["published"]
    assert (desk.content_dir / published["piece"]).is_file()
    assert privacy.erase(desk, receipt, by="Ana", now=NOW) is True
    assert not (desk.content_dir / published["piece"]).exists()
    assert "pat@example.com" not in _personal(desk, receipt)
    assert desk.store.private_map() == {}
    assert privacy.erase(desk, receipt, by="Ana", now=NOW) is False
    with pytest.raises(m.ChorusError):
        m.approve(desk, receipt, moderator="Ana", now=NOW)


def test_export_advocate_holds_everything_about_one_person(desk):
    mine = m.submit(desk, a_story(consent_photo="yes"), jpeg(), now=NOW)
    m.approve(desk, mine, moderator="Ana", now=NOW)
    m.submit(desk, a_story(email="other@example.com", title="Not mine"), now=NOW)
    data = privacy.export_advocate(desk, "PAT@example.com", NOW)
    assert [r["id"] for r in data["submissions"]] == [mine]
    assert data["advocate_slug"] == "pat-q"
    assert data["submissions"][0]["photo_jpeg_base64"]
    assert [h["action"] for h in data["submissions"][0]["history"]] == ["submit", "approve"]
    assert {mail["name"].split("-", 3)[-1] for mail in data["unsent_messages"]} == {
        "submit.eml", "approve.eml"}
    assert "Not mine" not in repr(data)


def test_backup_copies_a_sqlite_store_in_use_and_refuses_postgresql(desk, tmp_path, store_backend):
    receipt = m.submit(desk, a_story(), now=NOW)
    if store_backend == "postgresql":
        with pytest.raises(StoreError, match="pg_dump"):
            backup(desk.store, tmp_path / "copy.db")
        return
    assert backup(desk.store, tmp_path / "copy.db") > 0
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("SELECT id FROM submissions").fetchall() == [(receipt,)]
    with pytest.raises(StoreError, match="exists"):
        backup(desk.store, tmp_path / "copy.db")


def test_the_status_page_offers_erase_my_data(tmp_path):
    from intakehelpers import aged_token, make_client, story_form

    client, service, _ = make_client(tmp_path)
    posted = client.post("/submit", data={**story_form(), "form_token": aged_token(service)},
                         headers={"accept": "application/json"})
    path = "/status/" + posted.json()["status_url"].rsplit("/", 1)[1]
    receipt = posted.json()["receipt"]
    assert "/erase" in client.get(path).text
    form = client.get(path + "/erase")
    assert form.status_code == 200 and 'name="form_token"' in form.text
    refused = client.post(path + "/erase", data={"confirm": "yes", "form_token": "forged"})
    assert refused.status_code == 422 and service.desk.store.load(receipt)["state"] == "pending"
    token = form.text.split('name="form_token" value="')[1].split('"')[0]
    done = client.post(path + "/erase", data={"confirm": "yes", "form_token": token})
    assert done.status_code == 200 and "erased" in done.text
    record = service.desk.store.load(receipt)
    assert record["state"] == "withdrawn" and record["erased_at"]
    assert "pat@example.com" not in repr(record)
    assert client.get(path).status_code == 404
