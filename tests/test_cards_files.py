"""The share cards' file digests (fonts, photos, logo) kept from build to build by stat."""

from __future__ import annotations

import hashlib
import os

from chorus_cards.filedigests import FileDigests
from chorus_cards.fonts import FONT_DIR, load_chain


def test_an_unchanged_file_is_not_read_again_and_a_changed_one_always_is(tmp_path):
    photo, cache = tmp_path / "maya.jpg", tmp_path / "cache"
    photo.write_bytes(b"first photo")
    first = FileDigests(cache)
    assert first.of(photo) == hashlib.sha256(b"first photo").hexdigest() and first.read == 1
    first.save()
    again = FileDigests(cache)
    assert again.of(photo) == hashlib.sha256(b"first photo").hexdigest() and again.read == 0
    again.save()
    times = photo.stat()
    photo.write_bytes(b"other photo")          # same size, and its times put back by hand
    os.utime(photo, ns=(times.st_atime_ns, times.st_mtime_ns))
    changed = FileDigests(cache)
    assert changed.of(photo) == hashlib.sha256(b"other photo").hexdigest() and changed.read == 1


def test_several_files_digest_their_bytes_in_order(tmp_path):
    one, two = tmp_path / "a", tmp_path / "b"
    one.write_bytes("ä".encode())
    two.write_bytes(b"b")
    files = FileDigests()
    assert files.of(one, two) == hashlib.sha256("ä".encode() + b"b").hexdigest() != files.of(two, one)


def test_the_font_chain_digest_is_the_same_with_kept_digests(tmp_path):
    plain = load_chain()
    load_chain(files=(kept := FileDigests(tmp_path)))
    kept.save()
    again = FileDigests(tmp_path)
    chain = load_chain(FONT_DIR, files=again)
    assert chain.digest == plain.digest and again.read == 0
    assert chain.drawable == plain.drawable and chain.regular == plain.regular
