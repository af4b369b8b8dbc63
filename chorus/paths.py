"""Paths under a folder Chorus writes to, refused when they would land anywhere else.

Paths come from places an attacker may have touched (a store record, a private
map, a form export), so every path written or removed under ``content/`` or any
other folder is resolved here first, on every code path, recovery included.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from chorus.problems import ChorusError
from chorus.slugs import slug_problem

# The only files an approval writes (and a withdrawal removes) under content/.
_PUBLISHED = re.compile(r"^(?:(stories|testimonials|advocates)/(?P<slug>[^/]+)\.md"
                        r"|images/advocates/(?P<photo>[^/]+)\.jpg)$")


class UnsafePathError(ChorusError):
    """A path would leave the folder it must stay in."""


def inside(root: Path, relative: str) -> Path:
    """``root / relative``, refused unless it stays inside ``root``: no absolute path,
    no ``..``, no backslash or NUL, and no symlink on the way out of ``root``."""
    if (not isinstance(relative, str) or not relative or "\x00" in relative
            or "\\" in relative or len(relative) > 255):
        raise UnsafePathError(f"refused to touch {str(relative)[:80]!r}: not a plain relative path")
    pure = PurePosixPath(relative)
    if pure.is_absolute() or any(part in ("..", ".") for part in pure.parts) \
            or relative.endswith("/") or "//" in relative:
        raise UnsafePathError(f"refused to touch {relative[:80]!r}: it leaves {root}")
    target = root / pure
    base = root.resolve()
    if not target.parent.resolve().is_relative_to(base) or target.is_symlink():
        raise UnsafePathError(f"refused to touch {relative[:80]!r}: a link leads out of {root}")
    return target


def published_file(content: Path, relative: str) -> Path:
    """A file an approval may write under ``content``: a story, testimonial or advocate
    file, or an advocate's photo, with a valid slug; anything else is refused."""
    match = _PUBLISHED.match(relative) if isinstance(relative, str) else None
    slug = match and (match.group("slug") or match.group("photo"))
    if not slug or slug_problem(slug):
        raise UnsafePathError(f"refused to touch {str(relative)[:80]!r}: approvals only write "
                              "stories/, testimonials/ and advocates/ files and advocate photos")
    return inside(content, relative)
