"""Give a hand award from the desk: a form on a published submission's page (admins and
moderators), a call into chorus.recognition.giving like `./hub mod.award`."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from chorus.problems import ChorusError
from chorus.recognition.giving import give_award
from chorus.schema import ANONYMOUS
from chorus.text import normalise
from chorus_intake.desk import item
from chorus_intake.desk.auth import guarded, service_of

DONE = "Award given; it is on the advocate's page and on /recognition/ with the next build."


def awardable(record: dict) -> tuple[str, str] | None:
    """(advocate slug, piece) of an approved, named submission; None if it cannot have an award."""
    published = record.get("published") or {}
    advocate, piece = published.get("advocate") or ANONYMOUS, str(published.get("piece") or "")
    if record.get("state") != "approved" or advocate == ANONYMOUS or not piece.endswith(".md"):
        return None
    return advocate, piece[:-3]


def _give(request: Request, record: dict) -> None:
    found = awardable(record)
    if found is None:
        raise ChorusError("only a published piece by a named advocate can have an award")
    service, form = service_of(request), request.state.form
    advocate, piece = found
    give_award(service.desk, advocate=advocate, piece=piece if form.get("for_piece") == "yes" else "",
               title=normalise(str(form.get("award_title") or "")).strip(),
               citation=normalise(str(form.get("citation") or "")).strip(),
               moderator=request.state.session.account.name, now=service.clock())


@guarded()
async def give(request: Request) -> Response:
    found = await item._load(request)
    if not found:
        return item._not_found(request)
    record, _ = found
    try:
        await run_in_threadpool(_give, request, record)
    except ChorusError as err:
        typed = {key: str(value) for key, value in request.state.form.items()}
        return await item._page(request, *found, status=422, error=str(err),
                                typed={**typed, "action": "award"})
    return RedirectResponse(f"/desk/item/{record['id']}?done=award", status_code=303)
