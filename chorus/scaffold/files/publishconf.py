"""Settings for the published __NAME__: everything from pelicanconf.py plus the public address
(from the CHORUS_SITEURL environment variable, or set it here)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("CHORUS_SITEURL", "").rstrip("/")
