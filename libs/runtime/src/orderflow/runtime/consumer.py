"""Apply a message exactly once: inbox row and effect in one transaction, retries, then DLQ.

`handle_batch` applies several messages in one transaction with one inbox insert, so a
busy consumer pays one commit per batch instead of three round trips and a commit per
message; any failure rolls the whole batch back and it goes through `handle` one by one,
in order, with its retries and DLQ. A consumer may also give a `BatchHandler` that applies
all of a batch's fresh events at once (fewer statements than one handler call per event);
the one-by-one path still uses the per-event handlers, so the two must be equivalent."""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from orderflow.contracts import ContractError, Envelope, EventPayload, registry
from orderflow.runtime import inbox
from orderflow.runtime.messages import Message
from orderflow.runtime.web import logging as request_context

log = logging.getLogger(__name__)

# Connection-level failures heal by themselves; they must not send good messages to the DLQ.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)

Handler = Callable[[Envelope[EventPayload], AsyncSession], Awaitable[None]]
"""An inbound-event handler: translate the event and delegate; runs inside the inbox transaction."""

BatchHandler = Callable[[Sequence[Envelope[EventPayload]], AsyncSession], Awaitable[None]]
"""Applies a batch's fresh events, in order, inside the batch's inbox transaction.

Its effect must equal calling the event type's `Handler` for each event in turn: a failed
batch is replayed one by one with those handlers, and a batch of one takes that path too.
"""


class Outcome(enum.StrEnum):
    PROCESSED = "processed"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    DEAD_LETTERED = "dead_lettered"


class DeadLetterSink(Protocol):
    """Where a consumer puts a message it gave up on, with the error, so it can move on."""

    async def dead_letter(self, message: Message, consumer: str, error: str) -> None: ...


class Observer(Protocol):
    """Told what happened to each message (the service's metrics implement it)."""

    def event_consumed(self, consumer: str, event_type: str, outcome: str) -> None: ...
    def consumer_retried(self, consumer: str, event_type: str) -> None: ...
    def dead_lettered(self, consumer: str, event_type: str) -> None: ...


class _NoObserver:
    def event_consumed(self, consumer: str, event_type: str, outcome: str) -> None:
        return None

    def consumer_retried(self, consumer: str, event_type: str) -> None:
        return None

    def dead_lettered(self, consumer: str, event_type: str) -> None:
        return None


@dataclass
class EventConsumer:
    """One consumer (a Kafka consumer group): its handlers by event type and its database.

    `handlers` name the event types consumed (and so the topics); `batch_handler`, when
    given, replaces their calls on the batch fast path only (see `BatchHandler`).
    """

    name: str
    sessions: async_sessionmaker[AsyncSession]
    handlers: Mapping[str, Handler]
    dead_letters: DeadLetterSink
    max_attempts: int = 5
    backoff_seconds: float = 0.05
    observer: Observer = field(default_factory=_NoObserver)
    batch_handler: BatchHandler | None = None

    def topics(self) -> list[str]:
        """The producer topics that carry the event types this consumer handles."""
        types = registry.event_types()
        return sorted({registry.topic_for(types[t].producer) for t in self.handlers})

    async def handle(self, message: Message, *, dead_letter: bool = True) -> Outcome:
        """Apply the message once; never raises for a bad message (it is dead-lettered).

        `dead_letter=False` is for a retry of a dead letter: a failure leaves it where it is.
        """
        try:
            event = registry.decode(message.value)
        except ContractError as exc:  # a contract violation will not heal on retry
            return await self._give_up(
                message, message.header("event_type") or "?", str(exc), dead_letter
            )
        handler = self.handlers.get(event.event_type)
        if handler is None:
            return Outcome.IGNORED
        with _cause(message, event):
            return await self._handle(message, event, handler, dead_letter)

    async def handle_batch(self, messages: Sequence[Message]) -> None:
        """Apply the messages in order, exactly once each; never raises for a bad message.

        The fast path claims every event id in one inbox insert and runs the handlers in one
        transaction. A handler that raises, or a failed commit, rolls all of it back and the
        whole batch takes the one-by-one path (retries, DLQ) from its first message, so the
        order per key is kept and nothing is half applied: rollback is cheaper than a
        savepoint per message when failures are rare. A record that breaks the contract ends
        the fast path before it; it and the rest go one by one (it is dead-lettered there).
        """
        if len(messages) == 1:  # nothing to share
            await self.handle(messages[0])
            return
        decoded: list[Envelope[EventPayload]] = []
        for message in messages:
            try:
                decoded.append(registry.decode(message.value))
            except ContractError:
                break
        try:
            outcomes = await self._apply_batch(messages, decoded)
        except Exception:
            log.warning(
                "%s: batch of %s failed, one by one", self.name, len(decoded), exc_info=True
            )
            outcomes, decoded = [], []
        for event_type, outcome in outcomes:
            self.observer.event_consumed(self.name, event_type, outcome.value)
        for message in messages[len(decoded) :]:
            await self.handle(message)

    async def _apply_batch(
        self, messages: Sequence[Message], events: Sequence[Envelope[EventPayload]]
    ) -> list[tuple[str, Outcome]]:
        """The fast path: one transaction, one inbox insert; raises to roll all of it back."""
        mine = [e for e in events if e.event_type in self.handlers]
        async with self.sessions() as session, session.begin():
            fresh = await inbox.claim_many(
                session, self.name, [(str(e.event_id), e.event_type) for e in mine]
            )
            outcomes, todo = _triage(events, fresh, self.handlers)
            if self.batch_handler is not None:
                if todo:
                    with _cause(messages[todo[0]], events[todo[0]]):  # the first one's context
                        await self.batch_handler([events[i] for i in todo], session)
            else:
                for i in todo:
                    with _cause(messages[i], events[i]):
                        await self.handlers[events[i].event_type](events[i], session)
        return outcomes

    async def _handle(
        self,
        message: Message,
        event: Envelope[EventPayload],
        handler: Handler,
        dead_letter: bool,
    ) -> Outcome:
        error = ""
        attempt = 0
        while attempt < self.max_attempts:
            attempt += 1
            try:
                outcome = await self._apply(event, handler)
            except TRANSIENT as exc:  # the database is away: wait, do not spend the budget
                log.warning("%s: database unavailable (%s), waiting", self.name, exc)
                attempt -= 1
                await asyncio.sleep(self.backoff_seconds * 20)
                continue
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
                log.warning("%s failed on %s (attempt %s)", self.name, event.event_id, attempt)
                if attempt < self.max_attempts:
                    self.observer.consumer_retried(self.name, event.event_type)
                    await asyncio.sleep(self.backoff_seconds * 2 ** (attempt - 1))
                continue
            self.observer.event_consumed(self.name, event.event_type, outcome.value)
            return outcome
        return await self._give_up(message, event.event_type, error, dead_letter)

    async def _apply(self, event: Envelope[EventPayload], handler: Handler) -> Outcome:
        async with self.sessions() as session, session.begin():
            if not await inbox.claim(session, self.name, str(event.event_id), event.event_type):
                return Outcome.DUPLICATE
            await handler(event, session)
        return Outcome.PROCESSED

    async def _give_up(
        self, message: Message, event_type: str, error: str, dead_letter: bool
    ) -> Outcome:
        log.error(
            "%s gave up on %s at %s/%s: %s",
            self.name,
            event_type,
            message.topic,
            message.offset,
            error,
        )
        if dead_letter:
            await self.dead_letters.dead_letter(message, self.name, error)
            self.observer.dead_lettered(self.name, event_type)
        self.observer.event_consumed(self.name, event_type, Outcome.DEAD_LETTERED.value)
        return Outcome.DEAD_LETTERED


def _triage(
    events: Sequence[Envelope[EventPayload]], fresh: set[str], handlers: Mapping[str, Handler]
) -> tuple[list[tuple[str, Outcome]], list[int]]:
    """Each event's outcome, and the positions of those to apply (claimed now, first time).

    An event id twice in one batch is claimed once, so its second copy is a duplicate.
    """
    outcomes: list[tuple[str, Outcome]] = []
    todo: list[int] = []
    for i, event in enumerate(events):
        if event.event_type not in handlers:
            outcomes.append((event.event_type, Outcome.IGNORED))
        elif str(event.event_id) not in fresh:
            outcomes.append((event.event_type, Outcome.DUPLICATE))
        else:
            fresh.discard(str(event.event_id))
            todo.append(i)
            outcomes.append((event.event_type, Outcome.PROCESSED))
    return outcomes, todo


@contextmanager
def _cause(message: Message, event: Envelope[EventPayload]) -> Iterator[None]:
    """Logs and the events a handler emits carry the cause's correlation id and trace."""
    cid = request_context.correlation_id.set(str(event.correlation_id))
    parent = request_context.traceparent.set(message.header("traceparent") or event.traceparent)
    try:
        yield
    finally:
        request_context.correlation_id.reset(cid)
        request_context.traceparent.reset(parent)
