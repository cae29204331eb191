"""Async SQLAlchemy engine and sessions for PostgreSQL (asyncpg) and SQLite (aiosqlite)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy import types as sqltypes
from sqlalchemy.dialects.sqlite import DATETIME as SQLITE_DATETIME
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def as_utc(moment: datetime) -> datetime:
    """A stored time in UTC: SQLite hands datetimes back naive, and every stored time is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def create_engine(url: str) -> AsyncEngine:
    """An engine with the pragmas SQLite needs to behave like a real database, and a pool
    that never hands out a PostgreSQL connection the server has already closed."""
    kwargs: dict[str, Any] = {}
    if "prepared_statement_cache_size" not in url:
        # SQLAlchemy's default of 100 statements per connection is too few for a service
        # whose IN lists and batch inserts render a statement per length: a miss costs a
        # PREPARE round trip (about 5 % of intake's CPU in the chaos run's profile).
        kwargs["connect_args"] = {"prepared_statement_cache_size": 1000}
    if url.startswith("sqlite"):
        kwargs = {"connect_args": {"timeout": 30}}
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        engine.dialect.colspecs = {**engine.dialect.colspecs, sqltypes.DateTime: _UtcSQLiteDateTime}
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
    else:
        event.listen(engine.sync_engine, "checkout", _drop_closed)
    return engine


def _drop_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Replace a pooled connection the server closed (a restart, an idle timeout).

    asyncpg marks a connection closed as soon as the event loop reads the server's goodbye,
    so this costs no round trip. `pool_pre_ping` did the same with three (BEGIN, an empty
    statement, ROLLBACK) on every checkout, which profiled at 3-9 % of a service's CPU
    (bench/README.md). A connection that dies while in use still fails that one
    transaction: consumers retry it (consumer.TRANSIENT), the API answers 503.
    """
    driver = getattr(dbapi_connection, "_connection", None)  # asyncpg.Connection
    if driver is not None and driver.is_closed():
        raise DisconnectionError("the server closed this pooled connection")


class _UtcSQLiteDateTime(SQLITE_DATETIME):
    """`DateTime(timezone=True)` on SQLite as PostgreSQL's `timestamptz` behaves: stored as
    UTC text, read back aware (SQLite itself would drop the offset and answer naive times,
    which an API then shows without an offset, against its `date-time` schema)."""

    cache_ok = True

    def bind_processor(self, dialect: Any) -> Any:
        process = super().bind_processor(dialect)

        def bind(value: Any) -> Any:
            if self.timezone and isinstance(value, datetime) and value.tzinfo is not None:
                value = value.astimezone(UTC).replace(tzinfo=None)
            return process(value) if process else value

        return bind

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        process = super().result_processor(dialect, coltype)

        def result(value: Any) -> Any:
            value = process(value) if process else value
            if self.timezone and isinstance(value, datetime) and value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
            return value

        return result


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself (see _sqlite_begin_immediate), WAL for concurrent readers.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL syncs at checkpoints, not on every commit: a crash of the process
    # loses nothing, a power cut may lose the last commits (never corrupts). The embedded
    # mode is the single-machine demo; an fsync per commit made it ~70x slower (bench/).
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    # Take the write lock at BEGIN so two writers queue instead of failing on upgrade.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
