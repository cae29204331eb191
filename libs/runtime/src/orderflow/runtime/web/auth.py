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

    async def holding_scopes(principal: PrincipalDep) -> Principal:
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


def require_staff(*scopes: str) -> params.Depends:
    """Like `require_scopes`, and refuses customer and partner tokens whatever they hold:
    for data internal to the company (R-8.4)."""
    holding = require_scopes(*scopes)

    async def internal(principal: Annotated[Principal, holding]) -> Principal:
        if principal.kind in ("customer", "partner"):
            raise ProblemError(403, "staff-only", "Staff only", "this data is internal")
        return principal

    return params.Depends(internal)
