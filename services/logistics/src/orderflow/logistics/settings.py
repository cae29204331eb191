"""logistics settings: `ORDERFLOW_LOGISTICS_…`, falling back to shared `ORDERFLOW_…` names."""

from decimal import Decimal

from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from orderflow.runtime.settings import ServiceSettings


class LogisticsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERFLOW_LOGISTICS_", extra="ignore")

    company_name: str = "OrderFlow"
    # Delivery notices: the SMTP relay they go through and how failures are retried.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_sender: str = "logistics@orderflow.invalid"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_start_tls: bool = False
    smtp_timeout_seconds: float = 10.0
    notice_retry_base_seconds: float = 60.0
    # Carriers sign their tracking webhooks with HMAC-SHA256 over the raw body.
    carrier_webhook_secret: SecretStr = SecretStr("dev-only-carrier-webhook-secret")
    # Review-time estimates before anything is packed: lead time and freight per unit.
    assumed_ready_days: int = 14
    estimated_kg_per_unit: Decimal = Decimal("10")
    estimated_m3_per_unit: Decimal = Decimal("0.05")
    signature_max_bytes: int = 512 * 1024
    manual_base_url: str = "https://manuals.orderflow.invalid/"
    # AES-256-GCM keys (base64) for personal data at rest; new data uses `pii_key_id`.
    pii_key_id: str = "dev1"
    pii_keys: dict[str, SecretStr] = {
        "dev1": SecretStr("ZGV2LW9ubHktbG9naXN0aWNzLXBpaS1rZXktMzJieXQ=")
    }
