"""CHORUS_INTAKE settings and environment, read once into a frozen Service."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from chorus.brand import Brand
from chorus.desk import Desk
from chorus.namespaced import read_namespace
from chorus.problems import ConfigError
from chorus.site import public_siteurl

log = logging.getLogger(__name__)
SECRET_ENV = "CHORUS_INTAKE_SECRET"
FEED_TOKEN_ENV = "CHORUS_INTAKE_FEED_TOKEN"
MIN_SECRET_CHARS = 32


@dataclass(frozen=True)
class IntakeSettings:
    """CHORUS_INTAKE in pelicanconf.py (secrets come from the environment, never from here)."""

    public_url: str = "http://127.0.0.1:8050"   # where advocates reach the service
    allowed_origins: tuple[str, ...] = ()       # default: the origin of public_url
    trusted_proxies: tuple[str, ...] = ()       # peers whose X-Forwarded-For is believed
    rate_per_minute: float = 6.0                # POSTs per client, sustained
    rate_burst: int = 10                        # POSTs per client in a burst
    max_request_bytes: int = 9_000_000          # whole request, photo included
    min_fill_seconds: float = 3.0               # a human takes longer to fill the form
    max_form_age_seconds: int = 86_400          # a form older than this is re-issued
    mail_interval_seconds: float = 60.0         # how often the service sends the outbox (0: never)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> IntakeSettings:
        given, types, problems = read_namespace(settings, "CHORUS_INTAKE", cls)
        for key, value in given.items():
            wanted = types.get(key, "")
            if wanted == "str" and not isinstance(value, str):
                problems.append(f"{key} must be text")
            elif wanted.startswith("tuple") and (isinstance(value, str) or not all(
                    isinstance(item, str) for item in value)):
                problems.append(f"{key} must be a list of texts")
            elif wanted in ("int", "float") and (isinstance(value, bool) or not isinstance(
                    value, (int, float)) or value < 0):
                problems.append(f"{key} must be a number of at least 0")
        url = str(given.get("public_url", cls.public_url))
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            problems.append(f"public_url '{url}' must be an absolute http(s) URL")
        if problems:
            raise ConfigError("CHORUS_INTAKE: " + "; ".join(problems))
        for key in ("allowed_origins", "trusted_proxies"):
            if key in given:
                given[key] = tuple(given[key])
        return cls(**given)

    @property
    def origins(self) -> frozenset[str]:
        """Origins allowed to POST: the setting, or the public URL's own origin."""
        if self.allowed_origins:
            return frozenset(origin.rstrip("/") for origin in self.allowed_origins)
        parts = urlsplit(self.public_url)
        return frozenset({f"{parts.scheme}://{parts.netloc}"})


@dataclass(frozen=True)
class SmtpSettings:
    """Mail delivery, from CHORUS_SMTP_* environment variables (see docs/intake.md)."""

    host: str
    port: int = 587
    user: str = ""
    password: str = ""
    security: str = "starttls"          # starttls, ssl or none

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> SmtpSettings | None:
        host = environ.get("CHORUS_SMTP_HOST", "").strip()
        if not host:
            return None
        security = environ.get("CHORUS_SMTP_SECURITY", "starttls").strip().lower()
        if security not in ("starttls", "ssl", "none"):
            raise ConfigError("CHORUS_SMTP_SECURITY must be starttls, ssl or none")
        port = environ.get("CHORUS_SMTP_PORT", "").strip() or ("465" if security == "ssl" else "587")
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise ConfigError(f"CHORUS_SMTP_PORT '{port}' is not a port number")
        return cls(host=host, port=int(port), user=environ.get("CHORUS_SMTP_USER", ""),
                   password=environ.get("CHORUS_SMTP_PASSWORD", ""), security=security)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Service:
    """Everything the app needs, resolved once at start-up."""

    desk: Desk
    options: IntakeSettings
    brand: Brand
    site_name: str
    site_url: str
    theme: Path
    secret: bytes
    feed_token: str = ""
    smtp: SmtpSettings | None = None
    clock: Callable[[], dt.datetime] = field(default=_utc_now)
    settings: Mapping[str, Any] = field(default_factory=dict)   # Pelican's, for desk previews
    publisher: Any = None                   # a chorus.publisher.Publisher when CHORUS_PUBLISHER enables it


def _secret(environ: Mapping[str, str], dev: bool) -> bytes:
    value = environ.get(SECRET_ENV, "")
    if len(value) >= MIN_SECRET_CHARS:
        return value.encode("utf-8")
    if not dev:
        raise ConfigError(f"{SECRET_ENV} must hold a random secret of at least {MIN_SECRET_CHARS} "
                          "characters (e.g. `python3 -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
                          "; or run with --dev for a throwaway one")
    log.warning("intake: --dev: using a throwaway secret; open forms stop working "
                "when the service restarts. Set %s for real use.", SECRET_ENV)
    return secrets.token_urlsafe(48).encode("ascii")


DEV_SITEURL = "http://127.0.0.1:8000"    # where `./hub serve` shows the site


def _site_url(settings: Mapping[str, Any], dev: bool) -> str:
    """The public site the service links to (status pages, mails, "Back to ...")."""
    url = public_siteurl(dict(settings))
    if url:
        return url
    if not dev:
        raise ConfigError("CHORUS_SITEURL must hold the site's public address (e.g. "
                          "https://stories.example.com) so status pages and mails link to it: set "
                          "the environment variable or CHORUS_SITEURL in pelicanconf.py; or run "
                          "with --dev")
    log.warning("intake: --dev: no CHORUS_SITEURL; links to the site point at %s, where "
                "`./hub serve` shows it", DEV_SITEURL)
    return DEV_SITEURL


def load_service(settings: Mapping[str, Any], base: str | Path,
                 environ: Mapping[str, str], *, dev: bool = False,
                 clock: Callable[[], dt.datetime] | None = None,
                 conf: Path | None = None) -> Service:
    """The service for the hub whose Pelican ``settings`` were read from ``conf`` in ``base``."""
    from chorus import publisher

    options = IntakeSettings.from_settings(settings)
    brand = Brand.from_settings(settings)
    theme = Path(base) / settings.get("THEME", "theme")
    secret = _secret(environ, dev)
    site_url = _site_url(settings, dev)
    desk = dataclasses.replace(Desk.from_settings(dict(settings), base), site_url=site_url)
    return Service(desk=desk, options=options, brand=brand,
                   site_name=str(settings.get("SITENAME", brand.name)),
                   site_url=site_url, theme=theme, secret=secret, feed_token=environ.get(FEED_TOKEN_ENV, ""),
                   smtp=SmtpSettings.from_env(environ), clock=clock or _utc_now,
                   settings=dict(settings),
                   publisher=publisher.for_service(dict(settings), Path(base), desk, conf))
