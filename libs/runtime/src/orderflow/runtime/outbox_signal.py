"""Wake a relay right after a transaction that staged events commits, instead of at its next poll.

The relay polls anyway (other processes' commits, replicas): this only cuts the wait between
an event's commit and its publication from up to a poll interval to about nothing for
commits made in the relay's own process, which is every commit of a single instance."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

STAGED = "orderflow.outbox_staged"

# Per engine (weakly: a disposed service's engine goes away), what to call on such a commit.
_wakers: weakref.WeakKeyDictionary[Engine, Callable[[], None]] = weakref.WeakKeyDictionary()


def mark_staged(info: dict[Any, Any]) -> None:
    """Called by `outbox.add` on the session's info: this transaction carries events."""
    info[STAGED] = True


def on_commit(engine: Engine, wake: Callable[[], None]) -> None:
    """Call `wake` after every commit on `engine` of a session that staged events."""
    _wakers[engine] = wake


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if not session.info.pop(STAGED, False):
        return
    bind = session.bind
    engine = bind.engine if bind is not None else None
    wake = _wakers.get(engine) if isinstance(engine, Engine) else None
    if wake is not None:
        wake()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(STAGED, None)  # nothing was staged after all
