"""newsdex search: everything that reads the index.

- query   - the query language (Whoosh syntax + entity fields), syntax errors with positions
- engine  - `SearchEngine`, the facade every front end uses: search, article, stats
- matches, vector, phrases - matched documents, BM25F scores and exact phrases computed
            over whole posting lists with numpy (equal to Whoosh's own answers)
- postings - decoded posting lists kept in memory per segment, within a budget
- facets  - facet counts and the date histogram from per-searcher numpy arrays
- suggest - "did you mean" for a query that found nothing, from the index's words
- highlight - snippets with marked matches, rendered as HTML, ANSI or plain text
- results - the result dataclasses and their documented JSON shape
- format  - terminal views; cli - the `newsdex` command line
"""
