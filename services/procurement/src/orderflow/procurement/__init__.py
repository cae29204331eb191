"""OrderFlow procurement: Suppliers and their qualification, inventory, requisitions, purchase
orders, receipts, supplier delays and quality issues (R-4.4–R-4.6).
"""
