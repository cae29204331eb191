"""The CI-sized chaos run (issue 10): 1 000 orders (ORDERFLOW_CHAOS_ORDERS) through an
isolated distributed topology while the broker stops, a consumer and an outbox relay are
SIGKILLed and PostgreSQL restarts; the checker must find every effect exactly once.

The run itself (`python -m chaos`, its own ports and var directory) starts in the
background when the session's collection selects this test (tests/conftest.py) and this
test, ordered last, waits for it: its minutes overlap the rest of the suite's."""

from __future__ import annotations

import pytest

from tests.e2e.chaos_run import RUN_KEY, TIMEOUT, ChaosRun, missing_prerequisites
from tests.support.required import skip_or_fail

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(TIMEOUT + 120)]


def test_chaos_run_loses_nothing_and_applies_everything_once(
    request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 10 chaos: every order reaches its state, each effect once, DLQ only poison."""
    missing = missing_prerequisites()
    if missing:
        skip_or_fail("chaos run needs " + ", ".join(missing))
    run = request.config.stash.get(RUN_KEY, None) or ChaosRun.start()
    try:
        finished = run.wait()
    finally:
        run.stop()  # a no-op for a finished run but for `chaos --stop`
    with capsys.disabled():  # the table goes to the terminal (and CI log) in every case
        print(f"\n{finished.output}")
    assert finished.returncode is not None, f"chaos run timed out after {TIMEOUT}s"
    assert finished.returncode == 0, "chaos run failed (its output is above)"
    assert "ALL CHECKS PASSED" in finished.output
