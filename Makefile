# word2vec, from scratch: every command builds .venv itself when it is missing or stale.
#   make lab        open the series in JupyterLab (LAB_ARGS="--no-browser --port 8890" to pass options)
#   make test       pytest over tests/ and nbval over notebooks/
#   make notebooks  re-execute every notebook in place (fresh kernel) and regenerate figures/
#                   (REFRESH_TIMINGS=1 also re-measures the stored timings)
#   make bench      the speed and quality benchmark against gensim (BENCH_ARGS="--repeat 3")
#   make student    write the student edition (no solutions) to dist/student/
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The stamp is keyed on the dependency file's content: a changed pyproject.toml reinstalls, an unchanged one does not.
DEPS_HASH := $(shell $(PYTHON) -c "import hashlib; print(hashlib.sha256(open('pyproject.toml', 'rb').read()).hexdigest()[:16])")
STAMP := $(VENV)/.installed-$(DEPS_HASH)
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
export PYTHONHASHSEED := 0

.PHONY: lab test notebooks bench venv clean student

venv: $(STAMP)

$(STAMP): pyproject.toml
	@if ! $(BIN)/python -c "import sys" >/dev/null 2>&1; then \
	  echo "Creating $(VENV) with $$($(PYTHON) --version)"; rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $@
	@echo "$(VENV) is ready."

# JupyterLab refuses to start as root unless told; containers and CI machines often run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(ALLOW_ROOT) $(LAB_ARGS) notebooks/00_index.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg $(TEST_ARGS)

notebooks: $(STAMP)
	$(BIN)/python -m w2vlib.notebook_runner $(if $(REFRESH_TIMINGS),--refresh-timings) $(NOTEBOOKS)

bench: $(STAMP)
	$(BIN)/python -m w2vlib.bench $(BENCH_ARGS)

# The student edition in dist/student/: solutions, answers and the outputs that depend on them removed.
student: $(STAMP)
	$(BIN)/python -m w2vlib.student_edition

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
