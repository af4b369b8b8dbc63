"""The Pelican settings every Chorus hub shares: content layout, clean URLs, Pelican's own
feeds off (the feeds plugin writes them), autoescaped templates, the build caches.
A hub's pelicanconf.py starts with ``from chorus.pelican_defaults import *`` and then
sets what is its own (name, brand, paths, timezone, prompts); see docs/start-your-own-hub.md."""

PLUGINS = ["chorus_content", "chorus_community", "chorus_prompts", "chorus_badges", "chorus_feeds",
           "chorus_cards", "chorus_products", "chorus_structured", "chorus_meta", "chorus_search",
           "chorus_embed", "chorus_incremental", "chorus_progress"]
DEFAULT_LANG = "en"

# --- content layout: stories are articles, site pages are pages ---------------------
ARTICLE_PATHS = ["stories"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
ARTICLE_EXCLUDES: list = []
PAGE_EXCLUDES: list = []
DEFAULT_CATEGORY = "stories"
USE_FOLDER_AS_CATEGORY = False
SLUGIFY_SOURCE = "basename"
WITH_FUTURE_DATES = True          # Chorus checks dates against the build's day, never the clock
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
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
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
FEED_ALL_ATOM = FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None
TAG_FEED_ATOM = TAG_FEED_RSS = None

# --- templates and caches -------------------------------------------------------------
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
RELATIVE_URLS = False
TYPOGRIFY = False
# Pelican's own content cache stays off: it would also cache skipped (invalid or
# not-yet-due) files and lose their problems. Chorus caches rendered Markdown itself
# and leaves unchanged output files alone (see docs/benchmarks.md); output is identical.
LOAD_CONTENT_CACHE = False
CHORUS_CACHE = {"render": True, "keep_unchanged": True, "templates": True}
CHORUS_KEEP_GOING = False
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = [".git"]
