# The two commands of the README: `make demo` (main job) and `make test` (whole suite). Both create .venv if missing.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# checkov (manifest and workflow checks, nbs/06_deploy) in a venv of its own: it pins networkx<2.7 and packaging<24
CHECKOV_VENV ?= .venv-checkov
CHECKOV := $(CHECKOV_VENV)/bin/checkov
# the set-ups `test` needs (two venvs, Chromium) are independent and wait on disk and network: build them side by side
MAKEFLAGS += --jobs=3

.PHONY: demo test test-notebooks test-project test-reliability lint test-fast browser checkov train bench export clean-nbs readme docs-preview lab
demo: $(STAMP)
	$(BIN)/faceattr demo

# two lanes side by side, one a core: the notebooks in one (one at a time: they start servers and DataLoaders); in the
# other the project checks, then the reliability notebook (09d, the longest: about a sixth of the notebooks' time).
# Every notebook and check works in temporary folders, on free ports and in model stores of its own
test: test-notebooks test-reliability
test-notebooks: $(STAMP) $(CHECKOV) lint
	$(BIN)/nbdev-test --flags slow --n-workers 0 --timing --skip-file-re '^([_.]|09d)'
test-project: $(STAMP) browser lint
	$(BIN)/pytest -q --durations=8 tests
test-reliability: $(STAMP) test-project
	$(BIN)/nbdev-test --flags slow --n-workers 0 --timing --file-re '^09d'
lint: $(STAMP)
	$(BIN)/ruff check faceattr tests tools

test-fast: $(STAMP)
	$(BIN)/nbdev-test --n-workers 0

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[serve,fast,dev,bench]'
	touch $@

checkov: $(CHECKOV)
$(CHECKOV): constraints.txt
	test -x $(CHECKOV_VENV)/bin/python || python3 -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install -q -c constraints.txt checkov
	touch $@

# Debian's Chromium for the browser tests (they skip, saying so, where it cannot be installed)
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "note: chromium not installed; browser tests will be skipped"; }

docs-preview: $(STAMP)
	$(BIN)/python tools/preview.py

train: $(STAMP)
	mkdir -p runs
	$(BIN)/papermill nbs/03_train.ipynb runs/03_train.ipynb

# benchmarks: run on an otherwise idle machine after `make demo`; they write reports/*.json and plots
bench: $(STAMP)
	mkdir -p runs
	$(BIN)/papermill nbs/04_torchscript.ipynb runs/04_torchscript.ipynb
	$(BIN)/papermill nbs/04a_export_fast.ipynb runs/04a_export_fast.ipynb
	$(BIN)/papermill nbs/09a_bench_serving.ipynb runs/09a_bench_serving.ipynb

export: $(STAMP)
	$(BIN)/nbdev-export

clean-nbs: $(STAMP)
	$(BIN)/nbdev-clean

readme: $(STAMP)
	$(BIN)/python tools/readme.py

lab: $(STAMP)
	$(BIN)/pip install -q -c constraints.txt -e '.[lab]'
	$(BIN)/jupyter lab nbs
