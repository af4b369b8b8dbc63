"""The icons a build writes, drawn once and then kept under ``CACHE_PATH/chorus-icons/``.

Drawing the PNGs (each drawn four times larger, then scaled down and optimised) is
image work every build would repeat for the same bytes. The files are kept by a digest
of everything they are drawn from: the brand's colours, the file names and sizes, the
drawing code (``icons.py``) and the Pillow version; a change to any of them draws afresh,
and the previous digest's files are removed. Pillow is imported only when drawing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from chorus.brand import Brand
from chorus.output import TEMP_PREFIX, replace_bytes

from . import icons

FOLDER = "chorus-icons"


def inputs_digest(brand: Brand) -> str:
    """A short hash of what the icons are drawn from (see the module)."""
    import PIL   # the package's version only: PIL.Image is not loaded

    digest = hashlib.sha256(Path(icons.__file__).read_bytes())
    digest.update(json.dumps([brand.primary, brand.paper, brand.accent, icons.FILES,
                              PIL.__version__]).encode())
    return digest.hexdigest()[:20]


def icon_files(brand: Brand, cache: Path | None) -> dict[str, bytes]:
    """File name -> bytes of every icon, from ``cache`` (a folder) when it holds them,
    else drawn (and then kept there); ``cache`` None: always drawn."""
    if cache is None:
        return icons.icon_files(brand)
    key = inputs_digest(brand)
    try:
        return {name: (cache / f"{key}-{name}").read_bytes() for name, _size in icons.FILES.values()}
    except OSError:
        pass
    files = icons.icon_files(brand)
    cache.mkdir(parents=True, exist_ok=True)
    for stale in cache.iterdir():
        if not stale.name.startswith((f"{key}-", TEMP_PREFIX)):   # not another build's write
            stale.unlink(missing_ok=True)
    for name, data in files.items():
        replace_bytes(cache / f"{key}-{name}", data)
    return files
