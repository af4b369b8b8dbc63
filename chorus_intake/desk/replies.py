"""Saved replies: admins keep them here; moderators pick them beside a reason or note."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from chorus import replies
from chorus.problems import ChorusError
from chorus_intake.desk.auth import desk_page, guarded, service_of


async def _page(request: Request, status: int = 200, error: str = "",
                typed: dict | None = None) -> Response:
    found = await run_in_threadpool(replies.all_replies, service_of(request).desk.store)
    return desk_page(request, "replies.html", status, replies=found, actions=replies.ACTIONS,
                     error=error, typed=typed or {})


@guarded(admin=True)
async def show(request: Request) -> Response:
    return await _page(request)


@guarded(admin=True)
async def change(request: Request) -> Response:
    """POST do=save (action, title, text, optional id) or do=delete (id)."""
    service, form = service_of(request), request.state.form
    reply_id = str(form.get("id") or "")
    try:
        if form.get("do") == "delete" and reply_id.isdigit():
            await run_in_threadpool(replies.remove, service.desk.store, int(reply_id))
        elif form.get("do") == "save":
            await run_in_threadpool(
                replies.save, service.desk.store, str(form.get("action") or ""),
                str(form.get("title") or ""), str(form.get("text") or ""),
                by=request.state.session.account.name, now=service.clock(),
                reply_id=int(reply_id) if reply_id.isdigit() else None)
        else:
            raise ChorusError("unknown change")
    except ChorusError as err:
        return await _page(request, 422, str(err), {k: str(v) for k, v in form.items()})
    return RedirectResponse("/desk/replies", status_code=303)
