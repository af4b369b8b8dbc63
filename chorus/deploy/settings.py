"""``CHORUS_DEPLOY``: where a published build goes, read once into a frozen dataclass.

Credentials never live here: rsync uses your SSH keys (``ssh`` names the command
and its options), S3 the standard AWS variables or profile, git your remote's setup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chorus.namespaced import read_namespace
from chorus.problems import ChorusError, ConfigError

TARGETS = ("folder", "rsync", "s3", "git")
# Which keys each target reads; every other key given for it is a mistake.
_KEYS = {
    "folder": {"path", "keep"},
    "rsync": {"destination", "ssh"},
    "s3": {"bucket", "prefix", "endpoint_url", "region", "html_cache", "asset_cache", "other_cache"},
    "git": {"repository", "branch", "push", "author"},
}
_REQUIRED = {"folder": "path", "rsync": "destination", "s3": "bucket", "git": "repository"}


class DeployError(ChorusError):
    """A deploy target refused or failed; the message says which and why."""


@dataclass(frozen=True)
class DeploySettings:
    target: str = ""                 # "" (no deploy), "folder", "rsync", "s3" or "git"
    path: str = ""                   # folder: the folder the web server serves (becomes a symlink)
    keep: int = 2                    # folder: earlier deploys kept beside it
    destination: str = ""            # rsync: "user@host:/srv/www/hub"
    ssh: str = "ssh"                 # rsync: remote shell, e.g. "ssh -p 2222 -i ~/.ssh/deploy"
    bucket: str = ""                 # s3: bucket name
    prefix: str = ""                 # s3: key prefix, e.g. "hub/" ("" for the bucket's root)
    endpoint_url: str = ""           # s3: for S3-compatible storage (MinIO, R2, ...); "" for AWS
    region: str = ""                 # s3: region name ("" for the default)
    html_cache: str = "no-cache"     # s3: Cache-Control of pages and feeds
    asset_cache: str = "public, max-age=31536000, immutable"  # s3: fingerprinted files
    other_cache: str = "public, max-age=3600"                 # s3: everything else
    repository: str = ""             # git: path of a local repository (bare or not), e.g. "."
    branch: str = "gh-pages"         # git: branch the site is committed to
    push: str = ""                   # git: remote (name or URL) to push the branch to; "" = none
    author: str = "Chorus publisher <publisher@chorus.invalid>"  # git: author and committer

    @property
    def configured(self) -> bool:
        return bool(self.target)

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> DeploySettings:
        """Every problem in ``CHORUS_DEPLOY`` reported at once, as a ConfigError."""
        given, known, problems = read_namespace(settings, "CHORUS_DEPLOY", cls)
        target = given.get("target", "")
        if target not in ("", *TARGETS):
            problems.append(f"target '{target}' is not one of {', '.join(TARGETS)}")
        for key in sorted(given.keys() & known.keys()):
            want = int if key == "keep" else str
            if isinstance(given[key], bool) or not isinstance(given[key], want):
                problems.append(f"'{key}' must be {'a whole number' if want is int else 'text'}")
        if target in TARGETS:
            problems += [f"'{key}' is not used by the {target} target"
                         for key in sorted(given.keys() & known.keys() - _KEYS[target] - {"target"})]
            if not given.get(_REQUIRED[target]):
                problems.append(f"the {target} target needs '{_REQUIRED[target]}'")
        elif target == "" and given.keys() - {"target"}:
            problems.append("settings given without a 'target'")
        if isinstance(given.get("keep"), int) and given["keep"] < 0:
            problems.append("'keep' must be 0 or more")
        if problems:
            raise ConfigError("CHORUS_DEPLOY: " + "; ".join(problems))
        return cls(**{key: value for key, value in given.items() if key in known})
