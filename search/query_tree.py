"""A parsed query as plain data: what any backend translates, knowing no parser.

newsdex's query language is parsed once, by `search.backends.whoosh.query_tree.parse`
(the same parser and rewrites the embedded index uses: entity fields resolved to ids,
`title:`/`body:` expanded over every language's field, dates turned into spans, words
analyzed by each language's analyzer). The result is a tree of these nodes, whose leaves
name index fields (`title_uk`, `body_en`, `person`, `published`, ...) and hold terms as
the analyzers made them, so a backend that indexed the same analyzed tokens can match them
exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Node:
    """Base of every query node; `boost` multiplies the node's score."""


@dataclass(frozen=True)
class Everything(Node):
    """Every article."""


@dataclass(frozen=True)
class Nothing(Node):
    """No article (e.g. an entity name the index does not hold)."""


@dataclass(frozen=True)
class Term(Node):
    """One indexed term of one field."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase(Node):
    """Positions in order, each matched by any of its alternatives (the several lemmas of a
    Ukrainian or Russian word), at most `slop - 1` words apart (1: adjacent)."""

    field: str
    positions: tuple[tuple[str, ...], ...]
    slop: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class Pattern(Node):
    """A prefix (`kind` "prefix"), a wildcard pattern with `*` and `?` ("wildcard"), or a
    fuzzy term within `distance` edits keeping the first `prefix` characters ("fuzzy")."""

    kind: str
    field: str
    text: str
    distance: int = 1
    prefix: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class Range(Node):
    """Values of `field` between `start` and `end` (None: open), each bound included
    unless its `*_excl` flag says so. `published` bounds are datetimes, others strings."""

    field: str
    start: datetime | str | None
    end: datetime | str | None
    start_excl: bool = False
    end_excl: bool = False
    boost: float = 1.0


@dataclass(frozen=True)
class All(Node):
    """Every child matches."""

    children: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Any(Node):
    """At least one child matches; more matching children score higher."""

    children: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Not(Node):
    """Everything but what `child` matches."""

    child: Node


@dataclass(frozen=True)
class Without(Node):
    """What `base` matches and `excluded` does not (`-word`, `a ANDNOT b`)."""

    base: Node
    excluded: Node


@dataclass(frozen=True)
class Maybe(Node):
    """What `base` matches, scored higher where `bonus` matches too (`+word`, ANDMAYBE)."""

    base: Node
    bonus: Node


@dataclass
class ParsedQuery:
    """A query as parsed: the tree, notes for the user (entity names not in the index), the
    cross-language expansions made (words, facet, entity id), and the analyzed words per
    language (plus "entity ids") for marking matches in snippets."""

    tree: Node
    notes: list[str] = field(default_factory=list)
    expanded: list[tuple[str, str, str]] = field(default_factory=list)
    words: dict[str, set[str]] = field(default_factory=dict)


def leaves(node: Node):
    """Every leaf of a tree, depth first."""
    if isinstance(node, All | Any):
        for child in node.children:
            yield from leaves(child)
    elif isinstance(node, Not):
        yield from leaves(node.child)
    elif isinstance(node, Without):
        yield from leaves(node.base)
        yield from leaves(node.excluded)
    elif isinstance(node, Maybe):
        yield from leaves(node.base)
        yield from leaves(node.bonus)
    else:
        yield node
