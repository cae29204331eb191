"""The AsyncAPI 3.0 document of every topic and message, generated from the registry."""

from __future__ import annotations

import inspect
from importlib.metadata import version
from typing import Any

from pydantic.json_schema import models_json_schema

from orderflow.contracts.base import EventPayload
from orderflow.contracts.envelope import envelope_type
from orderflow.contracts.registry import event_types, topic_for

_KAFKA_BINDING = "0.5.0"


def asyncapi_document() -> dict[str, Any]:
    """Channels = one per producer topic, messages = event types, one send operation each."""
    payload_types = sorted(event_types().values(), key=lambda kind: kind.event_type)
    refs, definitions = models_json_schema(
        [(envelope_type(kind), "validation") for kind in payload_types],
        ref_template="#/components/schemas/{model}",
    )
    schemas: dict[str, Any] = definitions["$defs"]
    messages: dict[str, Any] = {}
    for kind in payload_types:
        ref = refs[(envelope_type(kind), "validation")]["$ref"]
        pin_identity(schemas[ref.rsplit("/", 1)[-1]], kind)
        messages[kind.event_type] = _message(kind, ref)
    producers = sorted({kind.producer for kind in payload_types})
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "OrderFlow events",
            "version": version("orderflow-contracts"),
            "description": "Order-lifecycle events, one topic per producing service. Dead"
            " letters go to orderflow.<consumer>.dlq with the original bytes and headers.",
        },
        "defaultContentType": "application/json",
        "channels": {
            producer: _channel(producer, [k for k in payload_types if k.producer == producer])
            for producer in producers
        },
        "operations": {
            f"{producer}.publish": _operation(producer, payload_types) for producer in producers
        },
        "components": {"messages": messages, "schemas": schemas},
    }


def pin_identity(schema: dict[str, Any], kind: type[EventPayload]) -> None:
    """Make the envelope's event_type, schema_version and producer constants of this event."""
    properties = schema["properties"]
    properties["event_type"] = {"const": kind.event_type, "type": "string"}
    properties["schema_version"] = {"const": kind.schema_version, "type": "integer"}
    properties["producer"] = {"const": kind.producer, "type": "string"}
    schema["title"] = f"{kind.event_type} v{kind.schema_version}"
    schema["description"] = inspect.cleandoc(kind.__doc__ or "")


def _message(kind: type[EventPayload], schema_ref: str) -> dict[str, Any]:
    if kind.subject_kind is None:
        key = {"type": "string", "format": "uuid", "description": "order_id"}
    else:
        key = {"type": "string", "pattern": f"^{kind.subject_kind}:", "description": "subject"}
    return {
        "name": kind.event_type,
        "title": f"{kind.event_type} v{kind.schema_version}",
        "summary": inspect.cleandoc(kind.__doc__ or "").split("\n\n")[0].replace("\n", " "),
        "contentType": "application/json",
        "payload": {"$ref": schema_ref},
        "bindings": {"kafka": {"key": key, "bindingVersion": _KAFKA_BINDING}},
    }


def _channel(producer: str, kinds: list[type[EventPayload]]) -> dict[str, Any]:
    return {
        "address": topic_for(producer),
        "description": f"Every event {producer} publishes, keyed by order id or subject.",
        "messages": {
            kind.event_type: {"$ref": f"#/components/messages/{kind.event_type}"} for kind in kinds
        },
        "bindings": {"kafka": {"topic": topic_for(producer), "bindingVersion": _KAFKA_BINDING}},
    }


def _operation(producer: str, payload_types: list[type[EventPayload]]) -> dict[str, Any]:
    return {
        "action": "send",
        "channel": {"$ref": f"#/channels/{producer}"},
        "messages": [
            {"$ref": f"#/channels/{producer}/messages/{kind.event_type}"}
            for kind in payload_types
            if kind.producer == producer
        ],
    }
