"""Review's pure rules: the sales and finance checks, the assessment round (R-3, R-6)."""
