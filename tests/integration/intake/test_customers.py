"""Customers (R-2.3, R-3.2) with contact data encrypted at rest and out of events (R-8.4)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import text

from orderflow.intake.crypto import PiiCipher
from orderflow.intake.keys import main as keys_main
from orderflow.intake.keys import rotate_keys
from orderflow.intake.settings import IntakeSettings
from tests.integration.intake.support import (
    CANARY,
    CANARY_STREET,
    customer_token,
    if_match,
    new_customer,
    order_body,
    place,
    staff,
)
from tests.support.service_app import RunningService, running_service

pytestmark = pytest.mark.integration


async def raw_dump(svc: RunningService) -> str:
    """Every row of every table, as the database holds it."""
    chunks = []
    async with svc.state.engine.connect() as conn:
        names = await conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        for name in names.scalars().all():
            rows = (await conn.execute(text(f'SELECT * FROM "{name}"'))).all()  # noqa: S608
            chunks.append(repr(rows))
    return "\n".join(chunks)


async def test_register_read_update_with_contact_data_encrypted(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        url = f"/v1/customers/{customer_id}"
        read = await svc.client.get(url, headers=staff(svc))
        assert read.json()["email"] == CANARY["email"]
        assert read.json()["address_lines"] == [CANARY_STREET]
        updated = await svc.client.patch(
            url,
            json={"phone": "+49 40 111", "tier": "gold"},
            headers={**staff(svc), **if_match(read)},
        )
        assert updated.status_code == 200
        assert (updated.json()["phone"], updated.json()["tier"]) == ("+49 40 111", "gold")
        stale = await svc.client.patch(
            url, json={"tier": "silver"}, headers={**staff(svc), **if_match(read)}
        )
        assert stale.status_code == 412
        events = await svc.published()
        assert [e.event_type for e in events] == ["customer.registered", "customer.updated"]
        assert events[0].subject == f"customer:{customer_id}"


async def test_the_database_and_events_hold_no_canary_pii(tmp_path: Path) -> None:
    """R-8.4: names, e-mails, phones and streets are ciphertext at rest and absent in events."""
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        await place(svc, order_body(customer_id), staff(svc))
        dump = await raw_dump(svc)
        for canary in [*CANARY.values(), CANARY_STREET]:
            assert canary not in dump
        assert "v1.dev1." in dump
        published = b"".join(e.to_bytes() for e in await svc.published())
        for canary in [*CANARY.values(), CANARY_STREET]:
            assert canary.encode() not in published


async def test_rotation_re_encrypts_everything_with_the_new_key(tmp_path: Path) -> None:
    """R-8.3: after rotation the old key can be removed and every value still reads."""
    new_key = base64.b64encode(os.urandom(32)).decode()
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        await place(svc, order_body(customer_id), staff(svc))
        old = svc.app.state.pii_cipher
        settings = svc.state.settings
        assert isinstance(settings, IntakeSettings)
        keys = {k: base64.b64decode(v.get_secret_value()) for k, v in settings.pii_keys.items()}
        rotated = PiiCipher({**keys, "k2": base64.b64decode(new_key)}, "k2")
        # The customer's name, e-mail, phone and address, and the order's street.
        assert await rotate_keys(svc.state.engine, rotated) == 5
        assert await rotate_keys(svc.state.engine, rotated) == 0
        dump = await raw_dump(svc)
        assert "v1.dev1." not in dump
        assert "v1.k2." in dump
        svc.app.state.pii_cipher = PiiCipher({"k2": base64.b64decode(new_key)}, "k2")
        read = await svc.client.get(f"/v1/customers/{customer_id}", headers=staff(svc))
        assert read.json()["name"] == CANARY["name"]
        assert old.active_key == "dev1"


async def test_the_rotate_command_rotates_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m orderflow.intake.keys rotate` reads the keys and database from settings."""
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        settings = svc.state.settings
        assert isinstance(settings, IntakeSettings)
        old = settings.pii_keys["dev1"].get_secret_value()
        new = base64.b64encode(os.urandom(32)).decode()
        monkeypatch.setenv("ORDERFLOW_INTAKE_DATABASE_URL", settings.database_url)
        monkeypatch.setenv("ORDERFLOW_INTAKE_PII_KEYS", json.dumps({"dev1": old, "k9": new}))
        monkeypatch.setenv("ORDERFLOW_INTAKE_PII_ACTIVE_KEY", "k9")
        assert await asyncio.to_thread(keys_main, ["rotate"]) == 0
        assert "re-encrypted 4 value(s)" in capsys.readouterr().out
        svc.app.state.pii_cipher = PiiCipher({"k9": base64.b64decode(new)}, "k9")
        read = await svc.client.get(f"/v1/customers/{customer_id}", headers=staff(svc))
        assert read.json()["email"] == CANARY["email"]


def test_the_rotate_command_needs_its_verb(capsys: pytest.CaptureFixture[str]) -> None:
    assert keys_main(["spin"]) == 2
    assert "usage" in capsys.readouterr().err


async def test_customers_see_only_themselves(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        mine, theirs = await new_customer(svc), await new_customer(svc)
        token = customer_token(svc, mine)
        assert (await svc.client.get(f"/v1/customers/{mine}", headers=token)).status_code == 200
        assert (await svc.client.get(f"/v1/customers/{theirs}", headers=token)).status_code == 404
        writer = svc.auth(
            "intake:customers:write", kind="customer", subject="c-mine", customer_id=mine
        )
        foreign_update = await svc.client.patch(
            f"/v1/customers/{theirs}", json={"tier": "gold"}, headers={**writer, "If-Match": '"1"'}
        )
        assert foreign_update.status_code == 404
        unchanged = await svc.client.get(f"/v1/customers/{theirs}", headers=staff(svc))
        assert unchanged.json()["tier"] == "standard"
