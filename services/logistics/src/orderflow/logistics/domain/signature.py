"""A signature image must be a real, modest PNG (R-5.3)."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_PIXELS = 4_000_000


class BadSignatureError(ValueError):
    """The upload is not an acceptable signature image (answered as 422)."""


def validate_png(data: bytes, max_bytes: int) -> tuple[int, int]:
    """The image's (width, height) if `data` is a decodable PNG within the limits."""
    if not data:
        raise BadSignatureError("the signature image is empty")
    if len(data) > max_bytes:
        raise BadSignatureError(f"the signature image is larger than {max_bytes} bytes")
    if not data.startswith(PNG_MAGIC):
        raise BadSignatureError("the signature image must be a PNG")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise BadSignatureError("the signature image must be a PNG")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise BadSignatureError("the signature image has too many pixels")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise BadSignatureError("the signature image is not a readable PNG") from exc
    return width, height
