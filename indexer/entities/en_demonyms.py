"""English demonyms and country adjectives ('Chinese', 'Soviet', 'Dutch') -> ISO 3166 country.

Not places themselves (CoNLL-2003 tags them MISC), but strong evidence of what country a
story is about: Reuters indexers tagged 'CHINESE PORK OUTPUT SEEN LOWER' with China. Used by
the country salience policy, and to veto place readings of these words ('THAI' is not a
town in Malaysia).
"""

from __future__ import annotations

import re
from functools import lru_cache

DEMONYMS: dict[str, str] = {
    "Afghan": "AF", "Albanian": "AL", "Algerian": "DZ", "American": "US", "Americans": "US",
    "Angolan": "AO", "Argentine": "AR", "Argentinian": "AR", "Armenian": "AM",
    "Australian": "AU", "Austrian": "AT", "Azerbaijani": "AZ", "Bahraini": "BH",
    "Bangladeshi": "BD", "Belgian": "BE", "Bolivian": "BO", "Bosnian": "BA", "Brazilian": "BR",
    "British": "GB", "Briton": "GB", "Britons": "GB", "Bulgarian": "BG", "Burmese": "MM",
    "Cambodian": "KH", "Cameroonian": "CM", "Canadian": "CA", "Chilean": "CL", "Chinese": "CN",
    "Colombian": "CO", "Congolese": "CD", "Croatian": "HR", "Cuban": "CU", "Cypriot": "CY",
    "Czech": "CZ", "Czechoslovak": "CZ", "Danish": "DK", "Dutch": "NL", "Ecuadorean": "EC",
    "Ecuadorian": "EC", "Egyptian": "EG", "Emirati": "AE", "Estonian": "EE", "Ethiopian": "ET",
    "Filipino": "PH", "Finnish": "FI", "French": "FR", "Georgian": "GE", "German": "DE",
    "Ghanaian": "GH", "Greek": "GR", "Guatemalan": "GT", "Haitian": "HT", "Honduran": "HN",
    "Hungarian": "HU", "Icelandic": "IS", "Indian": "IN", "Indonesian": "ID", "Iranian": "IR",
    "Iraqi": "IQ", "Irish": "IE", "Israeli": "IL", "Italian": "IT", "Ivorian": "CI",
    "Jamaican": "JM", "Japanese": "JP", "Jordanian": "JO", "Kazakh": "KZ", "Kenyan": "KE",
    "Korean": "KR", "Kuwaiti": "KW", "Latvian": "LV", "Lebanese": "LB", "Liberian": "LR",
    "Libyan": "LY", "Lithuanian": "LT", "Malaysian": "MY", "Maltese": "MT", "Mexican": "MX",
    "Moldovan": "MD", "Mongolian": "MN", "Moroccan": "MA", "Mozambican": "MZ", "Namibian": "NA",
    "Nepalese": "NP", "Nicaraguan": "NI", "Nigerian": "NG", "Norwegian": "NO", "Omani": "OM",
    "Pakistani": "PK", "Palestinian": "PS", "Panamanian": "PA", "Paraguayan": "PY",
    "Peruvian": "PE", "Philippine": "PH", "Polish": "PL", "Portuguese": "PT", "Qatari": "QA",
    "Romanian": "RO", "Russian": "RU", "Rwandan": "RW", "Salvadoran": "SV", "Saudi": "SA",
    "Senegalese": "SN", "Serbian": "RS", "Singaporean": "SG", "Slovak": "SK", "Slovenian": "SI",
    "Somali": "SO", "Soviet": "RU", "Soviets": "RU", "Spanish": "ES", "Sri Lankan": "LK",
    "Sudanese": "SD", "Swedish": "SE", "Swiss": "CH", "Syrian": "SY", "Taiwanese": "TW",
    "Tajik": "TJ", "Tanzanian": "TZ", "Thai": "TH", "Tunisian": "TN", "Turkish": "TR",
    "Ugandan": "UG", "Ukrainian": "UA", "Uruguayan": "UY", "Uzbek": "UZ", "Venezuelan": "VE",
    "Vietnamese": "VN", "West German": "DE", "Yemeni": "YE", "Yugoslav": "RS",
    "Zairean": "CD", "Zambian": "ZM", "Zimbabwean": "ZW", "South African": "ZA",
    "South Korean": "KR",
}


@lru_cache(maxsize=1)
def demonym_regex() -> re.Pattern[str]:
    """Any demonym, in title case or capitals, as a whole word."""
    names = sorted(DEMONYMS, key=len, reverse=True)
    alts = "|".join(re.escape(n) for n in names) + "|" + "|".join(
        re.escape(n.upper()) for n in names)
    return re.compile(rf"(?<![\w.-])(?:{alts})(?![\w-])")


def demonym_country(word: str) -> str | None:
    """The country of a demonym in any letter case, else None."""
    return DEMONYMS.get(word) or DEMONYMS.get(word.title()) or DEMONYMS.get(
        " ".join(w.title() for w in word.split()))


def find_demonyms(text: str) -> list[tuple[int, int, str]]:
    """(start, end, country) of every demonym in the text."""
    out = []
    for m in demonym_regex().finditer(text):
        country = demonym_country(m.group(0))
        if country:
            out.append((m.start(), m.end(), country))
    return out
