"""indexer/backends/whoosh/terms."""
