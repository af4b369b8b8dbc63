"""The validated-record cache (chorus/recordcache.py): a warm cache gives exactly what
validating afresh gives, re-reads what changed, and ignores what it cannot trust."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import shutil
import types
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from chorus import site
from chorus.fields import ParseContext
from chorus import recordcache
from chorus.recordcache import RecordCache
from chorus.validate import validate_file
from conftest import make_settings
from test_incremental_build import change, hub, tree  # noqa: F401 (hub: the fixture)

ZONE = ZoneInfo("America/Denver")


def content_files(content: Path) -> list[str]:
    return sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md"))


def exactly(result):
    """A validation result with every value's exact type, time zone and key order, so that
    two datetimes at the same instant in different zones are told apart."""
    record, problems = result
    if record is None:
        return None, problems
    values = [(key, type(value), value, getattr(value, "tzinfo", None), getattr(value, "fold", None))
              for key, value in record.values.items()]
    return (record.kind, record.path, record.slug, record.body, values), problems


def validate_all(content: Path, cache: RecordCache, zone: ZoneInfo = ZONE) -> dict:
    ctx = ParseContext(zone=zone, content_dir=str(content))
    found = {relative: cache.validate(relative, (content / relative).read_bytes(), ctx)
             for relative in content_files(content)}
    cache.save()
    return found


def fresh(content: Path, zone: ZoneInfo = ZONE) -> dict:
    ctx = ParseContext(zone=zone, content_dir=str(content))
    return {relative: validate_file(relative, (content / relative).read_bytes(), ctx)
            for relative in content_files(content)}


def test_a_warm_cache_gives_exactly_the_fresh_result_for_every_demo_file(demo_content, tmp_path):
    cold_cache = RecordCache(tmp_path / "cache", ZONE)
    cold = validate_all(demo_content, cold_cache)
    warm_cache = RecordCache(tmp_path / "cache", ZONE)
    warm = validate_all(demo_content, warm_cache)
    expected = fresh(demo_content)
    assert len(expected) > 100 and all(record is not None for record, _ in expected.values())
    assert cold_cache.misses == len(expected) and cold_cache.hits == 0
    assert warm_cache.hits == len(expected) and warm_cache.misses == 0
    for relative, result in expected.items():
        assert exactly(warm[relative]) == exactly(result), relative
        assert exactly(cold[relative]) == exactly(result), relative


def test_crlf_bom_emoji_and_non_latin_files_come_back_the_same(demo_content, tmp_path):
    story = demo_content / "stories" / "first-fifty-k.md"
    text = story.read_text(encoding="utf-8").replace("\n", "\r\n") + "\r\n\r\n最后一段 🏔️ آخر\r\n\r\n\r\n"
    story.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    validate_all(demo_content, RecordCache(tmp_path / "cache", ZONE))
    warm_cache = RecordCache(tmp_path / "cache", ZONE)
    warm = validate_all(demo_content, warm_cache)
    assert warm_cache.misses == 0
    expected = fresh(demo_content)["stories/first-fifty-k.md"]
    assert expected[0].body.endswith("最后一段 🏔️ آخر")
    assert exactly(warm["stories/first-fifty-k.md"]) == exactly(expected)


def test_changed_added_and_removed_files_are_read_again(demo_content, tmp_path):
    validate_all(demo_content, RecordCache(tmp_path / "cache", ZONE))
    story = demo_content / "stories" / "first-fifty-k.md"
    story.write_text(story.read_text(encoding="utf-8").replace("Title: ", "Title: Edited: ", 1),
                     encoding="utf-8")
    added = demo_content / "stories" / "a-new-one.md"
    shutil.copy(story, added)
    removed = demo_content / "testimonials" / next(
        name for name in sorted(p.name for p in (demo_content / "testimonials").glob("*.md")))
    removed_key = removed.relative_to(demo_content).as_posix()
    removed.unlink()
    cache = RecordCache(tmp_path / "cache", ZONE)
    warm = validate_all(demo_content, cache)
    assert cache.misses == 2
    assert warm["stories/first-fifty-k.md"][0].values["title"].startswith("Edited: ")
    assert warm["stories/a-new-one.md"][0].slug == "a-new-one"
    assert {relative: exactly(result) for relative, result in warm.items()} == \
        {relative: exactly(result) for relative, result in fresh(demo_content).items()}
    stored = (tmp_path / "cache" / "chorus-records-testimonial.json").read_text(encoding="utf-8")
    assert removed_key not in stored
    assert json.dumps(removed_key)[1:-1] not in stored


def test_a_file_another_file_refers_to_is_looked_for_again(demo_content, tmp_path):
    validate_all(demo_content, RecordCache(tmp_path / "cache", ZONE))
    record = fresh(demo_content)["stories/first-fifty-k.md"][0]
    (demo_content / "advocates" / f"{record.values['advocate']}.md").unlink()
    if "photo" in record.values:
        (demo_content / record.values["photo"]).unlink()
    warm = validate_all(demo_content, RecordCache(tmp_path / "cache", ZONE))
    record, problems = warm["stories/first-fifty-k.md"]
    assert record is None
    assert any(p.field == "advocate" and "no advocate file" in p.message for p in problems)
    assert exactly(warm["stories/first-fifty-k.md"]) == exactly(fresh(demo_content)["stories/first-fifty-k.md"])


def test_a_bad_file_is_never_cached_and_reported_the_same_every_time(demo_content, tmp_path):
    bad = demo_content / "stories" / "broken.md"
    bad.write_text("Title: Broken\r\nDate: 2026-02-30\r\nAdvocate: nobody-here\r\n\r\nBody ✓\r\n",
                   encoding="utf-8")
    expected = fresh(demo_content)["stories/broken.md"]
    assert expected[0] is None and len(expected[1]) >= 3
    validate_all(demo_content, RecordCache(tmp_path / "cache", ZONE))
    for _ in range(2):
        cache = RecordCache(tmp_path / "cache", ZONE)
        assert validate_all(demo_content, cache)["stories/broken.md"] == expected
        assert cache.misses == 1
    assert "broken" not in (tmp_path / "cache" / "chorus-records-story.json").read_text(encoding="utf-8")


def test_another_time_zone_starts_afresh(demo_content, tmp_path):
    story = demo_content / "stories" / "first-fifty-k.md"
    lines = story.read_text(encoding="utf-8").split("\n")
    story.write_text("\n".join("Date: 2026-11-03" if line.startswith("Date:") else line for line in lines),
                     encoding="utf-8")
    validate_all(demo_content, RecordCache(tmp_path / "cache", ZONE))
    tokyo = ZoneInfo("Asia/Tokyo")
    cache = RecordCache(tmp_path / "cache", tokyo)
    warm = validate_all(demo_content, cache, tokyo)
    assert cache.hits == 0
    assert {r: exactly(v) for r, v in warm.items()} == {r: exactly(v) for r, v in fresh(demo_content, tokyo).items()}
    # a bare date is the start of that day in the site's zone
    assert warm["stories/first-fifty-k.md"][0].values["date"] == dt.datetime(2026, 11, 3, tzinfo=tokyo)
    back = RecordCache(tmp_path / "cache", ZONE)
    assert validate_all(demo_content, back)["stories/first-fifty-k.md"][0].values["date"] == \
        dt.datetime(2026, 11, 3, tzinfo=ZONE)
    assert back.hits == 0


def test_the_fingerprint_covers_the_validating_code(tmp_path, monkeypatch):
    names = {module.__name__ for module in recordcache.validator_modules()}
    assert {"chorus.validate", "chorus.fields", "chorus.headers", "chorus.schema", "chorus.text",
            "chorus.slugs", "chorus.clock", "chorus.recordcache"} <= names
    before = recordcache.fingerprint(ZONE)
    source = tmp_path / "rules.py"
    source.write_text("LIMIT = 150\n")
    module = types.ModuleType("chorus.rules")
    module.__file__ = str(source)
    real = recordcache.validator_modules
    monkeypatch.setattr(recordcache, "validator_modules", lambda: [*real(), module])
    with_rules = recordcache.fingerprint(ZONE)
    source.write_text("LIMIT = 151\n")
    assert len({before, with_rules, recordcache.fingerprint(ZONE)}) == 3
    assert recordcache.fingerprint(ZoneInfo("Asia/Tokyo")) != recordcache.fingerprint(ZONE)


def corrupt_cases(path: Path) -> dict[str, bytes]:
    data = path.read_bytes()
    head, _, body = data.partition(b"\n")
    entries = json.loads(body)
    key = next(iter(entries))
    forged = dict(entries)
    forged[key] = {**entries[key], "values": [["title", ["i", "not a number"]]]}
    forged_body = json.dumps(forged).encode()
    # entries that do not hold a record of their own file, under a matching checksum
    forged_head = json.dumps({**json.loads(head), "sha256": hashlib.sha256(forged_body).hexdigest()}).encode()
    wrong_path = dict(entries)
    wrong_path[key] = {**entries[key], "path": "stories/elsewhere.md", "slug": "elsewhere"}
    wrong_body = json.dumps(wrong_path).encode()
    wrong_head = json.dumps({**json.loads(head), "sha256": hashlib.sha256(wrong_body).hexdigest()}).encode()
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x20
    return {
        "truncated": data[: len(data) // 2],
        "empty": b"",
        "one byte changed": bytes(flipped),
        "not JSON": b"\x00\xff garbage",
        "stale fingerprint": json.dumps({**json.loads(head), "fingerprint": "0" * 64}).encode() + b"\n" + body,
        "forged types": forged_head + b"\n" + forged_body,
        "entry of another path": wrong_head + b"\n" + wrong_body,
    }


@pytest.mark.parametrize("case", ["truncated", "empty", "one byte changed", "not JSON", "stale fingerprint",
                                  "forged types", "entry of another path"])
def test_a_damaged_or_stale_cache_file_is_ignored(demo_content, tmp_path, case):
    validate_all(demo_content, RecordCache(tmp_path / "cache", ZONE))
    path = tmp_path / "cache" / "chorus-records-story.json"
    path.write_bytes(corrupt_cases(path)[case])
    cache = RecordCache(tmp_path / "cache", ZONE)
    warm = validate_all(demo_content, cache)
    assert {r: exactly(v) for r, v in warm.items()} == {r: exactly(v) for r, v in fresh(demo_content).items()}
    stories = len(list((demo_content / "stories").glob("*.md")))
    # every story whose entry could not be trusted was validated afresh: a whole damaged or
    # stale file, or the one entry that does not decode to a record of its own file
    assert cache.misses == (1 if case in ("forged types", "entry of another path") else stories)
    # and the next build finds a whole cache again
    again = RecordCache(tmp_path / "cache", ZONE)
    validate_all(demo_content, again)
    assert again.misses == 0


def build_report(content: Path, tmp_path: Path, caplog, **overrides) -> list[str]:
    caplog.clear()
    with caplog.at_level(logging.INFO):
        site.build(make_settings(content, tmp_path / "output", CHORUS_KEEP_GOING=True, **overrides))
    return [r.getMessage() for r in caplog.records if "Chorus" in r.getMessage()
            and ("left out" in r.getMessage() or "not published" in r.getMessage())]


def test_a_bad_file_is_reported_on_a_warm_build_exactly_as_on_a_cold_one(mini_content, tmp_path, caplog):
    (mini_content / "stories" / "broken.md").write_text(
        "Title: Broken\nDate: 2026-02-30\nAdvocate: maya-okafor\n\nBody\n", encoding="utf-8")
    (mini_content / "testimonials" / "broken.md").write_text("Quote without header\n", encoding="utf-8")
    cold = build_report(mini_content, tmp_path, caplog)
    assert any("stories/broken.md:2: date:" in line for line in cold)
    assert any("testimonials/broken.md" in line for line in cold)
    stored = sorted(p.name for p in (tmp_path / "cache").glob("chorus-records-*.json"))
    assert "chorus-records-story.json" in stored and "chorus-records-advocate.json" in stored
    warm = build_report(mini_content, tmp_path, caplog)
    assert warm == cold
    # a file that was valid (and cached) and then broken is reported too
    story = mini_content / "stories" / "first-fifty-k.md"
    story.write_text(story.read_text(encoding="utf-8").replace("Title:", "Titel:", 1), encoding="utf-8")
    after = build_report(mini_content, tmp_path, caplog)
    assert any("stories/first-fifty-k.md" in line and "title" in line for line in after)
    uncached = build_report(mini_content, tmp_path / "nocache", caplog,
                            CHORUS_CACHE={"records": False, "render": False})
    assert after == uncached


def test_a_build_with_the_record_cache_writes_the_same_bytes(hub, tmp_path):
    cache = tmp_path / "cache"
    site.build(make_settings(hub, tmp_path / "warm", CACHE_PATH=str(cache)))
    change(hub)
    site.build(make_settings(hub, tmp_path / "warm", CACHE_PATH=str(cache)))
    site.build(make_settings(hub, tmp_path / "off", CACHE_PATH=str(tmp_path / "off-cache"),
                             CHORUS_CACHE={"records": False}))
    assert (cache / "chorus-records-story.json").is_file()
    assert not list((tmp_path / "off-cache").glob("chorus-records-*"))
    warm, off = tree(tmp_path / "warm"), tree(tmp_path / "off")
    assert warm.keys() == off.keys()
    assert [name for name in warm if warm[name] != off[name]] == []
    assert b"fixed a typo" in warm["stories/first-fifty-k/index.html"]


def test_stray_files_are_every_unread_file_and_no_hidden_one(tmp_path):
    from chorus.check import stray_files

    root = tmp_path / "content"
    for name in ("stories/ok.md", "images/sub/x.png", "storys/a.md", "storys/deeper/b.md", "top.md",
                 ".hidden/c.md", "stories/.x/d.md", ".dot", "stories/.y", "ストーリー/物語.md"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    (root / "storys" / "broken").symlink_to(tmp_path / "nowhere")
    (root / "linked").symlink_to(tmp_path, target_is_directory=True)
    found = [problem.path for problem in stray_files(root)]
    assert found == ["storys/a.md", "storys/broken", "storys/deeper/b.md", "top.md", "ストーリー/物語.md"]
    assert all(problem.field == "path" and "not in a content folder" in problem.message
               for problem in stray_files(root))
