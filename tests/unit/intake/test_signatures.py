"""Webhook signature checks over the raw body (DESIGN §6, R-2.1)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime

import pytest

from orderflow.intake.webhooks.signatures import (
    SignatureError,
    sign_standard,
    verify_base64_hmac,
    verify_standard,
)

pytestmark = pytest.mark.unit
BODY = json.dumps({"id": 1, "total_price": "10.00"}).encode()
NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
STD = "whsec_" + base64.b64encode(b"0123456789abcdef0123").decode()


def shopify_signature(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def test_a_correct_hmac_passes() -> None:
    verify_base64_hmac("s3cret", BODY, shopify_signature("s3cret", BODY))


@pytest.mark.parametrize(
    ("body", "signature"),
    [
        (BODY.replace(b"10.00", b"11.00"), shopify_signature("s3cret", BODY)),  # tampered byte
        (json.dumps(json.loads(BODY), indent=1).encode(), shopify_signature("s3cret", BODY)),
        (BODY, shopify_signature("other", BODY)),
        (BODY, None),
        (BODY, ""),
    ],
    ids=["tampered-byte", "re-serialised", "wrong-secret", "missing", "empty"],
)
def test_anything_but_the_signed_bytes_fails(body: bytes, signature: str | None) -> None:
    with pytest.raises(SignatureError):
        verify_base64_hmac("s3cret", body, signature)


def headers(timestamp: int, signature: str | None = None) -> dict[str, str]:
    value = signature or sign_standard(STD, "msg_1", timestamp, BODY)
    return {"webhook-id": "msg_1", "webhook-timestamp": str(timestamp), "webhook-signature": value}


def test_standard_webhooks_accept_any_listed_v1_signature() -> None:
    now = int(NOW.timestamp())
    good = sign_standard(STD, "msg_1", now, BODY)
    assert verify_standard(STD, BODY, headers(now, f"v1,bogus {good}"), now=NOW, tolerance=300)


@pytest.mark.parametrize("age", [301, -301])
def test_standard_webhooks_outside_the_window_fail(age: int) -> None:
    """A replay older (or newer) than five minutes is refused even with a good signature."""
    with pytest.raises(SignatureError, match="replay window"):
        verify_standard(STD, BODY, headers(int(NOW.timestamp()) - age), now=NOW, tolerance=300)


def test_standard_webhooks_need_all_three_headers() -> None:
    incomplete = headers(int(NOW.timestamp()))
    del incomplete["webhook-id"]
    with pytest.raises(SignatureError, match="missing"):
        verify_standard(STD, BODY, incomplete, now=NOW, tolerance=300)


def test_standard_webhooks_reject_another_body() -> None:
    with pytest.raises(SignatureError):
        verify_standard(STD, BODY + b" ", headers(int(NOW.timestamp())), now=NOW, tolerance=300)
