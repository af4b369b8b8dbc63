"""The favicon, drawn from the brand colours: a rounded square in the primary colour with
a speech bubble in the paper colour holding three accent dots (many voices, one hub).
The same shapes as SVG and, with Pillow, as PNGs of any size; deterministic bytes."""

from __future__ import annotations

import io

from chorus.brand import Brand

# name -> (file, pixel size); 0 = SVG. favicon.png for browsers, apple-touch-icon for
# phones' home screens, icon.png (512 px) for JSON Feed's "icon".
FILES = {"svg": ("favicon.svg", 0), "favicon": ("favicon.png", 64),
         "touch": ("apple-touch-icon.png", 180), "icon": ("icon.png", 512)}
# Shapes on a 64-unit grid: (x0, y0, x1, y1).
_BUBBLE = (10, 12, 54, 44)
_TAIL = ((18, 42), (16, 54), (30, 43))
_DOTS = ((22, 28), (32, 28), (42, 28))
_DOT_R = 4


def svg(brand: Brand) -> bytes:
    """The icon as SVG (scales to any size; used by browsers that take SVG favicons)."""
    x0, y0, x1, y1 = _BUBBLE
    tail = " ".join(f"{x},{y}" for x, y in _TAIL)
    dots = "".join(f'<circle cx="{x}" cy="{y}" r="{_DOT_R}" fill="{brand.accent}"/>' for x, y in _DOTS)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
            f'<rect width="64" height="64" rx="14" fill="{brand.primary}"/>'
            f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="10" fill="{brand.paper}"/>'
            f'<polygon points="{tail}" fill="{brand.paper}"/>{dots}</svg>\n').encode("utf-8")


def png(brand: Brand, size: int) -> bytes:
    """The icon as a ``size`` px square PNG (drawn four times larger, then scaled down)."""
    from PIL import Image, ImageDraw   # here: a build with its icons cached loads no imaging code

    big = size * 4
    unit = big / 64
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    def box(x0, y0, x1, y1):
        return [round(x0 * unit), round(y0 * unit), round(x1 * unit), round(y1 * unit)]
    draw.rounded_rectangle(box(0, 0, 64, 64), radius=round(14 * unit), fill=brand.primary)
    draw.rounded_rectangle(box(*_BUBBLE), radius=round(10 * unit), fill=brand.paper)
    draw.polygon([(round(x * unit), round(y * unit)) for x, y in _TAIL], fill=brand.paper)
    for x, y in _DOTS:
        draw.ellipse(box(x - _DOT_R, y - _DOT_R, x + _DOT_R, y + _DOT_R), fill=brand.accent)
    out = io.BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(out, "PNG", optimize=True)
    return out.getvalue()


def icon_files(brand: Brand) -> dict[str, bytes]:
    """File name -> bytes of every icon."""
    return {name: svg(brand) if size == 0 else png(brand, size) for name, size in FILES.values()}
