"""East Asian names: the family name first, given names of one or two short syllables.

Chinese, Korean and Vietnamese names are written family name first in every script (Li
Qiang ~ Лі Цян ~ Ли Цян; Kim Jong Un ~ Кім Чен Ин ~ Ким Чен Ын), and the family name is a
short syllable that Russian and Ukrainian also have as a word ('ли' is a particle, 'си' a
note). ``is_family_name`` tells a family name from the table below (pinyin, Korean and
Vietnamese romanizations and their usual Cyrillic spellings, Palladius for Chinese);
``syllable_key`` is the coarse key of one syllable: its consonant skeleton with the
affricates and sibilants that pinyin, Korean romanizations and the Cyrillic systems write
differently folded into one class (pinyin j/q/x/z/zh/ch ~ цз/ц/с/чж/ч; Korean j ~ ч), and
no vowel class (Korean eo/eu come as е/ы/и: Jong Un ~ Чен Ын ~ Чен Ин).
"""

from __future__ import annotations

import re
from functools import lru_cache

# family names, Latin (pinyin, Korean, Vietnamese romanizations)
_LATIN = frozenset(re.findall(r"\S+", """
li lee wang zhang liu chen yang huang zhao wu zhou xu sun zhu hu guo lin gao luo zheng
liang xie tang feng deng cao peng zeng xiao tian dong pan yuan cai jiang du cheng wei lu
ding ren shen yao xi hua qin meng bai kong mao wen qian hou shi
kim park pak choi choe jung jeong kang cho yoon yun jang lim moon mun shin rhee roh ri
nguyen tran pham hoang dang bui ngo
"""))
# their Cyrillic spellings (ru and uk; not the one-letter ones, prepositions (у, е, до) or
# Slavic given names (Ян))
_CYRILLIC = frozenset(re.findall(r"\S+", """
ли лі ван чжан лю чэнь чень хуан чжао чжоу сюй сунь чжу ху го линь лінь гао ло чжэн
чжен лян се тан фэн фен дэн ден цао пэн пен цзэн цзен сяо тянь дун пань юань цай цзян
чэн чен вэй вей дин дін жэнь жень шэнь шень яо си сі хуа цинь цінь мэн мен бай кун мао
вэнь вень цянь хоу ши ші
ким кім пак чхве чве чон кан чо юн чан лим лім мун син сін ри рі
нгуен нгуєн чанг фам хоанг данг буй нго
"""))
_CYR = re.compile(r"[\u0400-\u04ff]")


@lru_cache(maxsize=1)
def _latin_forms() -> frozenset[str]:
    """The Latin family names and the uk/ru transliterations of the Cyrillic ones (what a
    display name made from Cyrillic text writes: 'Сі' -> 'si', 'Чжан' -> 'chzhan')."""
    from .translit import translit

    return _LATIN | {translit(w, lang).lower() for w in _CYRILLIC for lang in ("uk", "ru")}


def is_family_name(word: str) -> bool:
    """Whether the word (any script, any case) is an East Asian family name of the table."""
    low = word.lower().strip(".")
    return low in _CYRILLIC if _CYR.search(low) else low in _latin_forms()


_AFFRICATES = re.compile(r"[JCs]+")


def syllable_key(skel: str) -> str:
    """The coarse key of one syllable's consonant skeleton (`identity.skeleton`): affricates
    and sibilants in one class ('Jn' Jong ~ 'Cn' Chen; 'CJn' Chzhan ~ 'Jn' Zhang)."""
    return _AFFRICATES.sub("s", skel)


_OBLIQUE_N = re.compile(r"(?i)(.+н)ь?(?:ом|ем|ым|ою|ей|а|я|у|ю|е|і)$")


def syllable_lemma(word: str) -> str:
    """The nominative of a Cyrillic given-name syllable: a syllable ends in a vowel or н, and
    only those in н decline ('Цзюня' -> 'Цзюн', 'Цяном' -> 'Цян', 'Ыном' -> 'Ын'; 'На', 'Ли'
    stay)."""
    m = _OBLIQUE_N.match(word)
    return m[1] if m else word
