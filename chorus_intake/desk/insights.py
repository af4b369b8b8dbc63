"""/desk/insights: the team's numbers for a period (GET form), each table also as CSV, and
the invitation of promoters to tell a story (POST, CSRF-checked like every desk form)."""

from __future__ import annotations

from urllib.parse import urlencode, urljoin

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from chorus import insights
from chorus.insights.invite import invite_once
from chorus.problems import ChorusError
from chorus.prompts import PromptSettings
from chorus_intake.desk import insightsview as view
from chorus_intake.desk.auth import desk_page, guarded, service_of


def _gather(service, period, now):
    calendar, problem = insights.prompt_calendar(service.settings, service.desk.content_dir,
                                                 period, now)
    grace = PromptSettings.from_settings(service.settings).grace_window
    return insights.gather(service.desk.store, period, now, calendar, grace), problem


@guarded()
async def show(request: Request) -> Response:
    return await show_page(request, request.query_params)


async def show_page(request: Request, query, status: int = 200, invite_error: str = "") -> Response:
    service = service_of(request)
    now = service.clock()
    typed = {"from": query.get("from", ""), "to": query.get("to", "")}
    try:
        period = insights.parse_period(typed["from"], typed["to"], service.desk.zone,
                                       now.astimezone(service.desk.zone).date())
    except insights.PeriodError as err:
        return desk_page(request, "insights.html", 422, error=str(err), typed=typed, found=None)
    found, problem = await run_in_threadpool(_gather, service, period, now)
    tables = view.tables(found)
    wanted = query.get("csv")
    if wanted:
        table = next((t for t in tables if t.slug == wanted), None)
        if table is None:
            return desk_page(request, "insights.html", 404, error=f"csv: no table '{wanted[:40]}'",
                             typed=typed, found=None)
        name = f"{table.slug}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
        return Response(view.as_csv(table), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{name}"'})
    query_of = f"from={period.start.isoformat()}&to={period.end.isoformat()}"
    return desk_page(request, "insights.html", status, found=found, period=period, error="",
                     problem=problem, summary=view.summary(found), tables=tables,
                     typed={"from": period.start.isoformat(), "to": period.end.isoformat()},
                     query=query_of, invite_error=invite_error,
                     invited=query.get("invited", "")[:17] if not invite_error else "")


@guarded()
async def invite(request: Request) -> Response:
    """POST receipt (and the period, to come back to it): invite that promoter once."""
    service, form = service_of(request), request.state.form
    receipt = str(form.get("receipt") or "")
    back = {"from": str(form.get("from") or ""), "to": str(form.get("to") or "")}
    try:
        await run_in_threadpool(invite_once, service.desk, receipt,
                                by=request.state.session.account.name, now=service.clock(),
                                form_url=form_url(service))
    except ChorusError as err:
        return await show_page(request, back, 409, str(err))
    return RedirectResponse(f"/desk/insights/?{urlencode({**back, 'invited': receipt})}#promoters",
                            status_code=303)


def form_url(service) -> str:
    """The form's absolute address (a mail needs one), for a story: CHORUS_BRAND's
    submit_url, which ``./hub serve`` sets to "/submit", against the service's public URL."""
    form = urljoin(service.options.public_url.rstrip("/") + "/", service.brand.submit_url or "submit")
    return f"{form}?kind=story"
