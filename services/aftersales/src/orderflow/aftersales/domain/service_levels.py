"""First-response and resolution windows per ticket kind and priority (R-7.3), as data.

These are the company defaults; `PUT /v1/service-levels/{kind}/{priority}` overrides them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from orderflow.contracts.aftersales import Priority, TicketKind


@dataclass(frozen=True)
class ServiceLevel:
    first_response: timedelta
    resolution: timedelta


def _hours(first_response: float, resolution: float) -> ServiceLevel:
    return ServiceLevel(timedelta(hours=first_response), timedelta(hours=resolution))


DEFAULT_SERVICE_LEVELS: dict[tuple[TicketKind, Priority], ServiceLevel] = {
    (TicketKind.COMPLAINT, Priority.URGENT): _hours(1, 24),
    (TicketKind.COMPLAINT, Priority.HIGH): _hours(4, 48),
    (TicketKind.COMPLAINT, Priority.NORMAL): _hours(8, 72),
    (TicketKind.COMPLAINT, Priority.LOW): _hours(24, 120),
    (TicketKind.WARRANTY, Priority.URGENT): _hours(2, 48),
    (TicketKind.WARRANTY, Priority.HIGH): _hours(4, 96),
    (TicketKind.WARRANTY, Priority.NORMAL): _hours(8, 168),
    (TicketKind.WARRANTY, Priority.LOW): _hours(24, 240),
    (TicketKind.TECH_SUPPORT, Priority.URGENT): _hours(1, 8),
    (TicketKind.TECH_SUPPORT, Priority.HIGH): _hours(2, 24),
    (TicketKind.TECH_SUPPORT, Priority.NORMAL): _hours(8, 48),
    (TicketKind.TECH_SUPPORT, Priority.LOW): _hours(24, 96),
}
