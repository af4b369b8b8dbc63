"""Photo intake: decode with a pixel limit, re-encode from pixels only.

What comes out is a fresh JPEG made from the decoded pixels with the EXIF
orientation applied, so EXIF (GPS included), XMP, ICC profiles and comments
of the upload are gone, and it is at most ``max_side`` pixels on its longest side.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from chorus.problems import ChorusError

FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


class PhotoError(ChorusError):
    """The upload is not a photo Chorus accepts; the message says why."""


@dataclass(frozen=True)
class PhotoLimits:
    max_bytes: int = 8_000_000
    max_pixels: int = 40_000_000     # about 7,700 x 5,200: any phone camera
    max_side: int = 1600             # longest side after resizing
    quality: int = 85


def process(data: bytes, limits: PhotoLimits = PhotoLimits()) -> bytes:
    """Return ``data`` re-encoded as a clean JPEG, or raise PhotoError naming the problem."""
    if not data:
        raise PhotoError("the photo file is empty")
    if len(data) > limits.max_bytes:
        raise PhotoError(f"the photo is {len(data):,} bytes; send one of at most {limits.max_bytes:,}")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=sorted(FORMATS))
            _check_size(image, limits)
            image.seek(0)
            image.load()
            image = ImageOps.exif_transpose(image)
        except PhotoError:
            raise
        except (UnidentifiedImageError, Image.DecompressionBombError,
                Image.DecompressionBombWarning) as err:
            raise PhotoError(_why(err)) from None
        except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as err:
            raise PhotoError(f"the photo could not be decoded ({type(err).__name__}); "
                             "send an undamaged JPEG, PNG or WebP file") from None
    return _encode(image, limits)


def _why(err: Exception) -> str:
    if isinstance(err, UnidentifiedImageError):
        return "the file is not a JPEG, PNG or WebP image; send a photo in one of those formats"
    return "the photo claims too many pixels to decode safely; send a smaller photo"


def _check_size(image: Image.Image, limits: PhotoLimits) -> None:
    width, height = image.size
    if width < 1 or height < 1:
        raise PhotoError("the photo has no pixels")
    if width * height > limits.max_pixels:
        raise PhotoError(f"the photo is {width}x{height} pixels; send one of at most "
                         f"{limits.max_pixels:,} pixels (e.g. 6000x4000)")


def _encode(image: Image.Image, limits: PhotoLimits) -> bytes:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    else:
        image = image.convert("RGB")
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    clean.thumbnail((limits.max_side, limits.max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=limits.quality, optimize=True)
    return out.getvalue()
