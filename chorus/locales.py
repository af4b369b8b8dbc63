"""Open Graph locales (``og:locale``, ``language_TERRITORY``) from a page's language tag."""

from __future__ import annotations

# The territory a bare language tag most often means for Open Graph consumers
# (Facebook's locale list: ar_AR is its one code for Arabic).
_TERRITORY = {
    "en": "US", "ja": "JP", "ar": "AR", "he": "IL", "fr": "FR", "de": "DE", "es": "ES",
    "it": "IT", "pt": "PT", "nl": "NL", "sv": "SE", "da": "DK", "nb": "NO", "fi": "FI",
    "pl": "PL", "cs": "CZ", "ru": "RU", "uk": "UA", "tr": "TR", "el": "GR", "ko": "KR",
    "zh": "CN", "hi": "IN", "fa": "IR", "ur": "PK", "vi": "VN", "th": "TH", "id": "ID",
}


def og_locale(language: str, default: str = "en") -> str:
    """``ja`` -> ``ja_JP``, ``he`` -> ``he_IL``, ``pt-BR`` -> ``pt_BR``; an unknown bare
    language stays as it is (``eo``); empty -> the ``default`` language's locale."""
    parts = (language or default or "en").replace("_", "-").split("-")
    lang = parts[0].lower()
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), "")
    region = region or _TERRITORY.get(lang, "")
    return f"{lang}_{region}" if region else lang
