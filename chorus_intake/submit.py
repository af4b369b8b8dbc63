"""GET and POST /submit, and the thank-you page."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from chorus import answering, moderation
from chorus.hub import Prompt
from chorus.problems import ChorusError, Problem
from chorus_intake import form, tokens
from chorus_intake.config import Service
from chorus_intake.render import page
from chorus_intake.statuslink import StatusLink, receipt_note

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
FORM_LIMITS = {"max_files": 1, "max_fields": 40, "max_part_size": 200_000}


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def fresh_token(service: Service) -> str:
    return tokens.issue_form_token(service.secret, service.clock().timestamp())


def _today(service: Service) -> dt.date:
    return service.clock().astimezone(service.desk.zone).date()


def answered(service: Service, values: dict[str, str]) -> Prompt | None:
    """The prompt the form's ``prompt`` field names, when it is out today."""
    day = form.prompt_from_query(values.get("prompt"))
    if not day:
        return None
    desk = service.desk
    return answering.prompt_on(desk.content_dir, desk.zone, desk.prompts,
                               dt.date.fromisoformat(day), _today(service))


def form_page(request: Request, values: dict[str, str], errors: dict[str, list[str]] | None = None,
              status: int = 200, action: str = "/submit", edit: dict | None = None) -> Response:
    service: Service = request.app.state.service
    order = [name for name in form.LABELS if name in (errors or {})]
    return page(request.app.state.env, "submit.html", status, values=values, errors=errors or {},
                order=order, labels=form.LABELS, token=fresh_token(service), action=action,
                edit=edit, general=(errors or {}).get(form.GENERAL, []),
                prompt=None if edit else answered(service, values))


async def show_form(request: Request) -> Response:
    """The form; ``?prompt=DAY`` names the prompt answered (a day not out yet says why)."""
    service: Service = request.app.state.service
    values = form.initial_values(request.query_params)
    errors = {}
    if values.get("prompt"):
        desk = service.desk
        why = await run_in_threadpool(answering.answer_problem, desk.content_dir, desk.zone,
                                      desk.prompts, dt.date.fromisoformat(values["prompt"]),
                                      _today(service))
        if why:
            errors = form.errors_by_field([Problem("form", 1, "prompt", why)])
    return await run_in_threadpool(form_page, request, values, errors)


def refused(request: Request, posted: form.Posted, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"errors": {form.GENERAL: [message]}}, status_code=status)
    return form_page(request, posted.values, {form.GENERAL: [message]}, status)


def _material(nonce: str, posted: form.Posted) -> str:
    """Same form token and same content: the same submission (a double click, a retry)."""
    content = json.dumps(posted.values, sort_keys=True, ensure_ascii=False)
    photo = hashlib.sha256(posted.photo or b"").hexdigest()
    return f"{nonce}\n{hashlib.sha256(content.encode('utf-8')).hexdigest()}\n{photo}"


async def receive(request: Request) -> Response:
    service: Service = request.app.state.service
    posted = await form.read(await request.form(**FORM_LIMITS))
    if posted.honeypot:
        log.info("intake: honeypot field filled; refused")
        return refused(request, posted, 400, "This submission could not be accepted.")
    now = service.clock()
    try:
        token = tokens.check_form_token(service.secret, posted.token, now.timestamp(),
                                        service.options.min_fill_seconds,
                                        service.options.max_form_age_seconds)
    except tokens.TokenError as err:
        return refused(request, posted, 422, str(err))
    material = _material(token.nonce, posted)
    status = tokens.status_token(service.secret, material)
    status_url = StatusLink(status).url(service.options.public_url)
    try:
        receipt = await run_in_threadpool(
            moderation.submit, service.desk, posted.values, posted.photo, now=now, source="form",
            keys=[tokens.digest("form", material), tokens.status_key(status)],
            extra={"channel": "form"}, message=receipt_note(status_url))
    except moderation.SubmissionError as err:
        errors = form.errors_by_field(err.problems)
        if wants_json(request):
            return JSONResponse({"errors": errors}, status_code=422)
        return await run_in_threadpool(form_page, request, posted.values, errors, 422)  # reads prompts
    except ChorusError as err:
        log.warning("intake: could not store a submission: %s", err)
        return refused(request, posted, 503, "We could not save your submission just now. Your "
                                             "text is kept below; please send it again in a minute.")
    if wants_json(request):
        return JSONResponse({"receipt": receipt, "status_url": status_url}, status_code=201)
    return RedirectResponse(f"/thanks/{receipt}?s={status}", status_code=303)


async def thanks(request: Request) -> Response:
    service: Service = request.app.state.service
    receipt = request.path_params["receipt"]
    token = request.query_params.get("s", "")
    known = tokens.STATUS_TOKEN.match(token) and await run_in_threadpool(
        service.desk.store.receipt_for_key, tokens.status_key(token)) == receipt
    status_url = f"{service.options.public_url.rstrip('/')}/status/{token}" if known else ""
    return page(request.app.state.env, "thanks.html", receipt=receipt if known else "",
                status_url=status_url)
