"""English-script given names that keep 'George' or 'Robert' from being read as places.

From the US Census 1990 given-name lists (public domain) that the `names` package ships,
plus the given names of the curated people table; names that are also countries or US
states ("Georgia", "Virginia", "Jordan") are left out. Used only to veto place readings and
to support a PERSON label, never to make person ids.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pycountry

# Census lists are long-tailed: the most frequent names cover nearly every occurrence.
MALE_NAMES = 1000
FEMALE_NAMES = 1500


def _census(filename: str, limit: int) -> list[str]:
    """The `limit` most frequent names of one Census list, title-cased."""
    text = resources.files("names").joinpath(filename).read_text(encoding="ascii")
    return [line.split()[0].title() for line in text.splitlines()[:limit] if line.strip()]


def _place_names() -> set[str]:
    """One-word country and US state names, and given names that are mostly places."""
    found: set[str] = set()
    for country in pycountry.countries:
        found.update(getattr(country, attr, "") for attr in ("name", "common_name"))
    found.update(s.name for s in pycountry.subdivisions.get(country_code="US"))
    found.update(("Jordan", "Chad", "Israel", "Lebanon", "Kenya", "Florence", "Sydney",
                  "Orlando", "Austin", "Houston", "Dallas", "Denver", "Chester", "Lincoln"))
    return {name for name in found if name and " " not in name}


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Title-case given names, loaded once."""
    from .names_data import CURATED

    found = set(_census("dist.male.first", MALE_NAMES))
    found.update(_census("dist.female.first", FEMALE_NAMES))
    for _id, english, _others in CURATED:
        found.add(english.split()[0])
    return frozenset(found - _place_names())
