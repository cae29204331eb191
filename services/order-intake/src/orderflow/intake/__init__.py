"""OrderFlow order-intake: Sales and customer service."""
