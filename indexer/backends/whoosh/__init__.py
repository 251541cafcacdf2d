"""The embedded Whoosh index: its storage format (codec), terms, merges and writer.

Only this package and search/backends/whoosh import `whoosh`. The backend object is
`indexer.backends.whoosh.backend.WhooshIndex`.
"""
