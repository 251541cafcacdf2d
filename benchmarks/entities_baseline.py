"""Figures of the extractor before the issue-4 changes (commit a24ef7e), same harness.

Quality and speed re-measured back to back with the new code on 2026-11-25 (2 cores, shared
machine); peak RSS from the first run with a warm gazetteer cache. Shown as "before" columns.
"""

from __future__ import annotations

BASELINE: dict = {
    "speed": {"conll": 7300, "ner-uk": 9318, "factru": 7621, "reuters": 6682, "all": 7579},
    "peak_rss_mb": 571,
    "f1": {("conll", "person"): 0.752, ("conll", "place"): 0.685, ("conll", "org"): 0.371,
           ("conll", "all"): 0.635, ("ner-uk", "person"): 0.630, ("ner-uk", "place"): 0.496,
           ("ner-uk", "org"): 0.262, ("ner-uk", "all"): 0.476, ("factru", "person"): 0.831,
           ("factru", "place"): 0.799, ("factru", "org"): 0.657, ("factru", "all"): 0.768},
    "reuters": {"p": 0.708, "r": 0.818, "f1": 0.759},
}

# span-exact F1 per (corpus, type) at the start of issue 26 (main 8b65650), every corpus of
# entities.py incl. the held-out splits; filled from the first run of the split harness.
BASELINE_HELD: dict = {
    ("conll", "person"): 0.901,
    ("conll", "place"): 0.857,
    ("conll", "org"): 0.546,
    ("conll", "all"): 0.798,
    ("ner-uk", "person"): 0.870,
    ("ner-uk", "place"): 0.713,
    ("ner-uk", "org"): 0.577,
    ("ner-uk", "all"): 0.730,
    ("factru", "person"): 0.938,
    ("factru", "place"): 0.899,
    ("factru", "org"): 0.658,
    ("factru", "all"): 0.845,
    ("conll-held", "person"): 0.825,
    ("conll-held", "place"): 0.843,
    ("conll-held", "org"): 0.576,
    ("conll-held", "all"): 0.761,
    ("ner-uk-held", "person"): 0.875,
    ("ner-uk-held", "place"): 0.706,
    ("ner-uk-held", "org"): 0.579,
    ("ner-uk-held", "all"): 0.720,
    ("nerel-dev", "person"): 0.873,
    ("nerel-dev", "place"): 0.694,
    ("nerel-dev", "org"): 0.568,
    ("nerel-dev", "all"): 0.747,
}
