"""Inbound events review reacts to, by event type (none yet)."""

from collections.abc import Mapping

from orderflow.runtime.consumer import Handler
from orderflow.runtime.service import ServiceState


def build(state: ServiceState) -> Mapping[str, Handler]:
    """The handlers, given the running service's state (clock, sessions, settings)."""
    return {}
