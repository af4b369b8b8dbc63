"""Photo intake: real images re-encoded clean; everything else refused clearly."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from chorus.photos import PhotoError, PhotoLimits, process
from modhelpers import jpeg


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"                       # Make
    exif[0x0112] = 6                              # Orientation: rotate 90 cw to display
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (40.0, 1.0, 2.0)        # GPSLatitudeRef, GPSLatitude
    gps[3], gps[4] = "W", (105.0, 16.0, 3.0)
    return exif.tobytes()


def test_gps_and_all_metadata_are_gone_and_orientation_is_applied():
    raw = jpeg(size=(80, 40), exif=gps_exif())
    assert b"SpyCam" in raw
    out = process(raw)
    image = Image.open(io.BytesIO(out))
    assert image.format == "JPEG"
    assert image.size == (40, 80)                 # rotated upright
    assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
    assert b"SpyCam" not in out and b"GPS" not in out


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_become_jpeg(fmt):
    out = process(jpeg(fmt=fmt))
    assert Image.open(io.BytesIO(out)).format == "JPEG"


def test_transparent_png_is_flattened_on_white():
    buf = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buf, "PNG")
    image = Image.open(io.BytesIO(process(buf.getvalue())))
    assert image.getpixel((5, 5))[0] > 240


def test_large_photos_are_resized():
    out = process(jpeg(size=(3000, 1000)), PhotoLimits(max_side=1600))
    assert Image.open(io.BytesIO(out)).size == (1600, 533)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge canvas (a decompression bomb's shape)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("data, words", [
    (png_claiming(100_000, 100_000), "pixels"),
    (png_claiming(9000, 9000), "pixels"),
    (b"", "empty"),
    (b"GIF89a" + b"\x00" * 100, "not a JPEG, PNG or WebP"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a JPEG, PNG or WebP"),
    (b"%PDF-1.4 fake", "not a JPEG, PNG or WebP"),
    (jpeg()[:200], "could not be decoded"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "JPEG, PNG or WebP"),
])
def test_bombs_malformed_and_foreign_files_are_refused(data, words):
    with pytest.raises(PhotoError, match=words):
        process(data)


def test_gif_and_bmp_are_refused_even_when_valid():
    for fmt in ("GIF", "BMP", "TIFF"):
        buf = io.BytesIO()
        Image.new("RGB", (5, 5)).save(buf, fmt)
        with pytest.raises(PhotoError, match="not a JPEG, PNG or WebP"):
            process(buf.getvalue())


def test_byte_limit():
    with pytest.raises(PhotoError, match="at most 100"):
        process(jpeg(), PhotoLimits(max_bytes=100))
