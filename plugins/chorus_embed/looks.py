"""The wall's two looks from the brand's colours: light is the hub's own palette; dark puts
the brand's paper on its ink and lightens primary and accent until they read on it (WCAG AA)."""

from __future__ import annotations

from chorus.brand import Brand, contrast_ratio


def mix(first: str, second: str, share: float) -> str:
    """``first`` moved ``share`` (0 to 1) of the way to ``second``, as ``#rrggbb``."""
    a = [int(first[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(second[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b))


def readable_on(colour: str, background: str, minimum: float = 4.5) -> str:
    """``colour`` lightened in small steps (towards white) until it reaches ``minimum``
    contrast on ``background``."""
    for step in range(21):
        candidate = mix(colour, "#ffffff", step / 20)
        if contrast_ratio(candidate, background) >= minimum:
            return candidate
    return "#ffffff"


def looks(brand: Brand) -> dict[str, dict[str, str]]:
    """CSS custom properties for each look: background, text, card, link, stars."""
    light = {"bg": brand.paper, "fg": brand.ink, "card": "#ffffff", "link": brand.primary, "star": brand.accent}
    dark_bg = mix(brand.ink, "#000000", 0.2)
    card = mix(dark_bg, brand.paper, 0.08)
    fg = brand.paper if contrast_ratio(brand.paper, card) >= 4.5 else "#ffffff"
    dark = {"bg": dark_bg, "fg": fg, "card": card, "link": readable_on(brand.primary, card),
            "star": readable_on(brand.accent, card)}
    return {"light": light, "dark": dark}
