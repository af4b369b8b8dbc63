"""One submission at the desk: every field, the flags marked in the text, the photo, the
history, the preview, and the decisions (each a call into chorus.moderation and friends)."""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from chorus import deskpreview, edits, flags, moderation, privacy, replies, review
from chorus.clock import parse_day
from chorus.problems import ChorusError
from chorus.store import StoreError, publishes
from chorus.store.records import ConflictError, checked_id
from chorus.submission import FIELDS
from chorus.text import normalise
from chorus_intake.statuslink import edit_note, new_link
from chorus_intake.desk.auth import desk_page, guarded, service_of

log = logging.getLogger(__name__)
DONE = {"edit": "Your edits are saved.", "approve": "Approved.", "reject": "Rejected.",
        "request-changes": "Changes requested; the advocate has the note and a link to edit.",
        "withdraw": "Withdrawn.", "erase": "The personal data is erased.",
        "award": "Award given; it is on the site with the next build."}
REASONS = {"reject": "reason", "request-changes": "note", "withdraw": "reason"}


async def _load(request: Request):
    service = service_of(request)
    try:
        receipt = checked_id(request.path_params["receipt"])
        return await run_in_threadpool(review.show, service.desk, receipt, service.clock())
    except StoreError:
        return None


def _not_found(request: Request) -> Response:
    return desk_page(request, "message.html", 404, title="No such submission",
                     message="There is no submission with this id.")


async def _page(request: Request, record: dict, item: review.Item, status: int = 200,
                error: str = "", typed: dict | None = None) -> Response:
    service = service_of(request)
    saved = await run_in_threadpool(replies.all_replies, service.desk.store)
    queued = await run_in_threadpool(_publishes, service.desk.store, record["id"])
    sub = record["submission"]
    allowed = {action.value for (state, action) in moderation.TRANSITIONS
               if state.value == record["state"]}
    today = service.clock().astimezone(service.desk.zone).date().isoformat()
    return desk_page(request, "item.html", status, record=record, item=item, sub=sub,
                     fields=[key for key in FIELDS if key not in ("title", "body", "photo")],
                     title_marks=flags.segments(sub.get("title") or ""),
                     body_marks=flags.segments(sub.get("body") or ""),
                     allowed=allowed, editable=record["state"] in edits.EDITABLE_STATES
                     and not record.get("erased_at"), today=today, error=error,
                     typed=typed or {}, done=DONE.get(request.query_params.get("done", ""), ""),
                     replies=saved, publishes=queued,
                     stage=service.publisher.stage() if service.publisher else "",
                     reply_actions=replies.ACTIONS)


def _publishes(store, receipt: str) -> list[publishes.Request]:
    with store.read() as conn:
        return publishes.for_receipt(conn, receipt)


@guarded()
async def show(request: Request) -> Response:
    found = await _load(request)
    return await _page(request, *found) if found else _not_found(request)


@guarded()
async def photo(request: Request) -> Response:
    service = service_of(request)
    try:
        data = await run_in_threadpool(service.desk.store.photo,
                                       checked_id(request.path_params["receipt"]))
    except StoreError:
        data = None
    if not data:
        return Response("Not found\n", status_code=404, media_type="text/plain")
    return Response(data, media_type="image/jpeg")


@guarded()
async def preview(request: Request) -> Response:
    service = service_of(request)
    found = await _load(request)
    if not found:
        return _not_found(request)
    record, item = found
    try:
        html = await run_in_threadpool(deskpreview.preview, service.desk, record,
                                       dict(service.settings), service.clock(),
                                       f"/desk/item/{record['id']}/photo")
        error = ""
    except ChorusError as err:
        html, error = "", str(err)
    except Exception as err:          # a build that breaks must not take the desk page with it
        log.warning("desk: preview of %s failed: %s", record["id"], err)
        html, error = "", "the site build failed; see the service log"
    return desk_page(request, "preview.html", record=record, item=item, piece=html, error=error)


def _reason(request: Request, action: str) -> str:
    """The typed reason (CRLF from the textarea normalised), else the saved reply picked."""
    form = request.state.form
    text = normalise(str(form.get(REASONS[action]) or "")).strip()
    chosen = str(form.get("reply") or "")
    if not text and chosen.isdigit():
        text = next((r.text for r in replies.all_replies(service_of(request).desk.store)
                     if r.id == int(chosen) and r.action == action), "")
    return text


def _decide(request: Request, action: str, receipt: str, version: int) -> None:
    service, form = service_of(request), request.state.form
    desk, now = service.desk, service.clock()
    who = request.state.session.account.name
    if action == "edit":
        edits.edit(desk, receipt, moderator=who, now=now, version=version,
                   title=str(form.get("title") or "") if "title" in form else None,
                   body=str(form.get("body") or "") if "body" in form else None)
    elif action == "approve":
        day = str(form.get("publish_on") or "").strip()
        moderation.approve(desk, receipt, moderator=who, now=now, version=version,
                           publish_on=parse_day(day, "publish on") if day else None,
                           tag_text=normalise(str(form.get("tags") or "")),
                           featured=form.get("featured") == "yes")
    elif action == "request-changes":
        link = new_link()                 # only its digest is stored: a fresh one for the mail
        moderation.request_changes(desk, receipt, moderator=who, now=now, version=version,
                                   note=_reason(request, action), keys=[link.key],
                                   message=edit_note(link.edit_url(service.options.public_url)))
    elif action in ("reject", "withdraw"):
        decide = moderation.reject if action == "reject" else moderation.withdraw
        decide(desk, receipt, moderator=who, now=now, version=version,
               reason=_reason(request, action))
    elif action == "erase":
        if form.get("confirm") != "yes":
            raise ChorusError("tick the box to confirm the erasure")
        if desk.store.load(receipt)["version"] != version:
            raise ConflictError("the submission changed since you opened it; look again")
        privacy.erase(desk, receipt, by=who, now=now, why="personal data erased at the desk")


@guarded()
async def act(request: Request) -> Response:
    action = request.path_params["action"]
    found = await _load(request)
    if not found or action not in DONE or action == "award":     # awards: desk/awards.py
        return _not_found(request)
    record, _ = found
    version = str(request.state.form.get("version") or "")
    try:
        if not version.isdigit():
            raise ChorusError("the form has no version; reload the page")
        await run_in_threadpool(_decide, request, action, record["id"], int(version))
    except (ChorusError, ValueError) as err:
        fresh = await _load(request)
        typed = {key: str(value) for key, value in request.state.form.items()}
        stale = isinstance(err, (ConflictError, moderation.TransitionError))
        return await _page(request, *fresh, status=409 if stale else 422, error=str(err),
                           typed={**typed, "action": action})
    return RedirectResponse(f"/desk/item/{record['id']}?done={action}", status_code=303)
