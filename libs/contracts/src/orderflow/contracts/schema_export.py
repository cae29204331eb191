"""Write every event's JSON Schema and the AsyncAPI document: one command, stable output.

uv run python -m orderflow.contracts.schema_export [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from orderflow.contracts.asyncapi import asyncapi_document, pin_identity
from orderflow.contracts.base import EventPayload
from orderflow.contracts.envelope import envelope_type
from orderflow.contracts.registry import event_types

# libs/contracts: this file is libs/contracts/src/orderflow/contracts/schema_export.py.
CONTRACTS_ROOT = Path(__file__).resolve().parents[3]


def event_schema(kind: type[EventPayload]) -> dict[str, Any]:
    """The JSON Schema of the whole envelope carrying this payload type."""
    schema = envelope_type(kind).model_json_schema()
    pin_identity(schema, kind)
    return schema


def schema_filename(kind: type[EventPayload]) -> str:
    return f"{kind.event_type}.v{kind.schema_version}.json"


def render(document: Any) -> str:
    """Sorted keys, two-space indent, trailing newline: diffs show only real changes."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def generated_files(root: Path = CONTRACTS_ROOT) -> dict[Path, str]:
    """Every file the export writes, by path; older schema versions are never touched."""
    files = {
        root / "schemas" / schema_filename(kind): render(event_schema(kind))
        for kind in event_types().values()
    }
    files[root / "asyncapi.json"] = render(asyncapi_document())
    return files


def stale_files(root: Path = CONTRACTS_ROOT) -> list[Path]:
    """Files that are missing or differ from what the code generates."""
    return [
        path
        for path, text in generated_files(root).items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def export(root: Path = CONTRACTS_ROOT) -> list[Path]:
    """Write the files that changed; return them."""
    files = generated_files(root)
    changed = stale_files(root)
    for path in changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=CONTRACTS_ROOT, help="libs/contracts")
    parser.add_argument("--check", action="store_true", help="fail if any file is stale")
    args = parser.parse_args(argv)
    paths = stale_files(args.root) if args.check else export(args.root)
    verb = "stale" if args.check else "wrote"
    for path in paths:
        print(f"{verb} {path}")
    print(f"{len(event_types())} event types; {verb} {len(paths)} file(s)")
    return 1 if args.check and paths else 0


if __name__ == "__main__":
    sys.exit(main())
