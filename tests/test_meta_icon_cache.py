"""The favicon PNGs are drawn once and kept by the digest of what they are drawn from
(plugins/chorus_meta/iconcache.py); a build with them cached does no image work."""

from __future__ import annotations

import pytest

from chorus.brand import Brand
from chorus_meta import iconcache, icons

BRAND = Brand(primary="#1f4d3a", accent="#a34a14", paper="#fbf8f2")


def test_cached_icons_are_the_drawn_bytes_and_a_second_call_draws_nothing(tmp_path, monkeypatch):
    drawn = icons.icon_files(BRAND)
    assert iconcache.icon_files(BRAND, tmp_path / "icons") == drawn
    monkeypatch.setattr(icons, "png", lambda *_: pytest.fail("drew an icon the cache holds"))
    assert iconcache.icon_files(BRAND, tmp_path / "icons") == drawn
    assert sorted(p.name.split("-", 1)[1] for p in (tmp_path / "icons").iterdir()) == sorted(drawn)


def test_another_colour_draws_afresh_and_drops_the_old_files(tmp_path):
    iconcache.icon_files(BRAND, tmp_path)
    other = Brand(primary="#123456", accent="#a34a14", paper="#fbf8f2")
    files = iconcache.icon_files(other, tmp_path)
    assert files == icons.icon_files(other) and files["favicon.png"] != icons.icon_files(BRAND)["favicon.png"]
    assert {p.name.split("-", 1)[0] for p in tmp_path.iterdir()} == {iconcache.inputs_digest(other)}


def test_the_key_follows_the_drawing_code_and_sizes(tmp_path, monkeypatch):
    before = iconcache.inputs_digest(BRAND)
    monkeypatch.setitem(icons.FILES, "favicon", ("favicon.png", 48))
    assert iconcache.inputs_digest(BRAND) != before
    monkeypatch.undo()
    code = tmp_path / "icons.py"
    code.write_bytes(open(icons.__file__, "rb").read() + b"\n# drawn differently\n")
    monkeypatch.setattr(icons, "__file__", str(code))
    assert iconcache.inputs_digest(BRAND) != before


def test_a_missing_cached_file_is_drawn_again(tmp_path):
    iconcache.icon_files(BRAND, tmp_path)
    next(tmp_path.glob("*-icon.png")).unlink()
    assert iconcache.icon_files(BRAND, tmp_path) == icons.icon_files(BRAND)
    assert len(list(tmp_path.iterdir())) == len(icons.FILES)


def test_without_a_cache_folder_the_icons_are_drawn(tmp_path):
    assert iconcache.icon_files(BRAND, None) == icons.icon_files(BRAND)
