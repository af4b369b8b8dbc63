"""``CHORUS_SEARCH`` in pelicanconf.py, read once into a frozen dataclass."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from chorus.namespaced import read_namespace
from chorus.problems import ConfigError

_FOLDER = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class SearchSettings:
    enabled: bool = True          # index the site and write /search/
    folder: str = "pagefind"      # the index's folder in the output
    binary: str = ""              # a pagefind binary to use instead of the pinned wheel's
    timeout: int = 600            # seconds the indexer may take

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> SearchSettings:
        """Read and check ``CHORUS_SEARCH``; every problem is reported at once."""
        given, known, problems = read_namespace(settings, "CHORUS_SEARCH", cls)
        if "enabled" in given and not isinstance(given["enabled"], bool):
            problems.append("enabled must be True or False")
        if "folder" in given and not _FOLDER.match(str(given["folder"])):
            problems.append("folder must be a simple folder name such as 'pagefind'")
        if "binary" in given and not isinstance(given["binary"], str):
            problems.append("binary must be a path to the pagefind executable")
        if "timeout" in given and not (isinstance(given["timeout"], int) and given["timeout"] > 0):
            problems.append("timeout must be a positive number of seconds")
        if problems:
            raise ConfigError("CHORUS_SEARCH: " + "; ".join(problems))
        return cls(**{key: value for key, value in given.items() if key in known})
