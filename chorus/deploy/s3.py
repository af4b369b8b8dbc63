"""Deploy to S3-compatible object storage: upload only what changed (MD5 against the
ETag), with Content-Type and Cache-Control per kind of file; pages after assets,
deletions last, so a page never links to an object that is not there yet."""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from chorus.deploy.settings import DeployError, DeploySettings

logger = logging.getLogger(__name__)
_FINGERPRINTED = re.compile(r"(?:^|[.\-_])[0-9a-f]{10,}\.[A-Za-z0-9]+$")
_PAGES = (".html", ".xml", ".json")  # pages and feeds: they name the other files
_TEXT = ("application/json", "application/xml", "application/javascript", "image/svg+xml")


@dataclass(frozen=True)
class LocalFile:
    key: str
    path: Path
    md5: str


def content_type(name: str) -> str:
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if name.endswith(".json"):
        guessed = "application/json"
    if guessed.startswith("text/") or guessed in _TEXT:
        return f"{guessed}; charset=utf-8"
    return guessed


def cache_control(name: str, options: DeploySettings) -> str:
    if name.endswith(_PAGES):
        return options.html_cache
    if _FINGERPRINTED.search(name.rsplit("/", 1)[-1]):
        return options.asset_cache
    return options.other_cache


def local_files(build: Path, prefix: str) -> dict[str, LocalFile]:
    found = {}
    for path in sorted(build.rglob("*")):
        relative = path.relative_to(build).as_posix()
        if path.is_file() and not any(part.startswith(".git") for part in relative.split("/")):
            found[prefix + relative] = LocalFile(prefix + relative, path,
                                                 hashlib.md5(path.read_bytes()).hexdigest())
    return found


def client(options: DeploySettings):
    import boto3

    return boto3.client("s3", endpoint_url=options.endpoint_url or None,
                        region_name=options.region or None)


def remote_etags(s3, bucket: str, prefix: str) -> dict[str, str]:
    etags = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            etags[item["Key"]] = item["ETag"].strip('"')
    return etags


def deploy_s3(build: Path, options: DeploySettings, s3=None) -> str:
    """Sync ``build`` to the bucket; returns a one-line summary."""
    from botocore.exceptions import BotoCoreError, ClientError

    s3 = s3 or client(options)
    prefix = options.prefix
    try:
        remote = remote_etags(s3, options.bucket, prefix)
        files = local_files(build, prefix)
        changed = [item for key, item in files.items() if remote.get(key) != item.md5]
        changed.sort(key=lambda item: (item.key.endswith(_PAGES), item.key))
        for item in changed:
            s3.put_object(Bucket=options.bucket, Key=item.key, Body=item.path.read_bytes(),
                          ContentType=content_type(item.key),
                          CacheControl=cache_control(item.key, options))
        gone = sorted(remote.keys() - files.keys())
        for start in range(0, len(gone), 1000):
            s3.delete_objects(Bucket=options.bucket, Delete={
                "Objects": [{"Key": key} for key in gone[start:start + 1000]], "Quiet": True})
    except (BotoCoreError, ClientError) as err:
        raise DeployError(f"S3 deploy to bucket '{options.bucket}' failed: {err}") from None
    return (f"s3://{options.bucket}/{prefix}: {len(changed)} uploaded, "
            f"{len(files) - len(changed)} unchanged, {len(gone)} deleted")
