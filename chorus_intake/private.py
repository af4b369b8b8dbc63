"""Pages behind a private token: the advocate's status page (edit, withdraw) and the moderators' feed."""

from __future__ import annotations

import hmac

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from chorus import moderation, privacy
from chorus.recognition import hiding
from chorus.schema import ANONYMOUS
from chorus.problems import ChorusError
from chorus_intake import feed, form, status, tokens
from chorus_intake.config import Service
from chorus_intake.render import SECURITY_HEADERS, page
from chorus_intake.submit import FORM_LIMITS, form_page

ADVOCATE = "advocate (status page)"


async def _record(request: Request) -> dict | None:
    service: Service = request.app.state.service
    token = request.path_params["token"]
    if not tokens.STATUS_TOKEN.match(token):
        return None
    receipt = await run_in_threadpool(service.desk.store.receipt_for_key, tokens.status_key(token))
    return await run_in_threadpool(service.desk.store.load, receipt) if receipt else None


def not_found(request: Request) -> Response:
    return page(request.app.state.env, "message.html", 404, title="Not found",
                message="This link does not lead to a submission. Check that you copied the "
                        "whole link from your receipt email.")


def _view(service: Service, record: dict) -> status.StatusView:
    """The record as the advocate sees it, its days in the site's timezone."""
    return status.view(record, service.site_url, service.clock().astimezone(service.desk.zone).date(),
                       service.desk.zone)


def status_page(request: Request, record: dict, message: str = "", code: int = 200) -> Response:
    service: Service = request.app.state.service
    return page(request.app.state.env, "status.html", code, message=message,
                token=request.path_params["token"], view=_view(service, record),
                builds_soon=service.publisher is not None, shown=_shown(service, record),
                request_saved=request.query_params.get("saved") == "1" and not message,
                form_token=tokens.issue_form_token(service.secret, service.clock().timestamp()))


def _advocate_of(record: dict) -> str:
    """The advocate page of an approved, named submission ("" for none)."""
    published = record.get("published") or {}
    advocate = str(published.get("advocate") or "")
    return advocate if record.get("state") == "approved" and advocate not in ("", ANONYMOUS) else ""


def _shown(service: Service, record: dict) -> hiding.Shown | None:
    """What the advocate hides now, when they have an advocate page."""
    slug = _advocate_of(record)
    try:
        return hiding.current(service.desk.content_dir, slug, service.desk.zone) if slug else None
    except (OSError, ChorusError):      # not written yet (scheduled) or removed: nothing to offer
        return None


async def badges(request: Request) -> Response:
    """POST with a genuine form token: hide or show the advocate's streak and badges."""
    record = await _record(request)
    if not record:
        return not_found(request)
    service: Service = request.app.state.service
    token = request.path_params["token"]
    posted = await request.form(max_files=0, max_fields=5, max_part_size=2_000)
    slug = _advocate_of(record)
    try:
        tokens.check_form_token(service.secret, str(posted.get("form_token") or ""),
                                service.clock().timestamp(), 0, service.options.max_form_age_seconds)
        if not slug or _shown(service, record) is None:
            raise ChorusError("this submission has no advocate page to change")
        choices = hiding.Shown(hide_streak=posted.get("hide_streak") == "yes",
                               hide_badges=posted.get("hide_badges") == "yes")
        await run_in_threadpool(hiding.set_choices, service.desk, slug, choices, receipt=record["id"],
                                by="advocate", now=service.clock())
    except (tokens.TokenError, ChorusError) as err:
        return status_page(request, record, str(err), 422)
    return RedirectResponse(f"/status/{token}?saved=1", status_code=303)


async def show(request: Request) -> Response:
    record = await _record(request)
    return status_page(request, record) if record else not_found(request)


def _editable(record: dict) -> dict[str, str]:
    values = {}
    for key, value in record["submission"].items():
        if isinstance(value, bool):
            values[key] = "yes" if value else "no"
        elif value not in (None, ""):
            values[key] = str(value)
    return values


async def edit(request: Request) -> Response:
    """GET: the form filled with the submission; POST: resubmit it under the same receipt."""
    record = await _record(request)
    if not record:
        return not_found(request)
    view = _view(request.app.state.service, record)
    action = f"/status/{request.path_params['token']}/edit"
    locked = {"email": record["submission"]["email"], "receipt": record["id"],
              "has_photo": record.get("has_photo", False)}
    if not view.can_edit:
        return status_page(request, record, "This submission cannot be edited now.", 409)
    if request.method == "GET":
        return form_page(request, _editable(record), action=action, edit=locked)
    posted = await form.read(await request.form(**FORM_LIMITS))
    posted.values["email"] = record["submission"]["email"]
    service: Service = request.app.state.service
    photo = posted.photo
    if photo is None and record.get("has_photo"):
        photo = await run_in_threadpool(service.desk.store.photo, record["id"])
    try:
        await run_in_threadpool(moderation.submit, service.desk, posted.values, photo,
                                now=service.clock(), source="form", resubmit=record["id"])
    except moderation.SubmissionError as err:
        return form_page(request, posted.values, form.errors_by_field(err.problems), 422,
                         action=action, edit=locked)
    except ChorusError as err:
        return status_page(request, record, str(err), 409)
    return RedirectResponse(f"/status/{request.path_params['token']}", status_code=303)


async def withdraw(request: Request) -> Response:
    """GET (or POST without confirm=yes): ask to confirm; POST confirm=yes: withdraw."""
    record = await _record(request)
    if not record:
        return not_found(request)
    service: Service = request.app.state.service
    env, token = request.app.state.env, request.path_params["token"]
    posted = await request.form(max_files=0, max_fields=5, max_part_size=20_000) \
        if request.method == "POST" else {}
    reason = posted.get("reason") if isinstance(posted.get("reason"), str) else ""
    if posted.get("confirm") != "yes":
        return page(env, "withdraw.html", token=token, reason=reason, error="",
                    view=_view(service, record))
    try:
        await run_in_threadpool(moderation.withdraw, service.desk, record["id"], moderator=ADVOCATE,
                                now=service.clock(),
                                reason=reason.strip() or "Withdrawn by the advocate.")
    except ChorusError as err:
        return page(env, "withdraw.html", 422, token=token, reason=reason, error=str(err),
                    view=_view(service, record))
    return RedirectResponse(f"/status/{token}", status_code=303)


async def erase(request: Request) -> Response:
    """GET: ask to confirm; POST with a genuine form token and confirm=yes: erase the
    advocate's personal data (a live submission is withdrawn first)."""
    record = await _record(request)
    if not record:
        return not_found(request)
    service: Service = request.app.state.service
    env, token = request.app.state.env, request.path_params["token"]
    view = _view(service, record)
    fresh = tokens.issue_form_token(service.secret, service.clock().timestamp())
    if request.method == "GET":
        return page(env, "erase.html", view=view, token=token, form_token=fresh, error="")
    posted = await request.form(max_files=0, max_fields=5, max_part_size=2_000)
    try:
        tokens.check_form_token(service.secret, str(posted.get("form_token") or ""),
                                service.clock().timestamp(), 0,
                                service.options.max_form_age_seconds)
        if posted.get("confirm") != "yes":
            raise ChorusError("Tick the box to confirm, then press the button again.")
        await run_in_threadpool(privacy.erase, service.desk, record["id"], by=ADVOCATE,
                                now=service.clock(), why="erased by the advocate")
    except (tokens.TokenError, ChorusError) as err:
        return page(env, "erase.html", 422, view=view, token=token, form_token=fresh,
                    error=str(err))
    return page(env, "message.html", title="Your data is erased",
                message="We erased your name, email, text and photo from our records. This "
                        "link no longer leads anywhere.")


async def moderation_feed(request: Request) -> Response:
    service: Service = request.app.state.service
    given = request.query_params.get("token", "")
    expected = service.feed_token
    if len(expected) < 24 or not hmac.compare_digest(given.encode(), expected.encode()):
        return Response("Not found", status_code=404, media_type="text/plain")
    self_url = f"{service.options.public_url.rstrip('/')}/moderation/feed.atom"
    body = await run_in_threadpool(feed.pending_feed, service.desk, self_url, service.clock())
    return Response(body, media_type="application/atom+xml; charset=utf-8",
                    headers={**SECURITY_HEADERS, "x-robots-tag": "noindex"})
