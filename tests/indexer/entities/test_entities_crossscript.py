"""Cross-script identity table (issue 26.4): one id per entity in en / uk / ru and no merges.

The table lives in ``crossscript/``: ``*_tune.txt`` was used while tuning the id rules,
``*_heldout.txt`` was written first and never looked at while tuning. Every row runs through
the real extraction pipeline (spaCy for English, natasha for uk/ru, the real gazetteer).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from anyascii import anyascii

from indexer.entities import EntityExtractor

TABLE = Path(__file__).parent / "crossscript"

PERSON_TEMPLATES = [
    ("en", "{} said on Monday that the talks would continue."),
    ("uk", "{} заявив у понеділок, що переговори триватимуть."),
    ("uk", "У понеділок зустріч з {} відбулася в столиці."),
    ("ru", "{} заявил в понедельник, что переговоры продолжатся."),
    ("ru", "В понедельник встреча с {} прошла в столице."),
]
PLACE_TEMPLATES = [
    ("en", "Explosions were heard in {} on Monday night."),
    ("uk", "{} знову під обстрілом, повідомила влада."),
    ("uk", "Вибухи пролунали у {} в понеділок увечері."),
    ("ru", "{} снова под обстрелом, сообщили власти."),
    ("ru", "Взрывы прогремели в {} в понедельник вечером."),
]
PAIR_TEMPLATES = {
    ("person", "en"): "{} said on Monday.", ("person", "uk"): "{} заявив у понеділок.",
    ("person", "ru"): "{} заявил в понедельник.",
    ("place", "en"): "Shelling hit {} on Monday.", ("place", "uk"): "Обстріл у {} тривав.",
    ("place", "ru"): "Обстрел в {} продолжался.",
}


def _rows(name: str) -> list[list[str]]:
    """The '|'-separated rows of one table file, comments skipped."""
    lines = (TABLE / name).read_text(encoding="utf-8").splitlines()
    return [ln.split("|") for ln in lines if ln.strip() and not ln.startswith("#")]


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    """One extractor for the module (models load once)."""
    return EntityExtractor()


def _mention_id(mentions, kind: str, start: int, end: int) -> tuple[str, str] | None:
    """(id, name) of the mention of `kind` overlapping [start, end), else None."""
    for m in mentions:
        if m.type == kind and m.start < end and start < m.end:
            return m.id, m.name
    return None


def shared_ids(extractor: EntityExtractor, kind: str, rows: list[list[str]]):
    """(rows passing, failures): a row passes when all five sentences give one id and the
    English mention's display name contains the English last word."""
    templates = PERSON_TEMPLATES if kind == "person" else PLACE_TEMPLATES
    docs, spans = [], []
    for row in rows:
        for (lang, tpl), form in zip(templates, row, strict=True):
            text = tpl.format(form)
            start = tpl.index("{}")
            docs.append((text, lang, None))
            spans.append((start, start + len(form)))
    found = [_mention_id(ms, kind, s, e)
             for ms, (s, e) in zip(extractor.extract_batch(docs), spans, strict=True)]
    passed, failures = 0, []
    for i, row in enumerate(rows):
        got = found[i * 5:(i + 1) * 5]
        ids = {g[0] if g else None for g in got}
        en_name = anyascii(got[0][1] if got[0] else "").lower()
        if len(ids) == 1 and None not in ids and row[0].split()[-1].lower() in en_name:
            passed += 1
        else:
            failures.append((row[0], got))
    return passed, failures


def no_merge(extractor: EntityExtractor, rows: list[list[str]]):
    """Pairs of mentions that must get different ids: (pairs passing, failures)."""
    docs, spans = [], []
    for kind, l1, t1, l2, t2 in rows:
        for lang, form in ((l1, t1), (l2, t2)):
            tpl = PAIR_TEMPLATES[(kind, lang)]
            docs.append((tpl.format(form), lang, None))
            spans.append((kind, tpl.index("{}"), tpl.index("{}") + len(form)))
    res = extractor.extract_batch(docs)
    found = [_mention_id(ms, k, s, e) for ms, (k, s, e) in zip(res, spans, strict=True)]
    passed, failures = 0, []
    for i, row in enumerate(rows):
        a, b = found[2 * i], found[2 * i + 1]
        if a and b and a[0] != b[0]:
            passed += 1
        else:
            failures.append((row, a, b))
    return passed, failures


@pytest.mark.parametrize("kind,part", [("person", "tune"), ("person", "heldout"),
                                       ("place", "tune"), ("place", "heldout")])
def test_one_id_across_scripts(extractor: EntityExtractor, kind: str, part: str) -> None:
    rows = _rows(f"{'people' if kind == 'person' else 'places'}_{part}.txt")
    passed, failures = shared_ids(extractor, kind, rows)
    print(f"{kind} {part}: {passed}/{len(rows)} share one id")
    assert passed / len(rows) >= THRESHOLD[(kind, part)], failures


def test_no_merge_pairs(extractor: EntityExtractor) -> None:
    rows = _rows("no_merge.txt")
    passed, failures = no_merge(extractor, rows)
    print(f"no-merge: {passed}/{len(rows)}")
    assert passed >= NO_MERGE_FLOOR, failures


def test_table_size() -> None:
    people = _rows("people_tune.txt") + _rows("people_heldout.txt")
    places = _rows("places_tune.txt") + _rows("places_heldout.txt")
    assert len(people) >= 60 and len(places) >= 40 and len(_rows("no_merge.txt")) >= 20


# The target is 0.95 for every part; these floors are the figures measured (ent-ids4:
# people 44/46 tune, 15/15 held out; places 29/30, 10/10; no-merge 23/23), so a regression
# fails. Raise them as the id rules improve.
THRESHOLD = {("person", "tune"): 44 / 46, ("person", "heldout"): 15 / 15,
             ("place", "tune"): 29 / 30, ("place", "heldout"): 10 / 10}
NO_MERGE_FLOOR = 23  # of 23: all
