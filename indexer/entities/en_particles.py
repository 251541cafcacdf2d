"""English names with particles: 'Ursula von der Leyen', 'Charles de Gaulle', 'Mohammed bin
Salman', 'Vincent van Gogh' are one person whose surname carries its particles (not a
person 'Ursula Der' beside the place Leiden)."""

from __future__ import annotations

import re

from .en_people import _NOT_SURNAME, given_name
from .people import RawPerson, is_first_name

_PARTICLES = (r"von der|von dem|van der|van den|van de|de la|de los|del|della|von|van|de|du|"
              r"da|di|dos|das|bin|ibn|bint|al|el|ben|ter|zu|le|la")
_RUN = re.compile(rf"(?<![\w'.-])(?P<g>[A-Z][a-z]+) (?P<s>(?:{_PARTICLES})(?: (?:{_PARTICLES}))?"
                  rf"[ -](?P<last>[A-Z][a-z][\w']*(?:-[A-Z][\w']+)?))(?![\w-])")


def particle_people(text: str) -> list[RawPerson]:
    """'Given particle Surname' runs whose first word is a given name; the surname keeps
    its particles ('von der Leyen'). A facility named after the person ('Charles de
    Gaulle Airport') is left alone."""
    out = []
    for m in _RUN.finditer(text):
        if not (is_first_name(m["g"]) or given_name(text, m["g"])):
            continue
        after = text[m.end():m.end() + 20].split()
        if after and after[0].strip(".,;:") in _NOT_SURNAME:
            continue
        out.append(RawPerson(m.start(), m.end(), m["g"], m["s"], "en"))
    return out
