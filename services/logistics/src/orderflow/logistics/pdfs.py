"""Delivery documents as PDFs (reportlab): invoice, packing list, QC report, manuals (R-5.2)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from orderflow.contracts.logistics import DocumentKind
from orderflow.contracts.snapshot import OrderSnapshot

TITLES = {
    DocumentKind.INVOICE: "Invoice",
    DocumentKind.PACKING_LIST: "Packing list",
    DocumentKind.QUALITY_REPORT: "Quality inspection report",
    DocumentKind.PRODUCT_MANUAL: "Product manuals",
    DocumentKind.DELIVERY_NOTE: "Delivery note",
}


@dataclass(frozen=True)
class DocumentInput:
    """Everything a delivery document shows; no contact details (they stay in intake)."""

    order_id: str
    shipment_id: str | None
    order: OrderSnapshot
    packages: Sequence[dict[str, Any]]
    qc_report: dict[str, Any] | None
    company: str
    manual_base_url: str


def render(kind: DocumentKind, data: DocumentInput) -> bytes:
    lines = [f"Order number: {data.order_id}"]
    if data.shipment_id:
        lines.append(f"Shipment: {data.shipment_id}")
    lines.append("")
    lines += _BODIES[kind](data)
    return _pdf(f"{data.company} - {TITLES[kind]}", lines)


def _invoice(data: DocumentInput) -> list[str]:
    o = data.order
    rows = [
        f"{ln.line_no}. {ln.product_code} {ln.description}: {ln.quantity} {ln.unit}"
        f" x {ln.unit_price} = {ln.line_total} {o.currency}"
        for ln in o.lines
    ]
    return [
        f"Customer: {o.customer_id}",
        f"Payment terms: {o.payment_terms}",
        "Lines:",
        *rows,
        "",
        f"Subtotal: {o.subtotal} {o.currency}",
        f"Discount: {o.discount_total} {o.currency}",
        f"Tax: {o.tax_total} {o.currency}",
        f"Total: {o.total} {o.currency}",
    ]


def _packing_list(data: DocumentInput) -> list[str]:
    by_no = {ln.line_no: ln for ln in data.order.lines}
    rows: list[str] = []
    for number, package in enumerate(data.packages, start=1):
        size = f"{package['length_cm']} x {package['width_cm']} x {package['height_cm']} cm"
        rows.append(f"Package {number}: {package['weight_kg']} kg, {size}")
        for line_no in package.get("line_nos") or list(by_no):
            line = by_no.get(line_no)
            if line is not None:
                rows.append(
                    f"  line {line.line_no}: {line.product_code} {line.description}"
                    f" ({line.quantity} {line.unit})"
                )
    return ["Packages:", *rows]


def _quality_report(data: DocumentInput) -> list[str]:
    qc = data.qc_report
    if qc is None:
        return ["No quality inspection report was received from production."]
    rows = [
        f"{m['characteristic']}: expected {m['expected']}, actual {m['actual']}"
        f" {m.get('unit') or ''} - {'pass' if m['passed'] else 'FAIL'}"
        for m in qc.get("measurements", [])
    ]
    lines = [f"{ln.line_no}. {ln.product_code} {ln.description}" for ln in data.order.lines]
    return [
        f"QC report: {qc['qc_report_id']}",
        f"Standard: {qc['standard']}",
        f"Result: {'passed' if qc['passed'] else 'failed'}",
        "Measurements:",
        *rows,
        "Lines inspected:",
        *lines,
    ]


def _manuals(data: DocumentInput) -> list[str]:
    base = data.manual_base_url.rstrip("/")
    return [
        "Product manuals for the delivered lines:",
        *(
            f"{ln.line_no}. {ln.product_code} {ln.description}: {base}/{ln.product_code}"
            for ln in data.order.lines
        ),
    ]


def _delivery_note(data: DocumentInput) -> list[str]:
    return [*_packing_list(data), "", "Received in good order (signature): ______________"]


_BODIES = {
    DocumentKind.INVOICE: _invoice,
    DocumentKind.PACKING_LIST: _packing_list,
    DocumentKind.QUALITY_REPORT: _quality_report,
    DocumentKind.PRODUCT_MANUAL: _manuals,
    DocumentKind.DELIVERY_NOTE: _delivery_note,
}


def _pdf(title: str, lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(title)
    _width, height = A4
    y = height - 25 * mm
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(20 * mm, y, title)
    canvas.setFont("Helvetica", 10)
    for line in lines:
        y -= 6 * mm
        if y < 20 * mm:
            canvas.showPage()
            canvas.setFont("Helvetica", 10)
            y = height - 20 * mm
        canvas.drawString(20 * mm, y, line[:110])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
