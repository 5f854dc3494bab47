"""Chunked, encrypted, resumable file transfers between nodes (see models/transfers.py for the protocol)."""
