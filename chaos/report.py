"""The chaos report: a table of what was injected and what was found, and a JSON file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from chaos.checker import Check
from chaos.faults import Injection


def tables(injections: Sequence[Injection], checks: Sequence[Check], summary: str) -> list[Table]:
    injected = Table(title="Injected", title_justify="left", box=box.MARKDOWN)
    for column in ("t+s", "fault", "target", "took s", "observed"):
        injected.add_column(column, overflow="fold")
    for i in injections:
        injected.add_row(f"{i.at:.1f}", i.fault, i.target, f"{i.duration:.1f}", i.observed)
    found = Table(title="Found", title_justify="left", caption=summary, box=box.MARKDOWN)
    for column in ("check", "expected", "found", "ok"):
        found.add_column(column, overflow="fold")
    for c in checks:
        found.add_row(c.name, c.expected, c.found, "ok" if c.ok else "FAIL")
    return [injected, found]


def show(injections: Sequence[Injection], checks: Sequence[Check], summary: str) -> None:
    console = Console(width=160, force_terminal=False, no_color=True)
    for table in tables(injections, checks, summary):
        console.print(table)


def write(
    path: Path, facts: dict[str, Any], injections: Sequence[Injection], checks: Sequence[Check]
) -> None:
    report = {
        **facts,
        "ok": all(c.ok for c in checks),
        "injected": [i.as_dict() for i in injections],
        "checks": [c.as_dict() for c in checks],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")
