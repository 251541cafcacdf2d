"""Figures of the extractor before the issue-4 changes (benchmarks/entities.py, 2026-11-25).

Shown in the "before" column of the harness output; span-exact F1 per corpus and type.
"""

from __future__ import annotations

BASELINE: dict = {
    "speed": {"conll": 7710, "ner-uk": 8859, "factru": 7420, "reuters": 7271, "all": 7841},
    "peak_rss_mb": 571,
    "f1": {("conll", "person"): 0.752, ("conll", "place"): 0.685, ("conll", "org"): 0.371,
           ("ner-uk", "person"): 0.630, ("ner-uk", "place"): 0.496, ("ner-uk", "org"): 0.262,
           ("factru", "person"): 0.831, ("factru", "place"): 0.799, ("factru", "org"): 0.657},
    "reuters": {"p": 0.708, "r": 0.818},
}
