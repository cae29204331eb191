"""Contact data encryption (R-8.3, R-8.4): AES-GCM, key id in the ciphertext, rotation."""

from __future__ import annotations

import os

import pytest
from cryptography.exceptions import InvalidTag

from orderflow.intake.crypto import PiiCipher, UnknownKeyError

pytestmark = pytest.mark.unit
OLD, NEW = os.urandom(32), os.urandom(32)


def test_round_trip_names_the_key_and_hides_the_text() -> None:
    cipher = PiiCipher({"k1": OLD}, "k1")
    sealed = cipher.encrypt("Erika Mustermann", "customers.name")
    assert sealed.startswith("v1.k1.")
    assert "Erika" not in sealed
    assert cipher.decrypt(sealed, "customers.name") == "Erika Mustermann"


def test_same_text_encrypts_differently_each_time() -> None:
    cipher = PiiCipher({"k1": OLD}, "k1")
    assert cipher.encrypt("a@b.de", "c") != cipher.encrypt("a@b.de", "c")


def test_a_value_moved_to_another_column_does_not_decrypt() -> None:
    cipher = PiiCipher({"k1": OLD}, "k1")
    with pytest.raises(InvalidTag):
        cipher.decrypt(cipher.encrypt("x", "customers.email"), "customers.phone")


def test_after_rotation_old_ciphertexts_still_decrypt_and_need_rotation() -> None:
    sealed = PiiCipher({"k1": OLD}, "k1").encrypt("+49 30 1234", "customers.phone")
    rotated = PiiCipher({"k1": OLD, "k2": NEW}, "k2")
    assert rotated.needs_rotation(sealed)
    assert rotated.decrypt(sealed, "customers.phone") == "+49 30 1234"
    assert not rotated.needs_rotation(rotated.encrypt("y", "c"))


def test_a_removed_key_is_named() -> None:
    sealed = PiiCipher({"k1": OLD}, "k1").encrypt("x", "c")
    with pytest.raises(UnknownKeyError):
        PiiCipher({"k2": NEW}, "k2").decrypt(sealed, "c")


def test_bad_key_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="active"):
        PiiCipher({"k1": OLD}, "k2")
    with pytest.raises(ValueError, match="32 bytes"):
        PiiCipher({"k1": b"short"}, "k1")
