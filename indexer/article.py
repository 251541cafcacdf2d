"""The one record type that flows through the indexer: `Article`, with its entity `Mention`s."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

ENTITY_TYPES = ("person", "place", "org", "date")

_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|yclid|mc_cid|mc_eid|ref|cmpid)$", re.I)


@dataclass(frozen=True)
class Mention:
    """One mention of an entity in a text: the span as written and the entity it denotes.

    `start`/`end` are character offsets into the text the extractor was given. `id` is the
    canonical id shared by every spelling, transliteration and inflection of the entity:
    GeoNames ids (digits) or ISO 3166-2 codes for places, slugs for people and organizations,
    ``YYYY-MM-DD`` for dates. `name` is the canonical display name.
    """

    type: str
    text: str
    start: int
    end: int
    id: str
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    confidence: float = 1.0

    def entity(self) -> dict:
        """The entity this mention denotes, as the JSON shape shows it."""
        if self.type == "place":
            return {
                "id": self.id,
                "name": self.name,
                "lat": self.lat,
                "lon": self.lon,
                "country": self.country,
            }
        return {"id": self.id, "name": self.name}


@dataclass
class Article:
    """A news article on its way into the index."""

    title: str
    body: str
    url: str | None = None
    source: str | None = None
    published: datetime | None = None
    language: str | None = None
    authors: list[str] = field(default_factory=list)
    origin: str = ""  # where it came from: a path, "path:line", "-" for stdin
    mentions: list[Mention] = field(default_factory=list)

    @property
    def id(self) -> str:
        """Stable id: the normalized URL when there is one, else a hash of the content."""
        if self.url:
            return normalize_url(self.url)
        return "sha1:" + self.content_hash[:20]

    @property
    def content_hash(self) -> str:
        """Hash of the cleaned title and body: equal for byte-identical articles."""
        known = self.__dict__.get("_hashed")  # (title, body, hash): the same strings, not
        if known is not None and known[0] is self.title and known[1] is self.body:  # equal
            return known[2]
        digest = hashlib.sha1()
        digest.update(self.title.strip().encode("utf-8"))
        digest.update(b"\x00")
        digest.update(self.body.strip().encode("utf-8"))
        self.__dict__["_hashed"] = (self.title, self.body, digest.hexdigest())
        return self.__dict__["_hashed"][2]

    @property
    def text(self) -> str:
        """Title and body as one text, the form entity extraction runs on."""
        return f"{self.title}\n\n{self.body}" if self.title else self.body

    def entities(self, kind: str) -> list[dict]:
        """Distinct entities of one type ("person", "place", "org"), in order of first mention."""
        seen: dict[str, dict] = {}
        for mention in self.mentions:
            if mention.type == kind and mention.id not in seen:
                seen[mention.id] = mention.entity()
        return list(seen.values())

    def dates(self) -> list[str]:
        """Distinct dates mentioned, as sorted ``YYYY-MM-DD`` strings."""
        return sorted({m.id for m in self.mentions if m.type == "date"})

    @property
    def published_date(self) -> date | None:
        """The publication day, if known."""
        return self.published.date() if self.published else None


@lru_cache(maxsize=4096)  # an article's id is asked for several times in a row
def normalize_url(url: str) -> str:
    """Canonical form of a URL: lower-case scheme and host, no fragment, no tracking params."""
    url = url.strip()
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return url
    host = parts.netloc.lower()
    if host.startswith("www."):
        host = host[4:]
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
               if not _TRACKING_PARAMS.match(k))
    )
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return urlunsplit(("https" if parts.scheme in ("http", "https") else parts.scheme,
                       host, path, query, ""))
