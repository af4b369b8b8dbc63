"""`./hub publish` builds into its own folder (output.publish/, with its own lock and caches)
and leaves the local preview in output/ alone; deploy sends the published build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from chorus import building, output, site
from conftest import FIXTURES, ROOT

PUBLIC = "https://stories.example.com"


def test_publishconf_has_its_own_folder_lock_and_caches():
    local = site.load_settings(ROOT / "pelicanconf.py")
    published = site.load_settings(ROOT / "publishconf.py", overrides={"CHORUS_SITEURL": PUBLIC})
    assert building.live_path(local) == ROOT / "output"
    assert building.live_path(published) == ROOT / "output.publish"
    assert output.lock_path(building.live_path(published)).name == "output.publish.lock"
    assert Path(published["CACHE_PATH"]) == ROOT / "cache" / "publish" != Path(local["CACHE_PATH"])


def _confs(hub: Path) -> tuple[Path, Path]:
    shutil.copytree(FIXTURES / "mini", hub / "content")
    common = [f"PATH = {str(hub / 'content')!r}", f"THEME = {str(ROOT / 'theme')!r}",
              f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]"]
    local = hub / "localconf.py"
    local.write_text("\n".join(["import sys", f"sys.path.insert(0, {str(ROOT)!r})",
                                "from pelicanconf import *  # noqa", *common,
                                "OUTPUT_PATH = 'output'", "CACHE_PATH = 'cache'", ""]))
    published = hub / "publishedconf.py"
    published.write_text("\n".join([
        "import sys", f"sys.path.insert(0, {str(ROOT)!r})", "from publishconf import *  # noqa",
        *common, f"SITEURL = {PUBLIC!r}",
        # the repository's publishconf.py, as imported: its own folder and caches, relative here
        "assert (OUTPUT_PATH, CACHE_PATH) == ('output.publish', 'cache/publish')",
        f"CHORUS_DEPLOY = {{'target': 'folder', 'path': {str(hub / 'www')!r}}}", ""]))
    return local, published


def test_publish_leaves_the_preview_alone_and_deploy_sends_the_published_build(tmp_path, capsys):
    import tasks
    from invoke import Context

    local, published = _confs(tmp_path)
    preview = tasks._run_build(str(local), "2026-11-22", False, None, False)
    home = tmp_path / "output" / "index.html"
    before, shown = home.stat(), os.readlink(tmp_path / "output")
    assert preview.output == tmp_path / "output" and 'href="/theme/css/chorus.css"' in home.read_text()

    result = tasks._run_build(str(published), "2026-11-22", False, None, False, publish=True)
    live = tmp_path / "output.publish"
    assert result.output == live and live.is_symlink()
    assert os.readlink(live).startswith("output.publish.2")
    assert f'href="{PUBLIC}/theme/css/chorus.css"' in (live / "index.html").read_text()
    assert (tmp_path / "output.publish.lock").exists() and (tmp_path / "cache" / "publish").is_dir()
    after = home.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert os.readlink(tmp_path / "output") == shown                   # still the preview's build
    assert 'href="/theme/css/chorus.css"' in home.read_text()
    deployed = (tmp_path / "www" / "index.html").read_bytes()
    assert deployed == (live / "index.html").read_bytes()

    (tmp_path / "www" / "index.html").unlink()
    tasks.deploy(Context(), conf=str(published))
    assert "Deployed: " in capsys.readouterr().out
    assert (tmp_path / "www" / "index.html").read_bytes() == (live / "index.html").read_bytes()


def test_a_build_of_output_keeps_the_switch_link_of_output_publish(tmp_path):
    live = tmp_path / "output"
    theirs = tmp_path / f"{output.TEMP_PREFIX}output.publish.0a1b2c3d"
    killed = tmp_path / f"{output.TEMP_PREFIX}output.0a1b2c3d"
    for link in (theirs, killed):
        os.symlink("somewhere", link)
    output.prepare_staging(live, seed=False)
    assert theirs.is_symlink() and not killed.is_symlink()


def test_publish_says_where_the_build_is_for(capsys, tmp_path):
    import datetime as dt

    import tasks

    built = tmp_path / "output.publish"
    for name in ("index.html", "stories/a/index.html", "stories/a/card.png", "feeds/all.atom.xml"):
        (built / name).parent.mkdir(parents=True, exist_ok=True)
        (built / name).write_text("x")
    result = site.BuildResult(built, dt.date(2026, 11, 22), 1.0)
    tasks._report(result, siteurl=PUBLIC)
    said = capsys.readouterr().out
    assert "2 pages, 4 files" in said
    assert f"Built for {PUBLIC}" in said and "./hub serve` and open" not in said
    assert "output.publish/" in said
