"""Delivery notices by e-mail: the contact from order-intake, a template, real SMTP (R-5.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from uuid import UUID

import aiosmtplib
import httpx
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import BaseModel

from orderflow.logistics.settings import LogisticsSettings
from orderflow.runtime.peers import peer_client
from orderflow.runtime.web.auth import AuthConfig

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    undefined=StrictUndefined,
    autoescape=False,  # plain-text mail, never rendered as HTML  # noqa: S701
    keep_trailing_newline=True,
)

# Long subjects (an order number is a UUID) stay on one line rather than fold oddly.
_POLICY = policy.SMTP.clone(max_line_length=998)


class DeliveryContact(BaseModel):
    """Who receives the goods, as order-intake answers it; kept out of events and logs."""

    order_id: UUID
    customer_id: UUID
    name: str
    email: str
    phone: str | None = None
    address_lines: list[str] = []


class NoticeFailedError(Exception):
    """A send failed; `code` names the failure class and never the recipient."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Notice:
    order_id: UUID
    kind: str
    expected_from: datetime
    expected_until: datetime
    tracking_number: str | None
    message: str | None


class Notifier:
    """Sends delivery notices; `intake_transport` lets tests put a stand-in intake in-process."""

    def __init__(self, settings: LogisticsSettings, auth: AuthConfig) -> None:
        self.settings = settings
        self.auth = auth
        self.intake_transport: httpx.AsyncBaseTransport | None = None

    async def contact(self, order_id: UUID) -> DeliveryContact:
        """Ask order-intake for the order's delivery contact with a service token."""
        base = self.settings.peer_urls.get("intake")
        if base is None:
            raise NoticeFailedError("no-intake-url", "order-intake's URL is not configured")
        client = peer_client(
            base, self.auth, "logistics", ["intake:contacts:read"], transport=self.intake_transport
        )
        try:
            async with client:
                response = await client.get(f"/v1/orders/{order_id}/delivery-contact")
        except httpx.HTTPError as exc:
            raise NoticeFailedError("contact-unreachable", type(exc).__name__) from exc
        if response.status_code != 200:
            raise NoticeFailedError(
                "contact-unavailable", f"order-intake answered {response.status_code}"
            )
        try:
            return DeliveryContact.model_validate(response.json())
        except ValueError:  # never log the body: it is personal data
            raise NoticeFailedError(
                "contact-invalid", "order-intake's contact is unusable"
            ) from None

    def compose(self, notice: Notice, contact: DeliveryContact) -> EmailMessage:
        context: dict[str, Any] = {
            "name": contact.name,
            "order_number": str(notice.order_id),
            "kind": notice.kind,
            "expected_from": notice.expected_from,
            "expected_until": notice.expected_until,
            "address_lines": contact.address_lines,
            "tracking_number": notice.tracking_number,
            "message": notice.message,
            "company": self.settings.company_name,
        }
        message = EmailMessage(policy=_POLICY)
        message["From"] = self.settings.smtp_sender
        message["To"] = contact.email
        message["Subject"] = _subject(notice)
        message.set_content(_templates.get_template("delivery_notice.txt.j2").render(context))
        return message

    async def send(self, message: EmailMessage) -> None:
        s = self.settings
        password = s.smtp_password.get_secret_value() if s.smtp_password else None
        try:
            await aiosmtplib.send(
                message.as_bytes(),  # flattened with our policy: long subjects unfolded
                sender=s.smtp_sender,
                recipients=[str(message["To"])],
                hostname=s.smtp_host,
                port=s.smtp_port,
                username=s.smtp_username,
                password=password,
                start_tls=s.smtp_start_tls,
                timeout=s.smtp_timeout_seconds,
            )
        except aiosmtplib.SMTPResponseException as exc:
            refused = "the mail server refused the notice"
            raise NoticeFailedError(f"smtp-{exc.code}", refused) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise NoticeFailedError("smtp-unreachable", type(exc).__name__) from exc


def _subject(notice: Notice) -> str:
    day = notice.expected_from.date().isoformat()
    if notice.kind == "expected_delivery":
        return f"Delivery of order {notice.order_id} expected on {day}"
    if notice.kind == "delay":
        return f"Delivery of order {notice.order_id} delayed, now expected on {day}"
    return f"Delivery problem with order {notice.order_id}"
