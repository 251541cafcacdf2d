"""After a commit: copies that two writers stored at once, made one as a single run would.

Writers on several machines see each other's articles only once committed, so within one
commit interval both may store the same text under two ids, or make two first copies of one
story. After each commit a writer looks, for the articles it just committed, at what the
index holds: every text stored more than once keeps its smallest id (with the origins of
all of them) and the others are deleted; every story with more than one first copy keeps
the smallest id as its first copy and the others (with their own copies) point at it. The
rule names the survivor by id, so writers that reconcile the same documents at the same
time write the same outcome.
"""

from __future__ import annotations

from indexer.backends.opensearch import documents
from indexer.duplicates import minhash as dedup

PAGE = 1000
MSEARCH = 100  # searches per multi-search request


def _search(client, index: str, query: dict, fields: list[str]) -> list[dict]:
    found = client.search(index=index, body={"query": query, "size": PAGE,
                                             "_source": fields})["hits"]["hits"]
    return [h["_source"] for h in found]


def exact_copies(client, index: str, hashes: list[str]) -> list[dict]:
    """Bulk actions that leave one document per content hash among `hashes`."""
    actions: list[dict] = []
    if not hashes:
        return actions
    groups: dict[str, list[dict]] = {}
    for source in _search(client, index, {"terms": {"hash": sorted(set(hashes))}},
                          ["id", "hash", "origins"]):
        groups.setdefault(source["hash"], []).append(source)
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda s: s["id"])
        origins: list[str] = []
        for source in members:
            origins += [o for o in source.get("origins") or [] if o not in origins]
        keeper = members[0]["id"]
        actions.append({"_op_type": "update", "_index": index,
                        "_id": documents.doc_id(keeper), "doc": {"origins": origins}})
        actions += [{"_op_type": "delete", "_index": index, "_id": documents.doc_id(s["id"])}
                    for s in members[1:]]
    return actions


def _first_copies_sharing_bands(client, index: str, roots: dict[str, object]):
    """(id, signature, the first copies sharing a band key with it) for each of `roots`,
    asked in multi-searches of `MSEARCH` at a time."""
    items = list(roots.items())
    for start in range(0, len(items), MSEARCH):
        part = items[start:start + MSEARCH]
        lines: list[dict] = []
        for _id, sig in part:
            lines += [{"index": index}, {"query": {"bool": {
                "filter": [{"terms": {"bands": documents.band_values(dedup.band_codes(sig))}}],
                "must_not": [{"exists": {"field": "dup_of"}}]}},
                "size": PAGE, "_source": ["id", "minhash"]}]
        for (article_id, sig), answer in zip(part, client.msearch(body=lines)["responses"],
                                             strict=True):
            if "error" in answer:
                from indexer.errors import IndexUnavailable

                raise IndexUnavailable(f"{index}: a search of first copies failed "
                                       f"({answer['error']})")
            yield article_id, sig, [h["_source"] for h in answer["hits"]["hits"]]


def first_copies(client, index: str, roots: dict[str, object]) -> list[dict]:
    """Bulk actions that leave one first copy per story for the first copies `roots`
    (id -> MinHash signature) just committed."""
    actions: list[dict] = []
    demoted: dict[str, str] = {}
    for article_id, sig, found in _first_copies_sharing_bands(client, index, roots):
        story = [article_id]
        for source in found:
            other = documents.signature_from_source(source)
            if source["id"] != article_id and other is not None and \
                    dedup.same_story(sig, other) > 0:
                story.append(source["id"])
        if len(story) < 2:
            continue
        root = min(story)
        for other in story:
            if other != root and demoted.get(other, root) >= root:
                demoted[other] = root
    if not demoted:
        return actions
    for other, root in demoted.items():
        actions.append({"_op_type": "update", "_index": index,
                        "_id": documents.doc_id(other), "doc": {"dup_of": root, "copy": True}})
    for source in _search(client, index, {"terms": {"dup_of": sorted(demoted)}},
                          ["id", "dup_of"]):
        actions.append({"_op_type": "update", "_index": index,
                        "_id": documents.doc_id(source["id"]),
                        "doc": {"dup_of": demoted[source["dup_of"]], "copy": True}})
    return actions
