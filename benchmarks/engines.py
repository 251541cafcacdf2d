"""The same articles, fields and facets in three engines: newsdex (Whoosh), SQLite FTS5, Tantivy.

Each engine indexes the plain records of `benchmarks.corpora` and answers a `Spec` (a query
of the benchmark set) with an `Outcome`: the total, the ids of the top 10 with highlighted
snippets, facet counts (person, place, source, lang) and matches per month.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

FACETS = ("person", "place", "source", "lang")
_EPOCH = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class Spec:
    """One benchmark query: words and how they combine, filters, and whether it facets."""

    name: str
    kind: str  # "all", "term", "and", "phrase"
    words: tuple[str, ...] = ()
    source: str | None = None
    person: str | None = None
    since: str | None = None
    until: str | None = None
    faceted: bool = False


@dataclass
class Outcome:
    """What an engine answered: total, top hits, facet counts and monthly histogram."""

    total: int
    hits: list[str]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)


def _day(iso: str | None) -> int | None:
    return None if iso is None else date.fromisoformat(iso).toordinal() - _EPOCH


def _month(iso: str | None) -> int | None:
    return None if iso is None else int(iso[:4]) * 12 + int(iso[5:7]) - 1


def month_key(month: int) -> str:
    """"YYYY-MM" of a month number (year * 12 + month - 1)."""
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


class Newsdex:
    """newsdex through its real paths: `index_articles` and `SearchEngine.search`."""

    name = "newsdex"

    @staticmethod
    def index(records: Iterable[dict], path: Path) -> int:
        """Index the records with entities pre-filled (no extraction); returns the count.

        As `newsdex index --no-entities` does on this machine: one writing process per core.
        """
        from corpora import to_article

        from indexer.parallel import default_jobs
        from indexer.pipeline import index_articles
        from search.backends.whoosh.engine import ARRAY_FIELDS
        from search.backends.whoosh.facets import prepare_cache

        count = index_articles((to_article(r) for r in records), path, entities=False,
                               jobs=default_jobs()).read
        prepare_cache(path, ARRAY_FIELDS)  # as `newsdex index` does at its end
        return count

    def __init__(self, path: Path):
        from search.backends.whoosh.engine import SearchEngine

        self.engine = SearchEngine(path)

    def run(self, spec: Spec, facet_size: int = 10) -> Outcome:
        """Answer one spec through `SearchEngine.search`."""
        from search.backends.whoosh.engine import SearchRequest

        text = {"all": "", "term": " ".join(spec.words), "and": " ".join(spec.words),
                "phrase": '"' + " ".join(spec.words) + '"'}[spec.kind]
        filters = {k: [v] for k, v in (("source", spec.source), ("person", spec.person)) if v}
        request = SearchRequest(
            query=text, filters=filters, facet_size=facet_size,
            since=date.fromisoformat(spec.since) if spec.since else None,
            until=date.fromisoformat(spec.until) if spec.until else None,
            facets=FACETS if spec.faceted else (), histogram=spec.faceted)
        result = self.engine.search(request)
        facets = {name: {v.value: v.count for v in values if v.count}
                  for name, values in result.facets.items()}
        months = {}
        if result.histogram and result.histogram.interval == "month":
            months = {b.key: b.count for b in result.histogram.buckets if b.count}
        return Outcome(result.total, [h.id for h in result.hits], facets, months)

    def close(self) -> None:
        """Release the searcher."""
        self.engine.close()


class Fts5:
    """SQLite FTS5 over title and body; facet values in side tables, counted by GROUP BY."""

    name = "fts5"

    @staticmethod
    def index(records: Iterable[dict], path: Path, porter: bool = False) -> int:
        """Load the records into a fresh database file at `path`; returns the count."""
        path.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path / "fts.db")
        tokenize = "porter unicode61" if porter else "unicode61"
        db.executescript(f"""
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='{tokenize}');
            CREATE TABLE docs(id INTEGER PRIMARY KEY, ext TEXT, source TEXT, lang TEXT,
                              day INTEGER, month INTEGER);
            CREATE TABLE person(doc INTEGER, value TEXT);
            CREATE TABLE place(doc INTEGER, value TEXT);
        """)
        count = 0
        for rowid, r in enumerate(records, 1):
            db.execute("INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
                       (rowid, r["title"], r["body"]))
            db.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)",
                       (rowid, r["id"], r["source"], r["lang"], _day(r["day"]),
                        _month(r["day"])))
            db.executemany("INSERT INTO person VALUES (?, ?)", [(rowid, p) for p in r["people"]])
            db.executemany("INSERT INTO place VALUES (?, ?)", [(rowid, p) for p in r["places"]])
            count += 1
        db.executescript("""
            CREATE INDEX person_doc ON person(doc, value); CREATE INDEX person_v ON person(value);
            CREATE INDEX place_doc ON place(doc, value); CREATE INDEX place_v ON place(value);
            CREATE INDEX docs_source ON docs(source); CREATE INDEX docs_day ON docs(day);
            INSERT INTO fts(fts) VALUES ('optimize'); ANALYZE;
        """)
        db.commit()
        db.close()
        return count

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path / "fts.db", check_same_thread=False)
        self.db.execute("PRAGMA temp_store=MEMORY")
        self.db.execute("PRAGMA cache_size=-262144")

    @staticmethod
    def _where(spec: Spec) -> tuple[str, list]:
        clauses, args = [], []
        if spec.source:
            clauses.append("docs.source = ?")
            args.append(spec.source)
        if spec.since or spec.until:
            clauses.append("docs.day BETWEEN ? AND ?")
            args += [_day(spec.since) if spec.since else -10**9,
                     _day(spec.until) if spec.until else 10**9]
        if spec.person:
            clauses.append("EXISTS (SELECT 1 FROM person p WHERE p.doc = docs.id AND p.value = ?)")
            args.append(spec.person)
        return " AND ".join(clauses), args

    def run(self, spec: Spec, facet_size: int = 10) -> Outcome:
        """Total, top 10 with snippets, and (if faceted) counts over the matched rowids.

        Text matches are materialized first and then filtered by joining `docs`: written
        as `rowid IN (filter)` inside the MATCH query, SQLite probed the full-text index
        once per filtered row (minutes at 1M articles)."""
        where, args = self._where(spec)
        if spec.kind == "all":
            matched = f"SELECT id FROM docs {'WHERE ' + where if where else ''}"
            margs = args
            top = self.db.execute(
                f"SELECT ext, substr(b.body, 1, 200) FROM docs JOIN fts b ON b.rowid = docs.id"
                f" {'WHERE ' + where if where else ''} ORDER BY day DESC, id DESC LIMIT 10",
                args).fetchall()
        else:
            match = {"term": spec.words[0] if spec.words else "",
                     "and": " AND ".join(spec.words),
                     "phrase": '"' + " ".join(spec.words) + '"'}[spec.kind]
            shown = ("SELECT rowid, (SELECT ext FROM docs WHERE id = fts.rowid),"
                     " highlight(fts, 0, '<b>', '</b>'), snippet(fts, 1, '<b>', '</b>', '…', 24)"
                     " FROM fts WHERE fts MATCH ?")
            margs = [match, *args]
            if not where:
                matched = "SELECT rowid FROM fts WHERE fts MATCH ?"
                top = [r[1:] for r in self.db.execute(f"{shown} ORDER BY rank LIMIT 10",
                                                      margs)]
            else:
                found = ("WITH f AS MATERIALIZED (SELECT rowid AS id, rank FROM fts"
                         " WHERE fts MATCH ?)")
                matched = f"{found} SELECT f.id FROM f JOIN docs ON docs.id = f.id WHERE {where}"
                ids = [r[0] for r in self.db.execute(f"{matched} ORDER BY f.rank LIMIT 10",
                                                     margs)]
                rows = {r[0]: r[1:] for r in self.db.execute(
                    f"{shown} AND rowid IN ({', '.join('?' * len(ids))})", [match, *ids])}
                top = [rows[i] for i in ids]
        if not spec.faceted:
            total = self.db.execute(f"SELECT count(*) FROM ({matched})", margs).fetchone()[0]
            return Outcome(total, [t[0] for t in top])
        self.db.execute("DROP TABLE IF EXISTS temp.m")
        self.db.execute("CREATE TEMP TABLE m(id INTEGER PRIMARY KEY)")
        self.db.execute(f"INSERT INTO m {matched}", margs)
        total = self.db.execute("SELECT count(*) FROM m").fetchone()[0]
        facets = {}
        for name in ("person", "place"):
            facets[name] = dict(self.db.execute(
                f"SELECT value, count(*) c FROM {name} WHERE doc IN m GROUP BY value"
                " ORDER BY c DESC, value LIMIT ?", (facet_size,)).fetchall())
        for name in ("source", "lang"):
            facets[name] = dict(self.db.execute(
                f"SELECT {name}, count(*) c FROM docs WHERE id IN m GROUP BY {name}"
                " ORDER BY c DESC, 1 LIMIT ?", (facet_size,)).fetchall())
        months = {month_key(k): c for k, c in self.db.execute(
            "SELECT month, count(*) FROM docs WHERE id IN m AND month IS NOT NULL"
            " GROUP BY month").fetchall()}
        return Outcome(total, [t[0] for t in top], facets, months)

    def close(self) -> None:
        """Close the database."""
        self.db.close()


class Tantivy:
    """Tantivy: text fields, raw fast fields for facets, counts by its aggregations."""

    name = "tantivy"

    @staticmethod
    def schema(stem: bool = False):
        """The Tantivy schema of the benchmark's fields."""
        import tantivy

        builder = tantivy.SchemaBuilder()
        tokenizer = "en_stem" if stem else "default"
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", stored=True, tokenizer_name=tokenizer)
        builder.add_text_field("body", stored=True, tokenizer_name=tokenizer)
        for name in FACETS:
            builder.add_text_field(name, fast=True, tokenizer_name="raw")
        builder.add_integer_field("day", indexed=True, fast=True)
        builder.add_integer_field("month", fast=True)
        return builder.build()

    @staticmethod
    def index(records: Iterable[dict], path: Path, stem: bool = False) -> int:
        """Index the records into a fresh index folder at `path`; returns the count."""
        import tantivy

        path.mkdir(parents=True, exist_ok=True)
        ix = tantivy.Index(Tantivy.schema(stem), path=str(path))
        writer = ix.writer(heap_size=512_000_000, num_threads=2)
        count = 0
        for r in records:
            doc = tantivy.Document(id=r["id"], title=r["title"], body=r["body"],
                                   source=r["source"], lang=r["lang"])
            for p in r["people"]:
                doc.add_text("person", p)
            for p in r["places"]:
                doc.add_text("place", p)
            if r["day"]:
                doc.add_integer("day", _day(r["day"]))
                doc.add_integer("month", _month(r["day"]))
            writer.add_document(doc)
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        return count

    def __init__(self, path: Path):
        import tantivy

        self.tantivy = tantivy
        self.ix = tantivy.Index.open(str(path))
        self.schema = self.ix.schema
        self.searcher = self.ix.searcher()
        self.exact = 100_000  # segment_size of the terms aggregations: exact counts

    def _query(self, spec: Spec):
        t = self.tantivy
        if spec.kind == "all":
            q = t.Query.all_query()
        else:
            text = {"term": " ".join(spec.words), "and": " ".join(spec.words),
                    "phrase": '"' + " ".join(spec.words) + '"'}[spec.kind]
            q = self.ix.parse_query(text, ["title", "body"], conjunction_by_default=True)
        filters = []
        if spec.source:
            filters.append(t.Query.term_query(self.schema, "source", spec.source))
        if spec.person:
            filters.append(t.Query.term_query(self.schema, "person", spec.person))
        if spec.since or spec.until:
            filters.append(t.Query.range_query(
                self.schema, "day", t.FieldType.Integer, _day(spec.since), _day(spec.until)))
        if not filters:
            return q
        return t.Query.boolean_query([(t.Occur.Must, q)] + [
            (t.Occur.Must, t.Query.const_score_query(f, 0.0)) for f in filters])

    def run(self, spec: Spec, facet_size: int = 10) -> Outcome:
        """Top 10 with snippets and the count; facets and months by one aggregation."""
        q = self._query(spec)
        order = {"order_by_field": "day"} if spec.kind == "all" else {}
        found = self.searcher.search(q, 10, count=True, **order)
        hits = []
        snippets = None if spec.kind == "all" else self.tantivy.SnippetGenerator.create(
            self.searcher, q, self.schema, "body")
        for _score, address in found.hits:
            doc = self.searcher.doc(address)
            if snippets is not None:
                snippets.snippet_from_doc(doc).to_html()
            hits.append(doc.get_first("id"))
        if not spec.faceted:
            return Outcome(found.count, hits)
        agg = {name: {"terms": {"field": name, "size": facet_size,
                                "segment_size": self.exact}} for name in FACETS}
        agg["months"] = {"histogram": {"field": "month", "interval": 1, "min_doc_count": 1}}
        result = self.searcher.aggregate(q, agg)
        facets = {name: {b["key"]: b["doc_count"] for b in result[name]["buckets"]}
                  for name in FACETS}
        months = {month_key(int(b["key"])): b["doc_count"]
                  for b in result["months"]["buckets"] if b["doc_count"]}
        return Outcome(found.count, hits, facets, months)

    def close(self) -> None:
        """Nothing to release."""


ENGINES = {"newsdex": Newsdex, "fts5": Fts5, "tantivy": Tantivy}
