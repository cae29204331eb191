"""Key rotation for contact data: re-encrypt every ciphertext with the active key (R-8.3).

python -m orderflow.intake.keys rotate    # after adding the new key and making it active
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence

from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from orderflow.intake import customers
from orderflow.intake.crypto import PiiCipher
from orderflow.intake.models import customers as customers_table
from orderflow.intake.models import orders, partner_subscriptions, webhook_deliveries
from orderflow.intake.ordering import ADDRESS
from orderflow.intake.partners import outbound
from orderflow.intake.settings import IntakeSettings
from orderflow.runtime.db import create_engine
from orderflow.runtime.settings import load_settings

# Every encrypted column: its table, the column, and the associated data it was sealed with.
SEALED: tuple[tuple[Table, str, str], ...] = (
    *((customers_table, col, f"customers.{field}") for field, col in customers.CONTACT.items()),
    (customers_table, "address_enc", customers.ADDRESS),
    (orders, "delivery_address_enc", ADDRESS),
    (webhook_deliveries, "body_enc", "webhook_deliveries.body"),
    (partner_subscriptions, "secret_enc", outbound.SECRET),
)


async def rotate_keys(engine: AsyncEngine, cipher: PiiCipher, batch_size: int = 500) -> int:
    """Re-encrypt every value sealed with an older key; returns how many were rewritten.

    Safe to run again (it picks up only values not yet under the active key) and while the
    service runs (each row is rewritten only if its value is still what was read).
    """
    rewritten = 0
    for table, column, context in SEALED:
        col = table.c[column]
        async with engine.connect() as conn:
            rows = (await conn.execute(select(table.c.id, col).where(col.is_not(None)))).all()
        stale = [(row[0], row[1]) for row in rows if cipher.needs_rotation(row[1])]
        for start in range(0, len(stale), batch_size):
            async with engine.begin() as conn:
                for row_id, old in stale[start : start + batch_size]:
                    new = cipher.encrypt(cipher.decrypt(old, context), context)
                    result = await conn.execute(
                        update(table).where(table.c.id == row_id, col == old).values({column: new})
                    )
                    rewritten += result.rowcount
    return rewritten


async def _rotate_from_settings() -> int:
    settings = load_settings(IntakeSettings)
    engine = create_engine(settings.database_url)
    try:
        return await rotate_keys(engine, PiiCipher.from_settings(settings))
    finally:
        await engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args != ["rotate"]:
        print("usage: python -m orderflow.intake.keys rotate", file=sys.stderr)
        return 2
    count = asyncio.run(_rotate_from_settings())
    print(f"re-encrypted {count} value(s) with the active key")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
