"""Domain errors of the search side; front ends turn them into messages and statuses."""

from __future__ import annotations

from indexer.errors import IndexUnavailable, NewsdexError


class QueryError(NewsdexError):
    """A query or a search parameter that cannot be understood; `position` points at it."""

    def __init__(self, message: str, position: int | None = None, query: str | None = None):
        super().__init__(message)
        self.position = position
        self.query = query

    def __str__(self) -> str:
        text = self.args[0]
        if self.position is not None and self.query is not None:
            text += f"\n  {self.query}\n  {' ' * self.position}^"
        return text


class ArticleNotFound(NewsdexError):
    """No article with the given id is in the index."""


__all__ = ["ArticleNotFound", "IndexUnavailable", "NewsdexError", "QueryError"]
