"""Dead letters kept in the consumer's own database, where operators can see and retry them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from orderflow.runtime.messages import Message
from orderflow.runtime.tables import dead_letters


class TableDeadLetters:
    """Dead letters kept in the consumer's own database (the embedded mode's DLQ)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def dead_letter(self, message: Message, consumer: str, error: str) -> None:
        async with self._sessions() as session, session.begin():
            await session.execute(
                dead_letters.insert().values(
                    consumer=consumer,
                    topic=message.topic,
                    message_key=message.key,
                    value=message.value,
                    headers={k: v.decode(errors="replace") for k, v in message.headers},
                    error=error,
                    failed_at=datetime.now(UTC),
                )
            )
