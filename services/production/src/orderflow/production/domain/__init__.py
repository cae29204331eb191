"""Production's rules, pure: catalog, capacity scheduling, assessment answers, shop floor."""
