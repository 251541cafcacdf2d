"""The OpenSearch backend, read side: `engine.OpenSearchEngine`."""
