"""The CI-sized chaos run (issue 10): 1 000 orders (ORDERFLOW_CHAOS_ORDERS) through an
isolated distributed topology while the broker stops, a consumer and an outbox relay are
SIGKILLed and PostgreSQL restarts; the checker must find every effect exactly once.

It runs `python -m chaos` as a subprocess on its own ports and var directory, so it never
touches the topology the rest of the e2e suite uses."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.required import skip_or_fail

REPO = Path(__file__).resolve().parents[2]
ORDERS = int(os.environ.get("ORDERFLOW_CHAOS_ORDERS", "1000"))
# A quiet two-core machine needs a few minutes; a busy one far more (17 min measured).
TIMEOUT = int(os.environ.get("ORDERFLOW_CHAOS_TIMEOUT", "1800"))

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(TIMEOUT + 120)]


def missing_prerequisites() -> list[str]:
    """What the deploy/ scripts need and cannot install without root and a network."""
    missing = []
    if not (shutil.which("initdb") or glob.glob("/usr/lib/postgresql/*/bin/initdb")):
        missing.append("PostgreSQL server binaries (initdb)")
    if not shutil.which("java"):
        missing.append("java (Kafka broker)")
    if not (glob.glob(str(REPO / ".cache" / "kafka-*" / "libs")) or shutil.which("mvn")):
        missing.append("Kafka jars (.cache/kafka-*/libs) or mvn to fetch them")
    if not shutil.which("nginx"):
        missing.append("nginx (the topology's proxy)")
    return missing


def test_chaos_run_loses_nothing_and_applies_everything_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Issue 10 chaos: every order reaches its state, each effect once, DLQ only poison."""
    missing = missing_prerequisites()
    if missing:
        skip_or_fail("chaos run needs " + ", ".join(missing))
    # The var directory is chaos's default (var/chaos, wiped at the start; logs stay there
    # for a post-mortem): under /tmp/pytest-of-root the postgres user could not reach it.
    command = [sys.executable, "-m", "chaos", "--orders", str(ORDERS)]
    try:
        run = subprocess.run(
            command, cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    finally:  # a run killed by the timeout could not stop its stack: stop it here
        subprocess.run([*command[:3], "--stop"], cwd=REPO, capture_output=True, check=False)
    with capsys.disabled():  # the table goes to the terminal (and CI log) in every case
        print(f"\n{run.stdout}")
    assert run.returncode == 0, f"chaos run failed:\n{run.stdout}\n{run.stderr[-4000:]}"
    assert "ALL CHECKS PASSED" in run.stdout
