"""Partner subscriptions: which URL gets which of the partner's order events."""

from __future__ import annotations

import base64
import os
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts.ids import uuid7
from orderflow.intake.crypto import PiiCipher
from orderflow.intake.models import partner_deliveries, partner_delivery_attempts
from orderflow.intake.models import partner_subscriptions as subscriptions
from orderflow.intake.partners.outbound import SECRET


async def subscribe(
    session: AsyncSession,
    cipher: PiiCipher,
    *,
    partner_id: str,
    url: str,
    event_types: list[str],
    now: datetime,
) -> str:
    """A new subscription with its own signing secret (read once via its secret endpoint)."""
    subscription_id = str(uuid7())
    secret = "whsec_" + base64.b64encode(os.urandom(24)).decode()
    await session.execute(
        insert(subscriptions).values(
            id=subscription_id,
            partner_id=partner_id,
            url=url,
            event_types=event_types,
            secret_enc=cipher.encrypt(secret, SECRET),
            active=True,
            created_at=now,
        )
    )
    return subscription_id


async def get(session: AsyncSession, subscription_id: str) -> RowMapping | None:
    query = select(subscriptions).where(subscriptions.c.id == subscription_id)
    return (await session.execute(query)).mappings().first()


async def of_partner(session: AsyncSession, partner_id: str | None) -> list[RowMapping]:
    query = select(subscriptions).order_by(subscriptions.c.id)
    if partner_id is not None:
        query = query.where(subscriptions.c.partner_id == partner_id)
    return list((await session.execute(query)).mappings().all())


async def delivery_log(session: AsyncSession, subscription_id: str) -> list[dict[str, Any]]:
    """Every delivery of the subscription, newest first, each with its attempts."""
    deliveries = (
        (
            await session.execute(
                select(partner_deliveries)
                .where(partner_deliveries.c.subscription_id == subscription_id)
                .order_by(partner_deliveries.c.id.desc())
            )
        )
        .mappings()
        .all()
    )
    log = []
    for delivery in deliveries:
        attempts = (
            (
                await session.execute(
                    select(partner_delivery_attempts)
                    .where(partner_delivery_attempts.c.delivery_id == delivery["id"])
                    .order_by(partner_delivery_attempts.c.attempt)
                )
            )
            .mappings()
            .all()
        )
        log.append({**dict(delivery), "attempts_log": [dict(a) for a in attempts]})
    return log


async def delivery(session: AsyncSession, delivery_id: str) -> RowMapping | None:
    query = select(partner_deliveries).where(partner_deliveries.c.id == delivery_id)
    return (await session.execute(query)).mappings().first()
