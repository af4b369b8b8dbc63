"""Site settings for the Chorus demo hub (Ridgeline). Development build: local URLs."""

import os
import sys

# The shared domain package `chorus/` sits next to this file; plugins import it.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# Layout, clean URLs, feeds off (the feeds plugin writes them), templates, caches and the
# plugin list are shared by every hub; this file sets what is Ridgeline's own.
from chorus.pelican_defaults import *  # noqa: E402,F403

SITENAME = "Ridgeline Stories"
SITEURL = ""             # local builds: root-relative links (./hub serve shows them)
# The site's public address, the one setting for published builds (publishconf.py) and the
# links the service and its mails give advocates: $CHORUS_SITEURL, or write it here.
CHORUS_SITEURL = os.environ.get("CHORUS_SITEURL", "")
TIMEZONE = "America/Denver"
DEFAULT_LANG = "en"
PATH = "content"
THEME = "theme"

# --- brand: name, colours and logo used by the theme and share cards -------------
CHORUS_BRAND = {
    "name": "Ridgeline",
    "tagline": "Trail stories from the people who run them",
    # the home page's lede, under the tagline
    "intro": "Real runners, real miles, in their own words. Every story is written by a member "
             "of the Ridgeline community and read by a moderator before it goes live.",
    "primary": "#1f4d3a",
    "accent": "#a34a14",
    "ink": "#1b1f1d",
    "paper": "#fbf8f2",
    "logo": "theme/images/logo.svg",
    "submit_url": "",
}

# --- share cards: 1200x630 PNGs and og: tags (docs/share-cards.md) ----------------
# Dev builds (SITEURL "") use local_siteurl for absolute og: URLs; publish needs SITEURL.
CHORUS_CARDS = {
    "local_siteurl": "http://127.0.0.1:8000",
    "cache_dir": "cache/cards",
}

# --- the build's date: `./hub build --today YYYY-MM-DD`; default today in TIMEZONE --
# CHORUS_TODAY = "2026-11-22"

# --- the store: submissions, decisions, messages for advocates (docs/moderation.md) ----
# Default: the SQLite file hub.db beside this file (personal data: git-ignored).
# $CHORUS_DATABASE_URL (e.g. postgresql://user@host/chorus) wins over "url".
CHORUS_STORE = {
    "url": "",
    "retention_days": 90,    # personal data of rejected or withdrawn submissions; 0: keep
}

# --- moderation (docs/moderation.md). The moderator's name comes from the
# CHORUS_MODERATOR environment variable, or "moderator" here.
CHORUS_MODERATION = {
    "sender": "Ridgeline Stories <stories@example.com>",
    "max_photo_bytes": 8_000_000,
    "max_photo_pixels": 40_000_000,
    "photo_max_side": 1600,
}

# --- intake service: the submission form advocates use (docs/intake.md) -------------
# Secrets never go here: CHORUS_INTAKE_SECRET (required), CHORUS_INTAKE_FEED_TOKEN and
# CHORUS_SMTP_* come from the environment. Set CHORUS_BRAND["submit_url"] to the form's
# public address (e.g. https://intake.example.com/submit) to link it from the site.
CHORUS_INTAKE = {
    "public_url": "http://127.0.0.1:8050",
    "allowed_origins": [],          # default: the origin of public_url
    "trusted_proxies": [],          # e.g. ["127.0.0.1"] behind nginx/Caddy on the same host
    "rate_per_minute": 6,
    "rate_burst": 10,
    "max_request_bytes": 9_000_000,
    "min_fill_seconds": 3,
}

# --- Chorus plugins -----------------------------------------------------------------
PLUGIN_PATHS = ["plugins"]      # PLUGINS: every Chorus plugin (chorus.pelican_defaults)

# --- feeds (plugins/chorus_feeds; see docs/feeds.md). Every key is optional. ----------
CHORUS_FEEDS = {
    "items": 50,
    # "hub": "https://pubsubhubbub.appspot.com/",   # WebSub hub: adds rel="hub" links
    # "base_url": "http://127.0.0.1:8000",          # feed URLs of local builds (SITEURL empty)
}

# --- the daily prompt (docs/prompts.md): first day, rotation seed, streak grace ---
CHORUS_PROMPTS = {
    "start": "2026-10-10",
    "seed": "ridgeline",
    "grace_window": 7,
}

MENUITEMS = [
    ("Stories", "archives/"),
    ("Testimonials", "testimonials/"),
    ("Prompts", "prompts/"),
    ("Advocates", "advocates/"),
    ("Recognition", "recognition/"),
    ("How it works", "how-it-works/"),
]

# --- badges and awards (plugins/chorus_badges; docs/configuration.md#badges) -----------
# Rename, re-word, turn off or add badges, e.g.
# CHORUS_BADGES = {"rules": {"first-story": {"name": "First tale"}, "one-year": {"enabled": False}}}

# --- products (plugins/chorus_products): other spellings of one product's name ------
CHORUS_PRODUCTS = {
    "aliases": {"Scree 3": "Scree 3 trail shoe", "Scree3": "Scree 3 trail shoe"},
}
