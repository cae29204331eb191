"""OrderFlow's JWTs: who may call (`Principal`), how tokens are checked and minted (PyJWT)."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, cast, get_args

import jwt

from orderflow.runtime.settings import ServiceSettings
from orderflow.runtime.web.problems import ProblemError

Kind = Literal["staff", "customer", "partner", "service"]
_REQUIRED_CLAIMS = ["exp", "iss", "aud", "sub"]


@dataclass(frozen=True)
class AuthConfig:
    """How tokens are checked: HMAC secret and/or PEM keys, issuer, audience, allowed algs."""

    secret: str = field(repr=False)
    issuer: str
    audience: str
    algorithms: tuple[str, ...] = ("HS256",)
    public_key: str | None = field(default=None, repr=False)  # PEM, verifies RS*/ES*/PS* tokens
    private_key: str | None = field(default=None, repr=False)  # PEM, mints them (dev only)
    leeway_seconds: float = 10.0

    def __post_init__(self) -> None:
        if not self.algorithms or any(a.lower() == "none" for a in self.algorithms):
            raise ValueError("algorithms must name real signing algorithms, never 'none'")

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> "AuthConfig":
        return cls(
            secret=settings.jwt_secret.get_secret_value(),
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
        )

    def key_for(self, algorithm: str, *, signing: bool = False) -> str:
        if algorithm.startswith("HS"):
            return self.secret
        key = self.private_key if signing else self.public_key
        if key is None:
            raise ValueError(f"no {'private' if signing else 'public'} key for {algorithm}")
        return key


@dataclass(frozen=True)
class Principal:
    """Who is calling: a staff member, a customer, a partner system or another service."""

    subject: str
    kind: Kind
    scopes: frozenset[str] = frozenset()
    customer_id: str | None = None
    partner_id: str | None = None

    def may_see(self, *, customer_id: str | None, partner_id: str | None = None) -> bool:
        """Staff and services see every order; a customer or a partner only its own."""
        if self.kind == "customer":
            return self.customer_id is not None and self.customer_id == customer_id
        if self.kind == "partner":
            return self.partner_id is not None and self.partner_id == partner_id
        return True


def _invalid(reason: str) -> ProblemError:
    challenge = f'Bearer error="invalid_token", error_description="{reason}"'
    return ProblemError(
        401, "invalid-token", "Invalid token", reason, headers={"WWW-Authenticate": challenge}
    )


def decode_token(config: AuthConfig, token: str) -> Principal:
    """Verify signature, algorithm, exp, iss, aud and sub; raise a 401 problem otherwise."""
    try:
        algorithm = jwt.get_unverified_header(token).get("alg", "none")
        if algorithm not in config.algorithms:
            raise _invalid(f"algorithm {algorithm!r} is not allowed")
        claims: dict[str, Any] = jwt.decode(
            token,
            config.key_for(algorithm),
            algorithms=list(config.algorithms),
            audience=config.audience,
            issuer=config.issuer,
            leeway=config.leeway_seconds,
            options={"require": _REQUIRED_CLAIMS},
        )
    except (jwt.PyJWTError, ValueError) as exc:
        raise _invalid(str(exc).replace('"', "'")) from exc
    return _principal(claims)


def _principal(claims: dict[str, Any]) -> Principal:
    kind = claims.get("kind")
    if kind not in get_args(Kind):
        raise _invalid("claim 'kind' must be staff, customer, partner or service")
    principal = Principal(
        subject=str(claims["sub"]),
        kind=cast(Kind, kind),
        scopes=frozenset(str(claims.get("scope", "")).split()),
        customer_id=claims.get("customer_id"),
        partner_id=claims.get("partner_id"),
    )
    if (kind == "customer" and not principal.customer_id) or (
        kind == "partner" and not principal.partner_id
    ):
        raise _invalid(f"a {kind} token must name its {kind}_id")
    return principal


def mint_token(
    config: AuthConfig,
    subject: str,
    scopes: Iterable[str],
    kind: Kind,
    customer_id: str | None = None,
    partner_id: str | None = None,
    ttl_seconds: int = 3600,
) -> str:
    """A signed token with the first allowed algorithm, for the dev-token CLI and tests."""
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": config.issuer,
        "aud": config.audience,
        "sub": subject,
        "iat": now,
        "exp": now + timedelta(seconds=ttl_seconds),
        "jti": str(uuid.uuid4()),
        "kind": kind,
        "scope": " ".join(sorted(scopes)),
    }
    claims.update(
        {k: v for k, v in [("customer_id", customer_id), ("partner_id", partner_id)] if v}
    )
    algorithm = config.algorithms[0]
    return jwt.encode(claims, config.key_for(algorithm, signing=True), algorithm=algorithm)
