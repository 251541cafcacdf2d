"""newsdex's query language parsed into the engine-neutral tree of `search.query_tree`.

The parser is the embedded index's (`QueryBuilder` over the newsdex schema: Whoosh's query
parser with newsdex's rewrites), so every backend understands a query exactly as the Whoosh
one does. `parse` needs no open index: `known(field, value)` says whether the index holds an
entity id (the caller asks its own engine).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from whoosh import query as wq

from indexer.backends.whoosh.schema import build_schema
from search import query_tree as qt
from search.backends.whoosh.query import MAX_TERMS, QueryBuilder, Resolver
from search.errors import QueryError
from search.request import FILTER_FIELDS

_ENTITY_FIELDS = ("person", "place", "org")


@lru_cache(maxsize=1)
def _schema():
    return build_schema()


def parse(text: str, resolver: Resolver, known: Callable[[str, str], bool],
          cross_lang: bool = False, match: str = "all") -> qt.ParsedQuery:
    """The tree of `text` (empty or `*`: `Everything`). Raises QueryError as the Whoosh
    engine does for the same text (syntax, unknown fields, bad dates, too many words)."""
    builder = QueryBuilder(_schema(), resolver, known)
    q = builder.build(text, cross_lang=cross_lang, match=match)
    leaves = [q] if q.is_leaf() else list(q.leaves())
    if len(leaves) > MAX_TERMS * 8:
        raise QueryError(f"the query has too many words (at most {MAX_TERMS})")
    words: dict[str, set[str]] = {}
    for leaf in leaves:
        field = getattr(leaf, "fieldname", None) or ""
        lang = field.rpartition("_")[2] if field.startswith(("title_", "body_")) else None
        if lang and isinstance(leaf, wq.Term):
            words.setdefault(lang, set()).add(_text(leaf.text))
        elif lang and isinstance(leaf, wq.Phrase):
            words.setdefault(lang, set()).update(_text(w) for w in leaf.words)
        elif field in _ENTITY_FIELDS and isinstance(leaf, wq.Term):
            words.setdefault("entity ids", set()).add(_text(leaf.text))
    return qt.ParsedQuery(tree=to_tree(q), notes=list(builder.notes),
                          expanded=list(builder.expanded), words=words)


def entity_ids(name: str, value: str, resolver: Resolver,
               known: Callable[[str, str], bool]) -> list[str]:
    """The indexed ids a filter value selects (any spelling), as the Whoosh engine's."""
    if name not in FILTER_FIELDS:
        return []
    return QueryBuilder(_schema(), resolver, known).entity_ids(name, value)


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def to_tree(node: wq.Query) -> qt.Node:
    """One Whoosh query (as `QueryBuilder.build` makes it) as a neutral node.

    Raises QueryError for a kind of query the language does not produce (regex, nested)."""
    boost = float(getattr(node, "boost", 1.0) or 1.0)
    if node is wq.NullQuery or type(node).__name__ == "_NullQuery":
        return qt.Nothing()
    if isinstance(node, wq.Every):
        return qt.Everything()
    if isinstance(node, wq.FuzzyTerm):
        return qt.Pattern("fuzzy", node.fieldname, _text(node.text), node.maxdist,
                          node.prefixlength, boost)
    if isinstance(node, wq.Variations):
        return qt.Term(node.fieldname, _text(node.text), boost)
    if isinstance(node, wq.Term):
        return qt.Term(node.fieldname, _text(node.text), boost)
    if isinstance(node, wq.Prefix):
        return qt.Pattern("prefix", node.fieldname, _text(node.text), boost=boost)
    if isinstance(node, wq.Wildcard):
        return qt.Pattern("wildcard", node.fieldname, _text(node.text), boost=boost)
    if isinstance(node, wq.Phrase):
        return qt.Phrase(node.fieldname, tuple((_text(w),) for w in node.words),
                         node.slop, boost)
    if isinstance(node, wq.Sequence):
        return _sequence(node, boost)
    if isinstance(node, wq.DateRange):
        return qt.Range(node.fieldname, node.startdate, node.enddate, node.startexcl,
                        node.endexcl, boost)
    if isinstance(node, wq.TermRange):
        return qt.Range(node.fieldname, None if node.start is None else _text(node.start),
                        None if node.end is None else _text(node.end), node.startexcl,
                        node.endexcl, boost)
    if isinstance(node, wq.AndNot):
        return qt.Without(to_tree(node.a), to_tree(node.b))
    if isinstance(node, wq.AndMaybe):
        return qt.Maybe(to_tree(node.a), to_tree(node.b))
    if isinstance(node, wq.Require):
        return qt.All((to_tree(node.a), to_tree(node.b)), boost)
    if isinstance(node, wq.And):
        return qt.All(tuple(to_tree(c) for c in node.subqueries), boost)
    if isinstance(node, wq.Or | wq.DisjunctionMax):
        return qt.Any(tuple(to_tree(c) for c in node.subqueries), boost)
    if isinstance(node, wq.Not):
        return qt.Not(to_tree(node.query))
    if isinstance(node, wq.ConstantScoreQuery | wq.WeightingQuery):
        return to_tree(node.child)
    raise QueryError(f"this kind of query cannot be sent to this index: {node}")


def _sequence(node: wq.Sequence, boost: float) -> qt.Node:
    """A phrase with several lemmas at some positions (`_lemma_phrase`): a Sequence of
    terms and ORs of terms in one field."""
    positions: list[tuple[str, ...]] = []
    fields = set()
    for part in node.subqueries:
        terms = [part] if isinstance(part, wq.Term) else list(getattr(part, "subqueries", []))
        if not terms or not all(isinstance(t, wq.Term) for t in terms):
            return qt.All(tuple(to_tree(c) for c in node.subqueries), boost)
        fields.update(t.fieldname for t in terms)
        positions.append(tuple(_text(t.text) for t in terms))
    if len(fields) != 1:
        return qt.All(tuple(to_tree(c) for c in node.subqueries), boost)
    return qt.Phrase(fields.pop(), tuple(positions), node.slop, boost)
