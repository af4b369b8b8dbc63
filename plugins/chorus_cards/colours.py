"""Colour arithmetic for readable cards: mixing and WCAG contrast."""

from __future__ import annotations


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def to_hex(colour: tuple[int, int, int]) -> str:
    return "#%02x%02x%02x" % colour


def mix(first: str, second: str, amount: float) -> str:
    """``first`` moved ``amount`` (0..1) of the way towards ``second``."""
    a, b = rgb(first), rgb(second)
    return to_hex(tuple(round(x + (y - x) * amount) for x, y in zip(a, b)))


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio, 1..21."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(background: str, *candidates: str, minimum: float = 4.5) -> str:
    """The first candidate with enough contrast on ``background``, else black or white."""
    for colour in candidates:
        if contrast(colour, background) >= minimum:
            return colour
    return "#ffffff" if contrast("#ffffff", background) >= contrast("#000000", background) else "#000000"
