"""Reporting's pure rules: what each event contributes to the order file, KPIs and analytics."""

from orderflow.reporting.domain.facts import Effects, Fact, State, TimelineEntry
from orderflow.reporting.domain.projection import keys_for, order_id_of, project

__all__ = ["Effects", "Fact", "State", "TimelineEntry", "keys_for", "order_id_of", "project"]
