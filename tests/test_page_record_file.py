"""The page record file (plugins/chorus_incremental/pages.py pack/unpack): each distinct
list of names a page read is saved once, and every record comes back as it was."""

from __future__ import annotations

import json

from chorus.buildcache import read_fingerprinted, write_fingerprinted
from chorus_incremental.pages import pack, unpack

STORY = ["SITEURL", "article", "chorus_brand", "feed_links", "og_title", "page_title", "share_cards"]
TAG = ["SITEURL", "articles_page", "tag", "tags"]


def _records() -> dict[str, dict]:
    records = {f"stories/s{n}/index.html": {"names": list(STORY), "lookups": [["share_cards", "get", f"ss{n}"]],
                                            "digest": f"d{n}", "stat": [100 + n, 10**18 + n, 7 + n]}
               for n in range(50)}
    records["tags/é/index.html"] = {"names": list(TAG), "lookups": [], "digest": "t", "stat": [1, 2, 3]}
    return records


def test_records_come_back_equal_through_the_cache_file(tmp_path):
    path = tmp_path / "chorus-pages.json"
    write_fingerprinted(path, "f", "packed", pack(_records()))
    assert unpack(read_fingerprinted(path, "f", "packed")) == _records()


def test_each_distinct_list_of_names_is_saved_once():
    saved = json.dumps(pack(_records()))
    assert saved.count('"og_title"') == 1 and saved.count('"tags"') == 1
    assert len(saved) < len(json.dumps(_records())) * 0.7


def test_a_damaged_record_is_left_out_and_the_others_kept():
    packed = pack(_records())
    packed["pages"]["stories/s3/index.html"]["names"] = 99
    del packed["pages"]["stories/s4/index.html"]["names"]
    records = unpack(packed)
    assert "stories/s3/index.html" not in records and "stories/s4/index.html" not in records
    assert records["stories/s5/index.html"] == _records()["stories/s5/index.html"]
    assert unpack({"pages": []}) == {} and unpack({}) == {}
