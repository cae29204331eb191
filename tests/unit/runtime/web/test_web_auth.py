"""Bearer JWTs: what is accepted, what is refused, and how a refusal reads."""

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from orderflow.runtime.web import AuthConfig, Principal, decode_token, mint_token

# The same settings as the test app's `app.state.auth` (see conftest.py).
SECRET = "unit-test-secret-that-is-long-enough-for-hs256-and-hs512-0123456789abcdef"
AUTH = AuthConfig(secret=SECRET, issuer="orderflow-test", audience="orderflow")

pytestmark = pytest.mark.unit

DECIDE = "/v1/orders/o-1/decisions"
FINANCE = {"review:finance:decide"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def claims(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    base = {
        "iss": AUTH.issuer,
        "aud": AUTH.audience,
        "sub": "alice",
        "exp": now + timedelta(hours=1),
        "kind": "staff",
        "scope": "review:finance:decide",
    }
    return {k: v for k, v in {**base, **overrides}.items() if v is not None}


async def refused(client: httpx.AsyncClient, token: str) -> str:
    """Assert a 401 invalid-token problem and return its detail."""
    response = await client.post(DECIDE, headers=bearer(token))
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith('Bearer error="invalid_token"')
    body: dict[str, Any] = response.json()
    assert body["type"] == "https://orderflow.dev/problems/invalid-token"
    return str(body["detail"])


def test_the_app_uses_these_settings(auth: AuthConfig) -> None:
    assert auth == AUTH


async def test_a_valid_token_with_the_scope_is_let_in(client: httpx.AsyncClient) -> None:
    token = mint_token(AUTH, "alice", FINANCE, "staff")
    response = await client.post(DECIDE, headers=bearer(token))
    assert response.status_code == 200
    assert response.json() == {"order_id": "o-1", "decided_by": "alice", "kind": "staff"}


async def test_no_authorization_header_is_a_401_with_a_bearer_challenge(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(DECIDE)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "https://orderflow.dev/problems/authentication-required"


async def test_a_basic_credential_is_not_a_bearer_token(client: httpx.AsyncClient) -> None:
    response = await client.post(DECIDE, headers={"Authorization": "Basic YWxpY2U6cHc="})
    assert response.status_code == 401


async def test_a_missing_scope_is_a_403_naming_it(client: httpx.AsyncClient) -> None:
    token = mint_token(AUTH, "bob", {"intake:orders:write"}, "staff")
    response = await client.post(DECIDE, headers=bearer(token))
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert 'error="insufficient_scope"' in response.headers["www-authenticate"]
    assert response.json()["missing_scopes"] == ["review:finance:decide"]


async def test_an_expired_token_is_refused(client: httpx.AsyncClient) -> None:
    token = mint_token(AUTH, "alice", FINANCE, "staff", ttl_seconds=-3600)
    assert "expired" in await refused(client, token)


async def test_a_token_for_another_audience_is_refused(client: httpx.AsyncClient) -> None:
    other = AuthConfig(secret=SECRET, issuer=AUTH.issuer, audience="billing")
    detail = await refused(client, mint_token(other, "alice", FINANCE, "staff"))
    assert "audience" in detail.lower()


async def test_a_token_from_another_issuer_is_refused(client: httpx.AsyncClient) -> None:
    other = AuthConfig(secret=SECRET, issuer="evil", audience=AUTH.audience)
    detail = await refused(client, mint_token(other, "alice", FINANCE, "staff"))
    assert "issuer" in detail.lower()


async def test_an_unsigned_alg_none_token_is_refused(client: httpx.AsyncClient) -> None:
    def part(data: dict[str, Any]) -> str:
        raw = json.dumps(data, default=lambda d: int(d.timestamp())).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    token = f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims())}."
    assert "not allowed" in await refused(client, token)


async def test_an_algorithm_outside_the_allow_list_is_refused(client: httpx.AsyncClient) -> None:
    token = jwt.encode(claims(), SECRET, algorithm="HS512")
    assert "HS512" in await refused(client, token)


async def test_a_token_signed_with_another_secret_is_refused(client: httpx.AsyncClient) -> None:
    token = jwt.encode(claims(), "x" * 64, algorithm="HS256")
    assert "Signature" in await refused(client, token)


@pytest.mark.parametrize(
    "overrides",
    [{"sub": None}, {"exp": None}, {"kind": "admin"}, {"kind": "customer"}],
    ids=["no-sub", "no-exp", "unknown-kind", "customer-without-customer-id"],
)
async def test_incomplete_claims_are_refused(
    client: httpx.AsyncClient, overrides: dict[str, Any]
) -> None:
    await refused(client, jwt.encode(claims(**overrides), SECRET, algorithm="HS256"))


async def test_garbage_is_refused(client: httpx.AsyncClient) -> None:
    await refused(client, "not-a-jwt")


def test_a_customer_token_carries_its_customer_and_sees_only_its_orders() -> None:
    token = mint_token(AUTH, "cust-7", {"intake:orders:read"}, "customer", customer_id="c-7")
    principal = decode_token(AUTH, token)
    assert principal == Principal(
        subject="cust-7",
        kind="customer",
        scopes=frozenset({"intake:orders:read"}),
        customer_id="c-7",
    )
    assert principal.may_see(customer_id="c-7")
    assert not principal.may_see(customer_id="c-8")


def test_partner_staff_and_service_visibility() -> None:
    partner = Principal(subject="shop", kind="partner", partner_id="p-1")
    assert partner.may_see(customer_id="c-1", partner_id="p-1")
    assert not partner.may_see(customer_id="c-1", partner_id="p-2")
    assert not partner.may_see(customer_id="c-1")
    assert Principal(subject="ann", kind="staff").may_see(customer_id="c-1")
    assert Principal(subject="review", kind="service").may_see(customer_id=None)


def test_rs256_tokens_verify_with_the_public_key_only() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    signer = AuthConfig(
        secret="",
        issuer="orderflow",
        audience="orderflow",
        algorithms=("RS256",),
        private_key=private_pem,
    )
    verifier = AuthConfig(
        secret="",
        issuer="orderflow",
        audience="orderflow",
        algorithms=("RS256",),
        public_key=public_pem,
    )
    assert decode_token(verifier, mint_token(signer, "svc", {"a:b"}, "service")).subject == "svc"


@pytest.mark.parametrize("algorithms", [("none",), ("HS256", "NONE"), ()])
def test_the_allow_list_cannot_admit_unsigned_tokens(algorithms: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="none"):
        AuthConfig(secret=SECRET, issuer="i", audience="a", algorithms=algorithms)
