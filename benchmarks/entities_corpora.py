"""Gold corpora for the entity benchmark: CoNLL-2003 dev, NER-UK dev, factRuEval-2016 dev,
Reuters-21578 PLACES. Each loader yields documents with gold spans typed person/place/org."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CONLL_CHUNK = 20  # sentences per pseudo-document (eng.testa has no -DOCSTART- lines)
CONLL_TYPES = {"PER": "person", "LOC": "place", "ORG": "org"}
NERUK_TYPES = {"PERS": "person", "LOC": "place", "ORG": "org"}
# LocOrg ("Москва заявила", "мэрии Москвы") is a place name used for its government: our
# place facet covers it (a reader filtering on Moscow wants those stories), so it is a place.
FACTRU_TYPES = {"Person": "person", "Location": "place", "LocOrg": "place", "Org": "org"}
FACTRU_NAME_SPANS = {"Person": ("name", "surname", "patronymic", "nickname"),
                     "Location": ("loc_name",), "LocOrg": ("loc_name",),
                     "Org": ("org_name",)}

Span = tuple[int, int, str]


@dataclass
class GoldDoc:
    """One evaluation text with its gold spans (start, end, type)."""

    id: str
    text: str
    language: str
    spans: list[Span] = field(default_factory=list)
    published: date | None = None


def conll(path: Path | None = None, chunk: int = CONLL_CHUNK) -> list[GoldDoc]:
    """CoNLL-2003: sentences as lines, tokens joined by spaces, grouped into pseudo-documents."""
    path = path or DATA / "conll2003" / "eng.testa"
    sentences: list[list[tuple[str, str]]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if sentences[-1]:
                sentences.append([])
            continue
        if parts[0] == "-DOCSTART-":
            sentences.append(["DOC"])  # type: ignore[list-item]
            continue
        sentences[-1].append((parts[0], parts[-1]))
    docs: list[list[list[tuple[str, str]]]] = [[]]
    has_docstart = any(s == ["DOC"] for s in sentences)
    for sent in sentences:
        if sent == ["DOC"]:
            docs.append([])
        elif sent:
            if not has_docstart and len(docs[-1]) >= chunk:
                docs.append([])
            docs[-1].append(sent)
    return [_conll_doc(f"conll-{i}", d) for i, d in enumerate(docs) if d]


def _conll_doc(doc_id: str, sentences: list[list[tuple[str, str]]]) -> GoldDoc:
    """Build the text and the gold spans of one pseudo-document from IOB tags."""
    text: list[str] = []
    spans: list[Span] = []
    pos = 0
    for sent in sentences:
        open_: list = []
        for k, (tok, tag) in enumerate(sent):
            if k:
                text.append(" ")
                pos += 1
            start, pos = pos, pos + len(tok)
            text.append(tok)
            kind = tag[2:] if tag != "O" else None
            if open_ and (kind != open_[2] or tag.startswith("B-")):
                spans.append(tuple(open_))  # type: ignore[arg-type]
                open_ = []
            if kind and open_:
                open_[1] = pos
            elif kind:
                open_ = [start, pos, kind]
        if open_:
            spans.append(tuple(open_))  # type: ignore[arg-type]
        text.append("\n")
        pos += 1
    gold = [(s, e, CONLL_TYPES[k]) for s, e, k in spans if k in CONLL_TYPES]
    return GoldDoc(doc_id, "".join(text), "en", gold)


def ner_uk(folder: Path | None = None) -> list[GoldDoc]:
    """NER-UK dev split: brat .txt + .ann (discontinuous spans use their extent)."""
    folder = folder or DATA / "ner-uk" / "data"
    docs = []
    for txt in sorted(folder.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        spans = []
        ann = txt.with_suffix(".ann")
        for line in ann.read_text(encoding="utf-8").splitlines() if ann.exists() else []:
            if not line.startswith("T"):
                continue
            # brat "T1<TAB>ORG 0 17<TAB>text"; this copy uses "T1<TAB>ORG<TAB>0<TAB>17<TAB>text"
            m = re.match(r"T\d+\t(\S+)[ \t](\d+(?:[ \t;]\d+)*)\t", line)
            if not m or m[1] not in NERUK_TYPES:
                continue
            nums = [int(n) for n in re.findall(r"\d+", m[2])]
            spans.append((min(nums), max(nums), NERUK_TYPES[m[1]]))
        docs.append(GoldDoc(txt.stem, text, "uk", spans))
    return docs


def factru(folder: Path | None = None) -> list[GoldDoc]:
    """factRuEval-2016 dev: object extents over their name spans (descriptors left out)."""
    folder = folder or DATA / "factRuEval-2016" / "devset"
    docs = []
    for obj_file in sorted(folder.glob("*.objects")):
        base = obj_file.with_suffix("")
        text = base.with_suffix(".txt").read_text(encoding="utf-8-sig")
        span_info: dict[str, tuple[str, int, int]] = {}
        for line in base.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            cols = line.split()
            if len(cols) >= 4:
                span_info[cols[0]] = (cols[1], int(cols[2]), int(cols[2]) + int(cols[3]))
        gold = set()
        for line in obj_file.read_text(encoding="utf-8").splitlines():
            cols = line.split("#")[0].split()
            if len(cols) < 3 or cols[1] not in FACTRU_TYPES:
                continue
            parts = [span_info[s] for s in cols[2:] if s in span_info]
            named = [p for p in parts if p[0] in FACTRU_NAME_SPANS[cols[1]]] or parts
            if named:
                gold.add((min(p[1] for p in named), max(p[2] for p in named),
                          FACTRU_TYPES[cols[1]]))
        docs.append(GoldDoc(base.name, text, "ru", sorted(gold)))
    return docs


# Reuters PLACES codes that are not a country name pycountry knows (-> ISO 3166-1 alpha-2).
# Historic states map to today's country that holds their places (the gazetteer is modern).
REUTERS_CODES = {
    "usa": "US", "uk": "GB", "west-germany": "DE", "east-germany": "DE", "ussr": "RU",
    "south-korea": "KR", "north-korea": "KP", "taiwan": "TW", "iran": "IR", "syria": "SY",
    "vietnam": "VN", "venezuela": "VE", "bolivia": "BO", "tanzania": "TZ", "russia": "RU",
    "czechoslovakia": "CZ", "yugoslavia": "RS", "burma": "MM", "zaire": "CD", "ivory-coast": "CI",
    "hong-kong": "HK", "macau": "MO", "south-africa": "ZA", "new-zealand": "NZ",
    "saudi-arabia": "SA", "uae": "AE", "laos": "LA", "moldavia": "MD", "brunei": "BN",
    "cape-verde": "CV", "netherlands-antilles": "CW", "north-yemen": "YE", "south-yemen": "YE",
    "kampuchea": "KH", "bahamas": "BS", "gambia": "GM", "vatican": "VA", "ussr-": "RU",
    "sri-lanka": "LK", "costa-rica": "CR", "el-salvador": "SV", "puerto-rico": "PR",
    "papua-new-guinea": "PG", "sierra-leone": "SL", "trinidad-tobago": "TT",
    "dominican-republic": "DO", "upper-volta": "BF", "burkina-faso": "BF", "lebanon": "LB",
    "libya": "LY", "micronesia": "FM", "tadzhikistan": "TJ", "korea": "KR",
}


def reuters_country(code: str) -> str | None:
    """ISO alpha-2 for a Reuters PLACES code, None for regions that are not countries."""
    if code in REUTERS_CODES:
        return REUTERS_CODES[code]
    import pycountry

    try:
        return pycountry.countries.lookup(code.replace("-", " ")).alpha_2
    except LookupError:
        return None


_STORY = re.compile(r"<REUTERS\b.*?</REUTERS>", re.S)


def _tag(block: str, name: str) -> str:
    """Inner text of the first <name> element, unescaped ('' if absent)."""
    m = re.search(rf"<{name}>(.*?)</{name}>", block, re.S)
    return html.unescape(m.group(1)) if m else ""


def reuters(limit: int | None = None) -> Iterator[tuple[GoldDoc, set[str]]]:
    """Stories with a body and at least one PLACES tag that is a country: (doc, countries)."""
    n = 0
    for path in sorted((DATA / "reuters21578").glob("reut2-*.xml")):
        raw = path.read_bytes()
        try:
            data = raw.decode("utf-8")
        except UnicodeDecodeError:
            data = raw.decode("latin-1")
        for block in _STORY.findall(data):
            places = re.findall(r"<D>(.*?)</D>", _tag(block, "PLACES"))
            countries = {c for c in map(reuters_country, places) if c}
            body = _tag(block, "BODY").replace("\x03", "").strip()
            if not countries or not body or len(countries) < len(places):
                continue
            title = _tag(block, "TITLE").strip()
            dateline = _tag(block, "DATELINE").strip()
            published = _reuters_date(_tag(block, "DATE"))
            text = f"{title}\n{dateline} {body}"
            yield GoldDoc(re.search(r'NEWID="(\d+)"', block).group(1), text, "en",  # type: ignore
                          [], published), countries
            n += 1
            if limit is not None and n >= limit:
                return


def _reuters_date(value: str) -> date | None:
    """'26-FEB-1987 15:01:01.79' -> date."""
    try:
        return datetime.strptime(value.strip()[:11], "%d-%b-%Y").date()
    except ValueError:
        return None
