"""The chaos run (issue 10): N orders through the distributed topology while the broker,
a consumer, an outbox relay and PostgreSQL fail; then a checker proves nothing was lost or
applied twice. `uv run python -m chaos --orders 10000`; see chaos/README.md."""
