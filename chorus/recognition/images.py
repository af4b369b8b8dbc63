"""Badge images drawn by Chorus: small SVG medals in the brand's colours, no third party.

Drawn on a 48-unit square so they stay readable at 24 px (the byline mark) and sharp at
96 px (the profile): a disc in the brand's primary colour (accent for hand awards), a ring,
and one to three characters in white, bold. The SVG carries its name as ``<title>`` for
anyone who opens it on its own; pages give it ``alt`` text as well.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from chorus.brand import Brand, contrast_ratio

# Font size (in the 48-unit box) by how many characters the symbol has: at 24 px a
# one-character symbol is 13 px tall and a three-character one 8 px, bold.
_SIZES = {1: 26, 2: 21, 3: 16}
_FONTS = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, DejaVu Sans, sans-serif"


def _text_colour(fill: str) -> str:
    """White or ink, whichever reads better on ``fill``."""
    return "#ffffff" if contrast_ratio("#ffffff", fill) >= contrast_ratio("#111111", fill) else "#111111"


def badge_svg(symbol: str, name: str, brand: Brand, *, award: bool = False) -> bytes:
    """The SVG of one badge: ``symbol`` drawn on a disc, ``name`` as its title."""
    fill, ring = (brand.accent, brand.primary) if award else (brand.primary, brand.accent)
    text = symbol.strip()[:3]
    size = _SIZES.get(len(text), 16)
    star = ('<path d="M24 1.5l3.2 5.6 6.3-1.3.7 6.4 5.9 2.6-3 5.7 3 5.7-5.9 2.6-.7 6.4-6.3-1.3'
            'L24 46.5l-3.2-5.6-6.3 1.3-.7-6.4-5.9-2.6 3-5.7-3-5.7 5.9-2.6.7-6.4 6.3 1.3z" '
            f'fill="{ring}"/>' if award else f'<circle cx="24" cy="24" r="23" fill="{ring}"/>')
    colour = _text_colour(fill)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48" '
        'role="img" aria-labelledby="t">'
        f'<title id="t">{escape(name)}</title>{star}'
        f'<circle cx="24" cy="24" r="18.5" fill="{fill}"/>'
        f'<circle cx="24" cy="24" r="16" fill="none" stroke="{colour}" stroke-opacity=".35" stroke-width="1"/>'
        f'<text x="24" y="24" dy=".35em" text-anchor="middle" font-family="{_FONTS}" font-weight="700" '
        f'font-size="{size}" fill="{colour}">{escape(text)}</text></svg>\n').encode("utf-8")
