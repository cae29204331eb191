"""What decoding an event can fail with; every message names the event type and the fields."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError


@dataclass(frozen=True)
class FieldError:
    """One failing field: a dotted path into the envelope (`payload.lines.0.quantity`)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ContractError(ValueError):
    """Bytes that are not a valid OrderFlow event."""


class UnknownEventType(ContractError):  # noqa: N818 - the name the services catch
    """The event type is not in this version of the contracts."""

    def __init__(self, event_type: str) -> None:
        super().__init__(f"unknown event type {event_type!r}")
        self.event_type = event_type


class InvalidEvent(ContractError):  # noqa: N818 - the name the services catch
    """The event does not match its schema; event_type is None when it could not be read."""

    def __init__(self, event_type: str | None, errors: tuple[FieldError, ...]) -> None:
        details = "; ".join(str(error) for error in errors)
        super().__init__(f"{event_type or '<no event type>'}: {details}")
        self.event_type = event_type
        self.errors = errors

    @classmethod
    def from_validation(cls, event_type: str, error: ValidationError) -> InvalidEvent:
        details = error.errors()
        locations = [detail["loc"] for detail in details]
        errors = tuple(
            # An empty loc is a rule about the whole envelope (e.g. its key).
            FieldError(".".join(str(part) for part in detail["loc"]) or "<envelope>", detail["msg"])
            for detail in details
            if not _echo(detail["type"], detail["loc"], locations)
        )
        return cls(event_type, errors)


def _echo(kind: str, loc: tuple[int | str, ...], locations: list[tuple[int | str, ...]]) -> bool:
    # A tuple whose bad item was dropped then also reports "too short": noise, not a cause.
    return kind == "too_short" and any(
        len(other) > len(loc) and other[: len(loc)] == loc for other in locations
    )
