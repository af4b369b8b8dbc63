"""The moderation desk: /desk/ pages in the intake service (see docs/moderation.md).

Routes are thin: they read the request and call the domain (chorus.accounts,
chorus.deskqueue, chorus.moderation, chorus.edits, chorus.replies, chorus.privacy).
"""

from __future__ import annotations

from pathlib import Path

from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from chorus_intake.desk import accounts, auth, awards, item, queue, replies

STATIC = Path(__file__).resolve().parent.parent / "static" / "desk"
PREFIX = "/desk"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "cache-control": "no-store",
    "x-robots-tag": "noindex, nofollow",
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
}
RECEIPT = "/item/{receipt:str}"


def routes() -> list:
    return [Mount(PREFIX, routes=[
        Route("/", queue.show),
        Route("/sign-in", auth.sign_in, methods=["GET", "POST"]),
        Route("/sign-out", auth.sign_out, methods=["POST"]),
        Route("/setup/{token:str}", auth.setup, methods=["GET", "POST"]),
        Route(RECEIPT, item.show),
        Route(f"{RECEIPT}/photo", item.photo),
        Route(f"{RECEIPT}/preview", item.preview),
        Route(f"{RECEIPT}/award", awards.give, methods=["POST"]),
        Route(RECEIPT + "/{action:str}", item.act, methods=["POST"]),
        Route("/accounts", accounts.show),
        Route("/accounts", accounts.change, methods=["POST"]),
        Route("/replies", replies.show),
        Route("/replies", replies.change, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="desk-static"),
    ])]


class DeskHeaders:
    """Every response under /desk (pages, redirects, refusals, files) is private:
    never cached, never indexed, never framed, scripts only from this origin."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not (scope["path"] == PREFIX
                                           or scope["path"].startswith(PREFIX + "/")):
            return await self.app(scope, receive, send)

        async def send_private(event):
            if event["type"] == "http.response.start":
                names = {name.encode() for name in HEADERS}
                kept = [(k, v) for k, v in event.get("headers", []) if k.lower() not in names]
                event = {**event, "headers": kept + [(k.encode(), v.encode())
                                                     for k, v in HEADERS.items()]}
            await send(event)
        await self.app(scope, receive, send_private)
