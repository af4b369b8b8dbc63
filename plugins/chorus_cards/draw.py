"""Paint a Layout with Pillow and encode it. No decisions about position here."""

from __future__ import annotations

import math
import struct
import zlib
from functools import lru_cache

from PIL import Image, ImageDraw, ImageOps

from .colours import rgb
from .fonts import EMOJI_SIZE, _has_raqm, truetype
from .layout import Disc, Layout, Picture, Rect, Stars
from .model import HEIGHT, WIDTH
from .textfit import EMOJI_SCALE, TextBlock

SUPERSAMPLE = 4
PNG_COMPRESS_LEVEL = 3
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def render(layout: Layout) -> Image.Image:
    """The card as an RGB image."""
    image = Image.new("RGB", (WIDTH, HEIGHT), rgb(layout.background))
    pen = ImageDraw.Draw(image)
    for item in layout.items:
        if isinstance(item, Rect):
            x, y, w, h = item.box
            if w > 0 and h > 0:
                pen.rectangle((x, y, x + w - 1, y + h - 1), fill=rgb(item.colour))
        elif isinstance(item, Disc):
            _paste_mask(image, _disc_mask(item.box[2]), item.box[:2], item.colour)
        elif isinstance(item, Stars):
            _stars(image, item)
        elif isinstance(item, Picture):
            _picture(image, item)
        elif isinstance(item, TextBlock):
            _text(image, pen, item)
    return image


def encode_png(image: Image.Image, compress_level: int = PNG_COMPRESS_LEVEL) -> bytes:
    """An RGB image as PNG with filter type None on every row and zlib at ``compress_level``.

    Pillow's encoder tries five filters per row; on cards (flat colour, antialiased
    text) that costs more time than drawing and saves little: see docs/share-cards.md."""
    if image.mode != "RGB":
        image = image.convert("RGB")
    raw, stride = image.tobytes(), image.width * 3
    rows = b"".join(b"\x00" + raw[start:start + stride] for start in range(0, len(raw), stride))
    header = struct.pack(">IIBBBBB", image.width, image.height, 8, 2, 0, 0, 0)
    return (PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, compress_level))
            + _chunk(b"IEND", b""))


def _chunk(tag: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))


def _paste_mask(image: Image.Image, mask: Image.Image, at: tuple[int, int], colour: str) -> None:
    image.paste(Image.new("RGB", mask.size, rgb(colour)), at, mask)


@lru_cache(maxsize=16)
def _disc_mask(diameter: int) -> Image.Image:
    big = Image.new("L", (diameter * SUPERSAMPLE,) * 2, 0)
    ImageDraw.Draw(big).ellipse((0, 0, diameter * SUPERSAMPLE - 1, diameter * SUPERSAMPLE - 1), fill=255)
    return big.resize((diameter, diameter), Image.Resampling.LANCZOS)


@lru_cache(maxsize=4)
def _star_mask(size: int) -> Image.Image:
    big = size * SUPERSAMPLE
    centre, outer, inner = big / 2, big / 2, big / 2 * 0.45
    points = [(centre + (outer if i % 2 == 0 else inner) * math.sin(i * math.pi / 5),
               centre - (outer if i % 2 == 0 else inner) * math.cos(i * math.pi / 5)) for i in range(10)]
    mask = Image.new("L", (big, big), 0)
    ImageDraw.Draw(mask).polygon(points, fill=255)
    return mask.resize((size, size), Image.Resampling.LANCZOS)


def _stars(image: Image.Image, stars: Stars) -> None:
    for index in range(5):
        colour = stars.colour if index < stars.rating else stars.empty
        _paste_mask(image, _star_mask(stars.size), (stars.x + index * (stars.size + 8), stars.y), colour)


def _picture(image: Image.Image, picture: Picture) -> None:
    fitted, offset = _fitted(picture.path, picture.box[2], picture.box[3], picture.circle, picture.cover)
    image.paste(fitted, (picture.box[0] + offset[0], picture.box[1] + offset[1]), fitted)


@lru_cache(maxsize=64)
def _fitted(path: str, w: int, h: int, circle: bool, cover: bool = False) -> tuple[Image.Image, tuple[int, int]]:
    """The picture scaled into w x h (cropped round for avatars, cropped to fill the box for
    a story's photo) and its offset in the box.
    Cached per process: a logo or an advocate's photo appears on many cards."""
    with Image.open(path) as source:
        photo = ImageOps.exif_transpose(source).convert("RGBA")
    if cover:
        return ImageOps.fit(photo, (w, h), Image.Resampling.LANCZOS), (0, 0)
    if circle:
        photo = ImageOps.fit(photo, (w, h), Image.Resampling.LANCZOS)
        alpha = Image.new("L", (w, h), 0)
        alpha.paste(photo.getchannel("A"), (0, 0), _disc_mask(w))
        photo.putalpha(alpha)
        return photo, (0, 0)
    photo = ImageOps.contain(photo, (w, h), Image.Resampling.LANCZOS)
    return photo, ((w - photo.width) // 2, (h - photo.height) // 2)


@lru_cache(maxsize=512)
def _emoji(path: str, cluster: str, size: int) -> tuple[Image.Image, int]:
    """A colour emoji drawn at the font's one size and scaled; returns it and its ascent."""
    font = truetype(path, EMOJI_SIZE)
    ascent, descent = font.getmetrics()
    advance = max(1, math.ceil(font.getlength(cluster)))
    canvas = Image.new("RGBA", (advance, ascent + descent), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).text((0, ascent), cluster, font=font, anchor="ls", embedded_color=True)
    factor = size / EMOJI_SIZE * EMOJI_SCALE
    scaled = canvas.resize((max(1, round(advance * factor)), max(1, round((ascent + descent) * factor))),
                           Image.Resampling.LANCZOS)
    return scaled, round(ascent * factor)


def _text(image: Image.Image, pen: ImageDraw.ImageDraw, block: TextBlock) -> None:
    colour = rgb(block.colour)
    for line in block.lines:
        for run in line.runs:
            if run.emoji:
                glyph, ascent = _emoji(run.path, run.text, block.size)
                image.paste(glyph, (round(run.x), round(line.baseline - ascent * 0.92)), glyph)
                continue
            options = {"direction": "rtl" if run.rtl else "ltr"} if _has_raqm() else {}
            pen.text((run.x, line.baseline), run.text, font=truetype(run.path, block.size), fill=colour,
                     anchor="ls", **options)
