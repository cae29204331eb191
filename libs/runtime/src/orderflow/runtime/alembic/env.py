"""The one Alembic environment every service uses; `orderflow.runtime.migrations` drives it."""

from __future__ import annotations

from alembic import context

config = context.config
connection = config.attributes["connection"]


def only_our_tables(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    # Autogenerate sees every table in the database; a service's revision covers its own only.
    return not (type_ == "table" and reflected and compare_to is None)


context.configure(
    connection=connection,
    include_object=only_our_tables,
    target_metadata=config.attributes.get("target_metadata"),
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
