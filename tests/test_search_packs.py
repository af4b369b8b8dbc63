"""The cached search records (chorus/search/packs.py): one pack per build's new records, a
manifest naming each record's pack, pruning to the records in use and compaction."""

from __future__ import annotations

import json

import pytest

from chorus.search import packs
from chorus.search.packs import MANIFEST, RecordPacks, encode
from chorus.search.records import collect, load, prune


def record(n: int, text: str = "") -> dict:
    return {"url": f"/stories/s{n}/", "content": text or f"Story {n} 山道 🏃", "language": "en",
            "meta": {"title": f"S{n}"}, "filters": {}}


def stored(records: dict[str, dict]) -> dict[str, bytes]:
    return {f"d{n}": encode(value) for n, value in records.items()}


def test_records_added_together_are_one_pack_and_load_back(tmp_path):
    store = RecordPacks(tmp_path)
    store.add(stored({n: record(n) for n in range(50)}))
    assert len([p for p in tmp_path.iterdir() if p.name != MANIFEST]) == 1
    again = RecordPacks(tmp_path)                      # a later build reads the manifest
    assert "d7" in again and "d50" not in again
    assert again.load(["d7", "d3"]) == {"d7": record(7), "d3": record(3)}
    store.add(stored({1: record(1)}))                  # stored already: no new pack
    assert len(list(tmp_path.iterdir())) == 2


def test_a_record_whose_pack_is_gone_is_not_there(tmp_path):
    store = RecordPacks(tmp_path)
    store.add(stored({1: record(1)}))
    store.add(stored({2: record(2)}))
    (tmp_path / store.where["d1"]).unlink()            # another build sharing the cache pruned it
    again = RecordPacks(tmp_path)
    assert "d1" not in again and "d2" in again
    with pytest.raises(KeyError):
        again.load(["d1"])


def test_a_damaged_manifest_means_no_records(tmp_path):
    RecordPacks(tmp_path).add(stored({1: record(1)}))
    (tmp_path / MANIFEST).write_text("{not json")
    assert "d1" not in RecordPacks(tmp_path)


def test_prune_keeps_the_records_in_use_and_removes_packs_holding_none(tmp_path):
    store = RecordPacks(tmp_path)
    store.add(stored({1: record(1), 2: record(2)}))
    store.add(stored({3: record(3)}))
    (tmp_path / "0123abcd.json").write_text("{}")       # a record file of the old layout
    removed = RecordPacks(tmp_path).prune({"d1"})
    assert removed == 2
    again = RecordPacks(tmp_path)
    assert set(again.where) == {"d1"} and again.load(["d1"]) == {"d1": record(1)}
    assert json.loads((tmp_path / MANIFEST).read_text()) == again.where


def test_more_packs_than_the_limit_are_compacted_into_one(tmp_path, monkeypatch):
    monkeypatch.setattr(packs, "MAX_PACKS", 3)
    store = RecordPacks(tmp_path)
    for n in range(6):
        store.add(stored({n: record(n)}))
    used = {f"d{n}" for n in range(1, 6)}
    RecordPacks(tmp_path).prune(used)
    again = RecordPacks(tmp_path)
    assert len(set(again.where.values())) == 1 and set(again.where) == used
    assert again.load(used) == {f"d{n}": record(n) for n in range(1, 6)}
    assert len(list(tmp_path.iterdir())) == 2


def _page(output, relative: str, text: str) -> None:
    path = output / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<html lang="en"><title>{text}</title><main data-pagefind-body><h1>{text}</h1>'
                    f"<p>{text} text.</p></main></html>")


def test_a_rebuild_reads_only_changed_pages_and_pruning_keeps_its_records(tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    for n in range(5):
        _page(output, f"stories/s{n}/index.html", f"Story {n}")
    first = collect(output, cache, "pagefind")
    (output / "stories/s1/index.html").unlink()
    _page(output, "stories/s1/index.html", "Story one, edited")
    second = collect(output, cache, "pagefind")
    assert second.parsed == 1 and second.digests["/stories/s1/"] != first.digests["/stories/s1/"]
    prune(cache, second.digests)
    records = load(cache, second.digests)
    assert [r["url"] for r in records] == [f"/stories/s{n}/" for n in range(5)]
    assert "Story one, edited" in records[1]["content"]
    assert collect(output, cache, "pagefind").parsed == 0
