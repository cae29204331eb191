"""Inbound events review reacts to, by event type (none yet)."""

from collections.abc import Mapping

from orderflow.runtime.consumer import Handler

HANDLERS: Mapping[str, Handler] = {}
