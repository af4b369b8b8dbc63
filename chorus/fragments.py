"""Theme fragments rendered once per build and reused wherever they appear.

A story's card shows on its advocate's page, on the pages of the stories next to it,
on each of its tags' pages and on its prompt day: a 5,000-story hub draws about 35,000
cards, most of them copies. ``Fragments`` lives in the Pelican context of one build
(``context["fragments"]``, set by the content plugin), never in a module global, and
the theme's card macros go through it::

    {{ fragments.once(_story_card, story, heading) }}

For page dependency tracking (``chorus/pagedeps.py``) a fragment remembers what its
first render read and counts those reads again for every page that reuses it.

The key is the macro's name and the identity of each argument, and the arguments are
kept for the life of the build, so an identity cannot be reused by another object.
A fragment must therefore depend only on its arguments and on what is the same for
every page of a build (SITEURL, the brand): the card macros qualify, a fragment that
reads the page being written (``output_file``) does not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chorus.pagedeps import ReadLog

_VALUES = (str, int, float, bool, type(None))


class Fragments:
    """Rendered fragments of one build, by macro name and arguments."""

    def __init__(self) -> None:
        self._rendered: dict[tuple, tuple[tuple[Any, ...], Any, Any]] = {}
        self.reused = 0
        self._log = ReadLog()

    def attach_read_log(self, log: ReadLog) -> None:
        self._log = log

    def reads_logged_to(self, log: ReadLog) -> bool:
        return self._log is log

    def chorus_digest_token(self) -> str:
        return "fragments"   # a memo: what a fragment shows is counted through its reads

    def once(self, macro: Callable[..., Any], *args: Any) -> Any:
        """``macro(*args)``, rendered the first time only."""
        key = (getattr(macro, "name", macro), *(a if isinstance(a, _VALUES) else id(a) for a in args))
        found = self._rendered.get(key)
        if found is None:
            with self._log.capture() as reads:
                result = macro(*args)
            found = self._rendered[key] = (args, result, reads)
        else:
            self.reused += 1
            self._log.replay(found[2])
        return found[1]
