"""newsdex search: everything that reads the index.

- query   - the query language (Whoosh syntax + entity fields), syntax errors with positions
- engine  - `SearchEngine`, the facade every front end uses: search, article, stats
- facets  - facet counts and the date histogram from per-searcher numpy arrays
- highlight - snippets with marked matches, rendered as HTML, ANSI or plain text
- results - the result dataclasses and their documented JSON shape
- format  - terminal views; cli - the `newsdex` command line
"""
