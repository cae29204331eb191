"""Notice retry policy (R-5.1), signature images (R-5.3), visit rules (R-5.4)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from orderflow.contracts.types import SiteServiceKind as K
from orderflow.logistics.domain.notices import MAX_ATTEMPTS, retry_at
from orderflow.logistics.domain.signature import BadSignatureError, validate_png
from orderflow.logistics.domain.visits import VisitRefusedError, check_completion, check_schedule

pytestmark = pytest.mark.unit
NOW = datetime(2026, 1, 5, 9, tzinfo=UTC)


def png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", size, 255).save(buffer, format="PNG")
    return buffer.getvalue()


def test_failed_notices_back_off_and_stop_after_the_last_attempt() -> None:
    assert retry_at(1, NOW, 60) == NOW + timedelta(seconds=60)
    assert retry_at(3, NOW, 60) == NOW + timedelta(seconds=240)
    assert retry_at(MAX_ATTEMPTS, NOW, 60) is None


def test_a_png_within_the_limit_is_accepted() -> None:
    assert validate_png(png((200, 60)), max_bytes=10_000) == (200, 60)


@pytest.mark.parametrize(
    "data",
    [b"", b"GIF89a....", png((10, 10))[:30], png((3000, 2000))],
    ids=["empty", "not-png", "truncated", "too-many-pixels"],
)
def test_bad_signature_images_are_refused(data: bytes) -> None:
    with pytest.raises(BadSignatureError):
        validate_png(data, max_bytes=1_000_000)


def test_a_signature_over_the_size_limit_is_refused() -> None:
    image = png((200, 60))
    with pytest.raises(BadSignatureError, match="larger than"):
        validate_png(image, max_bytes=len(image) - 1)


def test_visits_only_for_services_the_order_asks_for_and_only_once() -> None:
    """R-5.4."""
    later = NOW + timedelta(hours=4)
    check_schedule((K.INSTALLATION,), [K.INSTALLATION], NOW, later)
    with pytest.raises(VisitRefusedError):
        check_schedule((K.INSTALLATION,), [K.TRAINING], NOW, later)
    with pytest.raises(VisitRefusedError):
        check_schedule((K.INSTALLATION,), [K.INSTALLATION], later, NOW)
    check_completion("scheduled", NOW, later)
    with pytest.raises(VisitRefusedError):
        check_completion("completed", NOW, later)
