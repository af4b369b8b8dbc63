"""The JSON cache files under CACHE_PATH (chorus/buildcache.py read_fingerprinted and
write_fingerprinted): what is written is read back whole, by any number of builds at once."""

from __future__ import annotations

import threading

from chorus.buildcache import read_fingerprinted, write_fingerprinted

TEXTS = {"a": "<p>Çok güzel 🎉 — «ok»</p>\r\n", "b": "<p dir=\"rtl\">شكرا جزيلا</p>", "c": "日本語の話\u2028"}


def test_entries_come_back_equal_and_the_file_is_ascii(tmp_path):
    path = tmp_path / "cache" / "c.json"
    write_fingerprinted(path, "f1", "entries", TEXTS)
    assert read_fingerprinted(path, "f1", "entries") == TEXTS
    assert path.read_bytes().isascii()
    assert read_fingerprinted(path, "f2", "entries") == {}
    assert read_fingerprinted(path, "f1", "pages") == {}


def test_a_cache_written_as_utf8_by_an_earlier_version_is_still_read(tmp_path):
    import json

    path = tmp_path / "c.json"
    path.write_text(json.dumps({"fingerprint": "f", "entries": TEXTS}, ensure_ascii=False), encoding="utf-8")
    assert read_fingerprinted(path, "f", "entries") == TEXTS


def test_a_damaged_file_reads_as_empty(tmp_path):
    path = tmp_path / "c.json"
    write_fingerprinted(path, "f", "entries", TEXTS)
    path.write_bytes(path.read_bytes()[:-7])
    assert read_fingerprinted(path, "f", "entries") == {}


def test_builds_sharing_a_cache_path_never_write_into_each_others_file(tmp_path):
    """Each writer has a temporary file of its own: a shared one (``c.tmp``) let one build
    rename the other's half-written file into place, or fail to find its own."""
    path, errors = tmp_path / "c.json", []
    big = {f"k{n}": "x" * 2000 for n in range(200)}

    def writer(mark: str) -> None:
        try:
            for _ in range(40):
                write_fingerprinted(path, mark, "entries", big)
        except Exception as err:   # noqa: BLE001 - the failure this test looks for
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(mark,)) for mark in ("one", "two", "three")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert any(read_fingerprinted(path, mark, "entries") == big for mark in ("one", "two", "three"))
    assert [p.name for p in tmp_path.iterdir()] == ["c.json"]
