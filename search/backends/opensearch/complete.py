"""Entity-name completion over an OpenSearch index, with the Whoosh backend's completion
table's rule (`indexer.backends.whoosh.completion`): a name completes a prefix when one of
its spellings (the canonical name or a mention as written, in any script, or its Latin
transliteration), from one of its words on, starts with the prefix, casefolded and without
apostrophes; most articles first.

Candidates come from a wildcard query on the `<kind>_names` keywords (every spelling of the
document's entities), the spellings per id from those documents' mentions, the counts from
a terms aggregation over the whole index.
"""

from __future__ import annotations

from anyascii import anyascii

from indexer.backends.whoosh.completion import normalize

SAMPLE = 500  # documents read for the spellings of the candidates


def _starts_a_word(spelling: str, needle: str) -> bool:
    for form in {normalize(spelling), normalize(anyascii(spelling))}:
        words = form.split(" ")
        if any(" ".join(words[i:]).startswith(needle) for i in range(len(words))):
            return True
    return False


def candidates(conn, kind: str, prefix: str) -> list[str]:
    """Ids of entities of `kind` with a spelling completing `prefix`."""
    needle = normalize(prefix)
    if not needle:
        return []
    pattern = "*" + needle.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?") + "*"
    spelled = {"wildcard": {f"{kind}_names": {"value": pattern, "case_insensitive": True}}}
    found = conn.search({"query": spelled, "size": SAMPLE, "_source": ["mentions"],
                         "sort": [{"id": "asc"}]})["hits"]["hits"]
    ids: dict[str, None] = {}
    for hit in found:
        for m in hit["_source"].get("mentions") or []:
            if m.get("type") == kind and m["id"] not in ids and (
                    _starts_a_word(m.get("name") or "", needle)
                    or _starts_a_word(m.get("text") or "", needle)):
                ids[m["id"]] = None
    return list(ids)


def counts(conn, kind: str, ids: list[str]) -> dict[str, int]:
    """Articles per id of `ids` in the whole index."""
    if not ids:
        return {}
    found = conn.search({"size": 0, "aggs": {"n": {"terms": {
        "field": kind, "include": ids, "size": len(ids)}}}})
    return {b["key"]: b["doc_count"] for b in found["aggregations"]["n"]["buckets"]}
