"""indexer/backends/whoosh/merge."""
