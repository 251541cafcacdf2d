"""indexer/text."""
