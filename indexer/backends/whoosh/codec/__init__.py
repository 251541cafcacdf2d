"""indexer/backends/whoosh/codec."""
