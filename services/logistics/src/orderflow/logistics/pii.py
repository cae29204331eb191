"""Personal data at rest (recipient, signer names) sealed with AES-GCM, keys rotate (R-8.3)."""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from orderflow.logistics.settings import LogisticsSettings


class Sealer:
    """Seals with the current key; opens with any key still listed, named in the token."""

    def __init__(self, current: str, keys: dict[str, bytes]) -> None:
        self._current = current
        self._keys = {name: AESGCM(key) for name, key in keys.items()}

    @classmethod
    def from_settings(cls, settings: LogisticsSettings) -> Sealer:
        keys = {
            name: base64.b64decode(secret.get_secret_value())
            for name, secret in settings.pii_keys.items()
        }
        return cls(settings.pii_key_id, keys)

    def seal(self, text: str | None) -> str | None:
        if text is None:
            return None
        nonce = os.urandom(12)
        sealed = self._keys[self._current].encrypt(nonce, text.encode(), self._current.encode())
        return f"{self._current}:{base64.b64encode(nonce + sealed).decode()}"

    def open(self, token: str | None) -> str | None:
        if token is None:
            return None
        name, _, blob = token.partition(":")
        raw = base64.b64decode(blob)
        return self._keys[name].decrypt(raw[:12], raw[12:], name.encode()).decode()
