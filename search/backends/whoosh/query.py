"""The query language: Whoosh's syntax over every language's fields, with entity fields.

`person:`, `place:` and `org:` take any spelling of an entity (resolved to canonical ids
through the indexer's normalization), `source:`, `lang:`, `date:` (a mentioned date) and
`published:` (dates and ranges) filter, `title:`/`body:` search one part in every language.
Syntax errors are reported with the position of the problem before Whoosh sees the query,
because Whoosh silently repairs what it cannot parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from whoosh import query as wq
from whoosh.fields import KEYWORD, Schema
from whoosh.qparser import MultifieldParser, OrGroup, PlusMinusPlugin

from indexer.backends.whoosh.analysis import analyzer_for
from indexer.backends.whoosh.schema import ENTITY_FIELDS, TEXT_LANGUAGES, text_fields
from search import query_dates
from search.backends.whoosh import ranking
from search.errors import QueryError

MAX_QUERY_LENGTH = 2000
FIELD_NAMES = ("title", "body", "person", "place", "org", "date", "source", "lang", "published")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_TOKEN = re.compile(r'"|\(|\)|\[|\]|\{|\}|[^\s"()\[\]{}]+')
_FIELD_PREFIX = re.compile(r"^([A-Za-z_]+):")
# `+word` / `-word` only at the start of a word: Ivano-Frankivsk and 2022-05-06 stay whole
_PLUS, _MINUS = r"(?<![^\s(])\+", r"(?<![^\s(])-"
DATE_FIELDS = ("published", "date")

Resolver = Callable[[str, str], list[str]]


def _error(message: str, position: int, text: str) -> QueryError:
    return QueryError(message, position=position, query=text)


def check_syntax(text: str) -> None:
    """Raise QueryError, with the position, for unbalanced quotes, brackets and operators."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"query too long: {len(text)} characters (at most {MAX_QUERY_LENGTH})")
    stack: list[tuple[str, int]] = []
    previous: str | None = "("  # what came before: "(" at the start, like an open group
    pairs = {")": "(", "]": "[", "}": "["}
    pos = 0
    while pos < len(text):
        match = _TOKEN.search(text, pos)
        if match is None:
            break
        token, start = match.group(), match.start()
        pos = match.end()
        if token == '"':
            end = text.find('"', pos)
            if end < 0:
                raise _error("unclosed quote: a phrase needs a closing \"", start, text)
            pos, previous = end + 1, "word"
        elif token in "([{":
            stack.append(("[" if token in "[{" else "(", start))
            previous = "("
        elif token in ")]}":
            if not stack or stack[-1][0] != pairs[token]:
                raise _error(f"unexpected {token!r}: nothing to close here", start, text)
            if previous in _OPERATORS:
                raise _error(f"{previous} needs a term after it", start, text)
            stack.pop()
            previous = "word"
        elif token in _OPERATORS and not (stack and stack[-1][0] == "["):
            if token != "NOT" and previous in ("(", *_OPERATORS):
                raise _error(f"{token} needs a term before it", start, text)
            previous = token
        else:
            field = _FIELD_PREFIX.match(token)
            if field and field.group(1).lower() not in FIELD_NAMES:
                known = ", ".join(f"{name}:" for name in FIELD_NAMES)
                raise _error(f"unknown field {field.group(1)!r}; fields are {known}", start,
                             text)
            previous = "word"
    if stack:
        kind, start = stack[-1]
        closer = ")" if kind == "(" else "]"
        raise _error(f"unclosed {text[start]!r}: add a {closer!r}", start, text)
    if previous in _OPERATORS:
        raise _error(f"{previous} needs a term after it", len(text.rstrip()) - len(previous),
                     text)


def _parser_schema(schema: Schema) -> Schema:
    """The index schema plus virtual `title`/`body` fields that rewrite() expands, and the
    date fields as plain words that rewrite() turns into spans (search.query_dates)."""
    parse_schema = schema.copy()
    for name in ("title", "body", *DATE_FIELDS):
        if name in parse_schema.names():
            parse_schema.remove(name)
        parse_schema.add(name, KEYWORD(lowercase=False))
    return parse_schema


def _analyzed_query(fieldname: str, text: str, phrase: bool):
    """A term or phrase query for `text` as `fieldname`'s analyzer breaks it up."""
    words = [t.text for t in analyzer_for(fieldname.rsplit("_", 1)[1])(text)]
    if not words:
        return None
    if len(words) == 1:
        return wq.Term(fieldname, words[0])
    return wq.Phrase(fieldname, words) if phrase else wq.And(
        [wq.Term(fieldname, w) for w in words])


def _lemma_phrase(node: wq.Phrase) -> wq.Query:
    """A phrase whose words have several lemmas at one position, as a sequence of ORs."""
    groups: list[list[str]] = []
    last = None
    for word, span in zip(node.words, node.char_ranges, strict=False):
        if span == last and span != (None, None):
            groups[-1].append(word)
        else:
            groups.append([word])
        last = span
    if len(groups) == len(node.words):
        return node
    parts = [wq.Term(node.fieldname, g[0]) if len(g) == 1
             else wq.Or([wq.Term(node.fieldname, w) for w in g]) for g in groups]
    return wq.Sequence(parts, slop=node.slop, boost=node.boost)


class QueryBuilder:
    """Turns a user's query string into a Whoosh query for one index schema."""

    def __init__(self, schema: Schema, resolver: Resolver, known: Callable[[str, str], bool]):
        self.schema = schema
        self.resolver = resolver
        self.known = known
        fields = text_fields("title") + text_fields("body")
        # Title over body: the schema boosts titles at index time; this query-time weight
        # is tuned on Cranfield (search.backends.whoosh.ranking).
        boosts = {name: ranking.TITLE_QUERY_WEIGHT for name in text_fields("title")}
        parse_schema = _parser_schema(schema)
        self.parser = MultifieldParser(fields, parse_schema, fieldboosts=boosts)
        # "any word" matching: every word's BM25 score adds up
        self.any_parser = MultifieldParser(fields, parse_schema, fieldboosts=boosts,
                                           group=OrGroup)
        for parser in (self.parser, self.any_parser):  # -word excludes, +word requires
            parser.add_plugin(PlusMinusPlugin(_PLUS, _MINUS))
        self.notes: list[str] = []
        self.expanded: list[tuple[str, str, str]] = []
        self._cross_lang: str | None = None

    def build(self, text: str, cross_lang: bool = False, match: str = "all") -> wq.Query:
        """Parse `text`; an empty query or `*` matches every article.

        With `cross_lang`, a word or phrase (in any case) that names a person, place or
        organization also matches every article that mentions that entity, in any language.
        `match` "all" joins bare words with AND, "any" with OR. Entity names that match
        nothing in the index leave a line in `self.notes`.
        """
        self.notes = []
        self.expanded: list[tuple[str, str, str]] = []  # (words, field, id)
        text = text.strip()
        if text in ("", "*"):
            return wq.Every()
        check_syntax(text)
        try:
            parsed = (self.any_parser if match == "any" else self.parser).parse(text)
        except Exception as exc:  # Whoosh raises bare errors on some malformed input
            raise QueryError(f"cannot parse the query: {exc}", query=text) from exc
        self._cross_lang = text if cross_lang else None
        return self._rewrite(parsed).normalize()

    def _rewrite(self, node: wq.Query) -> wq.Query:
        if node.is_leaf():
            return self._rewrite_leaf(node)
        if isinstance(node, wq.Or) and self._cross_lang:
            expansion = self._entity_expansion(node)
            if expansion:
                children = [self._rewrite(child) for child in node.subqueries]
                return wq.Or(children + expansion, boost=node.boost)
        if isinstance(node, wq.BinaryQuery):  # AndNot, AndMaybe (-word, +word), ...
            return node.__class__(self._rewrite(node.a), self._rewrite(node.b))
        if isinstance(node, wq.CompoundQuery):
            return node.__class__([self._rewrite(child) for child in node.subqueries],
                                  boost=node.boost)
        if isinstance(node, wq.Not):
            return wq.Not(self._rewrite(node.query), boost=node.boost)
        return node

    def _rewrite_leaf(self, node: wq.Query) -> wq.Query:
        fieldname = getattr(node, "fieldname", None)
        if fieldname in DATE_FIELDS:
            return date_query(node)
        if fieldname in ("title", "body"):
            text = node.text if hasattr(node, "text") else " ".join(getattr(node, "words", []))
            parts = [_analyzed_query(f"{fieldname}_{lang}", text, isinstance(node, wq.Phrase))
                     for lang in TEXT_LANGUAGES]
            alternatives = [p for p in parts if p is not None]
            return wq.Or(alternatives) if alternatives else wq.NullQuery
        if isinstance(node, wq.Phrase) and node.char_ranges and len(node.words) > 1:
            return _lemma_phrase(node)
        if fieldname in ENTITY_FIELDS and isinstance(node, wq.Term | wq.Phrase):
            text = node.text if isinstance(node, wq.Term) else " ".join(node.words)
            return self.entity_query(fieldname, text)
        return node

    def _entity_expansion(self, node: wq.Or) -> list[wq.Query]:
        """Entity terms for the word or phrase that an Or over the language fields stands for."""
        plain = [c for c in node.subqueries if getattr(c, "fieldname", None) == "title_xx"]
        if len(plain) != 1 or not isinstance(plain[0], wq.Term | wq.Phrase):
            return []
        words = plain[0].text if isinstance(plain[0], wq.Term) else " ".join(plain[0].words)
        if not self._may_be_name(node, words):
            return []
        terms = []
        for fieldname in ("place", "person", "org"):
            for entity_id in self.resolver(fieldname, words):
                if self.known(fieldname, entity_id):
                    terms.append(wq.Term(fieldname, entity_id))
                    self.expanded.append((words, fieldname, entity_id))
        return terms

    def _may_be_name(self, node: wq.Or, words: str) -> bool:
        """Whether the words an Or stands for may name an entity, in any case: a name typed
        in lower case (kupiansk) is one too, unless a language's analyzer drops it as a
        stop word (he, us, may); typed capitalized (May, US), it always may be."""
        found = re.search(rf"(?<!\w){re.escape(words.split()[0])}", self._cross_lang or "",
                          re.I)
        if found and found.group()[:1].isupper():
            return True
        kept = {getattr(c, "fieldname", "").rpartition("_")[2] for c in node.subqueries
                if getattr(c, "fieldname", "").startswith("title_")}
        return kept >= set(TEXT_LANGUAGES)

    def entity_query(self, fieldname: str, text: str) -> wq.Query:
        """Every id that the spelling `text` may denote in an entity field, OR-ed."""
        ids = self.entity_ids(fieldname, text)
        if not ids:
            self.notes.append(f"no {fieldname} {text!r} in the index")
            return wq.NullQuery
        return wq.Or([wq.Term(fieldname, i) for i in ids])

    def entity_ids(self, fieldname: str, text: str) -> list[str]:
        """Indexed ids that `text` names: resolved spellings, or the id itself."""
        text = text.strip()
        if fieldname == "date" or self.known(fieldname, text):
            return [text] if self.known(fieldname, text) else []
        candidates = [text, *self.resolver(fieldname, text)]
        return list(dict.fromkeys(c for c in candidates if self.known(fieldname, c)))


def _span_query(fieldname: str, span: query_dates.Span, boost: float) -> wq.Query:
    if fieldname == "published":
        if span.start is None and span.end is None:
            return wq.Every()
        return wq.DateRange("published", span.start, span.end, endexcl=span.end is not None,
                            boost=boost)
    first, last = query_dates.day_bounds(span)
    if first is not None and first == last:
        return wq.Term("date", first, boost=boost)
    return wq.TermRange("date", first, last, boost=boost)


def date_query(node: wq.Query) -> wq.Query:
    """A `published:` or `date:` term, phrase or range as the span of time it names.

    Raises QueryError naming the term when its value is no date."""
    fieldname = node.fieldname
    if isinstance(node, wq.TermRange):
        span = query_dates.parse_range(fieldname, node.start, node.end, node.startexcl,
                                       node.endexcl)
    elif isinstance(node, wq.Term | wq.Phrase):
        text = node.text if isinstance(node, wq.Term) else " ".join(node.words)
        span = query_dates.parse_value(fieldname, text)
    else:
        raise QueryError(f"{fieldname}: takes a date, not {node}; forms: {query_dates.FORMS}")
    return _span_query(fieldname, span, node.boost)


MAX_TERMS = 100
MAX_EXPANSION = 2000


def check_limits(q: wq.Query, reader) -> None:
    """Refuse queries too big to answer quickly: too many words, or wildcards too broad."""
    leaves = [node for node in q.leaves()] if not q.is_leaf() else [q]
    if len(leaves) > MAX_TERMS * len(TEXT_LANGUAGES) * 2:
        raise QueryError(f"the query has too many words (at most {MAX_TERMS})")
    for node in leaves:
        if isinstance(node, wq.Prefix | wq.Wildcard | wq.FuzzyTerm | wq.Regex):
            for count, _term in enumerate(node.expanded_terms(reader), start=1):
                if count > MAX_EXPANSION:
                    raise QueryError(
                        f"{node.text!r} matches more than {MAX_EXPANSION} different words: "
                        "make it more specific")
