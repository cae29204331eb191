"""The relay never sends a later event of an order before an earlier one another relay holds."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from orderflow.runtime.relay import deliverable_prefix

pytestmark = pytest.mark.unit


def rows(*pairs: tuple[int, str]) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=i, message_key=k) for i, k in pairs]


def test_all_claimed_rows_go_when_nothing_earlier_is_held_elsewhere() -> None:
    claimed = rows((1, "a"), (2, "b"), (3, "a"))
    assert [r.id for r in deliverable_prefix(claimed, claimed)] == [1, 2, 3]


def test_a_key_whose_earlier_row_is_held_by_another_relay_waits() -> None:
    claimed = rows((2, "a"), (3, "b"))
    unsent = rows((1, "a"), (2, "a"), (3, "b"))  # row 1 is locked by another relay
    assert [r.id for r in deliverable_prefix(claimed, unsent)] == [3]


def test_rows_after_a_gap_in_the_same_key_wait() -> None:
    claimed = rows((1, "a"), (3, "a"), (4, "b"))
    unsent = rows((1, "a"), (2, "a"), (3, "a"), (4, "b"))  # 2 is held elsewhere
    assert [r.id for r in deliverable_prefix(claimed, unsent)] == [1, 4]
