"""Moving in from the file inbox: everything comes over once, histories match, re-runs add nothing."""

from __future__ import annotations

import pytest

from chorus.outbox import pending
from chorus.store.importer import import_inbox
from inboxmaker import make_inbox
from modhelpers import make_desk


def _check(tmp_path, count):
    desk, _ = make_desk(tmp_path)
    ids = make_inbox(tmp_path / "old", count)
    report = import_inbox(desk.store, tmp_path / "old" / "inbox", tmp_path / "old" / "outbox")
    assert report.problems == []
    assert (report.imported, report.already, report.keys) == (count, 0, count)
    assert report.photos == len(range(0, count, 10)) and report.advocates == 1
    assert report.messages == len(range(0, count, 50))
    assert sorted(desk.store.ids()) == sorted(ids)
    again = import_inbox(desk.store, tmp_path / "old" / "inbox", tmp_path / "old" / "outbox")
    assert (again.imported, again.already, again.keys, again.messages) == (0, count, 0, 0)
    assert again.problems == []
    return desk, ids


def test_a_file_inbox_is_imported_once_with_photos_keys_map_and_outbox(tmp_path):
    desk, ids = _check(tmp_path, 300)
    first = desk.store.load(ids[0])
    assert first["intake"] == {"channel": "form"} and desk.store.photo(ids[0])
    assert desk.store.private_map() == {"p0@example.com": "person-0"}
    assert len(pending(desk)) == 6
    from chorus.review import queue
    from modhelpers import NOW
    assert len(queue(desk, NOW, "rejected")) == 60


def test_a_damaged_folder_is_reported_and_the_rest_imported(tmp_path):
    desk, _ = make_desk(tmp_path)
    ids = make_inbox(tmp_path / "old", 20)
    (tmp_path / "old" / "inbox" / ids[3] / "record.json").write_text("{not json")
    report = import_inbox(desk.store, tmp_path / "old" / "inbox")
    assert report.imported == 19 and len(report.problems) == 1 and ids[3] in report.problems[0]


@pytest.mark.slow
def test_ten_thousand_submissions_import_with_every_history(tmp_path):
    _check(tmp_path, 10_000)


def test_the_import_reports_its_progress(tmp_path):
    from chorus.progress import Progress

    desk, _ = make_desk(tmp_path)
    make_inbox(tmp_path / "old", 30)
    shown = Progress()
    import_inbox(desk.store, tmp_path / "old" / "inbox", tmp_path / "old" / "outbox", shown)
    [stage] = shown.snapshot().stages
    assert (stage.key, stage.done, stage.total, stage.finished) == ("import", 30, 30, True)
