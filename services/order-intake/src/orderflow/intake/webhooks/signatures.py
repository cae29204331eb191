"""Webhook signature checks over the raw bytes, in constant time (pure; `now` passed in)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime


class SignatureError(ValueError):
    """The delivery is not from the platform: the reason is safe to answer and to count."""


def _hmac_b64(secret: bytes, content: bytes) -> bytes:
    return base64.b64encode(hmac.new(secret, content, hashlib.sha256).digest())


def verify_base64_hmac(secret: str, body: bytes, signature: str | None) -> None:
    """Shopify (`X-Shopify-Hmac-Sha256`) and WooCommerce (`X-WC-Webhook-Signature`)."""
    if not signature:
        raise SignatureError("missing signature header")
    if not hmac.compare_digest(_hmac_b64(secret.encode(), body), signature.strip().encode()):
        raise SignatureError("signature does not match the body")


def _standard_secret(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_"))


def verify_standard(
    secret: str, body: bytes, headers: Mapping[str, str], *, now: datetime, tolerance: int
) -> str:
    """Standard Webhooks: `v1,<base64>` over `id.timestamp.body`; returns the webhook id."""
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not (msg_id and timestamp and signatures):
        raise SignatureError("missing webhook-id, webhook-timestamp or webhook-signature")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise SignatureError("webhook-timestamp is not a Unix time") from None
    if abs(now.timestamp() - sent_at) > tolerance:
        raise SignatureError("webhook-timestamp is outside the replay window")
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = _hmac_b64(_standard_secret(secret), signed)
    for candidate in signatures.split():
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(expected, value.encode()):
            return msg_id
    raise SignatureError("no webhook-signature matches the body")


def sign_standard(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header value for an outbound delivery."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + _hmac_b64(_standard_secret(secret), signed).decode()
