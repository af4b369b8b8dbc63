"""Pages of the service: Jinja2 with autoescape on, in the hub's look."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

from chorus_intake.config import Service

TEMPLATES = Path(__file__).resolve().parent / "templates"
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",      # "no-referrer" makes browsers send Origin: null
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}


def environment(service: Service) -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), trim_blocks=True,
                      lstrip_blocks=True, autoescape=select_autoescape(default=True))
    logo = service.brand.logo
    env.globals.update(brand=service.brand, site_name=service.site_name,
                       site_url=service.site_url.rstrip("/") + "/",
                       logo_url=f"/{logo}" if logo.startswith("theme/") else "",
                       prompt_day=_long_day)
    return env


def _long_day(day: str) -> str:
    """``2026-11-30`` as "Monday 30 November 2026" (the site's own date style)."""
    return dt.date.fromisoformat(day).strftime("%A %-d %B %Y")


def page(env: Environment, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = env.get_template(name).render(**context)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def brand_css(service: Service) -> str:
    """The brand's colours as CSS variables (served as a file: the CSP allows no inline style)."""
    b = service.brand
    return f":root{{--primary:{b.primary};--accent:{b.accent};--ink:{b.ink};--paper:{b.paper}}}\n"
