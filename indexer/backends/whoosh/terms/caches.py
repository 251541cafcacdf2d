"""What index-time analysis learned, kept across the processes of a parallel load.

`indexer.backends.whoosh.terms.term_keys` remembers the terms of every word it analyzed
(stemming and uk/ru lemmas are the slow part of analysis). With `--jobs N`, Whoosh forks new
sub-writer processes at every commit, and each opened the index anew and started with an empty
memory, re-analyzing its whole vocabulary (figures: BENCHMARKS.md, design measurements). Here
a sub-writer leaves the words it learned (and the pieces of text its
`indexer.backends.whoosh.terms.vocabulary` numbered) in a folder of the parent's (`hand_back`,
best effort: a failed write only loses the hand-back), and the parent reads them (`take_back`,
skipping unreadable files) before it forks the next ones, which then inherit them.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import pickle
import shutil
import tempfile
from pathlib import Path

from whoosh.multiproc import SubWriterTask

LIMIT = 400_000  # distinct words remembered per analyzer before the memory restarts
_caches: dict[str, dict[str, tuple[str, ...]]] = {}
_inherited: dict[str, int] = {}
_cleanup: list = []  # key -> entries the process had when it was forked


def cache(key: str) -> dict[str, tuple[str, ...]]:
    """The word -> terms memory of the analyzers with this key."""
    found = _caches.get(key)
    if found is None:
        found = _caches[key] = {}
    return found


def _folder(pid: int) -> Path:
    return Path(tempfile.gettempdir()) / f"newsdex-words-{pid}"


def _after_fork() -> None:
    _inherited.clear()
    _inherited.update((key, len(words)) for key, words in _caches.items())


os.register_at_fork(after_in_child=_after_fork)


def in_sub_writer() -> bool:
    """Whether this process is one of Whoosh's sub-writers (forked by a parallel writer)."""
    return isinstance(multiprocessing.current_process(), SubWriterTask)


def hand_back(pieces: dict[str, list[str]] | None = None) -> None:
    """In a sub-writer: leave what it learned for the parent (best effort): its new words,
    and `pieces` (per analyzer key, the pieces of text its vocabularies learned)."""
    learned = {}
    for key, words in _caches.items():
        start = _inherited.get(key, 0)
        if len(words) > start:  # dicts keep insertion order: the new words come last
            learned[key] = list(words.items())[start:]
    if not learned and not pieces:
        return
    folder = _folder(os.getppid())
    with contextlib.suppress(OSError):
        folder.mkdir(exist_ok=True)
        part = folder / f"{os.getpid()}.part"
        part.write_bytes(pickle.dumps((learned, pieces or {}),
                                      protocol=pickle.HIGHEST_PROTOCOL))
        part.rename(part.with_suffix(".pickle"))


def take_back() -> dict[str, list[str]]:
    """In the parent: add the words its sub-writers learned to its memory; returns the
    pieces they learned, per analyzer key (for
    `indexer.backends.whoosh.terms.vocabulary.learn`)."""
    folder = _folder(os.getpid())
    if not _cleanup:  # however the run ends, the folder goes with the process
        _cleanup.append(atexit.register(forget))
    pieces: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.pickle")) if folder.is_dir() else []:
        try:
            learned, their_pieces = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, TypeError, ValueError):
            learned, their_pieces = {}, {}
        with contextlib.suppress(OSError):
            path.unlink()
        for key, items in learned.items():
            words = cache(key)
            words.update(items[:max(0, LIMIT - len(words))])
        for key, items in their_pieces.items():
            pieces.setdefault(key, []).extend(items)
    return pieces


def forget() -> None:
    """In the parent: remove the hand-back folder (the load is over)."""
    shutil.rmtree(_folder(os.getpid()), ignore_errors=True)
