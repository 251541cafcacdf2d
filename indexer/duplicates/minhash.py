"""Near-duplicate detection: MinHash signatures over word shingles, LSH band keys.

A syndicated copy, a story re-published with a new headline, a dropped last paragraph or an
added boilerplate line share most word 3-shingles of the body with the first copy. Each body
gets a 128-value MinHash signature (multiply-shift hashing in numpy); its first
`BANDS * ROWS` values are cut into bands whose 64-bit codes are a column of the index
(`indexer.backends.whoosh.bands`), so the index itself holds the LSH table (persisted with every
commit).
Candidates sharing a band are confirmed by the signatures' estimated Jaccard similarity
>= `THRESHOLD`.
"""

from __future__ import annotations

import hashlib
import re
import threading
import zlib
from collections.abc import Iterable

import numpy as np

from indexer.text.piece_ids import PieceView, piece_ids

NUM_PERM = 128
BANDS = 16
ROWS = 4  # P(candidate) = 1 - (1 - J^4)^16: 0.64 at J=0.5, 0.98 at 0.6, 0.9996 at 0.8
# As Whoosh terms (indexes made before the `bands` column), 32 bands x 3 rows doubled the
# BBC index (16.4 -> 30.5 MB) for the same recall on the evaluation set.
KEYS = BANDS + 1  # band codes of a signature: one per band and one of the lead words
SHINGLE = 3
THRESHOLD = 0.5  # estimated Jaccard of the shingle sets to call two bodies one story
# A copy cut short (last paragraphs dropped) has a low Jaccard with the full text but is
# almost wholly contained in it: one story when containment >= CONTAINED and J >= FLOOR.
CONTAINED = 0.8
FLOOR = 0.15
LEAD_WORDS = 40  # the body's first words, hashed into one more key: truncated copies share it
MAX_BUCKET = 64  # documents examined per shared band key (templated texts share many)
MIN_SHINGLES = 12  # shorter bodies are never near-duplicates (too little evidence)

_rng = np.random.default_rng(20240905)  # fixed: signatures must agree across runs
_A = _rng.integers(1, 2**63, NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.integers(0, 2**63, NUM_PERM, dtype=np.uint64)
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9],
                dtype=np.uint64)[:SHINGLE]
_WORD = re.compile(r"\w+")


_S3, _S7, _S32 = np.uint64(3), np.uint64(7), np.uint64(32)
# A text is split at whitespace (no word holds any, and case folding makes none) and each
# distinct piece's case-folded words hashed once (indexer.text.piece_ids).
_hashes = PieceView(lambda piece: _WORD.findall(piece.casefold()),
                    lambda word: zlib.crc32(word.encode("utf-8")))


def _shingles(hashes: np.ndarray) -> np.ndarray:
    """Distinct 64-bit hashes of the word 3-shingles of a text's word hashes, sorted."""
    if len(hashes) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    first, second, third = (hashes[i:len(hashes) - SHINGLE + 1 + i] * _MIX[i]
                            for i in range(SHINGLE))  # wraps modulo 2**64, as intended
    mixed = (first ^ (second >> _S7) ^ (third << _S3)) + second + third
    mixed.sort()  # np.unique, without its overhead on a few hundred values
    return mixed[np.concatenate(([True], mixed[1:] != mixed[:-1]))]


def _lead(pieces: list[str]) -> list[str]:
    """The first LEAD_WORDS case-folded words of a text split at whitespace."""
    lead = _WORD.findall(" ".join(pieces[:LEAD_WORDS]).casefold())
    if len(lead) < LEAD_WORDS < len(pieces):  # pieces without words among the first
        lead = _WORD.findall(" ".join(pieces).casefold())
    return lead[:LEAD_WORDS]


_scratches = threading.local()
SCRATCH_ROWS = 4096  # shingles of the longest bodies whose products reuse one buffer (4 MB)


def _scratch(rows: int) -> np.ndarray:
    """A (rows, NUM_PERM) buffer for a body's hashed shingles times the multipliers: reused
    by the thread's next bodies (a fresh one costs the pages of its memory, a third of
    the arithmetic's time)."""
    if rows > SCRATCH_ROWS:
        return np.empty((rows, NUM_PERM), dtype=np.uint64)
    buffer = getattr(_scratches, "buffer", None)
    if buffer is None:
        buffer = _scratches.buffer = np.empty((SCRATCH_ROWS, NUM_PERM), dtype=np.uint64)
    return buffer[:rows]


def signature(text: str) -> np.ndarray | None:
    """A body's sketch: MinHash values (uint32[NUM_PERM]), then the shingle count and a hash
    of its first LEAD_WORDS words; None if the body is too short to compare."""
    pieces = text.split()
    return signature_of(pieces, piece_ids().of(pieces))


def signature_of(pieces: list[str], numbers: np.ndarray) -> np.ndarray | None:
    """`signature` of a text split at whitespace whose pieces the process numbered
    `numbers` (`piece_ids().of(pieces)`): the writer numbers a body's pieces once, for its
    signature and its word codes."""
    hashed = _shingles(_hashes.values(piece_ids(), numbers).astype(np.uint64))
    if len(hashed) < MIN_SHINGLES:
        return None
    values = _scratch(len(hashed))
    np.multiply(hashed[:, None], _A, out=values)
    values += _B
    lowest = values.min(axis=0) >> _S32  # the top half is monotonic: shift the minimum only
    lead = zlib.crc32(" ".join(_lead(pieces)).encode("utf-8"))
    return np.concatenate([lowest.astype(np.uint32),
                           np.array([min(len(hashed), 2**32 - 1), lead], dtype=np.uint32)])


_K1 = np.uint64(0x9E3779B97F4A7C15)
_K2 = np.uint64(0xBF58476D1CE4E5B9)
_S29, _S5, _S59 = np.uint64(29), np.uint64(5), np.uint64(59)
_BAND_TAGS = np.arange(KEYS, dtype=np.uint64) << _S59  # the band number, in the top bits


def band_codes(sig: np.ndarray) -> np.ndarray:
    """The LSH keys of a sketch as uint64[KEYS]: a hash of each band's values and the lead
    words' hash, each with its band number in the top 5 bits."""
    values = sig[:BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    mixed = np.zeros(KEYS, dtype=np.uint64)
    hashes = mixed[:BANDS]
    for row in range(ROWS):  # wraps modulo 2**64, as intended
        hashes ^= values[:, row]
        hashes *= _K1
        hashes ^= hashes >> _S29
    hashes *= _K2
    hashes >>= _S5
    mixed[BANDS] = sig[NUM_PERM + 1]
    return mixed | _BAND_TAGS


def band_keys(sig: np.ndarray) -> list[str]:
    """The LSH terms of a sketch in an index made before the `bands` column: one per band,
    "<band><hash>", and "l<lead hash>"."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS:(band + 1) * ROWS].tobytes()
        keys.append(f"{band:x}{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    keys.append(f"l{int(sig[NUM_PERM + 1]):08x}")
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two sketches (share of equal MinHash values)."""
    return float(np.mean(a[:NUM_PERM] == b[:NUM_PERM]))


def same_story(a: np.ndarray, b: np.ndarray) -> float:
    """How surely two sketches are one story (0 if not): Jaccard, or containment of a cut copy."""
    jaccard = similarity(a, b)
    if jaccard >= THRESHOLD:
        return jaccard
    if jaccard < FLOOR:
        return 0.0
    size_a, size_b = int(a[NUM_PERM]), int(b[NUM_PERM])
    shared = jaccard * (size_a + size_b) / (1 + jaccard)
    containment = shared / max(1, min(size_a, size_b))
    return jaccard if containment >= CONTAINED else 0.0


def to_bytes(sig: np.ndarray) -> bytes:
    """A sketch as stored in the index."""
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes | None) -> np.ndarray | None:
    """A stored sketch back as an array (None when there is none)."""
    if not data or len(data) != (NUM_PERM + 2) * 4:
        return None
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


class BandTable:
    """An in-memory LSH table: band code -> ids (for articles not yet committed)."""

    def __init__(self) -> None:
        self._ids: dict[int, list[str]] = {}
        self._sigs: dict[str, np.ndarray] = {}

    def add(self, article_id: str, sig: np.ndarray, keys: Iterable[int]) -> None:
        """Remember a signature under its band keys."""
        self._sigs[article_id] = sig
        for key in keys:
            bucket = self._ids.setdefault(key, [])
            if article_id not in bucket:
                bucket.append(article_id)

    def candidates(self, keys: Iterable[int]) -> dict[str, np.ndarray]:
        """Ids sharing a band with these keys, with their signatures."""
        found: dict[str, np.ndarray] = {}
        for key in keys:
            for article_id in self._ids.get(key, ()):
                found[article_id] = self._sigs[article_id]
        return found

    def clear(self) -> None:
        """Forget everything (after a commit: the index holds it now)."""
        self._ids.clear()
        self._sigs.clear()


def copies_of(searcher, article_id: str) -> list[dict]:
    """The other copies of an article's story: id, source and URL of each, first copy first."""
    if "dup_of" not in searcher.schema:
        return []
    docnum = searcher.document_number(id=article_id)
    if docnum is None:
        return []
    root = searcher.stored_fields(docnum).get("dup_of") or article_id
    found = [] if root == article_id else [root]
    found += [searcher.stored_fields(d)["id"] for d in searcher.document_numbers(dup_of=root)]
    copies = []
    for other in dict.fromkeys(found):
        other_doc = searcher.document_number(id=other)
        if other != article_id and other_doc is not None:
            stored = searcher.stored_fields(other_doc)
            copies.append({"id": other, "source": stored.get("source"), "url": stored.get("url")})
    return copies
