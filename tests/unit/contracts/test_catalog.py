"""The catalog: every producer publishes, names are past-tense facts, no PII, R-ids cited."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from orderflow.contracts import (
    PRODUCERS,
    EventPayload,
    aftersales,
    event_types,
    intake,
    logistics,
    procurement,
    production,
    review,
)
from orderflow.contracts.schema_export import event_schema

pytestmark = pytest.mark.unit

ALL_TYPES = sorted(event_types().values(), key=lambda kind: kind.event_type)
CATALOGS = {
    "intake": intake,
    "review": review,
    "production": production,
    "procurement": procurement,
    "logistics": logistics,
    "aftersales": aftersales,
}
IRREGULAR_PAST = {"sent", "chosen", "withdrawn"}
PII = re.compile(r"name|phone|e_?mail|address|contact|street|birth")
IDENTIFIER = re.compile(r"_(id|ids|ref)$")


def _property_names(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        properties = node.get("properties")
        if isinstance(properties, Mapping):
            yield from properties
        for value in node.values():
            yield from _property_names(value)
    elif isinstance(node, list):
        for value in node:
            yield from _property_names(value)


def test_every_producing_service_publishes_and_reporting_does_not() -> None:
    producers = {kind.producer for kind in event_types().values()}

    assert producers == set(PRODUCERS) - {"reporting"}


@pytest.mark.parametrize(("producer", "catalog"), CATALOGS.items(), ids=list(CATALOGS))
def test_each_catalog_holds_its_own_producers_events(producer: str, catalog: Any) -> None:
    events: tuple[type[EventPayload], ...] = catalog.EVENTS

    assert events
    assert {kind.producer for kind in events} == {producer}


@pytest.mark.parametrize("payload_type", ALL_TYPES, ids=lambda kind: kind.event_type)
def test_event_types_are_noun_dot_past_tense(payload_type: type[EventPayload]) -> None:
    noun, _, verb = payload_type.event_type.partition(".")
    last_word = verb.rsplit("_", 1)[-1]

    assert re.fullmatch(r"[a-z][a-z0-9_]*", noun)
    assert re.fullmatch(r"[a-z][a-z0-9_]*", verb)
    assert last_word.endswith("ed") or last_word in IRREGULAR_PAST, payload_type.event_type


@pytest.mark.parametrize("payload_type", ALL_TYPES, ids=lambda kind: kind.event_type)
def test_no_payload_carries_personal_data(payload_type: type[EventPayload]) -> None:
    schema = event_schema(payload_type)

    suspicious = {
        name for name in _property_names(schema) if PII.search(name) and not IDENTIFIER.search(name)
    }

    assert not suspicious, f"{payload_type.event_type} has PII-like fields {suspicious}"


@pytest.mark.parametrize("payload_type", ALL_TYPES, ids=lambda kind: kind.event_type)
def test_every_event_says_which_requirements_it_serves(payload_type: type[EventPayload]) -> None:
    assert re.search(r"\bR-\d+\.\d+\b", payload_type.__doc__ or ""), payload_type.event_type


def test_the_pii_guard_catches_a_contact_field() -> None:
    schema: dict[str, Any] = {
        "properties": {"customer_id": {}, "contact_phone": {}, "signer_name": {}}
    }

    names = {name for name in _property_names(schema) if PII.search(name)}
    flagged = {name for name in names if not IDENTIFIER.search(name)}

    assert flagged == {"contact_phone", "signer_name"}
