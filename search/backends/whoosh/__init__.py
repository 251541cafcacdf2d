"""search/backends/whoosh."""
