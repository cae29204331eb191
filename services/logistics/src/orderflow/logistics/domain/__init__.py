"""Logistics' pure rules: assessment, shipment states, notices, signatures (no I/O)."""
