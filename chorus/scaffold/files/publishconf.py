"""Settings for the published __NAME__: everything from pelicanconf.py plus the public address
(CHORUS_SITEURL of pelicanconf.py: the environment variable of that name, unless written there)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = CHORUS_SITEURL.rstrip("/")  # noqa: F405
# Published builds live apart from the local preview (`./hub build` keeps output/).
OUTPUT_PATH = str(HERE / "output.publish")  # noqa: F405
CACHE_PATH = str(HERE / "cache" / "publish")  # noqa: F405
