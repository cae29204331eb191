"""procurement's pure rules: supplier choice, stock, requisitions, purchase orders (no I/O)."""
