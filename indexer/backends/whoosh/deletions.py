"""Deleting articles from the index: by id, by source, or published before a day.

A deleted first copy of a story hands its role to the earliest surviving copy, so that the
story is still counted once (see indexer.duplicates.minhash).
"""

from __future__ import annotations

from datetime import date, datetime

from indexer.article import Article
from indexer.backends.whoosh import completion
from indexer.backends.whoosh.documents import Copy, article_from_stored, document_fields
from indexer.duplicates import minhash as dedup


class Deletions:
    """The deleting half of `indexer.backends.whoosh.writer.ArticleWriter` (its searcher, writer,
    commit)."""

    def delete(self, article_id: str) -> int:
        """Delete one article by id; returns how many documents went."""
        self.commit()
        return self.delete_where(ids=[article_id])

    def delete_where(self, ids: list[str] | tuple[str, ...] = (), source: str | None = None,
                     before: date | None = None) -> int:
        """Delete articles by id, by source or published before a day; copies are re-pointed."""
        self.commit()
        doomed = self._matching(ids, source, before)
        if not doomed:
            return 0
        promoted = self._orphans(doomed)
        writer = self._whoosh_writer()
        try:
            for article_id in doomed:
                writer.delete_by_term("id", article_id)
            for article, origins, copy in promoted:
                writer.update_document(**document_fields(article, origins, copy))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self._searcher.close()
        self._searcher = self.ix.searcher()
        completion.refresh(self.ix.storage.folder, self._searcher.reader())
        return len(doomed)

    def _matching(self, ids, source: str | None, before: date | None) -> set[str]:
        """Ids of the indexed articles selected by id, source or date."""
        reader = self._searcher.reader()
        found = {i for i in ids if self._searcher.document_number(id=i) is not None}
        if source or before:
            for docnum in reader.all_doc_ids():
                stored = reader.stored_fields(docnum)
                if source and (stored.get("source") or "").casefold() != source.casefold():
                    continue
                published = stored.get("published")
                if before and not (isinstance(published, datetime)
                                   and published.date() < before):
                    continue
                found.add(stored["id"])
        return found

    def _orphans(self, doomed: set[str]) -> list[tuple[Article, list[str], Copy]]:
        """Surviving copies of deleted first copies: the earliest becomes the first copy."""
        groups: dict[str, list[dict]] = {}
        for root in doomed:
            for docnum in self._searcher.document_numbers(dup_of=root):
                stored = self._searcher.stored_fields(docnum)
                if stored["id"] not in doomed:
                    groups.setdefault(root, []).append(stored)
        rewritten = []
        for copies in groups.values():
            new_root = copies[0]["id"]
            for i, stored in enumerate(copies):
                article, origins = article_from_stored(stored)
                rewritten.append((article, origins, Copy(dedup.from_bytes(
                    stored.get("minhash")), None if i == 0 else new_root)))
        return rewritten
