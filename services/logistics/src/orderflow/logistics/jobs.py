"""Deadlines logistics acts on: sending (and re-sending) delivery notices (R-5.1)."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope
from orderflow.contracts.logistics import DeliveryNoticeFailed, DeliveryNoticeSent, NoticeKind
from orderflow.contracts.snapshot import DeliveryPlace
from orderflow.logistics import models, notices, store
from orderflow.logistics.domain.notices import NoticeStatus, retry_at
from orderflow.logistics.mailer import Notice, NoticeFailedError, Notifier
from orderflow.logistics.pii import Sealer
from orderflow.logistics.settings import LogisticsSettings
from orderflow.runtime import outbox, scheduler
from orderflow.runtime.db import as_utc
from orderflow.runtime.scheduler import Job, JobHandler
from orderflow.runtime.service import ServiceState


def build(state: ServiceState, notifier: Notifier) -> Mapping[str, JobHandler]:
    settings = state.settings
    assert isinstance(settings, LogisticsSettings)
    table = models.delivery_notices
    sealer = Sealer.from_settings(settings)

    async def send_notice(job: Job, session: AsyncSession) -> None:
        """One attempt; its outcome is logged, a failure re-armed with backoff (R-5.1)."""
        notice_id = str(job.payload["notice_id"])
        row = (await session.execute(select(table).where(table.c.notice_id == notice_id))).first()
        if row is None or row.status in (NoticeStatus.SENT, NoticeStatus.FAILED):
            return
        now, attempt = state.clock.now(), row.attempts + 1
        order_id = UUID(row.order_id)
        shipment = await store.shipment_row(session, UUID(row.shipment_id))
        notice = Notice(
            order_id=order_id,
            kind=row.kind,
            expected_from=as_utc(row.expected_from),
            expected_until=as_utc(row.expected_until),
            tracking_number=shipment.tracking_number if shipment is not None else None,
            message=row.message,
        )
        where = table.c.notice_id == notice_id
        try:
            contact = await notifier.contact(order_id)
            message = notifier.compose(notice, contact)
            await notifier.send(message)
        except NoticeFailedError as failure:
            again = retry_at(attempt, now, settings.notice_retry_base_seconds)
            status = NoticeStatus.RETRYING if again else NoticeStatus.FAILED
            await session.execute(
                update(table)
                .where(where)
                .values(
                    status=status, attempts=attempt, last_error=failure.code, next_attempt_at=again
                )
            )
            if again is not None:
                key = notices.job_key(notice_id, attempt + 1)
                payload = {"notice_id": notice_id}
                await scheduler.schedule(session, notices.SEND_NOTICE, key, again, payload, now=now)
            failed = DeliveryNoticeFailed(
                notice_id=UUID(notice_id),
                attempt=attempt,
                error_code=failure.code,
                error=str(failure)[:200],
                will_retry=again is not None,
            )
            await outbox.add(session, Envelope.new(failed, order_id=order_id))
            return
        await session.execute(
            update(table)
            .where(where)
            .values(
                status=NoticeStatus.SENT,
                attempts=attempt,
                recipient=sealer.seal(contact.email),
                subject=str(message["Subject"]),
                sent_at=now,
                last_error=None,
                next_attempt_at=None,
            )
        )
        sent = DeliveryNoticeSent(
            notice_id=UUID(notice_id),
            shipment_id=UUID(row.shipment_id) if row.shipment_id else None,
            kind=NoticeKind(row.kind),
            expected_from=notice.expected_from,
            expected_until=notice.expected_until,
            place=DeliveryPlace.model_validate(row.place),
            attempt=attempt,
        )
        await outbox.add(session, Envelope.new(sent, order_id=order_id))

    return {notices.SEND_NOTICE: send_notice}
