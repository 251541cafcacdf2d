"""Calendar dates: precise regex candidates in en/uk/ru, normalized by dateparser.

Absolute dates need a day and a month. A date without a year takes the year (previous,
same or next) that puts it closest to the publication date; without a publication date it
is dropped. Relative dates (yesterday, on Tuesday, вчора, вчера...) need a publication date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

EN_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
             "December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|"
             "Nov\\.?|Dec\\.?")
UK_MONTHS = "січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня"
RU_MONTHS = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
_MONTH_NUM = {name: i + 1 for names in (UK_MONTHS, RU_MONTHS) for i, name in
              enumerate(names.split("|"))}
_EN_NUM = {m[:3].lower(): i + 1 for i, m in enumerate(EN_MONTHS.split("|")[:12])}

_DAY = r"(?P<d>[0-3]?\d)"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "en": [
        re.compile(rf"\b(?P<m>{EN_MONTHS})\s+{_DAY}(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?"),
        re.compile(rf"\b{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{EN_MONTHS})\b(?:,?\s+{_YEAR}\b)?"),
    ],
    "uk": [re.compile(rf"\b{_DAY}\s+(?P<m>{UK_MONTHS})\b(?:\s+{_YEAR}(?:\s+(?:року|р\.))?)?",
                      re.I)],
    "ru": [re.compile(rf"\b{_DAY}\s+(?P<m>{RU_MONTHS})\b(?:\s+{_YEAR}(?:\s+(?:года|г\.))?)?",
                      re.I)],
}
_NUMERIC = re.compile(r"\b(?P<d>[0-3]\d)\.(?P<mo>[01]\d)\.(?P<y>(?:19|20)\d\d)\b"
                      r"|\b(?P<y2>(?:19|20)\d\d)-(?P<mo2>[01]\d)-(?P<d2>[0-3]\d)\b")

_RELATIVE: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:(?P<w>yesterday|today|tomorrow)|(?:on|last|this|on last)\s+"
                     r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
                     re.I),
    "uk": re.compile(r"(?<!\w)(?:(?P<w>вчора|учора|позавчора|сьогодні|завтра)|(?:у|в|минулого|"
                     r"минулої|минулу|минулий)\s+(?P<wd>понеділок|вівторок|середу|четвер|п'ятницю|"
                     r"суботу|неділю)|(?:минулого|минулої)\s+(?P<wg>понеділка|вівторка|середи|"
                     r"четверга|п'ятниці|суботи|неділі))(?!\w)", re.I),
    "ru": re.compile(r"(?<!\w)(?:(?P<w>вчера|позавчера|сегодня|завтра)|(?:в|во|в прошлый|"
                     r"в прошлую|в минувший|в минувшую)\s+(?P<wd>понедельник|вторник|среду|"
                     r"четверг|пятницу|субботу|воскресенье))(?!\w)", re.I),
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "понеділок": 0, "вівторок": 1, "середу": 2, "четвер": 3, "п'ятницю": 4,
    "суботу": 5, "неділю": 6, "понедельник": 0, "вторник": 1, "среду": 2, "четверг": 3,
    "пятницу": 4, "субботу": 5, "воскресенье": 6, "понеділка": 0, "вівторка": 1, "середи": 2,
    "четверга": 3, "п'ятниці": 4, "суботи": 5, "неділі": 6,
}


@lru_cache(maxsize=20_000)
def _dateparse(text: str, language: str, base: date | None) -> date | None:
    """dateparser with a fixed language and base; None when it cannot read the text."""
    import dateparser

    settings: dict[str, Any] = {"PREFER_DAY_OF_MONTH": "first", "PREFER_DATES_FROM": "past",
                                "STRICT_PARSING": False}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day, 12)
    try:
        parsed = dateparser.parse(text, languages=[language], settings=settings)
    except (ValueError, OverflowError):
        return None
    return parsed.date() if parsed else None


def _nearest_year(month: int, day: int, published: date) -> date | None:
    """The date with that month/day closest to the publication date (the past counts double)."""
    best, best_cost = None, 0
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            cand = date(year, month, day)
        except ValueError:
            continue
        delta = (cand - published).days
        cost = 2 * delta if delta > 0 else -delta
        if best is None or cost < best_cost:
            best, best_cost = cand, cost
    return best


def find_dates(text: str, language: str, published: date | None) -> list[tuple[int, int, date]]:
    """(start, end, date) for absolute and (with a publication date) relative dates."""
    lang = language if language in _PATTERNS else "en"
    out: list[tuple[int, int, date]] = []
    taken: list[tuple[int, int]] = []
    for rx in _PATTERNS[lang]:
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            day = int(m["d"])
            mname = m["m"].lower()
            month = _MONTH_NUM.get(mname) or _EN_NUM.get(mname[:3])
            if not month or not 1 <= day <= 31:
                continue
            if m["y"]:
                parsed = _dateparse(m.group(0), lang, None)
                if parsed is None or parsed.month != month or parsed.day != day:
                    continue
            else:
                if published is None:
                    continue
                parsed = _dateparse(m.group(0), lang, published)
                if parsed is None or parsed.month != month or parsed.day != day:
                    continue
                parsed = _nearest_year(month, day, published)
                if parsed is None:
                    continue
            taken.append((m.start(), m.end()))
            out.append((m.start(), m.end(), parsed))
    for m in _NUMERIC.finditer(text):
        y, mo, d = (m["y"], m["mo"], m["d"]) if m["y"] else (m["y2"], m["mo2"], m["d2"])
        try:
            out.append((m.start(), m.end(), date(int(y), int(mo), int(d))))
        except ValueError:
            continue
    if published is not None:
        for m in _RELATIVE[lang].finditer(text):
            resolved = _relative(m, lang, published)
            if resolved is not None:
                out.append((m.start(), m.end(), resolved))
    out.sort()
    return out


def _relative(m: re.Match[str], language: str, published: date) -> date | None:
    """Resolve yesterday/today/weekday forms against the publication date."""
    if m["w"]:
        return _dateparse(m["w"].lower(), language, published)
    wd = m["wd"] or (m.groupdict().get("wg") or "")
    weekday = _WEEKDAYS.get(wd.lower())
    if weekday is None:
        return None
    # news speaks of the last such day on or before publication
    return published - timedelta(days=(published.weekday() - weekday) % 7)
