# The two commands of the README: `make demo` (main job) and `make test` (whole suite). Both create .venv if missing.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# checkov (manifest and workflow checks, nbs/06_deploy) in a venv of its own: it pins networkx<2.7 and packaging<24
CHECKOV_VENV ?= .venv-checkov
CHECKOV := $(CHECKOV_VENV)/bin/checkov
# the set-ups `test` needs (two venvs, Chromium) are independent and wait on disk and network: build them side by side
MAKEFLAGS += --jobs=3

.PHONY: demo test test-tmp test-notebooks test-project test-notebooks-late lint test-fast browser checkov train bench export clean-nbs readme docs-preview lab
demo: $(STAMP)
	$(BIN)/faceattr demo

# two lanes side by side, one a core: most notebooks in one (one at a time: they start servers and DataLoaders); in
# the other the project checks, then the notebooks in LATE_NBS: the reliability battery, the bento build (it needs
# checkov), the CLI's and the server's start-up failures, chosen so that the lanes end together (here: 720 s of
# notebooks against 310 s of tests/ and 395 s of these). Every notebook and check works in temporary folders, on free
# ports and in model stores of its own. OpenMP's threads sleep when idle, not spin: spinning, each lane's torch took
# the core the other lane needed (03_train beside 03d_evaluate_card: 195 and 205 s spinning, 89 and 95 s passive)
LATE_NBS := 04m|06_deploy|08_ops_cli|09d
# the notebooks and tests make their scratch folders (generated sets, exported models, model stores, browser profiles)
# with `tempfile`: under one folder per checkout, emptied when a run starts and removed when it passes (a failed run's
# stays, to look into). Left in /tmp, they added up to 2.3 GB a run
TEST_TMP := /tmp/faceattr-test-$(shell printf %s '$(CURDIR)' | cksum | cut -d' ' -f1)
test: test-notebooks test-notebooks-late
	rm -rf $(TEST_TMP)
test test-notebooks test-project test-notebooks-late test-fast: export OMP_WAIT_POLICY = PASSIVE
test-notebooks test-project test-notebooks-late test-fast: export TMPDIR = $(TEST_TMP)
test-tmp:
	rm -rf $(TEST_TMP) && mkdir -p $(TEST_TMP)
test-notebooks: $(STAMP) lint test-tmp
	$(BIN)/python tools/nbdev_test.py --flags slow --n-workers 0 --timing --cell-timing-min 15 --skip-file-re '^([_.]|$(LATE_NBS))'
test-project: $(STAMP) browser lint test-tmp
	$(BIN)/pytest -q --durations=8 tests
test-notebooks-late: $(STAMP) $(CHECKOV) test-project
	$(BIN)/python tools/nbdev_test.py --flags slow --n-workers 0 --timing --cell-timing-min 15 --file-re '^($(LATE_NBS))'
lint: $(STAMP)
	$(BIN)/ruff check faceattr tests tools

test-fast: $(STAMP) test-tmp
	$(BIN)/python tools/nbdev_test.py --n-workers 0

# pip byte-compiles the installed files one at a time (77 of the install's 169 s here); compileall does it on every
# core. Compiled ahead, not on import: where PYTHONDONTWRITEBYTECODE is set (this machine, CI), every process
# would compile torch again (+20 CPU-s each). Like pip, it skips what does not compile (torch's Python 3.12 tests)
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --no-compile -c constraints.txt -e '.[serve,fast,dev,bench]'
	$(BIN)/python -m compileall -qq -j 0 $$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))') || true
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
	$(BIN)/papermill nbs/09e_bench_loop.ipynb runs/09e_bench_loop.ipynb

export: $(STAMP)
	$(BIN)/nbdev-export

clean-nbs: $(STAMP)
	$(BIN)/nbdev-clean

readme: $(STAMP)
	$(BIN)/python tools/readme.py

lab: $(STAMP)
	$(BIN)/pip install -q -c constraints.txt -e '.[lab]'
	$(BIN)/jupyter lab nbs
