"""Places the city gazetteer lacks, named in uk/ru text: historical and geographic regions
(Донбас, Галичина, Сибирь), mountain ranges, seas, large rivers and the occupation
'republics' (ДНР, ЛНР). Each entry: id, display name, lat, lon, country, regex of forms."""

from __future__ import annotations

import re

from .common import Cand

_E = r"(?![\w'-])"  # end of word
REGIONS: list[tuple[str, str, float, float, str, str]] = [
    ("geo-donbas", "Donbas", 48.0, 38.0, "UA", r"Донбас(?:у|і|ом|с|са|се|сом)?"),
    ("geo-halychyna", "Galicia (Eastern Europe)", 49.5, 24.5, "UA",
     r"Галичин(?:а|и|і|у|ою)|Галици(?:я|и|ю|ей)"),
    ("geo-podillia", "Podolia", 49.0, 27.5, "UA", r"Поділл(?:я|і|ю|ям)|Подоль(?:е|я|ю|ем)"),
    ("geo-polissia", "Polesia", 51.5, 27.0, "UA", r"Поліс(?:ся|сі|сю|сям)|Полесь(?:е|я|ю|ем)"),
    ("geo-bukovyna", "Bukovina", 48.1, 25.6, "UA", r"Буковин(?:а|и|і|у|ою|е)"),
    ("geo-slobozhanshchyna", "Sloboda Ukraine", 50.0, 36.3, "UA",
     r"Слобожанщин(?:а|и|і|у|ою|е)"),
    ("geo-tavriia", "Taurida", 46.5, 34.0, "UA", r"Таврі(?:я|ї|ю|єю)|Таври(?:я|и|ю|ей)"),
    ("geo-prykarpattia", "Prykarpattia", 48.9, 24.7, "UA",
     r"Прикарпатт(?:я|і|ю|ям)|Прикарпать(?:е|я|ю|ем)"),
    ("geo-transnistria", "Transnistria", 47.2, 29.4, "MD",
     r"Придністров'(?:я|ї|ю|ям)|Приднестровь(?:е|я|ю|ем)"),
    ("geo-dnr", "Donetsk People's Republic (occupied)", 48.0, 37.8, "UA", r"ДНР"),
    ("geo-lnr", "Luhansk People's Republic (occupied)", 48.6, 39.3, "UA", r"ЛНР"),
    ("geo-carpathians", "Carpathian Mountains", 48.5, 24.0, "UA",
     r"Карпат(?:и|ах|ам|ами|ы)?"),
    ("geo-siberia", "Siberia", 60.0, 100.0, "RU", r"Сибір(?:у|і|ом)?|Сибир(?:ь|и|ью)"),
    ("geo-caucasus", "Caucasus", 42.5, 44.0, "", r"Кавказ(?:у|і|е|ом)?"),
    ("geo-urals", "Ural Mountains", 60.0, 59.0, "RU", r"Урал(?:у|і|е|ом)?"),
    ("geo-balkans", "Balkans", 43.0, 21.0, "", r"Балкан(?:и|ах|ам|ами|ы)"),
    ("geo-far-east", "Russian Far East", 55.0, 135.0, "RU",
     r"Далек(?:ий|ого|ому|ом|им)\s+Сход(?:е|у|а)?|Далек(?:ий|ого|ому|ім|им)\s+Сход(?:і|у|ом)?"),
    ("geo-middle-east", "Middle East", 29.0, 41.0, "",
     r"Близьк(?:ий|ого|ому|ім|им)\s+Сход(?:і|у|ом)?|Ближн(?:ий|его|ему|ем|им)\s+Восток(?:е|а|у|ом)?"),
    ("sea-black", "Black Sea", 43.4, 34.0, "", r"Чорн(?:е|ого|ому|им)\s+мор(?:е|я|і|ю|ем)"
     r"|Черн(?:ое|ого|ому|ом|ым)\s+мор(?:е|я|ю|ем)"),
    ("sea-azov", "Sea of Azov", 46.0, 36.5, "", r"Азовськ(?:е|ого|ому|им)\s+мор(?:е|я|і|ю|ем)"
     r"|Азовск(?:ое|ого|ому|ом|им)\s+мор(?:е|я|ю|ем)"),
    ("sea-baltic", "Baltic Sea", 58.0, 20.0, "", r"Балтійськ(?:е|ого|ому|им)\s+мор(?:е|я|і|ю|ем)"
     r"|Балтийск(?:ое|ого|ому|ом|им)\s+мор(?:е|я|ю|ем)"),
    ("sea-north", "North Sea", 56.0, 3.0, "", r"Північн(?:е|ого|ому|им)\s+мор(?:е|я|і|ю|ем)"
     r"|Северн(?:ое|ого|ому|ом|ым)\s+мор(?:е|я|ю|ем)"),
    ("sea-mediterranean", "Mediterranean Sea", 35.0, 18.0, "",
     r"Середземн(?:е|ого|ому|им)\s+мор(?:е|я|і|ю|ем)"
     r"|Средиземн(?:ое|ого|ому|ом|ым)\s+мор(?:е|я|ю|ем)"),
    ("geo-ussr", "Soviet Union", 55.75, 37.62, "",
     r"СССР|СРСР|Советск(?:ий|ого|ому|им|ом)\s+Союз(?:а|у|ом|е)?"
     r"|Радянськ(?:ий|ого|ому|им|ім)\s+Союз(?:у|і|ом)?"),
    ("geo-ottoman-empire", "Ottoman Empire", 41.0, 29.0, "",
     r"Османск(?:ая|ой|ую|ою)\s+импери(?:я|и|ю|ей)|Османськ(?:а|ої|ій|у|ою)\s+імпері(?:я|ї|ю|єю)"),
    ("geo-kuril-islands", "Kuril Islands", 46.0, 151.0, "RU",
     r"(?:Южн(?:ые|ых|ым|ыми)\s+|Південн(?:і|их|им|ими)\s+)?Курил(?:ы|ах|ам|ами|и)?"
     r"|Курильск(?:ие|их|им|ими)\s+остров(?:а|ах|ам|ами|ов)|Курильськ(?:і|их|им|ими)\s+остров\w*"),
    ("geo-primorye", "Primorsky Krai", 45.0, 134.0, "RU", r"Приморь(?:е|я|ю|ем)"),
    ("geo-leningrad-oblast", "Leningrad Oblast", 60.0, 32.0, "RU", r"Ленобласт(?:ь|и|ью)"),
    ("geo-baltics", "Baltic states", 57.0, 24.0, "",
     r"Балти(?:я|и|ю|ей)|Прибалти(?:ка|ки|ке|ку|кой)"),
    ("geo-moon", "Moon", 0.0, 0.0, "", r"Лун(?:а|ы|е|у|ой)"),
    ("geo-mars", "Mars", 0.0, 0.0, "", r"Марс(?:а|е|у|ом|і)?"),
    ("river-neva", "Neva River", 59.9, 30.9, "RU", r"Нев(?:а|ы|е|у|ой)"),
    ("river-danube", "Danube River", 45.2, 29.6, "", r"Дуна(?:й|ю|єм|ї|ем|е)"),
    ("river-pripyat", "Pripyat River", 51.5, 28.0, "UA",
     r"(?:річк\w*|рік\w*|рек\w*|р\.)\s*При(?:п'ят|пят)\w*"),
    ("river-desna", "Desna River", 51.0, 31.5, "UA", r"Десн(?:а|и|і|у|ою|е|ой)"),
    ("river-prut", "Prut River", 47.0, 28.0, "", r"Прут(?:у|і|ом|е)?"),
    ("river-tisza", "Tisza River", 48.1, 22.5, "", r"Тис(?:а|и|і|у|ою|е|ой)"),
    ("river-volga", "Volga River", 48.0, 46.0, "RU", r"Волг(?:а|и|і|у|ою|е|ой)"),
    ("river-southern-buh", "Southern Buh River", 47.8, 31.2, "UA",
     r"Південн\w+\s+Буг\w*|Южн\w+\s+Буг\w*"),
]
_RX: list[tuple[re.Pattern[str], int]] = []


def region_cands(text: str) -> list[Cand]:
    """Places from the table above (priority 1: they win over NER guesses)."""
    if not _RX:
        _RX.extend((re.compile(rf"(?<![\w'-])(?:{rx}){_E}"), i)
                   for i, (*_, rx) in enumerate(REGIONS))
    out: list[Cand] = []
    for rx, i in _RX:
        pid, name, lat, lon, country, _ = REGIONS[i]
        for m in rx.finditer(text):
            if pid == "river-pripyat":  # the town shares the name: only 'річка Прип'ять'
                start = m.start() + len(re.match(r"\S+\s*", m.group(0))[0])
            else:
                start = m.start()
            out.append(Cand(start, m.end(), "place", pid, name, 1, lat, lon, country or None))
    return out


_RAION = re.compile(r"(?<![\w'-])(?P<a>[А-ЯІЇЄҐ][\w']+(?:-[А-ЯІЇЄҐ]?[\w']+)?(?:ськ|цьк|зьк)"
                    r"(?:ий|ого|ому|им|ім))\s+район(?:у|і|ом)?(?![\w-])")


def raion_cands(text: str) -> list[Cand]:
    """Ukrainian districts: 'Кремінському районі' -> raion-kreminskyi (no coordinates)."""
    from .morph import parses
    from .normalize import slug
    from .translit import translit

    out = []
    for m in _RAION.finditer(text):
        word = m["a"]
        lemma = next((p.normal_form for p in parses(word, "uk") if p.tag.POS == "ADJF"),
                     word.lower())
        name = translit(lemma, "uk").title() + " Raion"
        out.append(Cand(m.start(), m.end(), "place", f"raion-{slug(lemma)}", name, 1,
                        country="UA"))
    return out


_FEATURE = re.compile(
    r"(?<![\w'-])(?P<a>[А-ЯІЇЄҐ][а-яіїєґ'-]+)\s+(?P<n>озер[оаіу]|озером|гор[аиіуою]|замк[уаиом]"
    r"|замок|парк[уаом]?|острів|остров[аиіуом]|островах|островів|лиман[уаіом]?|урочищ[еауі]"
    r"|долин[аиіуою]|хребт[уаіом]?|хребет|затоц[іи]|затока|затоку|півостр[іо]в\w*|печер[аиіуою]"
    r"|заповідник[уаом]?|водосховищ[еауі]|родовищ[еауі]|пустел[яіюею]|каньйон[уаіом]?)(?![\w-])")


def feature_cands(text: str) -> list[Cand]:
    """Ukrainian natural features and landmarks named by a capitalized adjective: 'Орлового
    озера', 'Високого замку', 'Стрийського парку' (id 'loc-<lemma>', no coordinates)."""
    from .common import sentence_initial
    from .morph import parses
    from .normalize import slug
    from .translit import translit

    out = []
    for m in _FEATURE.finditer(text):
        word = m["a"]
        if sentence_initial(text, m.start()):
            continue
        adj = next((p for p in parses(word, "uk") if p.tag.POS == "ADJF"), None)
        noun = next((p for p in parses(m["n"], "uk") if p.tag.POS == "NOUN"), None)
        if adj is None or noun is None:
            continue
        lemma = f"{adj.normal_form} {noun.normal_form}"
        name = " ".join(w.capitalize() for w in translit(lemma, "uk").split())
        out.append(Cand(m.start(), m.end(), "place", f"loc-{slug(lemma)}", name, 4))
    return out
