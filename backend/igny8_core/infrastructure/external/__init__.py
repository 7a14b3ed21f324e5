"""Clients for the platforms IGNY8 publishes to and syncs from (WordPress, Shopify, custom webhooks)."""
