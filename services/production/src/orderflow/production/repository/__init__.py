"""Reading and writing production's tables; rows in, domain objects out."""
