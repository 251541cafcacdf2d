"""Domain errors of the indexer, and the record of an input that was skipped."""

from __future__ import annotations

from dataclasses import dataclass


class NewsdexError(Exception):
    """Base class of every error newsdex reports to its user as a message."""


class InputError(NewsdexError):
    """An input that cannot be read as articles; the message names the file (and line)."""


class IndexUnavailable(NewsdexError):
    """The index folder is missing, locked, or cannot be written."""


class IndexFormatError(IndexUnavailable):
    """The index is in a storage format (or of a schema) this newsdex cannot read."""


@dataclass(frozen=True)
class Skipped:
    """An input (a file, or one line of it) left out of a batch, and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"
