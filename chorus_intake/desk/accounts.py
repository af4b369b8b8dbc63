"""Admin only: the desk's accounts (add with a one-time link, disable, enable, new link)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from chorus import accounts
from chorus.problems import ChorusError
from chorus_intake.desk.auth import desk_page, guarded, service_of


def setup_url(service, token: str) -> str:
    return f"{service.options.public_url.rstrip('/')}/desk/setup/{token}"


async def _page(request: Request, status: int = 200, error: str = "", link: str = "",
                linked: str = "") -> Response:
    found = await run_in_threadpool(accounts.users, service_of(request).desk.store)
    return desk_page(request, "accounts.html", status, users=found, roles=accounts.ROLES,
                     error=error, link=link, linked=linked)


@guarded(admin=True)
async def show(request: Request) -> Response:
    return await _page(request)


@guarded(admin=True)
async def change(request: Request) -> Response:
    """POST do=add (email, role, display_name), do=disable|enable|link (email)."""
    service, form = service_of(request), request.state.form
    store, now = service.desk.store, service.clock()
    what, email = str(form.get("do") or ""), str(form.get("email") or "").strip()
    try:
        if what == "add":
            token = await run_in_threadpool(accounts.add_user, store, email,
                                            str(form.get("role") or ""), now,
                                            str(form.get("display_name") or ""))
            return await _page(request, link=setup_url(service, token), linked=email)
        if what == "link":
            token = await run_in_threadpool(accounts.new_setup_link, store, email, now)
            return await _page(request, link=setup_url(service, token), linked=email)
        if what in ("disable", "enable"):
            if what == "disable" and email.casefold() == request.state.session.account.email:
                raise ChorusError("you cannot disable your own account")
            await run_in_threadpool(accounts.set_disabled, store, email, what == "disable")
            return await _page(request)
        raise ChorusError("unknown change")
    except ChorusError as err:
        return await _page(request, 422, str(err))
