"""Settings for __NAME__, a Chorus hub. Development build: local URLs.

Everything here is this hub's own; the settings every Chorus hub shares (URLs, feeds,
templates, caches) come from chorus.pelican_defaults. Guide: __CHORUS_HOME__/docs/start-your-own-hub.md
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Where Chorus lives: its domain package, plugins and theme (move it? set CHORUS_HOME).
CHORUS_HOME = Path(os.environ.get("CHORUS_HOME", "__CHORUS_HOME__"))
sys.path.insert(0, str(CHORUS_HOME))

from chorus.pelican_defaults import *  # noqa: E402,F403

SITENAME = "__NAME__"
SITEURL = ""             # local builds: root-relative links (./hub serve shows them)
# The site's public address, the one setting for published builds (publishconf.py) and the
# links the intake service and its mails give advocates: $CHORUS_SITEURL, or write it here.
CHORUS_SITEURL = os.environ.get("CHORUS_SITEURL", "")
TIMEZONE = "__TIMEZONE__"
DEFAULT_LANG = "en"
PATH = str(HERE / "content")
OUTPUT_PATH = str(HERE / "output")
CACHE_PATH = str(HERE / "cache")
THEME = str(CHORUS_HOME / "theme")
PLUGIN_PATHS = [str(CHORUS_HOME / "plugins")]

# --- brand: name, colours and logo used by the theme and share cards (docs/configuration.md) --
CHORUS_BRAND = {
    "name": "__NAME__",
    "tagline": "Stories from the people who use it",
    "intro": "",          # the home page's lede; empty: a generic sentence with the name
    "primary": "#1f4d3a",
    "accent": "#a34a14",
    "ink": "#1b1f1d",
    "paper": "#fbf8f2",
    "logo": "",           # e.g. "images/logo.png" under content/, or "" for none
    "submit_url": "",     # the intake form's public address, once it runs
}

# --- the daily prompt: it starts on the day the hub was made (docs/prompts.md) --------
CHORUS_PROMPTS = {"start": "__TODAY__", "seed": "__SLUG__", "grace_window": 7}

# --- moderation: personal data, kept out of git (docs/moderation.md) ------------------
CHORUS_MODERATION = {
    "inbox": str(HERE / "inbox"),
    "outbox": str(HERE / "outbox"),
    "sender": "__NAME__ <stories@example.com>",
}

MENUITEMS = [
    ("Stories", "archives/"),
    ("Testimonials", "testimonials/"),
    ("Prompts", "prompts/"),
    ("Advocates", "advocates/"),
    ("Recognition", "recognition/"),
]
