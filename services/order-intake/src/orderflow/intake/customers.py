"""Customers: qualification facts in the clear (review needs them), contact data encrypted."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope
from orderflow.contracts.ids import uuid7
from orderflow.contracts.intake import CustomerRegistered, CustomerUpdated
from orderflow.intake.crypto import PiiCipher
from orderflow.intake.models import customers
from orderflow.intake.schemas.customers import CustomerCreate, CustomerPublic, CustomerUpdate
from orderflow.runtime import outbox
from orderflow.runtime.db import as_utc
from orderflow.runtime.web import ProblemError

# Contact columns and the plaintext fields they hold.
CONTACT = {"name": "name_enc", "email": "email_enc", "phone": "phone_enc"}
ADDRESS = "customers.address"
PROFILE = ("kind", "tier", "country", "registration_status", "registration_number", "blacklisted")


def _column(field: str) -> str:
    return f"customers.{field}"


def _sealed(cipher: PiiCipher, fields: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field, column in CONTACT.items():
        if field in fields:
            values[column] = cipher.encrypt_optional(fields[field], _column(field))
    if "address_lines" in fields:
        values["address_enc"] = cipher.encrypt(json.dumps(fields["address_lines"]), ADDRESS)
    return values


async def get(session: AsyncSession, customer_id: UUID | str) -> RowMapping | None:
    query = select(customers).where(customers.c.id == str(customer_id))
    return (await session.execute(query)).mappings().first()


async def register(
    session: AsyncSession,
    cipher: PiiCipher,
    body: CustomerCreate,
    *,
    partner_id: str | None,
    actor: str,
    now: datetime,
) -> str:
    customer_id = str(uuid7())
    fields = body.model_dump()
    values = {field: fields[field] for field in PROFILE if field in fields}
    await session.execute(
        insert(customers).values(
            id=customer_id,
            **values,
            blacklisted=False,
            partner_id=partner_id,
            **_sealed(cipher, fields),
            version=1,
            created_at=now,
            updated_at=now,
        )
    )
    row = await get(session, customer_id)
    assert row is not None
    await _publish(session, CustomerRegistered, row, actor, now)
    return customer_id


async def change(
    session: AsyncSession,
    cipher: PiiCipher,
    row: RowMapping,
    body: CustomerUpdate,
    *,
    actor: str,
    now: datetime,
) -> None:
    fields = body.model_dump(exclude_unset=True)
    profile = {f: fields[f] for f in PROFILE if f in fields}
    values = {**profile, **_sealed(cipher, fields)}
    result = await session.execute(
        update(customers)
        .where(customers.c.id == row["id"], customers.c.version == row["version"])
        .values(**values, version=row["version"] + 1, updated_at=now)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ProblemError(
            412, "precondition-failed", "Precondition failed", "the customer changed meanwhile"
        )
    if profile:  # contact changes stay inside intake: events carry no PII
        fresh = await get(session, row["id"])
        assert fresh is not None
        await _publish(session, CustomerUpdated, fresh, actor, now)


async def _publish(
    session: AsyncSession,
    kind: type[CustomerRegistered] | type[CustomerUpdated],
    row: RowMapping,
    actor: str,
    now: datetime,
) -> None:
    payload = kind(
        customer_id=UUID(row["id"]),
        kind=row["kind"],
        tier=row["tier"],
        country=row["country"],
        registration_status=row["registration_status"],
        registration_number=row["registration_number"],
        blacklisted=row["blacklisted"],
    )
    envelope = Envelope.new(payload, subject=f"customer:{row['id']}", actor=actor, occurred_at=now)
    await outbox.add(session, envelope)


def public(cipher: PiiCipher, row: RowMapping) -> CustomerPublic:
    address = row["address_enc"]
    return CustomerPublic(
        id=UUID(row["id"]),
        kind=row["kind"],
        name=cipher.decrypt(row["name_enc"], _column("name")),
        email=cipher.decrypt_optional(row["email_enc"], _column("email")),
        phone=cipher.decrypt_optional(row["phone_enc"], _column("phone")),
        address_lines=json.loads(cipher.decrypt(address, ADDRESS)) if address else [],
        country=row["country"],
        tier=row["tier"],
        registration_status=row["registration_status"],
        registration_number=row["registration_number"],
        blacklisted=row["blacklisted"],
        version=row["version"],
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
    )
