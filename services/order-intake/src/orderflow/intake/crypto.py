"""Contact data encrypted at rest with AES-256-GCM; each ciphertext names its key (R-8.3, R-8.4)."""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from orderflow.intake.settings import IntakeSettings

_PREFIX = "v1"


class UnknownKeyError(LookupError):
    """A ciphertext names a key id the settings do not hold (a retired key was removed)."""


class PiiCipher:
    """Encrypts with the active key, decrypts with whichever key a ciphertext names.

    The ciphertext is `v1.<key id>.<nonce>.<sealed>` (base64url); the column name is the
    associated data, so a value copied into another column does not decrypt.
    """

    def __init__(self, keys: Mapping[str, bytes], active_key: str) -> None:
        if active_key not in keys:
            raise ValueError(f"the active PII key {active_key!r} is not among the keys")
        for key_id, key in keys.items():
            if len(key) != 32 or "." in key_id:
                raise ValueError(f"PII key {key_id!r} must be 32 bytes with a dot-free id")
        self._keys = {key_id: AESGCM(key) for key_id, key in keys.items()}
        self.active_key = active_key

    @classmethod
    def from_settings(cls, settings: IntakeSettings) -> PiiCipher:
        keys = {k: base64.b64decode(v.get_secret_value()) for k, v in settings.pii_keys.items()}
        return cls(keys, settings.pii_active_key)

    def encrypt(self, plaintext: str, column: str) -> str:
        nonce = os.urandom(12)
        sealed = self._keys[self.active_key].encrypt(nonce, plaintext.encode(), column.encode())
        return ".".join((_PREFIX, self.active_key, _b64(nonce), _b64(sealed)))

    def decrypt(self, ciphertext: str, column: str) -> str:
        _, key_id, nonce, sealed = ciphertext.split(".")
        aead = self._keys.get(key_id)
        if aead is None:
            raise UnknownKeyError(key_id)
        return aead.decrypt(_unb64(nonce), _unb64(sealed), column.encode()).decode()

    def encrypt_optional(self, plaintext: str | None, column: str) -> str | None:
        return None if plaintext is None else self.encrypt(plaintext, column)

    def decrypt_optional(self, ciphertext: str | None, column: str) -> str | None:
        return None if ciphertext is None else self.decrypt(ciphertext, column)

    def needs_rotation(self, ciphertext: str) -> bool:
        return ciphertext.split(".")[1] != self.active_key


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
