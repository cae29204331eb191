"""E-commerce webhooks in (R-2.1): verify over the raw body, store, map to an order later."""
