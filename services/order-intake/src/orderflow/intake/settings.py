"""order-intake settings: `ORDERFLOW_INTAKE_…`, falling back to shared `ORDERFLOW_…` names."""

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from orderflow.runtime.settings import ServiceSettings

# A development key only (32 bytes, base64); production sets ORDERFLOW_INTAKE_PII_KEYS.
_DEV_KEY = SecretStr("ZGV2LW9ubHktcGlpLWtleS1jaGFuZ2UtbWUtMDEyMzQ=")


class IntakeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERFLOW_INTAKE_", extra="ignore")

    # AES-256-GCM keys for contact data at rest, by key id; base64 of 32 bytes.
    pii_keys: dict[str, SecretStr] = Field(default_factory=lambda: {"dev1": _DEV_KEY})
    # The key new ciphertexts are written with; `keys rotate` re-encrypts the rest to it.
    pii_active_key: str = "dev1"
    # Inbound e-commerce webhook secrets, by source name.
    shopify_webhook_secret: SecretStr | None = None
    woocommerce_webhook_secret: SecretStr | None = None
    # Standard Webhooks secret (`whsec_<base64>`) of the inbound platform.
    standard_webhook_secret: SecretStr | None = None
    webhook_tolerance_seconds: int = 300
    # Days apart two orders of one customer with the same lines count as suspected duplicates.
    duplicate_window_days: int = 7
    # An accepted order with no completed follow-up closes after this many days.
    closing_window_days: int = 30
    # Outbound partner webhooks: attempts before giving up, first retry delay, request timeout.
    partner_webhook_max_attempts: int = 6
    partner_webhook_backoff_seconds: float = 30.0
    partner_webhook_timeout_seconds: float = 10.0
