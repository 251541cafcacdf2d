"""Near-duplicates while writing: an article's MinHash signature and the first indexed (or
pending) copy of its story, found through the LSH bands of the batches and of the index
(see indexer.duplicates.minhash, indexer.backends.whoosh.bands).
"""

from __future__ import annotations

import numpy as np

from indexer.article import Article
from indexer.backends.whoosh.documents import Copy
from indexer.duplicates import minhash as dedup


class NearDuplicates:
    """The near-duplicate half of `indexer.backends.whoosh.writer.ArticleWriter` (its batches,
    searcher,
    stored-field look-ups and band index)."""

    def _copy_state(self, article: Article, new: bool,
                    body: tuple[list[str], np.ndarray]) -> Copy:
        """The signature and first copy of an article: kept when its text is unchanged.
        `body`: its body's pieces and their numbers (`word_codes.numbered`)."""
        if not self.near_duplicates:
            return Copy()
        pending = self._pending(article.id)
        if pending is not None and pending[0].content_hash == article.content_hash:
            return pending[2]
        stored = None if new else self._stored_by("id", article.id)
        if stored is not None and stored.get("hash") == article.content_hash:
            return Copy(dedup.from_bytes(stored.get("minhash")), stored.get("dup_of"))
        sig = dedup.signature_of(*body)
        if sig is None:
            return Copy()
        copy = Copy(sig)
        copy.dup_of = self._first_copy(article.id, copy)
        return copy

    def _first_copy(self, article_id: str, copy: Copy) -> str | None:
        """The id of the first indexed copy of the same story, if there is one."""
        sig, codes = copy.sig, copy.codes
        keys = codes.tolist()
        best, best_score = None, 0.0
        for batch in self._batches():
            for other in batch.bands.candidates(keys):
                pending = batch.articles[other][2] if other in batch.articles else None
                score = 0.0 if pending is None else dedup.same_story(sig, pending.sig)
                if other != article_id and score > best_score:
                    best, best_score = pending.dup_of or other, score
        reader = self._searcher.reader()
        seen: set[int] = set()
        for docnum in self._bands.documents(reader, sig, codes):
            if docnum in seen:
                continue
            seen.add(docnum)
            stored = reader.stored_fields(docnum)
            other_sig = dedup.from_bytes(stored.get("minhash"))
            if stored["id"] == article_id or other_sig is None:
                continue
            score = dedup.same_story(sig, other_sig)
            if score > best_score:
                best, best_score = stored.get("dup_of") or stored["id"], score
        return best if best != article_id else None
