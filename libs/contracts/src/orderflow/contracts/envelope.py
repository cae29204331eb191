"""The envelope every event travels in (DESIGN §3): identity, time, origin, key, trace, payload."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar, cast
from uuid import UUID

from pydantic import UUID7, Field, StringConstraints, model_validator

from orderflow.contracts.base import EventPayload, Producer
from orderflow.contracts.ids import uuid7
from orderflow.contracts.types import ActorRef, ContractModel, UtcDatetime

EVENT_TYPE_PATTERN = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"
Subject = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]*:\S{1,190}$")]
Traceparent = Annotated[
    str, StringConstraints(pattern=r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")
]

# Covariant: an Envelope[OrderSubmitted] is an Envelope[EventPayload] (envelopes are frozen).
P_co = TypeVar("P_co", bound=EventPayload, covariant=True)
Q = TypeVar("Q", bound=EventPayload)


class Envelope(ContractModel, Generic[P_co]):
    """One event on the wire; `Envelope[OrderSubmitted]` types the payload."""

    event_id: UUID7
    event_type: Annotated[str, StringConstraints(pattern=EVENT_TYPE_PATTERN)]
    schema_version: int = Field(ge=1)
    occurred_at: UtcDatetime
    producer: Producer
    order_id: UUID | None = None
    subject: Subject | None = None
    correlation_id: UUID
    causation_id: UUID | None = None
    traceparent: Traceparent | None = None
    actor: ActorRef | None = None
    payload: P_co

    @model_validator(mode="after")
    def _matches_payload(self) -> Envelope[P_co]:
        kind = type(self.payload)
        declared = (kind.event_type, kind.schema_version, kind.producer)
        if (self.event_type, self.schema_version, self.producer) != declared:
            raise ValueError(
                f"envelope says {self.event_type} v{self.schema_version} from {self.producer},"
                f" payload {kind.__name__} is {declared[0]} v{declared[1]} from {declared[2]}"
            )
        _check_key(kind, self.order_id, self.subject)
        return self

    @property
    def key(self) -> str:
        """The partition key: all events of one order (or one subject) stay in order."""
        return str(self.order_id) if self.order_id is not None else cast(str, self.subject)

    def to_bytes(self) -> bytes:
        """Compact JSON, UTF-8; decimals as strings, datetimes as ISO 8601 in UTC."""
        return self.model_dump_json().encode()

    def narrow(self, payload_type: type[Q]) -> Envelope[Q]:
        """This envelope typed by its payload class; TypeError if the payload is another."""
        if not isinstance(self.payload, payload_type):
            raise TypeError(f"{self.event_type} carries {type(self.payload).__name__}")
        return cast("Envelope[Q]", self)

    @classmethod
    def new(
        cls,
        payload: Q,
        *,
        order_id: UUID | None = None,
        subject: str | None = None,
        correlation_id: UUID | None = None,
        causation: Envelope[EventPayload] | None = None,
        actor: str | None = None,
        traceparent: str | None = None,
        occurred_at: datetime | None = None,
    ) -> Envelope[Q]:
        """A new event for `payload`; a `causation` event lends its correlation and trace."""
        kind = type(payload)
        if causation is not None:
            correlation_id = correlation_id or causation.correlation_id
            traceparent = traceparent or causation.traceparent
        return envelope_type(kind)(
            event_id=uuid7(),
            event_type=kind.event_type,
            schema_version=kind.schema_version,
            occurred_at=occurred_at or datetime.now(UTC),
            producer=kind.producer,
            order_id=order_id,
            subject=subject,
            correlation_id=correlation_id or uuid7(),
            causation_id=causation.event_id if causation is not None else None,
            traceparent=traceparent,
            actor=actor,
            payload=payload,
        )


def envelope_type(payload_type: type[Q]) -> type[Envelope[Q]]:
    """`Envelope[payload_type]` for a class known only at run time.

    Pydantic caches parametrized generics too, but its lookup costs more than validating a
    small event (profiled at up to 12 % of a consumer's CPU, bench/README.md); the event
    types are a closed set, so a plain dict holds them for good.
    """
    known = _ENVELOPES.get(payload_type)
    if known is None:
        known = cast("type[Envelope[Any]]", Envelope.__class_getitem__(payload_type))
        _ENVELOPES[payload_type] = known
    return cast("type[Envelope[Q]]", known)


_ENVELOPES: dict[type[EventPayload], type[Envelope[Any]]] = {}


def _check_key(kind: type[EventPayload], order_id: UUID | None, subject: str | None) -> None:
    if (order_id is None) == (subject is None):
        raise ValueError("exactly one of order_id and subject must be set")
    if kind.subject_kind is None and order_id is None:
        raise ValueError(f"{kind.event_type} is about one order: set order_id, not subject")
    if kind.subject_kind is not None and not (subject or "").startswith(f"{kind.subject_kind}:"):
        raise ValueError(f"{kind.event_type} is keyed by subject '{kind.subject_kind}:<id>'")
