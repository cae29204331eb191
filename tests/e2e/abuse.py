"""What the abuse suite needs to walk every endpoint: the services' OpenAPI documents, the
callers it impersonates, and real object ids of a victim to aim at (OWASP API1/API3/API5)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from orderflow.runtime.web.auth import Kind, mint_token
from tests.e2e.flow import AUTH, ok

SERVICES = ("intake", "review", "production", "procurement", "logistics", "aftersales", "reporting")
DEPARTMENTS = ("sales", "finance", "production", "procurement", "logistics")
# Webhook receivers authenticate by signature, not by token; probes and metrics are public.
UNAUTHENTICATED = re.compile(r"/(webhooks|carrier-webhooks)/|/(livez|readyz|metrics)$")
_LITERAL_SCOPE = re.compile(rf'"((?:{"|".join(SERVICES)}):[a-z\-]+(?::[a-z\-]+)*)"')
_ROOT = Path(__file__).resolve().parents[2]


def every_scope() -> frozenset[str]:
    """Every scope a route checks: the literals in the services' code and the generated ones."""
    found = {
        m.group(1)
        for source in _ROOT.glob("services/*/src/**/*.py")
        for m in _LITERAL_SCOPE.finditer(source.read_text())
    }
    generated = {f"{s}:ops" for s in SERVICES} | {f"review:{d}:decide" for d in DEPARTMENTS}
    generated |= {f"review:{d}:rules:{a}" for d in ("sales", "finance") for a in ("read", "write")}
    return frozenset(found | generated)


@dataclass(frozen=True)
class Role:
    """A caller of the matrix: never the owner of the victim's objects."""

    name: str
    kind: Kind
    customer_id: str | None = None
    partner_id: str | None = None
    # None: every scope there is; otherwise the scopes of the other services only.
    own_service_scopes: bool = True

    def headers(self, service: str) -> dict[str, str]:
        scopes = every_scope()
        if not self.own_service_scopes:
            scopes = frozenset(s for s in scopes if not s.startswith(f"{service}:"))
        token = mint_token(
            AUTH,
            subject=f"{self.name}-{uuid.uuid4().hex[:6]}",
            scopes=scopes,
            kind=self.kind,
            customer_id=self.customer_id,
            partner_id=self.partner_id,
        )
        return {"Authorization": f"Bearer {token}"}


# A customer and a partner system holding every scope: only object-level checks stand
# between them and the victim's data. A staff member of another department: only scopes.
ROLES = (
    Role("other-customer", "customer", customer_id=f"cust-{uuid.uuid4().hex[:8]}"),
    Role("other-partner", "partner", partner_id=f"partner-{uuid.uuid4().hex[:8]}"),
    Role("other-department", "staff", own_service_scopes=False),
)


@dataclass(frozen=True)
class Operation:
    service: str
    method: str
    path: str  # as documented, without the /<service> prefix
    spec: dict[str, Any] = field(hash=False, compare=False)

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)

    @property
    def writes(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH", "DELETE")

    def query_params(self) -> list[dict[str, Any]]:
        return [p for p in self.spec.get("parameters", []) if p.get("in") == "query"]

    def json_body_schema(self, document: dict[str, Any]) -> dict[str, Any] | None:
        content = self.spec.get("requestBody", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        return resolve(document, schema) if schema is not None else None

    def __str__(self) -> str:
        return f"{self.method} /{self.service}{self.path}"


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (one level is all FastAPI writes for bodies)."""
    ref = schema.get("$ref")
    if ref is None:
        return schema
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return dict(node)


async def documents(http: httpx.AsyncClient) -> dict[str, dict[str, Any]]:
    """Each service's OpenAPI document, as its users read it."""
    return {s: ok(await http.get(f"/{s}/openapi.json")) for s in SERVICES}


def operations(docs: dict[str, dict[str, Any]]) -> Iterator[Operation]:
    for service, document in docs.items():
        for path, methods in document["paths"].items():
            if UNAUTHENTICATED.search(path):
                continue
            for method, spec in methods.items():
                yield Operation(service, method.upper(), path, spec)


@dataclass
class Victim:
    """Real ids of one customer's approved order across the services."""

    ids: dict[str, str]

    def fill(self, operation: Operation) -> str:
        """The path with every parameter set to the victim's object (or a foreign id)."""
        path = operation.path
        for name in operation.path_params:
            path = path.replace(f"{{{name}}}", self.ids.get(name, str(uuid.uuid4())))
        return f"/{operation.service}{path}"

    def query(self, operation: Operation) -> dict[str, str]:
        names = {p["name"] for p in operation.query_params()}
        return {n: self.ids[n] for n in ("order_id", "customer_id", "department") if n in names}

    def leaked_in(self, text: str) -> list[str]:
        return [v for k, v in self.ids.items() if k in ("order_id", "customer_id") and v in text]
