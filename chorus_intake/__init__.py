"""The intake service: the submission form, status pages and moderator feed over HTTP.

A plain ASGI app (Starlette) that hands every submission to the same domain
API the command line uses (``chorus.moderation.submit``). See docs/intake.md.
"""

from chorus_intake.app import create_app
from chorus_intake.config import Service, load_service

__all__ = ["Service", "create_app", "load_service"]
