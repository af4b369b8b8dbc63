"""Compile the theme once, not once per generator and per build.

Pelican gives each generator its own Jinja environment, so every template is parsed
and compiled about six times per build, and each ``{% from ... import ... with
context %}`` asks the loader whether the file changed. With ``CHORUS_CACHE["templates"]``
the environments share a bytecode cache under ``CACHE_PATH/jinja`` (Jinja keys it by
template name and a checksum of the source, so an edited template is compiled afresh),
and templates are not re-checked on disk during a build (``auto_reload``): a build
reads the theme once; ``invoke serve`` starts a new build, with new environments, on
every change.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from chorus.buildcache import CacheSettings


def share_compiled_templates(pelican) -> None:
    settings = pelican.settings
    if not CacheSettings.from_settings(settings).templates or not settings.get("CACHE_PATH"):
        return
    folder = Path(settings["CACHE_PATH"]) / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "auto_reload": False,
                                     "bytecode_cache": FileSystemBytecodeCache(str(folder))}
