"""Delivery documents are real PDFs holding the order number and lines (R-5.2)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.integration.logistics import flow, support
from tests.support.service_app import RunningService

pytestmark = pytest.mark.integration


async def test_dispatch_produces_invoice_packing_list_qc_report_and_manuals_as_pdfs(
    svc: RunningService,
) -> None:
    """R-5.2: each document is a PDF that pypdf reads back, with the order and its lines."""
    order_id = await flow.ready_order(svc)
    shipment = await flow.dispatch(svc, await flow.plan(svc, order_id, [1, 2]), "TRK-5")
    staff = svc.auth(*support.STAFF)
    listed = await svc.client.get(f"/v1/orders/{order_id}/documents", headers=staff)
    documents = {d["kind"]: d for d in listed.json()}
    assert set(documents) == {
        "invoice",
        "packing_list",
        "quality_report",
        "product_manual",
        "delivery_note",
    }

    texts = {}
    for kind, document in documents.items():
        download = await svc.client.get(f"/v1/documents/{document['document_id']}", headers=staff)
        assert download.status_code == 200
        assert download.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(download.content))
        texts[kind] = "\n".join(page.extract_text() for page in reader.pages)
        assert str(order_id) in texts[kind]
        assert document["shipment_id"] == shipment["shipment_id"]
    assert "Centrifugal pump 200" in texts["invoice"]
    assert "Seal kit for pump 200" in texts["invoice"]
    assert "Total: 1000.00 EUR" in texts["invoice"]
    assert "Package 1: 12.5 kg, 60 x 40 x 40 cm" in texts["packing_list"]
    assert "line 2: SEAL-KIT" in texts["packing_list"]
    assert "ISO 9906 grade 2B" in texts["quality_report"]
    assert "flow-rate: expected >= 200, actual 212" in texts["quality_report"]
    assert "PUMP-200" in texts["product_manual"]
    assert "Received in good order (signature)" in texts["delivery_note"]
    generated = await svc.published("delivery_document.generated")
    assert len(generated) == 5


async def test_a_customer_downloads_only_their_own_documents(svc: RunningService) -> None:
    """R-8.4: another customer's document is a 404, the owner's a PDF."""
    order_id = await flow.ready_order(svc)
    await flow.dispatch(svc, await flow.plan(svc, order_id, [1, 2]), "TRK-6")
    listed = await svc.client.get(
        f"/v1/orders/{order_id}/documents", headers=svc.auth(*support.STAFF)
    )
    document_id = listed.json()[0]["document_id"]
    owner = svc.auth("logistics:documents:read", kind="customer", customer_id=str(support.CUSTOMER))
    stranger = svc.auth(
        "logistics:documents:read",
        kind="customer",
        customer_id="0190aaaa-0000-7000-8000-000000000999",
    )
    assert (await svc.client.get(f"/v1/documents/{document_id}", headers=owner)).status_code == 200
    assert (
        await svc.client.get(f"/v1/documents/{document_id}", headers=stranger)
    ).status_code == 404
    assert (
        await svc.client.get(f"/v1/orders/{order_id}/documents", headers=stranger)
    ).status_code == 404
