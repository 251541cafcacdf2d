"""indexer/duplicates."""
