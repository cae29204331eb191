"""order-intake's pure rules: the lifecycle, pricing and the information check (no I/O)."""
