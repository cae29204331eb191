"""Committed schemas are a contract: a breaking change needs a schema_version bump and export."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from orderflow.contracts import EventPayload, event_types
from orderflow.contracts.asyncapi import asyncapi_document
from orderflow.contracts.compat import breaking_changes
from orderflow.contracts.schema_export import (
    CONTRACTS_ROOT,
    event_schema,
    schema_filename,
    stale_files,
)

pytestmark = pytest.mark.unit

SCHEMAS = CONTRACTS_ROOT / "schemas"
EXPORT = "uv run python -m orderflow.contracts.schema_export"
ALL_TYPES = sorted(event_types().values(), key=lambda kind: kind.event_type)


@pytest.mark.parametrize("payload_type", ALL_TYPES, ids=lambda kind: kind.event_type)
def test_schema_is_committed_or_changed_compatibly(payload_type: type[EventPayload]) -> None:
    name, version = payload_type.event_type, payload_type.schema_version
    committed_file = SCHEMAS / schema_filename(payload_type)
    assert committed_file.exists(), f"{name} v{version} has no {committed_file.name}: run {EXPORT}"
    for older in range(1, version):
        kept = SCHEMAS / f"{name}.v{older}.json"
        assert kept.exists(), f"{kept.name} was deleted: keep every old version's schema"

    committed = json.loads(committed_file.read_text(encoding="utf-8"))
    changes = breaking_changes(committed, event_schema(payload_type))

    assert not changes, (
        f"{name} v{version} changed incompatibly ({'; '.join(map(str, changes))}):"
        f" bump schema_version and export ({EXPORT})"
    )


def test_every_committed_schema_belongs_to_a_registered_version() -> None:
    registry = event_types()
    for path in SCHEMAS.glob("*.json"):
        match = re.fullmatch(r"(?P<type>.+)\.v(?P<version>\d+)\.json", path.name)
        assert match, f"unexpected file {path.name}"
        kind = registry.get(match["type"])
        assert kind is not None, f"{match['type']} was removed from the catalog: that is breaking"
        assert int(match["version"]) <= kind.schema_version, path.name


def test_committed_files_are_what_the_code_generates() -> None:
    stale = [str(path.relative_to(CONTRACTS_ROOT)) for path in stale_files()]

    assert not stale, f"stale contract files {stale}: run {EXPORT}"


def test_asyncapi_has_a_channel_per_producer_and_every_message() -> None:
    document = asyncapi_document()

    assert document["asyncapi"] == "3.0.0"
    assert {channel["address"] for channel in document["channels"].values()} == {
        f"orderflow.{kind.producer}.events" for kind in ALL_TYPES
    }
    assert set(document["components"]["messages"]) == set(event_types())
    sent = {
        ref["$ref"].rsplit("/", 1)[-1]
        for operation in document["operations"].values()
        for ref in operation["messages"]
    }
    assert sent == set(event_types())


# The checker itself, on a small schema with a nested model in $defs.
BASE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "event_type": {"type": "string"},
        "payload": {"$ref": "#/$defs/Payload"},
    },
    "required": ["event_type", "payload"],
    "$defs": {
        "Payload": {
            "type": "object",
            "properties": {
                "quantity": {"type": "integer"},
                "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "line": {"$ref": "#/$defs/Line"},
            },
            "required": ["quantity", "line"],
        },
        "Line": {
            "type": "object",
            "properties": {"unit": {"type": "string", "enum": ["kg", "pcs"]}},
            "required": ["unit"],
        },
    },
}


def _edited(path: list[str], value: Any = None, *, delete: bool = False) -> dict[str, Any]:
    schema = copy.deepcopy(BASE)
    node = schema
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return schema


PAYLOAD = ["$defs", "Payload", "properties"]
LINE = ["$defs", "Line", "properties"]
REQUIRED = ["$defs", "Payload", "required"]


@pytest.mark.parametrize(
    ("new", "path", "kind"),
    [
        (_edited([*PAYLOAD, "note"], delete=True), "payload.note", "removed"),
        (_edited([*PAYLOAD, "quantity"], {"type": "string"}), "payload.quantity", "retyped"),
        (_edited([*LINE, "unit", "enum"], ["kg"]), "payload.line.unit", "retyped"),
        (_edited([*REQUIRED], ["quantity", "line", "note"]), "payload.note", "newly_required"),
        (_edited(["properties", "payload"], {"type": "string"}), "payload", "retyped"),
    ],
    ids=["removed", "retyped", "allowed-values", "became-required", "model-replaced"],
)
def test_the_checker_flags_breaking_changes(new: dict[str, Any], path: str, kind: str) -> None:
    changes = breaking_changes(BASE, new)

    assert [(change.path, change.kind) for change in changes] == [(path, kind)]


def test_a_new_required_nested_property_is_flagged() -> None:
    new = copy.deepcopy(BASE)
    new["$defs"]["Line"]["properties"]["grade"] = {"type": "string"}
    new["$defs"]["Line"]["required"] = ["unit", "grade"]

    assert [str(change) for change in breaking_changes(BASE, new)] == [
        "payload.line.grade: new required property"
    ]


def test_the_checker_accepts_a_new_optional_property_and_a_renamed_model() -> None:
    new = copy.deepcopy(BASE)
    new["$defs"]["Payload"]["properties"]["colour"] = {"type": "string", "default": "red"}
    new["$defs"]["OrderLine"] = new["$defs"].pop("Line")
    new["$defs"]["Payload"]["properties"]["line"] = {"$ref": "#/$defs/OrderLine"}
    new["$defs"]["Payload"]["properties"]["quantity"]["description"] = "how many"

    assert breaking_changes(BASE, new) == []
