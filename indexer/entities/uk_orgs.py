"""Ukrainian institution names as phrases: 'Головного управління ДСНС України у Львівській
області', 'Чернівецького національного університету' (natasha misses or cuts most of them)."""

from __future__ import annotations

import re

from .common import Cand, overlaps
from .morph import name_kinds, parses
from .orgs import match_table, org_id, org_lemma_text
from .people import is_first_name

Token = tuple[int, int, str]
_LEGAL = r"(?:ТОВ|ПАТ|ПрАТ|АТ|ВАТ|ЗАТ|КП|ДП|ФОП|ООО|ОАО|ЗАО|ПАО|АО|ГП|МУП|НАК|ГО|ОО)"
_QUOTED = re.compile(rf"(?:(?P<legal>{_LEGAL})\s+)?«(?P<n>[A-ZА-ЯІЇЄҐ0-9][^«»\n]{{0,50}})»")
ORG_HEADS = frozenset([
    "управління", "служба", "міністерство", "рада", "суд", "адміністрація", "держадміністрація",
    "райдержадміністрація", "облдержадміністрація", "інспекція", "фонд", "комітет",
    "університет", "академія", "інститут", "підприємство", "комендатура", "прокуратура",
    "поліція", "департамент", "агентство", "комісія", "палата", "банк", "компанія", "партія",
    "об'єднання", "асоціація", "спілка", "корпорація", "концерн", "холдинг", "театр", "музей",
    "бібліотека", "лікарня", "ліцей", "коледж", "відділ", "відділення", "штаб", "міськрада",
    "сільрада", "товариство", "кооператив", "уряд", "кабінет", "секретаріат", "апарат",
    "дирекція", "трест", "комбінат", "завод", "фабрика", "гімназія", "консерваторія",
    "омбудсман", "бюро", "центр", "об'єднання", "федерація", "конгрес", "сейм", "парламент",
    "міліція", "райсуд", "госпсуд", "адмінсуд", "мерія", "облрада", "райрада", "тервідділення",
    "гарнізон", "колонія", "лісгосп", "обленерго", "міськвиконком", "виконком"
])
_JOIN = re.compile(r"^(?: |-)$")
_FUNC = {"з", "із", "у", "в", "та", "і", "й"}
_OBLIQUE = {"gent", "datv", "loct", "ablt", "gen2", "loc2"}


def _lemmas(word: str) -> set[str]:
    """Normal forms of the word's noun parses."""
    return {p.normal_form for p in parses(word, "uk") if p.tag.POS == "NOUN"}


def _kind(word: str) -> tuple[bool, bool, bool]:
    """(is adjective, is noun, has an oblique-case reading) for a word."""
    ps = parses(word, "uk")
    return (any(p.tag.POS == "ADJF" for p in ps), any(p.tag.POS == "NOUN" for p in ps),
            any(p.tag.case in _OBLIQUE for p in ps))


def _start(tokens: list[Token], i: int) -> int | None:
    """Index of the head noun when an org phrase starts at token i, else None."""
    word = tokens[i][2]
    if not word[:1].isupper():
        return None
    if word.isupper() and 2 <= len(word) <= 6 and i + 1 < len(tokens) and (
            tokens[i + 1][2] == "України"):
        return i
    j = i
    while j < len(tokens) and j - i < 4:
        w = tokens[j][2]
        if _lemmas(w.lower()) & ORG_HEADS:
            return j
        if not _kind(w.lower())[0] or (j > i and w[:1].isupper() and j > i + 1):
            return None
        j += 1
    return None


def _place(word: str) -> bool:
    """A gazetteer place (nominative names end org phrases unless they are places)."""
    from .gazetteer import get_gazetteer
    from .places import cyrillic_lookup

    return not is_first_name(word) and bool(cyrillic_lookup(get_gazetteer(), [word], "uk"))


def _extend(text: str, tokens: list[Token], head: int) -> int:
    """Last token index of the phrase whose head noun is tokens[head]."""
    end = head
    k = head + 1
    while k < len(tokens) and k - head < 12 and _JOIN.match(text[tokens[k - 1][1]:tokens[k][0]]):
        w = tokens[k][2]
        low = w.lower()
        if low in _FUNC:
            nxt = tokens[k + 1][2] if k + 1 < len(tokens) else ""
            if low in ("у", "в") and not (nxt[:1].isupper() or nxt in ("місті", "районі")):
                break
            if low in ("з", "із") and nxt not in ("питань", "надзвичайних"):
                break
            k += 1
            continue
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if low in ("м", "міста", "місті") and nxt and nxt[2][:1].isupper() and re.fullmatch(
                r"\.?\s", text[tokens[k][1]:nxt[0]]):
            end = k + 1  # "Печерського райсуду м. Києва": the city belongs to the name
            k += 2
            continue
        adj, noun, oblique = _kind(low)
        if w[:1].isupper() and not oblique and _place(w):
            end = k  # "Ради міністрів Автономної Республіки Крим"
            k += 1
            continue
        if w[:1].isupper() and not w.isupper() and (name_kinds(w, "uk") or not oblique
                                                     or is_first_name(w)):
            break  # "…адміністрації Олег Синєгубов": a person's name ends the phrase
        if w[:1].isupper() or ((adj or noun) and oblique):
            end = k
            k += 1
            continue
        break
    return end


def uk_org_phrases(text: str, tokens: list[Token], taken: list[tuple[int, int]]) -> list[Cand]:
    """Org candidates (priority 1, they win over places nested in them)."""
    out: list[Cand] = []
    i = 0
    while i < len(tokens):
        head = _start(tokens, i)
        if head is None:
            i += 1
            continue
        last = _extend(text, tokens, head)
        start, end = tokens[i][0], tokens[last][1]
        if last > i and not overlaps(start, end, taken):
            words = [t[2] for t in tokens[i:last + 1]]
            hit = next((match_table(" ".join(words[:n])) for n in range(len(words), 0, -1)
                        if match_table(" ".join(words[:n]))), None)
            oid, name = hit or org_id(text[start:end], "uk", org_lemma_text(words, "uk"))
            if oid:
                out.append(Cand(start, end, "org", oid, name, 1))
        i = last + 1
    return out


def quoted_orgs(text: str, lang: str, taken: list[tuple[int, int]], cands: list[Cand]) -> None:
    """«Епіцентр», ТОВ «Укргеоекологія»: a capitalized quoted name nothing else claimed is an
    organization (companies, parties, media); a legal-form prefix joins the span."""
    for m in _QUOTED.finditer(text):
        name = m["n"]
        if len(name.split()) > 4 or overlaps(m.start("n"), m.end("n"), taken):
            continue
        start = m.start() if m["legal"] else m.start("n")
        end = m.end() if m["legal"] else m.end("n")
        oid, display = org_id(name, lang, org_lemma_text(name.split(), lang))
        if oid:
            cands.append(Cand(start, end, "org", oid, display, 4))


_ABBR_BEFORE = re.compile(r"(?<![\w«])(?P<a>[А-ЯІЇЄҐ][А-ЯІЇЄҐрз]{1,4})\s+«$")


def legal_quoted(text: str, cands: list[Cand]) -> list[Cand]:
    """Org spans over quoted names as NER-UK marks them: the closing `»` joins a span that
    opened a `«` ('ТОВ «Укргеоекологія»'), and an abbreviation (the legal form: ТОВ, ДП,
    ПрАТ...) right before `«Name»` joins the name's span with both quotes; the candidates
    inside such a widened span are dropped (it wins)."""
    out: list[Cand] = []
    wide: list[Cand] = []
    for c in cands:
        if c.type not in ("org", "place", "person"):
            out.append(c)
            continue
        start, end = c.start, c.end
        inside = text[start:end]
        while inside.count("«") > inside.count("»") and text[end:end + 1] == "»":
            end += 1
            inside = text[start:end]
        m = _ABBR_BEFORE.search(text, 0, start) if text[start - 1:start] == "«" else None
        if m and text[end:end + 1] == "»" and "»" not in inside:
            start, end = m.start("a"), end + 1
        oid, name = c.id, c.name
        if (start, end) != (c.start, c.end) and c.type != "org":
            words = text[c.start:c.end].split()
            oid, name = org_id(" ".join(words), "uk", org_lemma_text(words, "uk"))
        if (start, end) != (c.start, c.end) and oid:
            wide.append(Cand(start, end, "org", oid, name, 0))
        else:
            out.append(c)
    spans = [(w.start, w.end) for w in wide]
    kept = [c for c in out if not any(s <= c.start and c.end <= e for s, e in spans)]
    return kept + wide
