"""Fixed dev / held-out splits of the entity gold corpora (issue 26: measured the honest way).

Defined before any tuning of issue 26 and never changed with the rules or models:
- English: CoNLL-2003 `eng.testa` is dev (tuned on); `eng.train` is cut into pseudo-documents
  of `CONLL_CHUNK` sentences, the first 90% train models, the last 10% (contiguous, the latest
  stories of the file) are held out. The copy in ../shared/data has no `eng.testb`.
- Ukrainian: only NER-UK's dev texts are here (`train.iob` holds the same texts: it is never
  used for training). A text whose crc32(name) % 5 == 0 is held out (about a fifth), the rest
  is dev. Earlier rules were tuned on all dev texts, so the uk held-out figure is only
  untouched from issue 26 on.
- Russian: factRuEval-2016 dev is dev (tuned on); NEREL 1.1 `train` is for training/tuning;
  NEREL 1.1 `dev` is held out (never tuned on).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from entities_corpora import DATA, GoldDoc, conll, ner_uk

CONLL_HELD_FRACTION = 10  # the last 1/10 of eng.train's pseudo-documents
NERUK_HELD_MODULUS = 5  # crc32(text name) % 5 == 0 -> held out
NEREL_TYPES = {"PERSON": "person", "CITY": "place", "COUNTRY": "place",
               "STATE_OR_PROVINCE": "place", "DISTRICT": "place", "LOCATION": "place",
               "ORGANIZATION": "org"}


def conll_train_docs() -> tuple[list[GoldDoc], list[GoldDoc]]:
    """eng.train as (train, held-out) pseudo-documents, split at a fixed point."""
    docs = conll(DATA / "conll2003" / "eng.train")
    cut = len(docs) - len(docs) // CONLL_HELD_FRACTION
    return docs[:cut], docs[cut:]


def conll_held() -> list[GoldDoc]:
    """The held-out English part: the last tenth of eng.train."""
    return conll_train_docs()[1]


def _neruk_held(doc: GoldDoc) -> bool:
    """True for the NER-UK texts held out (a fixed hash of the file name)."""
    return zlib.crc32(doc.id.encode()) % NERUK_HELD_MODULUS == 0


def ner_uk_dev() -> list[GoldDoc]:
    """NER-UK dev texts that are not held out."""
    return [d for d in ner_uk() if not _neruk_held(d)]


def ner_uk_held() -> list[GoldDoc]:
    """NER-UK dev texts held out (about a fifth)."""
    return [d for d in ner_uk() if _neruk_held(d)]


def nerel(split: str = "dev", folder: Path | None = None) -> list[GoldDoc]:
    """NEREL 1.1 `split` (train or dev): person/place/org spans, the outermost of nested ones.

    NEREL nests entities (a COUNTRY inside an ORGANIZATION); newsdex's mentions are flat, so a
    mapped span inside another mapped span is left out. Discontinuous spans use their extent.
    """
    folder = folder or DATA / "nerel" / split
    docs = []
    for txt in sorted(folder.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        ann = txt.with_suffix(".ann")
        spans: set[tuple[int, int, str]] = set()
        for line in ann.read_text(encoding="utf-8").splitlines() if ann.exists() else []:
            m = re.match(r"T\d+\t(\S+) (\d+(?:[ ;]\d+)*)\t", line)
            if m and m[1] in NEREL_TYPES:
                nums = [int(n) for n in re.findall(r"\d+", m[2])]
                spans.add((min(nums), max(nums), NEREL_TYPES[m[1]]))
        outer = sorted(s for s in spans if not any(
            o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans))
        docs.append(GoldDoc(f"nerel-{txt.stem}", text, "ru", outer))
    return docs
