"""Shared fixtures: settings for a real Pelican build of any content folder into tmp_path."""

from __future__ import annotations

import glob
import logging
import os
import shutil
import signal
from pathlib import Path

import pytest
from pytest_postgresql import factories

from chorus import site
from chorus.store import URL_ENV
from chorus.store.engine import dispose_all

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class WarningCollector(logging.Handler):
    """Collects WARNING and above so a test can treat them as errors."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def messages(self) -> list[str]:
        return [record.getMessage() for record in self.records]


@pytest.fixture
def warnings_log():
    collector = WarningCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    yield collector
    root.removeHandler(collector)


def as_from_a_terminal() -> None:
    """``preexec_fn`` for a task the test will Ctrl+C: the child gets SIGINT as a terminal's
    foreground job does. A CI runner may start the suite with SIGINT ignored; an ignored
    signal stays ignored across exec, and Python then installs no KeyboardInterrupt handler,
    so the child would wait at its question for ever."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def make_settings(content: Path, output: Path, today: str = "2026-11-22", **overrides) -> dict:
    """Settings from the real pelicanconf.py, pointed at ``content`` and ``output``."""
    overrides = {"PATH": str(content), "THEME": str(ROOT / "theme"),
                 "CACHE_PATH": str(Path(output).parent / "cache"),
                 "PLUGIN_PATHS": [str(ROOT / "plugins")], **overrides}
    return site.load_settings(ROOT / "pelicanconf.py", today=today, output=output, overrides=overrides)


def copy_content(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


@pytest.fixture
def demo_content(tmp_path) -> Path:
    """A private copy of the bundled demo content (tests may change it)."""
    return copy_content(ROOT / "content", tmp_path / "content")


@pytest.fixture
def mini_content(tmp_path) -> Path:
    """A tiny valid hub: one advocate, one story, one testimonial, prompts, a page."""
    return copy_content(FIXTURES / "mini", tmp_path / "content")


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The pages the page tracker renders in this process (the others it keeps, or a build
    worker renders: CHORUS_BUILD["workers"]), in order."""
    from chorus_incremental.pages import PageTracker

    names: list[str] = []
    render = PageTracker.render

    def spy(self, template, local):
        names.append(local["output_file"])
        return render(self, template, local)

    monkeypatch.setattr(PageTracker, "render", spy)
    return names


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo hub built once per test session as of 2026-11-22 (treat as read-only)."""
    output = tmp_path_factory.mktemp("demo") / "output"
    site.build(make_settings(ROOT / "content", output))
    return output


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser), shared by a session."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM_FLAGS, chromium_path

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def build_in_fresh_process(content: Path, output: Path, today: str = "2026-11-22", **overrides) -> None:
    """Build in a new interpreter: Pelican's signals stay connected for the life of a
    process, so a test that leaves a plugin out must not share one with builds that had it."""
    import json
    import subprocess
    import sys

    script = ("import json, sys; sys.path[:0] = [sys.argv[1], sys.argv[1] + '/tests'];"
              "from conftest import make_settings; from chorus import site;"
              "from pathlib import Path;"
              "site.build(make_settings(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], **json.loads(sys.argv[5])))")
    subprocess.run([sys.executable, "-c", script, str(ROOT), str(content), str(output), today,
                    json.dumps(overrides)], check=True, cwd=ROOT, timeout=300)


# --- the store on both backends (docs/moderation.md) -----------------------------------
# Every moderation and intake test runs on SQLite and on a real PostgreSQL: a throwaway
# cluster per session from pytest-postgresql over Debian's pg_ctl (run as the postgres
# user under root, see pg_ctl_unprivileged), a fresh database per test cloned from a
# template that already holds the migrated schema.
BOTH_BACKENDS = ("test_moderation_", "test_intake_", "test_store_")
ONE_BACKEND = ("test_intake_browser",)


def pytest_configure(config):
    """A temp folder of this session's own: pytest prunes all but the three newest
    pytest-N folders, so a second session on the machine (another worktree) would
    delete the throwaway PostgreSQL cluster's data folder under this one's feet."""
    if not config.option.basetemp and not hasattr(config, "workerinput"):
        import tempfile

        config.option.basetemp = tempfile.mkdtemp(prefix="chorus-pytest-")
        config._chorus_basetemp = config.option.basetemp


def pytest_unconfigure(config):
    folder = getattr(config, "_chorus_basetemp", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def postgresql_missing() -> str:
    """Why PostgreSQL tests cannot run here ('' when they can)."""
    if not glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"):
        return "Debian's PostgreSQL server is not installed (apt-get install postgresql)"
    return ""


def _migrated_template(host, port, user, dbname, password=None, **_):
    from sqlalchemy import create_engine

    from chorus.store.engine import migrate

    engine = create_engine(f"postgresql+psycopg://{user}@{host}:{port}/{dbname}")
    try:
        migrate(engine)
    finally:
        engine.dispose()


postgresql_proc = factories.postgresql_proc(
    executable=str(Path(__file__).resolve().parent / "pg_ctl_unprivileged"),
    load=[_migrated_template])
postgresql = factories.postgresql("postgresql_proc")


def pytest_generate_tests(metafunc):
    name = metafunc.module.__name__ if metafunc.module else ""
    if name.startswith(BOTH_BACKENDS) and not name.startswith(ONE_BACKEND):
        metafunc.parametrize("store_backend", ["sqlite", "postgresql"], indirect=True)


def postgresql_url(request) -> str:
    """The URL of a fresh, migrated PostgreSQL database for this test (fails on CI without one)."""
    missing = postgresql_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests cannot be skipped on CI: {missing}")
        pytest.skip(f"SKIPPED ON THIS MACHINE ONLY: {missing}")
    info = request.getfixturevalue("postgresql").info
    return f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{info.dbname}"


@pytest.fixture(autouse=True)
def store_backend(request, monkeypatch):
    """sqlite (a hub.db in the test's hub folder) or postgresql ($CHORUS_DATABASE_URL)."""
    backend = getattr(request, "param", "sqlite")
    if hasattr(request, "param"):
        # Pelican's log filter drops a warning it has seen before in this process: the
        # second backend's run of a test must see its own warnings, as the first did.
        from pelican.log import LimitFilter

        LimitFilter._raised_messages.clear()
        LimitFilter._group_count.clear()
    if backend == "postgresql":
        monkeypatch.setenv(URL_ENV, postgresql_url(request))
    else:
        monkeypatch.delenv(URL_ENV, raising=False)
    yield backend
    dispose_all()
