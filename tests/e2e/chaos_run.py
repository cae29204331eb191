"""The CI-sized chaos run (`python -m chaos`) as a background process of the test session.

It is CPU-bound for minutes while most of the suite waits on I/O, so it starts as soon as
the collection shows the chaos test is selected (tests/conftest.py), beside the rest of the
suite and at a lower CPU priority, so that the suite's own deadlines see the machine they
expect; its test runs last and collects the result. Its stack has its own ports and var
directory, so it never touches the topology the other tests use.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ORDERS = int(os.environ.get("ORDERFLOW_CHAOS_ORDERS", "1000"))
# A quiet two-core machine needs a few minutes; a busy one far more (17 min measured).
TIMEOUT = int(os.environ.get("ORDERFLOW_CHAOS_TIMEOUT", "1800"))
# Lower than the suite's, higher than nothing: the run still finishes while tests run.
NICENESS = 5
COMMAND = [sys.executable, "-m", "chaos"]
CHAOS_TEST = "tests/e2e/test_chaos.py::test_chaos_run_loses_nothing_and_applies_everything_once"


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


@dataclass
class Finished:
    returncode: int | None  # None: killed at the timeout
    output: str


@dataclass
class ChaosRun:
    """One `python -m chaos --orders N` in the background; its output goes to a file."""

    process: subprocess.Popen[bytes]
    log: Path
    started: float

    @classmethod
    def start(cls, orders: int = ORDERS) -> ChaosRun:
        log = REPO / "var" / "chaos-run.log"  # var/chaos itself is wiped by the run
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("wb") as sink:
            process = subprocess.Popen(
                ["nice", "-n", str(NICENESS), *COMMAND, "--orders", str(orders)],
                cwd=REPO,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C of pytest reaches it through stop()
            )
        return cls(process, log, time.monotonic())

    def wait(self, timeout: float = TIMEOUT) -> Finished:
        """Its exit status and output, waiting at most until `timeout` after its start."""
        remaining = max(0.0, timeout - (time.monotonic() - self.started))
        returncode: int | None
        try:
            returncode = self.process.wait(remaining)
        except subprocess.TimeoutExpired:
            returncode = None
            self.stop()
        return Finished(returncode, self.log.read_text(errors="replace"))

    def stop(self) -> None:
        """End the run if it is still going, and its stack with it (`chaos --stop`)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        subprocess.run([*COMMAND, "--stop"], cwd=REPO, capture_output=True, check=False)


RUN_KEY = pytest.StashKey[ChaosRun]()


def start_beside_the_suite(config: pytest.Config, items: list[pytest.Item]) -> None:
    """When the chaos test is selected: order it last and start its run now."""
    chaos = [item for item in items if item.nodeid == CHAOS_TEST]
    if not chaos:
        return
    items[:] = [item for item in items if item.nodeid != CHAOS_TEST] + chaos
    if config.option.collectonly:
        return
    if not missing_prerequisites():  # else the test says what is missing
        config.stash[RUN_KEY] = ChaosRun.start()


def stop_if_running(config: pytest.Config) -> None:
    """At the session's end (an interrupted one too): no chaos stack outlives pytest."""
    run = config.stash.get(RUN_KEY, None)
    if run is not None and run.process.poll() is None:
        run.stop()
