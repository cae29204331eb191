"""Breaking changes between two JSON Schemas of one event type (DESIGN §3), as pure functions.

Breaking: a property removed or renamed, a type changed (including allowed values), a
property that became required, at any depth, $refs into $defs followed. A new optional
property is not breaking: `decode` ignores fields it does not know.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Schema = Mapping[str, Any]


@dataclass(frozen=True)
class BreakingChange:
    path: str
    kind: Literal["removed", "retyped", "newly_required"]
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.detail}"


def breaking_changes(old: Schema, new: Schema) -> list[BreakingChange]:
    """Every breaking difference from `old` to `new`; empty when `new` is compatible."""
    found: list[BreakingChange] = []
    _compare(_Document(old), old, _Document(new), new, "", found)
    return found


class _Document:
    def __init__(self, root: Schema) -> None:
        self.defs: Mapping[str, Schema] = root.get("$defs", {})

    def resolve(self, node: Schema) -> Schema:
        # Follow `#/$defs/<name>` (and a lone allOf wrapper) so renamed classes compare by shape.
        for _ in range(64):
            if "$ref" in node:
                node = self.defs[str(node["$ref"]).rsplit("/", 1)[-1]]
            elif len(node.get("allOf", ())) == 1:
                node = node["allOf"][0]
            else:
                return node
        raise ValueError("$ref chain too deep")

    def kind(self, node: Schema) -> str:
        node = self.resolve(node)
        branches = node.get("anyOf") or node.get("oneOf")
        if branches:
            return "anyOf[" + "|".join(sorted(self.kind(branch) for branch in branches)) + "]"
        if "const" in node:
            return f"const {json.dumps(node['const'])}"
        base = node.get("type", "any")
        text = "|".join(sorted(base)) if isinstance(base, list) else str(base)
        if "format" in node:
            text += f"<{node['format']}>"
        if "enum" in node:
            text += " enum " + json.dumps(sorted(str(value) for value in node["enum"]))
        return text


def _compare(
    old_doc: _Document,
    old: Schema,
    new_doc: _Document,
    new: Schema,
    path: str,
    found: list[BreakingChange],
) -> None:
    old, new = old_doc.resolve(old), new_doc.resolve(new)
    old_kind, new_kind = old_doc.kind(old), new_doc.kind(new)
    if old_kind != new_kind:
        detail = f"type changed from {old_kind} to {new_kind}"
        found.append(BreakingChange(path or "<root>", "retyped", detail))
        return
    if "properties" in old or "properties" in new:
        _compare_objects(old_doc, old, new_doc, new, path, found)
    for key in ("items", "additionalProperties"):
        if isinstance(old.get(key), Mapping) and isinstance(new.get(key), Mapping):
            _compare(old_doc, old[key], new_doc, new[key], f"{path}[]", found)
    old_branches = old.get("anyOf") or old.get("oneOf") or ()
    new_branches = new.get("anyOf") or new.get("oneOf") or ()
    # Kinds are equal, so sorting by kind pairs each old branch with its counterpart.
    for old_branch, new_branch in zip(
        sorted(old_branches, key=old_doc.kind), sorted(new_branches, key=new_doc.kind), strict=True
    ):
        _compare(old_doc, old_branch, new_doc, new_branch, path, found)


def _compare_objects(
    old_doc: _Document,
    old: Schema,
    new_doc: _Document,
    new: Schema,
    path: str,
    found: list[BreakingChange],
) -> None:
    old_properties: Mapping[str, Schema] = old.get("properties", {})
    new_properties: Mapping[str, Schema] = new.get("properties", {})
    for name, old_property in old_properties.items():
        where = f"{path}.{name}" if path else name
        if name not in new_properties:
            found.append(BreakingChange(where, "removed", "property removed or renamed"))
        else:
            _compare(old_doc, old_property, new_doc, new_properties[name], where, found)
    for name in sorted(set(new.get("required", ())) - set(old.get("required", ()))):
        where = f"{path}.{name}" if path else name
        detail = "property became required" if name in old_properties else "new required property"
        found.append(BreakingChange(where, "newly_required", detail))
