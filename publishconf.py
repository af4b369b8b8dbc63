"""Settings for the published hub: everything from pelicanconf.py plus the public address.

SITEURL comes from the CHORUS_SITEURL environment variable (or set it here);
`./hub publish` refuses to build without an absolute one.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("CHORUS_SITEURL", "").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
