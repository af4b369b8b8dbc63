"""Site settings for the Chorus demo hub (Ridgeline). Development build: local URLs."""

import os
import sys

# The shared domain package `chorus/` sits next to this file; plugins import it.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

SITENAME = "Ridgeline Stories"
SITEURL = ""
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
CHORUS_KEEP_GOING = False

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
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["chorus_content", "chorus_community", "chorus_prompts", "chorus_feeds", "chorus_cards",
           "chorus_products", "chorus_structured", "chorus_meta", "chorus_search", "chorus_embed",
           "chorus_incremental", "chorus_progress"]

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

# --- content layout: stories are articles, site pages are pages ---------------------
ARTICLE_PATHS = ["stories"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
ARTICLE_EXCLUDES = []
PAGE_EXCLUDES = []
DEFAULT_CATEGORY = "stories"
USE_FOLDER_AS_CATEGORY = False
SLUGIFY_SOURCE = "basename"
# Dates are checked by Chorus against the build's day, never against the clock.
WITH_FUTURE_DATES = True
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# --- URLs: clean, folder-style ------------------------------------------------------
ARTICLE_URL = "stories/{slug}/"
ARTICLE_SAVE_AS = "stories/{slug}/index.html"
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ""
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_SAVE_AS = ""
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
INDEX_SAVE_AS = "index.html"
# Not used by the hub: no category, author, period or draft pages.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "archives", "404"]
# The home page shows the latest nine stories and links to the archive; it is not paginated
# (paginating it wrote identical copies of it as page/2/, page/3/, ... one per 24 stories).
PAGINATED_TEMPLATES = {"tag": 24}
DEFAULT_PAGINATION = 24
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# --- Pelican's own feeds are off: the feeds plugin writes every feed ----------------
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None

# --- templates: autoescape on; only sanitised HTML is marked safe -------------------
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
RELATIVE_URLS = False
TYPOGRIFY = False
# Pelican's own content cache stays off: it would also cache skipped (invalid or
# not-yet-due) files and lose their problems. Chorus caches rendered Markdown itself
# and leaves unchanged output files alone (see docs/benchmarks.md); output is identical.
LOAD_CONTENT_CACHE = False
CHORUS_CACHE = {"render": True, "keep_unchanged": True, "templates": True}
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = [".git"]

MENUITEMS = [
    ("Stories", "archives/"),
    ("Testimonials", "testimonials/"),
    ("Prompts", "prompts/"),
    ("Advocates", "advocates/"),
    ("How it works", "how-it-works/"),
]

# --- products (plugins/chorus_products): other spellings of one product's name ------
CHORUS_PRODUCTS = {
    "aliases": {"Scree 3": "Scree 3 trail shoe", "Scree3": "Scree 3 trail shoe"},
}
