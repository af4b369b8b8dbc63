"""/desk/insights: the team's numbers for a period (GET form), each table also as CSV."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from chorus import insights
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
    service, query = service_of(request), request.query_params
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
    return desk_page(request, "insights.html", found=found, period=period, error="",
                     problem=problem, summary=view.summary(found), tables=tables,
                     typed={"from": period.start.isoformat(), "to": period.end.isoformat()},
                     query=query_of)
