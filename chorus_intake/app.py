"""The app factory: routes, the abuse guards around them, and the mail loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from chorus import privacy
from chorus_intake import desk, guards, mail, private, submit
from chorus_intake.config import Service
from chorus_intake.render import SECURITY_HEADERS, brand_css, environment, page

log = logging.getLogger(__name__)
RECEIPT = "{receipt:str}"
PURGE_INTERVAL = 86_400


async def _home(request: Request) -> Response:
    return RedirectResponse("/submit", status_code=307)


async def _health(request: Request) -> Response:
    return Response("ok\n", media_type="text/plain")


async def _brand(request: Request) -> Response:
    return Response(brand_css(request.app.state.service), media_type="text/css",
                    headers={"cache-control": "max-age=300"})


async def _http_error(request: Request, exc: HTTPException) -> Response:
    """Malformed requests get the status Starlette chose, in plain words, never a traceback."""
    if exc.status_code == 404:
        return page(request.app.state.env, "message.html", 404, title="Not found",
                    message="There is no page at this address.")
    return Response(f"{exc.detail}\n", status_code=exc.status_code, media_type="text/plain",
                    headers=SECURITY_HEADERS)


def _lifespan(service: Service):
    @contextlib.asynccontextmanager
    async def lifespan(app):
        tasks = [asyncio.create_task(_purge_loop(service))]
        if service.smtp and service.options.mail_interval_seconds > 0:
            tasks.append(asyncio.create_task(_mail_loop(service)))
        if service.publisher is not None:
            tasks.append(asyncio.create_task(_publish_loop(service.publisher)))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            if service.publisher is not None:
                await asyncio.gather(*tasks, return_exceptions=True)
                await run_in_threadpool(service.publisher.release)
    return lifespan


async def _publish_loop(publisher) -> None:
    """Build whenever decisions are queued (chorus.publisher), each build on a daemon thread:
    again at once after a build (decisions made during it wait in the queue), else when a
    request nudges the publisher or ``interval`` seconds pass (another machine's decisions)."""
    while True:
        outcome = None
        try:
            outcome = await _in_daemon_thread(publisher.run_once)
        except Exception as err:          # the loop must outlive a database's bad day
            log.warning("intake: publisher: %s", err)
        if outcome is None:
            await _in_daemon_thread(lambda: publisher.wait_for_work(publisher.options.interval))


class NudgePublisher:
    """Wakes the publisher once the service has answered a POST to the desk or a status page
    (where the decisions that change the public site are made): a decision made there is
    committed, its publish queued, before the answer is sent. The submission form queues no
    publish, so the busiest POST does not make the publisher look at the queue."""

    PATHS = (desk.PREFIX + "/", "/status/")

    def __init__(self, app, publisher) -> None:
        self.app, self.publisher = app, publisher

    async def __call__(self, scope, receive, send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            if scope["type"] == "http" and scope.get("method") == "POST" \
                    and scope.get("path", "").startswith(self.PATHS):
                self.publisher.nudge()


async def _mail_loop(service: Service) -> None:
    while True:
        try:
            sent, failed = await run_in_threadpool(mail.send_outbox, service.desk, service.smtp)
            if sent or failed:
                log.info("intake: mail: %s sent, %s left in the outbox", sent, failed)
        except Exception as err:          # the loop must outlive a mail server's bad day
            log.warning("intake: mail: %s", err)
        await asyncio.sleep(service.options.mail_interval_seconds)


async def _in_daemon_thread(work):
    """Run ``work()`` on a daemon thread: a build still running when the service stops
    does not hold the process open (the atomic switch leaves the live output whole)."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()

    def settle(result, error) -> None:
        if done.done():
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)

    def run() -> None:
        try:
            result, error = work(), None
        except Exception as err:
            result, error = None, err
        with contextlib.suppress(RuntimeError):      # the loop closed: nobody waits any more
            loop.call_soon_threadsafe(settle, result, error)
    threading.Thread(target=run, daemon=True, name="chorus-publisher").start()
    return await done


async def _purge_loop(service: Service) -> None:
    """The retention purge, at start and then daily (safe to run on every instance)."""
    while True:
        try:
            await run_in_threadpool(privacy.purge, service.desk, service.clock())
        except Exception as err:          # the loop must outlive a database's bad day
            log.warning("intake: retention purge: %s", err)
        await asyncio.sleep(PURGE_INTERVAL)


def create_app(service: Service) -> Starlette:
    """The intake ASGI app for ``service`` (see chorus_intake.config.load_service)."""
    options = service.options
    static = service.theme / "static"
    routes = [
        Route("/", _home),
        Route("/healthz", _health),
        Route("/brand.css", _brand),
        Route("/submit", submit.show_form, methods=["GET"]),
        Route("/submit", submit.receive, methods=["POST"]),
        Route(f"/thanks/{RECEIPT}", submit.thanks),
        Route("/status/{token:str}", private.show),
        Route("/status/{token:str}/edit", private.edit, methods=["GET", "POST"]),
        Route("/status/{token:str}/withdraw", private.withdraw, methods=["GET", "POST"]),
        Route("/status/{token:str}/erase", private.erase, methods=["GET", "POST"]),
        Route("/status/{token:str}/badges", private.badges, methods=["POST"]),
        Route("/moderation/feed.atom", private.moderation_feed),
        Mount("/static", StaticFiles(directory=str(submit.STATIC)), name="static"),
        *desk.routes(),
    ]
    if static.is_dir():
        routes.append(Mount("/theme", StaticFiles(directory=str(static)), name="theme"))
    trusted = frozenset(options.trusted_proxies)
    middleware = [
        Middleware(guards.RateLimit, trusted=trusted,
                   buckets=guards.TokenBuckets(service.desk.store, options.rate_per_minute,
                                               options.rate_burst), exempt=(desk.PREFIX + "/",)),
        Middleware(guards.OriginCheck, origins=options.origins),
        Middleware(guards.BodyLimit, max_bytes=options.max_request_bytes),
        Middleware(desk.DeskHeaders),
    ]
    if service.publisher is not None:
        middleware.insert(0, Middleware(NudgePublisher, publisher=service.publisher))
    app = Starlette(routes=routes, middleware=middleware, lifespan=_lifespan(service),
                    exception_handlers={HTTPException: _http_error})
    app.state.service = service
    app.state.env = environment(service)
    return app
