"""Benchmark corpora: a deterministic synthetic news generator and Reuters-21578.

Both yield plain records (`dict`s with title, body, source, lang, day, people, places) that
every engine indexes alike; `to_article` turns one into a newsdex `Article` whose entity
mentions are pre-filled, so newsdex indexes it without running extraction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from html import unescape
from pathlib import Path

import numpy as np

from indexer.article import Article, Mention
from indexer.backends.whoosh.analysis import analyzer_for

REUTERS = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters21578"
START = date(2021, 1, 1)
DAYS = 3 * 365
VOCABULARY = 60_000
PEOPLE = 50_000
PLACES = 10_000
SOURCES = 200
LANGS = (("en", 0.6), ("uk", 0.2), ("ru", 0.2))
_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aiou"


def _zipf(n: int, s: float = 1.0) -> np.ndarray:
    """Probabilities of ranks 1..n under Zipf's law with exponent s."""
    weights = 1.0 / np.arange(1, n + 1) ** s
    return weights / weights.sum()


def vocabulary(size: int = VOCABULARY, seed: int = 1) -> list[str]:
    """Pseudo-words that every analyzer (en, uk, ru, FTS5, Tantivy) keeps exactly as they are."""
    rng = np.random.default_rng(seed)
    analyzers = [analyzer_for(lang) for lang in ("en", "uk", "ru")]
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < size:
        syllables = rng.integers(2, 5)
        word = "".join(_CONSONANTS[rng.integers(len(_CONSONANTS))]
                       + _VOWELS[rng.integers(len(_VOWELS))] for _ in range(syllables))
        word += _CONSONANTS[rng.integers(len(_CONSONANTS))]
        if word in seen:
            continue
        seen.add(word)
        if all([t.text for t in a(word)] == [word] for a in analyzers):
            words.append(word)
    return words


def word_probability(rank: int, size: int = VOCABULARY) -> float:
    """Probability of the word of this rank (0-based) in a body."""
    return float(_zipf(size)[rank])


def synthetic(count: int, seed: int = 42, body_words: int = 400) -> Iterator[dict]:
    """`count` deterministic synthetic articles (the same for the same count and seed)."""
    words = np.array(vocabulary(), dtype=object)
    word_p = _zipf(len(words))
    people_p, places_p, sources_p = _zipf(PEOPLE, 1.1), _zipf(PLACES, 1.1), _zipf(SOURCES, 0.9)
    langs, lang_p = zip(*LANGS, strict=True)
    rng = np.random.default_rng(seed)
    chunk = 1000
    for start in range(0, count, chunk):
        n = min(chunk, count - start)
        lengths = rng.integers(body_words // 2, body_words * 3 // 2, size=n)
        body_ids = rng.choice(len(words), size=int(lengths.sum()), p=word_p)
        title_ids = rng.choice(len(words), size=n * 6, p=word_p).reshape(n, 6)
        n_people = rng.integers(0, 6, size=n)
        n_places = rng.integers(0, 4, size=n)
        people = rng.choice(PEOPLE, size=int(n_people.sum()), p=people_p)
        places = rng.choice(PLACES, size=int(n_places.sum()), p=places_p)
        sources = rng.choice(SOURCES, size=n, p=sources_p)
        lang = rng.choice(len(langs), size=n, p=lang_p)
        days = rng.integers(0, DAYS, size=n)
        undated = rng.random(n) < 0.01
        b = pe = pl = 0
        for i in range(n):
            body = " ".join(words[body_ids[b:b + lengths[i]]].tolist())
            b += lengths[i]
            doc_people = sorted({f"person-{p}" for p in people[pe:pe + n_people[i]]})
            doc_places = sorted({str(100000 + p) for p in places[pl:pl + n_places[i]]})
            pe += n_people[i]
            pl += n_places[i]
            yield {
                "id": f"https://synthetic.example/{start + i}",
                "title": " ".join(words[title_ids[i]].tolist()).capitalize(),
                "body": body, "source": f"source-{sources[i]}", "lang": langs[lang[i]],
                "day": None if undated[i] else (START + timedelta(days=int(days[i]))).isoformat(),
                "people": doc_people, "places": doc_places,
            }


_STORY = re.compile(r"<REUTERS .*?</REUTERS>", re.S)


def _tag(story: str, name: str) -> str:
    match = re.search(rf"<{name}>(.*?)</{name}>", story, re.S)
    return unescape(match.group(1)).strip() if match else ""


def _items(story: str, name: str) -> list[str]:
    return sorted(set(re.findall(r"<D>(.*?)</D>", _tag(story, name))))


def reuters(folder: Path = REUTERS) -> Iterator[dict]:
    """Reuters-21578 stories with a body: topics as sources, PEOPLE/PLACES tags as entities."""
    for path in sorted(folder.glob("reut2-*.xml")):
        text = path.read_bytes().decode("latin-1")
        for story in _STORY.findall(text):
            body = _tag(story, "BODY")
            if not body:
                continue
            newid = re.search(r'NEWID="(\d+)"', story).group(1)
            raw_date = _tag(story, "DATE").split()[0]  # the time part is garbled in places
            try:
                day = datetime.strptime(raw_date, "%d-%b-%Y").date().isoformat()
            except ValueError:
                day = None
            topics = _items(story, "TOPICS")
            yield {"id": f"https://reuters.example/{newid}", "title": _tag(story, "TITLE"),
                   "body": " ".join(body.split()), "source": topics[0] if topics else "none",
                   "lang": "en", "day": day, "people": _items(story, "PEOPLE"),
                   "places": _items(story, "PLACES")}


def to_article(record: dict) -> Article:
    """A newsdex article with the record's people and places as pre-filled mentions."""
    mentions = [Mention("person", p, 0, 0, p, p.replace("-", " ").title())
                for p in record["people"]]
    mentions += [Mention("place", p, 0, 0, p, p.title(), 0.0, 0.0, None)
                 for p in record["places"]]
    day = record["day"]
    return Article(title=record["title"], body=record["body"], url=record["id"],
                   source=record["source"], language=record["lang"],
                   published=datetime.fromisoformat(day) if day else None, mentions=mentions)


def write_jsonl(records: Iterator[dict], path: Path) -> int:
    """Write records one per line; returns how many."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def read_jsonl(path: Path) -> Iterator[dict]:
    """Records back from `write_jsonl`."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)
