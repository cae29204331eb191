"""A valid example of any payload type, built from its fields, so every event is tested."""

from __future__ import annotations

import types
import typing
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, TypeAdapter, ValidationError

from orderflow.contracts import Envelope, EventPayload, uuid7

M = TypeVar("M", bound=BaseModel)
P = TypeVar("P", bound=EventPayload)

TRACEPARENT = "00-" + "a" * 32 + "-" + "b" * 16 + "-01"
# Tried in order until one satisfies the field's constraints (patterns, bounds).
_CANDIDATES: dict[Any, tuple[Any, ...]] = {
    str: ("sample-1", "EUR", "DE", "ab" * 32),
    int: (1, 0),
    Decimal: (Decimal("12.50"), Decimal("1"), Decimal("0")),
    bool: (True,),
    date: (date(2030, 1, 15),),
    datetime: (datetime(2030, 1, 15, 9, 30, tzinfo=UTC),),
    AwareDatetime: (datetime(2030, 1, 15, 9, 30, tzinfo=UTC),),
}


def build(model: type[M]) -> M:
    """An instance with every field set, optional ones included."""
    values = {
        name: _value(field.annotation, list(field.metadata))
        for name, field in model.model_fields.items()
    }
    return model(**values)


def example_envelope(payload_type: type[P]) -> Envelope[P]:
    payload = build(payload_type)
    if payload_type.subject_kind is None:
        return Envelope.new(payload, order_id=uuid7(), actor="user:42", traceparent=TRACEPARENT)
    subject = f"{payload_type.subject_kind}:sample-1"
    return Envelope.new(payload, subject=subject, actor="user:42", traceparent=TRACEPARENT)


def _value(annotation: Any, metadata: list[Any]) -> Any:
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *extra = get_args(annotation)
        return _value(inner, [*metadata, *extra])
    if origin in (typing.Union, types.UnionType):
        return _value(next(arg for arg in get_args(annotation) if arg is not type(None)), metadata)
    if origin is tuple:
        count = max([1, *(getattr(item, "min_length", 0) for item in metadata)])
        return tuple(_value(get_args(annotation)[0], []) for _ in range(count))
    if origin is Literal:
        return get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return build(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return next(iter(annotation))
    if annotation is UUID:
        return uuid7()
    return _first_valid(annotation, metadata)


def _first_valid(annotation: Any, metadata: list[Any]) -> Any:
    adapter: TypeAdapter[Any] = TypeAdapter(
        Annotated[annotation, *metadata] if metadata else annotation
    )
    for candidate in _CANDIDATES[annotation]:
        try:
            return adapter.validate_python(candidate)
        except ValidationError:
            continue
    raise LookupError(f"no example for {annotation} with {metadata}; add a candidate")
