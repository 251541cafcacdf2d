# The README's two commands: `make run` (set up + main job) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_INDEX := .newsdex/demo-index
PORT ?= 8000

.PHONY: setup run test test-fast lint bench clean opensearch

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "newsdex needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/newsdex index demo --index $(DEMO_INDEX) --progress
	$(BIN)/newsdex search Kupiansk --cross-lang --index $(DEMO_INDEX) --facet place --facet person --limit 3
	$(BIN)/newsdex search --index $(DEMO_INDEX) --place Харків --facet lang --facet source --limit 3
	$(BIN)/newsdex serve --index $(DEMO_INDEX) --port $(PORT)

test: setup
	$(BIN)/ruff check .
	sh scripts/install-browser.sh
	bash scripts/with-opensearch.sh $(BIN)/python -m pytest -q

# Daily work: no browser, no whole-corpus runs.
test-fast: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2 -m "not browser and not slow"

# A real OpenSearch node on 127.0.0.1:9200, built from Maven Central (scripts/opensearch.sh).
opensearch:
	bash scripts/opensearch.sh start

bench: setup
	bash scripts/install-wrk.sh
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf .newsdex .pytest_cache

# The English NER trained on CoNLL-2003 eng.train (first 9/10), committed under
# indexer/entities/models/en_conll_ner; this rebuilds it (seeded; ~15 min niced on 2 cores).
.PHONY: train-entities
train-entities: setup
	nice -n 15 $(BIN)/python scripts/train_en_ner.py --init sm --epochs 8 \
		--out indexer/entities/models/en_conll_ner
