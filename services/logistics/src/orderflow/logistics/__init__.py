"""OrderFlow logistics: Carriers and service areas, delivery assessments, shipments, tracking
and exceptions, delivery notices and documents, proof of delivery, on-site service
(R-4.7–R-4.9, R-5.1–R-5.4).
"""
