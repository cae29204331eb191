"""`orderflow token` mints a development token the services accept."""

from __future__ import annotations

import pytest

from orderflow.cli.main import main
from orderflow.runtime.settings import ServiceSettings
from orderflow.runtime.web import auth

pytestmark = pytest.mark.unit


def test_a_minted_token_carries_subject_scopes_and_customer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(
        [
            "token",
            "--subject",
            "c-7",
            "--kind",
            "customer",
            "--customer-id",
            "C-7",
            "--scope",
            "intake:orders:read",
            "--scope",
            "intake:orders:write",
        ]
    )
    token = capsys.readouterr().out.strip()
    config = auth.AuthConfig.from_settings(ServiceSettings(database_url="unused"))
    principal = auth.decode_token(config, token)
    assert principal.subject == "c-7"
    assert principal.kind == "customer"
    assert principal.customer_id == "C-7"
    assert principal.scopes == {"intake:orders:read", "intake:orders:write"}
