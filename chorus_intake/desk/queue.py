"""GET /desk/: the queue, oldest first, with filters, counts per state, search and paging."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from chorus import deskqueue
from chorus.publishing import name_form
from chorus.store import publishes
from chorus_intake.desk.auth import desk_page, guarded, service_of


@guarded()
async def show(request: Request) -> Response:
    service = service_of(request)
    filters = deskqueue.QueueFilter.from_query(request.query_params)
    found = await run_in_threadpool(deskqueue.queue_page, service.desk, service.clock(), filters)
    last = await run_in_threadpool(_last_publish, service.desk.store)

    def link(**changes) -> str:
        query = found.filters.query(**changes)
        return "/desk/" + (f"?{urlencode(query)}" if query else "")
    return desk_page(request, "queue.html", queue=found, link=link,
                     states=deskqueue.STATES, kinds=deskqueue.KINDS,
                     flag_filters=deskqueue.FLAG_FILTERS, name_form=name_form,
                     publish=last, stage=service.publisher.stage() if service.publisher else "")


def _last_publish(store) -> publishes.Request | None:
    with store.read() as conn:
        return publishes.latest(conn)
