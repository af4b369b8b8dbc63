"""Settings for the published hub: everything from pelicanconf.py plus the public address.

SITEURL is CHORUS_SITEURL of pelicanconf.py (the environment variable of that name, unless
written there); `./hub publish` refuses to build without an absolute one.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = CHORUS_SITEURL.rstrip("/")  # noqa: F405
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
# Published builds live apart from the local preview (`./hub build` keeps output/): their own
# folder, build lock (output.publish.lock) and caches, since their links are absolute.
OUTPUT_PATH = "output.publish"
CACHE_PATH = "cache/publish"
