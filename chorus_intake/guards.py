"""Abuse defences as pure ASGI middleware: body size, per-client rate (kept in the store), allowed origins.

Each runs before Starlette parses anything, so an oversized or unwanted
request costs little.
"""

from __future__ import annotations

import ipaddress
import json
import math
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool

from chorus.store import Store, ratelimit

Scope = dict
GUARDED = ("POST", "PUT", "PATCH", "DELETE")


class TooLarge(Exception):
    """The request body grew past the limit while it was being read."""


async def refuse(scope: Scope, send, status: int, message: str,
                 headers: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    """A short answer in JSON or plain text, as the client prefers."""
    accept = _header(scope, b"accept")
    if "application/json" in accept:
        body, kind = json.dumps({"error": message}).encode(), b"application/json"
    else:
        body, kind = message.encode("utf-8"), b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *headers]})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return ""


class BodyLimit:
    """Refuse bodies over ``max_bytes``: by Content-Length at once, else while streaming."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        message = f"The request is larger than {self.max_bytes:,} bytes; send a smaller photo."
        declared = _header(scope, b"content-length")
        if declared and (not declared.isdigit() or int(declared) > self.max_bytes):
            return await refuse(scope, send, 413, message)
        seen, started = 0, False

        async def counted():
            nonlocal seen
            event = await receive()
            if event["type"] == "http.request":
                seen += len(event.get("body", b""))
                if seen > self.max_bytes:
                    raise TooLarge
            return event

        async def watched(event):
            nonlocal started
            started = started or event["type"] == "http.response.start"
            await send(event)

        try:
            await self.app(scope, counted, watched)
        except TooLarge:
            if not started:
                await refuse(scope, send, 413, message)


def client_ip(scope: Scope, trusted: frozenset[str]) -> str:
    """The client's address; X-Forwarded-For is believed only from a trusted proxy."""
    peer = (scope.get("client") or ("unknown", 0))[0]
    if peer not in trusted:
        return peer
    hops = [hop.strip() for hop in _header(scope, b"x-forwarded-for").split(",") if hop.strip()]
    for hop in reversed(hops):              # the nearest hop not one of our proxies
        if hop not in trusted:
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer
    return peer


class TokenBuckets:
    """Token buckets per key in the store: ``burst`` at once, ``per_minute`` sustained.

    They live in the database, so every instance of the service behind a load
    balancer counts against the same limit; the clock is wall time for the same reason.
    """

    def __init__(self, store: Store, per_minute: float, burst: int,
                 clock: Callable[[], float] = time.time):
        self.store, self.rate, self.burst, self.clock = store, per_minute / 60.0, max(1, burst), clock
        self.calls = 0

    def take(self, key: str) -> float:
        """0 if allowed (one token taken), else the seconds until a token is back."""
        now = self.clock()
        with self.store.write(durable=False) as conn:
            wait = ratelimit.take(conn, key, self.rate, self.burst, now)
            self.calls += 1
            if self.calls % 1000 == 0:
                ratelimit.forget_full(conn, self.rate, self.burst, now)
        return wait


class RateLimit:
    """Per-client limit on state-changing requests (GETs are free). Paths under ``exempt``
    (the desk: signed-in moderators, sign-in throttled on its own) are not counted."""

    def __init__(self, app, buckets: TokenBuckets, trusted: frozenset[str],
                 exempt: tuple[str, ...] = ()):
        self.app, self.buckets, self.trusted, self.exempt = app, buckets, trusted, exempt

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] in GUARDED \
                and not scope["path"].startswith(self.exempt or ("\0",)):
            wait = await run_in_threadpool(self.buckets.take, client_ip(scope, self.trusted))
            if wait:
                seconds = str(min(3600, math.ceil(wait))).encode()
                return await refuse(scope, send, 429, "Too many submissions from your address in a "
                                    "short time. Please wait a minute and try again.",
                                    ((b"retry-after", seconds),))
        await self.app(scope, receive, send)


class OriginCheck:
    """State-changing requests from a browser must come from an allowed origin.

    Browsers send Origin (or at least Referer) with every cross-site POST, so a
    request with neither comes from a script or a tool, not from another site's page.
    """

    def __init__(self, app, origins: frozenset[str]):
        self.app, self.origins = app, origins

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] in GUARDED:
            origin = _header(scope, b"origin")
            if not origin:
                referer = urlsplit(_header(scope, b"referer"))
                origin = f"{referer.scheme}://{referer.netloc}" if referer.netloc else ""
            if origin and origin.rstrip("/") not in self.origins:
                return await refuse(scope, send, 403, "This form can only be sent from our own "
                                    "pages. Please open the form on our site and send it again.")
        await self.app(scope, receive, send)
