"""Aftersales' rules, pure: state in, new state and events out (no session, no bus, no clock)."""
