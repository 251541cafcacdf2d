"""Ukrainian oblasts: ISO 3166-2 code, English name, capital and the stems that name them."""

from __future__ import annotations

# (ISO 3166-2, English display name, capital GeoNames name,
#  adjective stems (uk, ru) used before "область"/"области", colloquial "-щина" stems)
OBLASTS: list[tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = [
    ("UA-05", "Vinnytsia Oblast", "Vinnytsia", ("Вінницьк", "Винницк"), ("Вінниччин", "Винничин")),
    ("UA-07", "Volyn Oblast", "Lutsk", ("Волинськ", "Волынск"), ("Волин[ьіюи]", "Волын[ьиюи]")),
    ("UA-09", "Luhansk Oblast", "Luhansk", ("Луганськ", "Луганск"), ("Луганщин",)),
    ("UA-12", "Dnipropetrovsk Oblast", "Dnipro", ("Дніпропетровськ", "Днепропетровск"),
     ("Дніпропетровщин", "Днепропетровщин", "Дніпровщин")),
    ("UA-14", "Donetsk Oblast", "Donetsk", ("Донецьк", "Донецк"), ("Донеччин", "Донетчин")),
    ("UA-18", "Zhytomyr Oblast", "Zhytomyr", ("Житомирськ", "Житомирск"), ("Житомирщин",)),
    ("UA-21", "Zakarpattia Oblast", "Uzhhorod", ("Закарпатськ", "Закарпатск"),
     ("Закарпатт[яіюя]", "Закарпать[еяю]")),
    ("UA-23", "Zaporizhzhia Oblast", "Zaporizhzhya", ("Запорізьк", "Запорожск"),
     ("Запоріжчин", "Запорожчин")),
    ("UA-26", "Ivano-Frankivsk Oblast", "Ivano-Frankivsk", ("Івано-Франківськ", "Ивано-Франковск"),
     ("Прикарпатт[яіюя]", "Прикарпать[еяю]", "Франківщин")),
    ("UA-32", "Kyiv Oblast", "Kyiv", ("Київськ", "Киевск"), ("Київщин", "Киевщин")),
    ("UA-35", "Kirovohrad Oblast", "Kropyvnytskyi", ("Кіровоградськ", "Кировоградск"),
     ("Кіровоградщин", "Кировоградщин")),
    ("UA-43", "Crimea", "Simferopol", ("Кримськ", "Крымск"),
     ("Крим(?:у|і|ом)?", "Крым(?:а|у|е|ом)?")),
    ("UA-46", "Lviv Oblast", "Lviv", ("Львівськ", "Львовск"), ("Львівщин", "Львовщин")),
    ("UA-48", "Mykolaiv Oblast", "Mykolayiv", ("Миколаївськ", "Николаевск"),
     ("Миколаївщин", "Николаевщин")),
    ("UA-51", "Odesa Oblast", "Odesa", ("Одеськ", "Одесск"), ("Одещин", "Одесчин", "Одессчин")),
    ("UA-53", "Poltava Oblast", "Poltava", ("Полтавськ", "Полтавск"), ("Полтавщин",)),
    ("UA-56", "Rivne Oblast", "Rivne", ("Рівненськ", "Ровенск", "Ровненск"),
     ("Рівненщин", "Ровенщин")),
    ("UA-59", "Sumy Oblast", "Sumy", ("Сумськ", "Сумск"), ("Сумщин",)),
    ("UA-61", "Ternopil Oblast", "Ternopil", ("Тернопільськ", "Тернопольск"),
     ("Тернопільщин", "Тернопольщин")),
    ("UA-63", "Kharkiv Oblast", "Kharkiv", ("Харківськ", "Харьковск"), ("Харківщин", "Харьковщин")),
    ("UA-65", "Kherson Oblast", "Kherson", ("Херсонськ", "Херсонск"), ("Херсонщин",)),
    ("UA-68", "Khmelnytskyi Oblast", "Khmelnytskyi", ("Хмельницьк", "Хмельницк"),
     ("Хмельниччин", "Хмельнитчин")),
    ("UA-71", "Cherkasy Oblast", "Cherkasy", ("Черкаськ", "Черкасск"), ("Черкащин", "Черкасщин")),
    ("UA-74", "Chernihiv Oblast", "Chernihiv", ("Чернігівськ", "Черниговск"),
     ("Чернігівщин", "Черниговщин")),
    ("UA-77", "Chernivtsi Oblast", "Chernivtsi", ("Чернівецьк", "Черновицк"), ("Буковин",)),
]

# English-language "X region" forms that are not the capital's name.
EXTRA_EN = {
    "UA-43": ("Crimea", "Crimean Peninsula"),
    "UA-32": ("Kiev",), "UA-63": ("Kharkov",), "UA-23": ("Zaporozhye", "Zaporizhzhya"),
    "UA-12": ("Dnepropetrovsk", "Dnipropetrovsk", "Dnipro"), "UA-48": ("Nikolaev", "Mykolaiv"),
    "UA-51": ("Odessa",), "UA-09": ("Lugansk",), "UA-46": ("Lvov",), "UA-56": ("Rovno",),
    "UA-74": ("Chernigov",), "UA-35": ("Kirovograd", "Kirovohrad"), "UA-65": ("Herson",),
    "UA-59": ("Sumi",), "UA-61": ("Ternopol",), "UA-18": ("Zhitomir",),
    "UA-26": ("Ivano-Frankovsk",), "UA-71": ("Cherkassy",), "UA-05": ("Vinnitsa",),
    "UA-68": ("Khmelnitsky", "Khmelnytsky"),
    "UA-77": ("Bukovina", "Chernivtsi", "Chernovtsy"),
    "UA-21": ("Zakarpattia", "Transcarpathia"),
    "UA-07": ("Volyn", "Volhynia"),
}

# Country names that pycountry lacks (short forms, uk/ru common names, abbreviations).
COUNTRY_EXTRA: dict[str, tuple[str, ...]] = {
    "RU": ("Russia", "Росія", "Россия", "РФ", "Russian Federation"),
    "US": ("US", "U.S.", "USA", "U.S.A.", "United States", "United States of America",
           "America", "США", "Сполучені Штати", "Соединенные Штаты", "Америка"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom", "Британія",
           "Великобританія", "Великобритания", "Британия", "England", "Англія", "Англия",
           "Wales", "Уельс", "Уэльс", "Scotland", "Шотландія", "Шотландия",
           "Northern Ireland", "Північна Ірландія", "Северная Ирландия"),
    "UA": ("Ukraine", "Україна", "Украина"),
    "BY": ("Belarus", "Білорусь", "Беларусь", "Белоруссия", "Білорусія"),
    "MD": ("Moldova", "Молдова", "Молдавия"),
    "KR": ("South Korea", "Південна Корея", "Южная Корея"),
    "KP": ("North Korea", "Північна Корея", "Северная Корея", "КНДР"),
    "IR": ("Iran", "Іран", "Иран"),
    "SY": ("Syria", "Сирія", "Сирия"),
    "CZ": ("Czech Republic", "Czechia", "Чехія", "Чехия"),
    "TR": ("Turkey", "Türkiye", "Туреччина", "Турция"),
    "CN": ("China", "Китай"),
    "TW": ("Taiwan", "Тайвань"),
    "VN": ("Vietnam", "В'єтнам", "Вьетнам"),
    "VE": ("Venezuela", "Венесуела", "Венесуэла"),
    "BO": ("Bolivia",),
    "PS": ("Palestine", "Палестина"),
    "NL": ("Netherlands", "the Netherlands", "Нідерланди", "Нидерланды", "Голландия"),
    "DE": ("Germany", "Німеччина", "Германия"),
    "PL": ("Poland", "Польща", "Польша"),
    "FR": ("France", "Франція", "Франция"),
    "MK": ("North Macedonia", "Macedonia"),
    "LA": ("Laos",),
    "SK": ("Slovakia", "Словаччина", "Словакия"),
}

# Reuters/AP dateline abbreviations of US states ('PORTLAND, Ore.', 'MCLEAN, Va.').
US_STATE_ABBR = {
    "Ala": "AL", "Alaska": "AK", "Ariz": "AZ", "Ark": "AR", "Calif": "CA", "Colo": "CO",
    "Conn": "CT", "Del": "DE", "Fla": "FL", "Ga": "GA", "Hawaii": "HI", "Idaho": "ID",
    "Ill": "IL", "Ind": "IN", "Iowa": "IA", "Kan": "KS", "Kans": "KS", "Ky": "KY", "La": "LA",
    "Maine": "ME", "Md": "MD", "Mass": "MA", "Mich": "MI", "Minn": "MN", "Miss": "MS",
    "Mo": "MO", "Mont": "MT", "Neb": "NE", "Nev": "NV", "N.H": "NH", "N.J": "NJ", "N.M": "NM",
    "N.Y": "NY", "N.C": "NC", "N.D": "ND", "Ohio": "OH", "Okla": "OK", "Ore": "OR", "Pa": "PA",
    "R.I": "RI", "S.C": "SC", "S.D": "SD", "Tenn": "TN", "Tex": "TX", "Utah": "UT", "Vt": "VT",
    "Va": "VA", "Wash": "WA", "W.Va": "WV", "Wis": "WI", "Wyo": "WY", "D.C": "DC",
}

# Continents: GeoNames ids, names in en/uk/ru (inflected forms come from pymorphy3 lemmas).
CONTINENTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("6255148", "Europe", ("Europe", "Європа", "Европа")),
    ("6255147", "Asia", ("Asia", "Азія", "Азия")),
    ("6255146", "Africa", ("Africa", "Африка")),
    ("6255149", "North America", ("North America", "Північна Америка", "Северная Америка")),
    ("6255150", "South America", ("South America", "Південна Америка", "Южная Америка",
                                  "Latin America", "Латинська Америка", "Латинская Америка")),
    ("6255151", "Oceania", ("Oceania", "Океанія", "Океания")),
    ("6255152", "Antarctica", ("Antarctica", "Антарктида")),
]
