"""Every write to cases and requests goes through these services."""
