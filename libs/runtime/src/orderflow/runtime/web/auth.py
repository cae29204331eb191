"""OAuth2 bearer authentication for routes: `authenticate`, `PrincipalDep`, `require_scopes`.

The dependencies find the `AuthConfig` at `request.app.state.auth`; the service's `create_app`
sets it (`app.state.auth = AuthConfig.from_settings(settings)`).
"""

from typing import Annotated

from fastapi import Depends, Request, params
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from orderflow.runtime.web.problems import ProblemError
from orderflow.runtime.web.tokens import AuthConfig, Kind, Principal, decode_token, mint_token

__all__ = [
    "AuthConfig",
    "Kind",
    "Principal",
    "PrincipalDep",
    "authenticate",
    "decode_token",
    "mint_token",
    "require_scopes",
]

_bearer = HTTPBearer(auto_error=False, description="An OrderFlow JWT.")


async def authenticate(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """FastAPI dependency: the caller's Principal from `Authorization: Bearer …`, else 401."""
    if credentials is None:
        raise ProblemError(
            401,
            "authentication-required",
            "Authentication required",
            "send an OAuth2 bearer token in the Authorization header",
            headers={"WWW-Authenticate": 'Bearer realm="orderflow"'},
        )
    config = getattr(request.app.state, "auth", None)
    if not isinstance(config, AuthConfig):
        raise RuntimeError("app.state.auth must hold the service's AuthConfig")
    return decode_token(config, credentials.credentials)


PrincipalDep = Annotated[Principal, Depends(authenticate)]


def require_scopes(*scopes: str) -> params.Depends:
    """A dependency giving the Principal if it holds every scope, else 403.

    Use as `principal: Annotated[Principal, require_scopes("intake:orders:write")]` or in
    `dependencies=[require_scopes(...)]`.
    """
    needed = frozenset(scopes)

    async def holding_scopes(request: Request, principal: PrincipalDep) -> Principal:
        refuse_outsiders(request, principal, needed)
        missing = sorted(needed - principal.scopes)
        if missing:
            challenge = f'Bearer error="insufficient_scope", scope="{" ".join(sorted(needed))}"'
            raise ProblemError(
                403,
                "insufficient-scope",
                "Insufficient scope",
                f"this action needs the scope(s): {', '.join(missing)}",
                headers={"WWW-Authenticate": challenge},
                missing_scopes=missing,
            )
        return principal

    return params.Depends(holding_scopes)


def refuse_outsiders(request: Request, principal: Principal, needed: frozenset[str]) -> None:
    """Customers and partner systems may only use the scopes the service grants outsiders.

    Whatever a customer or partner token claims, a scope outside the app's
    `external_scopes` (set by `build_app` from the service definition) is a 403 before the
    route looks at the request: a mis-issued token cannot reach staff functions (R-8.4,
    OWASP API5). An app without the attribute grants outsiders nothing.
    """
    if principal.kind not in ("customer", "partner"):
        return
    granted: frozenset[str] = getattr(request.app.state, "external_scopes", frozenset())
    if not needed <= granted:
        raise ProblemError(
            403,
            "staff-only",
            "Staff only",
            f"a {principal.kind} token may not use {', '.join(sorted(needed - granted))}",
        )


def require_staff(*scopes: str) -> params.Depends:
    """Like `require_scopes`, and refuses customer and partner tokens whatever they hold:
    for data internal to the company (R-8.4)."""
    holding = require_scopes(*scopes)

    async def internal(principal: Annotated[Principal, holding]) -> Principal:
        if principal.kind in ("customer", "partner"):
            raise ProblemError(403, "staff-only", "Staff only", "this data is internal")
        return principal

    return params.Depends(internal)
