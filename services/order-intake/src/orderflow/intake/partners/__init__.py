"""Outbound partner webhooks: subscriptions, signed deliveries, retries and their log."""
