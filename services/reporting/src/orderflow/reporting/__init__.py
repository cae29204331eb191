"""OrderFlow reporting: The append-only archive of every event, the complete order file, KPIs
and analytics (R-8.1, R-8.2, R-9).
"""
