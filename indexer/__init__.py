"""newsdex indexer: raw news in, Whoosh index documents out.

The pipeline, one `Article` (indexer.article) at a time:

1. readers   - files, folders, stdin; .txt pages, JSON Lines, JSON, CSV -> Article | Skipped
2. encoding  - bytes to text (UTF-8, cp1251, latin-1 ...), binary and empty input refused
3. clean     - scraped-page noise removed: language switchers, repeated headlines, credits
4. language  - en / uk / ru detected when the input does not say
5. entities  - people, places, organizations and dates, normalized to canonical ids
               across scripts, transliterations and inflections
6. schema    - the Whoosh schema (per-language text fields, facet fields), declared once
7. writer    - add / replace / skip-unchanged / record exact copies and near-duplicates
               (copies: the first copy of a story; dedup: MinHash signatures; bands: their
               LSH codes, a column per segment);
               commits in batches

Writing at scale: `fast_terms` analyzes each distinct word once instead of streaming tokens
(`word_caches` hands what sub-writer processes analyzed back to the next ones), a text is
split at whitespace and each distinct piece numbered once by the writing process
(`piece_ids`), whose numbers give both a body's MinHash word hashes and a field's codes in
the process's numbered words of its analyzer, kept from segment to segment (`vocabulary`);
the codes go to the sub-writers with the documents (`word_codes`; a sub-writer holding
another vocabulary looks the pieces up itself, `pieces`), `text_columns`
keeps a text field as word codes and turns a whole segment's text into sorted, encoded
postings with numpy (and the pairs of adjacent common words that answer a two-word phrase
as one term: `pairs`), `bulk_postings` keeps the other fields' postings per term and writes
them a block at a time (pickled with protocol 3: `block_codec`), `whoosh_write` writes
segment files without system calls per term, and `merging` merges segments in tiers, moving
whole posting blocks (renumbered in place: `block_codec` keeps a block's first document
number in an uncompressed part of its zlib stream) and copying per-document data as bytes
(`perdoc_merge`); all of them write an index Whoosh reads (the tests compare them). With
several writing processes, a commit runs while the next articles are read
(`writer.ArticleWriter`), and a large merge runs in a process of its own while the next
segments are written (`background_merge`). Whether an article's id or text is indexed, and
which indexed articles share its LSH bands, is looked up a size tier of segments at a time
(`segment_keys`), not a segment at a time. `maintenance` deletes articles and merges an
archive that stopped growing into one segment.

`indexer.pipeline.index_paths` runs the whole chain and returns an `IndexReport`.
"""
