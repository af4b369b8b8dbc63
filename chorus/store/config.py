"""CHORUS_STORE settings and the CHORUS_DATABASE_URL environment variable."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chorus.namespaced import read_namespace
from chorus.problems import ConfigError

URL_ENV = "CHORUS_DATABASE_URL"
DEFAULT_FILE = "hub.db"
BACKENDS = ("sqlite", "postgresql")


@dataclass(frozen=True)
class StoreSettings:
    """CHORUS_STORE in pelicanconf.py; $CHORUS_DATABASE_URL wins over ``url``."""

    url: str = ""                 # default: sqlite:///<folder of pelicanconf.py>/hub.db
    retention_days: int = 90      # personal data of rejected or withdrawn submissions; 0: keep
    pool_size: int = 10           # connections per process
    sqlite_synchronous: str = "full"   # "normal": faster commits, last ones may go with a power cut

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], base: str | Path,
                      environ: Mapping[str, str] | None = None) -> StoreSettings:
        given, _, problems = read_namespace(settings, "CHORUS_STORE", cls)
        if not isinstance(given.get("url", ""), str):
            problems.append("url must be text")
        if str(given.get("sqlite_synchronous", "full")).lower() not in ("full", "normal"):
            problems.append("sqlite_synchronous must be 'full' or 'normal'")
        for key in ("retention_days", "pool_size"):
            value = given.get(key, 1)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                problems.append(f"{key} must be a whole number of at least 0")
        env = os.environ if environ is None else environ
        url = str(env.get(URL_ENV) or given.get("url") or "").strip()
        if not url:
            url = f"sqlite:///{(Path(base) / DEFAULT_FILE).resolve()}"
        elif url.startswith(("postgresql://", "postgres://")):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        if url.split(":", 1)[0].split("+", 1)[0] not in BACKENDS:
            problems.append(f"the database URL must start with sqlite:/// or postgresql:// "
                            f"(got '{url.split(':', 1)[0]}:')")
        if problems:
            raise ConfigError("CHORUS_STORE: " + "; ".join(problems))
        return cls(**{**given, "url": url})

    @property
    def backend(self) -> str:
        return self.url.split(":", 1)[0].split("+", 1)[0]
