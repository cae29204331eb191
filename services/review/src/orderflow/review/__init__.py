"""OrderFlow review: The four-department review and the assessment rounds for changes and
cancellations, with the sales and finance rules as data (R-3, R-6.2).
"""
