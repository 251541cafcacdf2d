"""The completion table kept beside the index, in `completion/`: every spelling of every
entity name (as written in any article, in any script, plus its Latin transliteration) ->
facet, id, label and article count, sorted for prefix lookup.

Files (written atomically at each commit by `ArticleWriter`):
- `names.json`: facet -> id -> [label, [spellings]], the table's source, merged at the
  next commit with the names of the articles it writes;
- `keys.txt`: one line per key, `key \\x1f facet \\x1f id \\x1f label \\x1f count`, sorted by key
  (a key is a spelling from one of its words on, casefolded, apostrophes removed);
- `starts.npy`: the byte offset of every line, so `lookup` bisects the memory-mapped lines.

`lookup` reads only the pages it bisects: no searcher, no stored records. Counts are the
articles not deleted that hold the entity id at the last commit; `newsdex delete` rewrites
the table too (`refresh`), so a deleted article's names no longer count or complete.
"""

from __future__ import annotations

import functools
import json
import mmap
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DIR = "completion"
FACETS = ("person", "place", "org")
_SEP = "\x1f"
_APOSTROPHES = re.compile(r"['’ʼ`ʹ‘]")
_SPACES = re.compile(r"\s+")
_SCAN = 20_000  # keys read at most per lookup: a one-letter prefix stays fast


@dataclass(frozen=True)
class Completion:
    """One completed entity: its facet, id, display label and article count."""

    facet: str
    id: str
    label: str
    count: int


def normalize(text: str) -> str:
    """A spelling as the table keys it: casefolded, apostrophes removed, spaces single."""
    return _SPACES.sub(" ", _APOSTROPHES.sub("", text.casefold())).strip()


def _keys(spelling: str) -> set[str]:
    """The keys of one spelling: itself and its Latin transliteration, from each word on."""
    from anyascii import anyascii

    keys = set()
    for form in {normalize(spelling), normalize(anyascii(spelling))}:
        words = form.split(" ")
        keys.update(" ".join(words[i:]) for i in range(len(words)) if words[i])
    return keys


def live_count(reader, field: str, value: str) -> int:
    """Articles not deleted that hold `value` in `field` of a Whoosh reader (its
    doc_frequency counts replaced and deleted ones until a merge drops them)."""
    if not reader.doc_frequency(field, value):
        return 0
    return sum(1 for _ in reader.postings(field, value).all_ids())


def refresh(index_dir: str | Path, reader) -> None:
    """Rewrite the table's counts from a Whoosh `reader` of the index after deletions:
    entities no article holds any more are dropped. An index without a table (written
    before there was one) is left without one: `complete` then reads its stored records."""
    if not exists(index_dir):
        return
    update(index_dir, (), functools.partial(live_count, reader))


def _load_names(folder: Path) -> dict[str, dict[str, list]]:
    try:
        return json.loads((folder / "names.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def update(index_dir: str | Path, articles: Iterable, doc_frequency: Callable[[str, str], int]
           ) -> None:
    """Merge the entity names of `articles` (indexer.article.Article) into the table and
    rewrite it with counts from `doc_frequency(facet, id)`; entities counted 0 are dropped.
    Skipped silently on a read-only index (the table is an optimization of `complete`)."""
    folder = Path(index_dir) / DIR
    names = _load_names(folder)
    for article in articles:
        for m in article.mentions:
            if m.type not in FACETS:
                continue
            entry = names.setdefault(m.type, {}).setdefault(m.id, [m.name, []])
            if article.language == "en" and entry[0] != m.name and not entry[1]:
                entry[0] = m.name
            for spelling in (m.name, m.text):
                if spelling and spelling not in entry[1]:
                    entry[1].append(spelling)
    rows = []
    for facet, ids in names.items():
        for entity_id, (label, spellings) in list(ids.items()):
            count = doc_frequency(facet, entity_id)
            if not count:
                del ids[entity_id]
                continue
            clean_label = label.replace(_SEP, " ").replace("\n", " ")
            for key in set().union(*(_keys(s) for s in spellings)):
                rows.append(_SEP.join((key, facet, entity_id, clean_label, str(count))))
    rows.sort()
    try:
        folder.mkdir(exist_ok=True)
        data = "".join(f"{r}\n" for r in rows).encode("utf-8")
        starts = np.zeros(len(rows), dtype=np.int64)
        if rows:
            lengths = np.fromiter((len(r.encode("utf-8")) + 1 for r in rows), dtype=np.int64,
                                  count=len(rows))
            np.cumsum(lengths[:-1], out=starts[1:])
        _atomic(folder / "names.json", json.dumps(names, ensure_ascii=False).encode("utf-8"))
        with open(folder / "starts.npy.tmp", "wb") as f:
            np.save(f, starts)
        _atomic(folder / "keys.txt", data)
        os.replace(folder / "starts.npy.tmp", folder / "starts.npy")
    except OSError:
        return


def _atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def exists(index_dir: str | Path) -> bool:
    """Whether the index has a completion table."""
    folder = Path(index_dir) / DIR
    return (folder / "keys.txt").is_file() and (folder / "starts.npy").is_file()


def lookup(index_dir: str | Path, prefix: str, facets: Iterable[str] = FACETS,
           limit: int = 10) -> list[Completion]:
    """Entities of `facets` with a spelling (from any of its words on) starting with
    `prefix`, any case, with or without apostrophes, most articles first (then label).
    An empty prefix or no table gives []."""
    key = normalize(prefix)
    folder = Path(index_dir) / DIR
    if not key or not exists(index_dir):
        return []
    wanted = set(facets)
    needle = key.encode("utf-8")
    starts = np.load(folder / "starts.npy", mmap_mode="r")
    with open(folder / "keys.txt", "rb") as f:
        if not len(starts) or os.fstat(f.fileno()).st_size == 0:
            return []
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            def key_at(i: int) -> bytes:
                start = int(starts[i])
                return data[start:data.find(b"\x1f", start)]

            lo, hi = 0, len(starts)
            while lo < hi:  # the first key >= needle
                mid = (lo + hi) // 2
                if key_at(mid) < needle:
                    lo = mid + 1
                else:
                    hi = mid
            found: dict[tuple[str, str], Completion] = {}
            for i in range(lo, min(lo + _SCAN, len(starts))):
                start = int(starts[i])
                line = data[start:data.find(b"\n", start)].decode("utf-8")
                k, facet, entity_id, label, count = line.split(_SEP)
                if not k.startswith(key):
                    break
                if facet in wanted:
                    found.setdefault((facet, entity_id),
                                     Completion(facet, entity_id, label, int(count)))
    ranked = sorted(found.values(), key=lambda c: (-c.count, c.label.casefold(), c.id))
    return ranked[:limit]
