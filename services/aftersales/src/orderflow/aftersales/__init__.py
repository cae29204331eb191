"""OrderFlow aftersales: Acceptance with deadlines, claims, service tickets with response
deadlines, follow-ups and satisfaction (R-5.5, R-5.6, R-7, R-9.2).
"""
