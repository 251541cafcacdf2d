"""Snippets: the best passages of an article with the matched words marked.

Matches are wrapped in MARK_START/MARK_END (private-use characters that never occur in
news text) so that each front end renders them its own way: `<mark>` after HTML-escaping
the rest, bold in a terminal, nothing in plain text.
"""

from __future__ import annotations

import html
from functools import lru_cache

from whoosh.highlight import ContextFragmenter, Formatter, get_text, highlight

from indexer.analysis import analyzer_for as _analyzer_for

# One analyzer per language for the process: a fresh one starts with a cold stemming cache.
analyzer_for = lru_cache(maxsize=16)(_analyzer_for)

MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_CHARS = 240


class MarkerFormatter(Formatter):
    """Wraps matched tokens in the marker characters, fragments joined by an ellipsis."""

    between = " … "

    def format_token(self, text, token, replace=False):
        """The matched token between markers."""
        return MARK_START + get_text(text, token, replace) + MARK_END


def snippet(text: str, words: set[str], language: str, size: int = SNIPPET_CHARS) -> str:
    """The passages of `text` around the analyzed query `words`, or its opening."""
    text = " ".join(text.split())
    if words:
        fragmenter = ContextFragmenter(maxchars=size // 2, surround=size // 5)
        found = highlight(text, frozenset(words), analyzer_for(language), fragmenter,
                          MarkerFormatter(), top=2)
        if found:
            found = found.strip()
            plain = as_plain(found)
            head = "" if text.startswith(plain[:20]) else "… "
            tail = "" if text.endswith(plain[-20:]) else " …"
            return head + found + tail
    if len(text) <= size:
        return text
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > size // 2 else size] + " …"


def mark_title(title: str, words: set[str], language: str) -> str:
    """The whole title with matched words marked."""
    if not words:
        return title
    fragmenter = ContextFragmenter(maxchars=len(title) + 1, surround=len(title) + 1)
    return highlight(title, frozenset(words), analyzer_for(language), fragmenter,
                     MarkerFormatter(), top=1) or title


def as_html(marked: str) -> str:
    """HTML-escaped text with matches as <mark> elements."""
    return html.escape(marked).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def as_plain(marked: str) -> str:
    """The text without match markers."""
    return marked.replace(MARK_START, "").replace(MARK_END, "")


def as_ansi(marked: str) -> str:
    """Matches in bold yellow for a terminal."""
    return marked.replace(MARK_START, "\x1b[1;33m").replace(MARK_END, "\x1b[0m")


def lead(body: str, size: int = 100) -> str:
    """A stand-in title for an article without one: its first sentence, shortened."""
    text = " ".join(body.split())
    for end in (". ", "! ", "? "):
        cut = text.find(end)
        if 0 < cut < size:
            return text[: cut + 1]
    if len(text) <= size:
        return text
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > size // 2 else size] + " …"
