"""Order rows → the HTTP view (`OrderPublic`), decrypting the delivery address for the caller."""

from __future__ import annotations

import json
from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import RowMapping

from orderflow.intake.crypto import PiiCipher
from orderflow.intake.ordering import ADDRESS
from orderflow.intake.schemas.orders import HistoryEntry, OrderPublic, QuestionPublic, RiskPublic
from orderflow.runtime.db import as_utc


def address_lines(cipher: PiiCipher, row: RowMapping) -> list[str]:
    sealed = row["delivery_address_enc"]
    return list(json.loads(cipher.decrypt(sealed, ADDRESS))) if sealed else []


def order_public(
    cipher: PiiCipher, row: RowMapping, history: Sequence[RowMapping] = ()
) -> OrderPublic:
    snapshot = row["snapshot"]
    candidates: list[UUID] = []
    for entry in history:
        if entry["transition"] == "order.clarification_requested" and entry["why"]:
            candidates = [UUID(c) for c in entry["why"].get("duplicate_candidates", [])]
    return OrderPublic(
        id=UUID(row["id"]),
        customer_id=UUID(row["customer_id"]),
        status=row["status"],
        checked=row["checked"],
        channel=row["channel"],
        version=snapshot["version"],
        revision=snapshot["revision"],
        content=snapshot,
        delivery_address_lines=address_lines(cipher, row),
        received_at=as_utc(row["received_at"]),
        recorded_by=row["recorded_by"],
        source_reference=row["source_reference"],
        platform=row["platform"],
        platform_order_id=row["platform_order_id"],
        questions=[QuestionPublic.model_validate(q) for q in row["questions"]],
        duplicate_candidates=candidates,
        return_reasons=list(row["return_reasons"]),
        at_risk=bool(row["risks"]),
        risks=[RiskPublic.model_validate(r) for r in (row["risks"] or {}).values()],
        history=[
            HistoryEntry(
                transition=h["transition"],
                from_status=h["from_status"],
                to_status=h["to_status"],
                actor=h["actor"],
                at=as_utc(h["at"]),
                why=h["why"],
            )
            for h in history
        ],
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
    )
