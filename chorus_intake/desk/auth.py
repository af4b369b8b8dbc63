"""Who is at the desk: sessions, the guard every desk route goes through, sign-in and out,
and the one-time link that sets a password.

State-changing requests pass two checks (as Django and Datasette do): the session's
CSRF token in a hidden field, compared in constant time, and the browser's own
Sec-Fetch-Site header (or, without it, Origin) saying the request came from this site.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from chorus import accounts
from chorus.problems import ChorusError
from chorus_intake import tokens
from chorus_intake.config import Service
from chorus_intake.guards import client_ip
from chorus_intake.render import page

COOKIE = "chorus_desk"
FORM_LIMITS = {"max_files": 0, "max_fields": 30, "max_part_size": 100_000}


def service_of(request: Request) -> Service:
    return request.app.state.service


def public_origin(service: Service) -> str:
    parts = urlsplit(service.options.public_url)
    return f"{parts.scheme}://{parts.netloc}"


def cross_site(request: Request, origin: str) -> str:
    """Why a state-changing request is refused as coming from another site ("" if not)."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return "" if fetch_site in ("same-origin", "none") else "cross-site request refused"
    given = request.headers.get("origin")
    if given is not None and given.rstrip("/") != origin:
        return "request from another origin refused"
    return ""


def desk_page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    session = getattr(request.state, "session", None)
    return page(request.app.state.env, f"desk/{name}", status, session=session,
                csrf=session.csrf if session else "", **context)


def refuse(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status)


def _now(service: Service) -> float:
    return service.clock().timestamp()


def guarded(admin: bool = False):
    """Wrap a desk route: a session is required (pages redirect to sign-in, actions get
    401), admins only where ``admin``, and every POST passes the CSRF and origin checks;
    the parsed form is ``request.state.form``, the session ``request.state.session``."""
    def wrap(handler):
        @functools.wraps(handler)
        async def run(request: Request) -> Response:
            service = service_of(request)
            session = await run_in_threadpool(accounts.session, service.desk.store,
                                              request.cookies.get(COOKIE, ""), _now(service))
            if session is None:
                if request.method == "GET":
                    target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
                    return RedirectResponse(f"/desk/sign-in?next={target}", status_code=303)
                return refuse(401, "Sign in to the desk first.")
            request.state.session = session
            if admin and not session.account.is_admin:
                return refuse(403, "Only an admin can do this.")
            if request.method == "POST":
                form = await request.form(**FORM_LIMITS)
                problem = cross_site(request, public_origin(service))
                if not problem and not accounts.same_secret(str(form.get("csrf") or ""), session.csrf):
                    problem = "the form's security token is missing or wrong; reload the page"
                if problem:
                    return refuse(403, f"Refused: {problem}.")
                request.state.form = form
            return await handler(request)
        return run
    return wrap


def _safe_next(target: str) -> str:
    return target if target.startswith("/desk/") and not target.startswith("//") \
        and "\\" not in target else "/desk/"


def _sign_in_page(request: Request, status: int = 200, error: str = "", email: str = "") -> Response:
    service = service_of(request)
    return desk_page(request, "sign_in.html", status, error=error, email=email,
                     next=_safe_next(request.query_params.get("next", "/desk/")),
                     form_token=tokens.issue_form_token(service.secret, _now(service)))


async def sign_in(request: Request) -> Response:
    """GET: the sign-in form; POST: check, throttle, and start a fresh session."""
    if request.method == "GET":
        return _sign_in_page(request)
    service = service_of(request)
    form = await request.form(**FORM_LIMITS)
    email, password = str(form.get("email") or "")[:320], str(form.get("password") or "")
    try:
        problem = cross_site(request, public_origin(service))
        if problem:
            return refuse(403, f"Refused: {problem}.")
        tokens.check_form_token(service.secret, str(form.get("form_token") or ""), _now(service),
                                0, service.options.max_form_age_seconds)
        token = await run_in_threadpool(
            accounts.sign_in, service.desk.store, email, password,
            client_ip(request.scope, frozenset(service.options.trusted_proxies)), _now(service))
    except (tokens.TokenError, ChorusError) as err:
        return _sign_in_page(request, 400 if isinstance(err, tokens.TokenError) else 401,
                             str(err), email)
    old = request.cookies.get(COOKIE)
    if old:               # never keep a session id from before the sign-in (fixation)
        await run_in_threadpool(accounts.sign_out, service.desk.store, old)
    response = RedirectResponse(_safe_next(str(form.get("next") or "/desk/")), status_code=303)
    response.set_cookie(COOKIE, token, path="/desk", httponly=True, samesite="lax",
                        secure=service.options.public_url.startswith("https://"))
    return response


@guarded()
async def sign_out(request: Request) -> Response:
    service = service_of(request)
    await run_in_threadpool(accounts.sign_out, service.desk.store, request.cookies.get(COOKIE, ""))
    response = RedirectResponse("/desk/sign-in", status_code=303)
    response.delete_cookie(COOKIE, path="/desk")
    return response


async def setup(request: Request) -> Response:
    """The one-time link from `desk.add-user`: choose a password (twice)."""
    service = service_of(request)
    token = request.path_params["token"]
    account = await run_in_threadpool(accounts.setup_account, service.desk.store, token,
                                      service.clock())
    if account is None:
        return desk_page(request, "message.html", 404, title="This link does not work",
                         message="The link is used up or expired. Ask an admin for a new one.")
    if request.method == "GET":
        return desk_page(request, "setup.html", account=account, error="")
    form = await request.form(**FORM_LIMITS)
    password = str(form.get("password") or "")
    try:
        if cross_site(request, public_origin(service)):
            return refuse(403, "Refused: request from another site.")
        if password != str(form.get("again") or ""):
            raise ChorusError("The two passwords are not the same.")
        await run_in_threadpool(accounts.set_password, service.desk.store, account.email,
                                password, token=token, now=service.clock())
    except ChorusError as err:
        return desk_page(request, "setup.html", 422, account=account, error=str(err))
    return RedirectResponse("/desk/sign-in", status_code=303)
