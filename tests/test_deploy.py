"""Every deploy target, for real on this machine: a folder, rsync to sshd on loopback,
moto's S3 server, a bare git repository; each after create, change and withdrawal."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from chorus import building, output
from chorus.deploy import DeployError, DeploySettings, deploy
from chorus.deploy.rsync import rsync_passes
from chorus.deploy.s3 import cache_control, content_type
from chorus.problems import ConfigError
from conftest import FIXTURES, make_settings
from deployservers import have_ssh_tools, moto_s3, sshd

STORY = "stories/first-fifty-k/index.html"
GONE = "stories/second-wind/index.html"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


class Hub:
    """A tiny hub that is built, then changed (an edit) and then loses a story (a withdrawal)."""

    def __init__(self, root: Path):
        self.content = shutil.copytree(FIXTURES / "mini", root / "content")
        first = self.content / "stories" / "first-fifty-k.md"
        (self.content / "stories" / "second-wind.md").write_text(
            first.read_text().replace("Featured: yes\n", "").replace("The fifty", "A second wind"))
        self.live = root / "site" / "output"

    def build(self) -> Path:
        building.build_live(make_settings(self.content, self.live, CACHE_PATH=str(self.live.parent / "cache")))
        return output.live_build(self.live)

    def edit(self) -> Path:
        story = self.content / "stories" / "first-fifty-k.md"
        story.write_text(story.read_text() + "\nA moderator fixed a typo here.\n")
        return self.build()

    def withdraw(self) -> Path:
        story = self.content / "stories" / "second-wind.md"
        story.write_text(story.read_text().replace("Approved_by:", "Status: withdrawn\nApproved_by:"))
        return self.build()


@pytest.fixture
def hub(tmp_path) -> Hub:
    return Hub(tmp_path)


def test_deploy_settings_report_every_bad_key():
    with pytest.raises(ConfigError) as err:
        DeploySettings.from_settings({"CHORUS_DEPLOY": {"target": "s3", "buckt": "x", "path": "/srv",
                                                        "prefix": 3}})
    message = str(err.value)
    assert "unknown key 'buckt'" in message and "'path' is not used by the s3 target" in message
    assert "'prefix' must be text" in message and "the s3 target needs 'bucket'" in message
    with pytest.raises(ConfigError, match="not one of folder, rsync, s3, git"):
        DeploySettings.from_settings({"CHORUS_DEPLOY": {"target": "ftp"}})
    assert not DeploySettings.from_settings({}).configured


def test_folder_target_switches_the_served_folder_in_one_step(hub, tmp_path):
    served = tmp_path / "www" / "hub"
    settings = {"CHORUS_DEPLOY": {"target": "folder", "path": str(served), "keep": 1}}
    first = hub.build()
    deploy(settings, first, "2026-11-22")
    assert served.is_symlink() and tree(served) == tree(first)
    shown = output.live_build(served)
    second = hub.withdraw()
    deploy(settings, second, "2026-11-22")
    assert tree(served) == tree(second) and GONE not in tree(served)
    assert GONE in tree(shown)  # the previous deploy was never changed, only switched away from
    assert len(output.finished_builds(served)) == 2


@pytest.mark.skipif(not have_ssh_tools(), reason="needs openssh-server, openssh-client and rsync (.ci/run installs them)")
def test_rsync_over_ssh_to_a_real_sshd(hub, tmp_path):
    remote = tmp_path / "remote" / "www"
    with sshd(tmp_path / "sshd") as (ssh, login):
        settings = {"CHORUS_DEPLOY": {"target": "rsync", "destination": f"{login}:{remote}", "ssh": ssh}}
        for step in (hub.build, hub.edit, hub.withdraw):
            build = step()
            deploy(settings, build, "day")
            assert tree(remote) == tree(build)
    assert GONE not in tree(remote) and b"fixed a typo" in tree(remote)[STORY]


def test_rsync_sends_pages_after_everything_else():
    first, second = rsync_passes(Path("/b"), "u@h:/www", "ssh -p 22")
    assert "--exclude=*.html" in first and "--delete-delay" not in first
    assert "--delete-delay" in second and all("--delay-updates" in p for p in (first, second))
    assert first[-2:] == ["/b/", "u@h:/www/"]


def test_a_failing_rsync_is_one_clear_error(hub, tmp_path):
    settings = {"CHORUS_DEPLOY": {"target": "rsync", "destination": "nobody@127.0.0.1:/x",
                                  "ssh": "ssh -p 1 -o BatchMode=yes -o ConnectTimeout=2"}}
    with pytest.raises(DeployError, match="rsync to nobody@127.0.0.1:/x failed"):
        deploy(settings, hub.build(), "day")


class Recorder:
    """Passes calls to a real client and records which object each write touched."""

    def __init__(self, client):
        self.client, self.calls = client, []

    def __getattr__(self, name):
        method = getattr(self.client, name)

        def call(**kwargs):
            if name == "put_object":
                self.calls.append(("put", kwargs["Key"]))
            elif name == "delete_objects":
                self.calls += [("delete", item["Key"]) for item in kwargs["Delete"]["Objects"]]
            return method(**kwargs)
        return call if name in ("put_object", "delete_objects") else method


def test_s3_uploads_only_changes_with_headers_and_deletes_what_is_gone(hub, monkeypatch):
    import boto3

    from chorus.deploy import s3 as s3_target

    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):
        monkeypatch.setenv(name, value)
    with moto_s3() as endpoint:
        options = {"target": "s3", "bucket": "hub-site", "prefix": "hub/", "endpoint_url": endpoint}
        settings = {"CHORUS_DEPLOY": options}
        client = boto3.client("s3", endpoint_url=endpoint)
        client.create_bucket(Bucket="hub-site")
        recorder = Recorder(client)
        monkeypatch.setattr(s3_target, "client", lambda _options: recorder)

        def listing() -> dict[str, str]:
            pages = client.get_paginator("list_objects_v2").paginate(Bucket="hub-site", Prefix="hub/")
            return {item["Key"][4:]: item["ETag"] for page in pages for item in page.get("Contents", [])}

        first = hub.build()
        assert "uploaded" in deploy(settings, first, "day")
        assert listing().keys() == tree(first).keys()
        page = client.head_object(Bucket="hub-site", Key=f"hub/{STORY}")
        assert page["ContentType"] == "text/html; charset=utf-8" and page["CacheControl"] == "no-cache"
        card = next(key for key in listing() if key.startswith("cards/"))
        card_head = client.head_object(Bucket="hub-site", Key=f"hub/{card}")
        assert card_head["ContentType"] == "image/png" and "immutable" in card_head["CacheControl"]
        css = client.head_object(Bucket="hub-site", Key="hub/theme/css/chorus.css")
        assert css["ContentType"] == "text/css; charset=utf-8" and css["CacheControl"] == "public, max-age=3600"
        puts = [key[4:] for kind, key in recorder.calls if kind == "put"]
        assert puts.index(STORY) > max(i for i, key in enumerate(puts) if not key.endswith((".html", ".xml", ".json")))

        recorder.calls.clear()
        before = listing()
        second = hub.edit()
        deploy(settings, second, "day")
        changed = {key[4:] for kind, key in recorder.calls if kind == "put"}
        deleted = {key[4:] for kind, key in recorder.calls if kind == "delete"}
        assert STORY in changed and "theme/css/chorus.css" not in changed
        after = listing()
        assert changed == {key for key, etag in after.items() if before.get(key) != etag}
        assert deleted == before.keys() - after.keys()  # the edited story's old share card
        assert after.keys() == tree(second).keys()
        assert 0 < len(changed) < len(before) / 2  # only what changed went up

        recorder.calls.clear()
        third = hub.withdraw()
        deploy(settings, third, "day")
        assert listing().keys() == tree(third).keys() and GONE not in listing()
        kinds = [kind for kind, _key in recorder.calls]
        assert ("delete", f"hub/{GONE}") in recorder.calls and kinds.index("delete") > max(
            i for i, kind in enumerate(kinds) if kind == "put")  # deletions after every upload


@pytest.mark.parametrize("name, kind, cache", [
    ("index.html", "text/html; charset=utf-8", "no-cache"),
    ("feeds/stories.atom.xml", "application/xml; charset=utf-8", "no-cache"),
    ("feeds/stories.json", "application/json; charset=utf-8", "no-cache"),
    ("cards/stories-x-937e1c67ba.png", "image/png", "public, max-age=31536000, immutable"),
    ("theme/images/logo.svg", "image/svg+xml; charset=utf-8", "public, max-age=3600"),
    ("images/advocates/maya.jpg", "image/jpeg", "public, max-age=3600"),
])
def test_s3_headers_per_kind_of_file(name, kind, cache):
    assert content_type(name) == kind
    assert cache_control(name, DeploySettings(target="s3", bucket="b")) == cache


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_git_branch_target_commits_each_build_and_pushes(hub, tmp_path):
    repo, mirror = tmp_path / "pages.git", tmp_path / "mirror.git"
    for bare in (repo, mirror):
        subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    settings = {"CHORUS_DEPLOY": {"target": "git", "repository": str(repo), "branch": "gh-pages",
                                  "push": str(mirror), "author": "Hub Publisher <publish@example.org>"}}
    first = hub.build()
    assert "committed" in deploy(settings, first, "as of 2026-11-22 (build 1)")
    files = set(git(repo, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    assert files == set(tree(first)) | {".nojekyll"}
    assert git(repo, "log", "-1", "--format=%an <%ae>|%s", "gh-pages") == \
        "Hub Publisher <publish@example.org>|Publish the hub: as of 2026-11-22 (build 1)"
    assert "already holds this build" in deploy(settings, first, "again")
    assert git(repo, "rev-list", "--count", "gh-pages") == "1"
    deploy(settings, hub.withdraw(), "withdrawal")
    assert git(repo, "rev-list", "--count", "gh-pages") == "2"
    assert GONE not in git(repo, "ls-tree", "-r", "--name-only", "gh-pages")
    assert git(mirror, "rev-parse", "gh-pages") == git(repo, "rev-parse", "gh-pages")
    shown = git(repo, "show", f"gh-pages:{STORY}")
    assert shown.encode() == tree(output.live_build(hub.live))[STORY].strip()


def test_deploy_without_a_target_or_a_build_says_what_to_do(hub, tmp_path):
    with pytest.raises(DeployError, match="set CHORUS_DEPLOY"):
        deploy({}, tmp_path, "day")
    with pytest.raises(DeployError, match="build it first"):
        deploy({"CHORUS_DEPLOY": {"target": "folder", "path": str(tmp_path / "w")}}, tmp_path, "day")
