# word2vec, from scratch: every command builds .venv itself when it is missing or stale.
#   make lab        open the series in JupyterLab on notebooks/00_index.ipynb alone (LAB_ARGS="--no-browser --port 8890";
#                   KEEP_TABS=1 reopens the tabs of the last session instead)
#   make test       pytest over tests/, then nbval over notebooks/ (with NumPy's AVX-512 paths off where the CPU has them)
#   make notebooks  re-execute every notebook in place (fresh kernel) and regenerate figures/
#                   (REFRESH_TIMINGS=1 also re-measures the stored timings)
#   make bench      the speed and quality benchmark against gensim (BENCH_ARGS="--repeat 3")
#   make lock       re-resolve requirements.lock (exact versions) from pyproject.toml; commit the result
#   make student    write the student edition (no solutions) to dist/student/
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements.lock
# The stamp is keyed on the content of pyproject.toml and the lock: a change reinstalls, no change does not.
DEPS_HASH := $(shell cat pyproject.toml $(LOCK) | $(PYTHON) -c "import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:16])")
STAMP := $(VENV)/.installed-$(DEPS_HASH)
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
export PYTHONHASHSEED := 0
# Jupyter, IPython and matplotlib keep their settings, data and runtime files inside .venv, not in $HOME.
export JUPYTER_CONFIG_DIR := $(CURDIR)/$(VENV)/etc/jupyter
export JUPYTER_DATA_DIR := $(CURDIR)/$(VENV)/share/jupyter
export JUPYTER_RUNTIME_DIR := $(CURDIR)/$(VENV)/share/jupyter/runtime
export IPYTHONDIR := $(CURDIR)/$(VENV)/etc/ipython
export MPLCONFIGDIR := $(CURDIR)/$(VENV)/etc/matplotlib
export W2VLIB_CACHE_DIR ?= $(CURDIR)/$(VENV)/cache/w2vlib

.PHONY: lab test notebooks bench venv lock browser clean student

venv: $(STAMP)

# .ci/build_venv.sh: uv (bootstrapped with pip) installs exactly the lock, pip does if uv cannot be had.
# binder/jupyter/ holds the repository's JupyterLab and Jupyter server settings (see binder/jupyter/README.md).
$(STAMP): pyproject.toml $(LOCK) .ci/build_venv.sh binder/jupyter/overrides.json binder/jupyter/jupyter_server_config.json
	@.ci/build_venv.sh "$(PYTHON)" $(VENV) $(LOCK)
	@mkdir -p $(VENV)/share/jupyter/lab/settings && cp binder/jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/
	@cp binder/jupyter/jupyter_server_config.json $(VENV)/etc/jupyter/
	@rm -f $(VENV)/.installed-* && touch $@

# One lock for every platform and Python >= 3.10 (pins differ by Python only where a package dropped an old one).
# rfc3987-syntax is left out: jsonschema imports it if present (it is optional there) and it spends about 2 s of
# CPU building parsers at import, in every pytest, nbval and JupyterLab start; no Jupyter schema uses its formats.
lock: $(STAMP)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.10 \
	  --no-emit-package rfc3987-syntax --quiet --output-file $(LOCK)
	@echo "$(LOCK) refreshed; the next make command installs it. Commit it with pyproject.toml."

# JupyterLab refuses to start as root unless told; containers and CI machines often run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# The printed URL and the browser both land on the index notebook, not on the Launcher. JupyterLab's default
# workspace would reopen every tab of the last session (and start a kernel for each notebook): it is forgotten
# first, so a second `make lab` opens on the index alone, unless KEEP_TABS=1. Named workspaces (/lab/workspaces/x)
# are kept. JupyterLab keeps its workspaces in $JUPYTERLAB_WORKSPACES_DIR, by default in .venv/etc/jupyter/lab.
LAB_WORKSPACES = $(or $(JUPYTERLAB_WORKSPACES_DIR),$(JUPYTER_CONFIG_DIR)/lab/workspaces)
lab: $(STAMP)
	@[ "$(KEEP_TABS)" = 1 ] || rm -f "$(LAB_WORKSPACES)"/default-*.jupyterlab-workspace
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks/00_index.ipynb \
	  $(ALLOW_ROOT) $(LAB_ARGS)

# The browser tests drive Debian's Chromium; as root, install it when it is missing (otherwise they are skipped).
browser:
	@command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests (log: $(VENV)/apt.log) ..."; mkdir -p $(VENV); \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; \
	  } >$(VENV)/apt.log 2>&1 || { tail -n 20 $(VENV)/apt.log; exit 1; }; }

# Figures the tests save go to .venv/test-figures (w2vlib.course.figures), so a test run leaves figures/ as committed.
# Unit tests first, then nbval once, under NumPy's other code paths where this CPU has AVX-512: the stored outputs
# were written with them on (make notebooks), so this one pass shows they reproduce on a CPU without them.
# pytest's exit code 5 (no test collected) is fine in one half (a TEST_ARGS filter that matches only unit tests or
# only notebooks), not in both.
test: export W2VLIB_FIGURES_DIR = $(CURDIR)/$(VENV)/test-figures
test: $(STAMP) browser
	@$(BIN)/python -m pytest tests $(TEST_ARGS); unit=$$?; [ $$unit = 0 ] || [ $$unit = 5 ] || exit $$unit; \
	  cpu_env="$$($(BIN)/python -m w2vlib.course.environment --avx512-off)" || exit 1; \
	  echo "nbval over notebooks/ $${cpu_env:+with }$${cpu_env:-(this CPU has no AVX-512 paths to switch off)}"; \
	  env $$cpu_env $(BIN)/python -m pytest notebooks $(NBVAL) $(TEST_ARGS); nbval=$$?; \
	  if [ $$unit = 5 ] && [ $$nbval = 5 ]; then echo "make test: no test matched TEST_ARGS=$(TEST_ARGS)"; exit 5; fi; \
	  [ $$nbval = 0 ] || [ $$nbval = 5 ] || exit $$nbval

notebooks: $(STAMP)
	$(BIN)/python -m w2vlib.course.notebook_runner $(if $(REFRESH_TIMINGS),--refresh-timings) $(NOTEBOOKS)

bench: $(STAMP)
	$(BIN)/python -m w2vlib.bench $(BENCH_ARGS)

# The explorer's retrain time (notebook 08), toy corpus and real text, medians (BENCH_ARGS="--repeat 5").
.PHONY: bench-explorer
bench-explorer: $(STAMP)
	$(BIN)/python -m w2vlib.bench.explorer_bench $(or $(BENCH_ARGS),--repeat 5)

# The student edition in dist/student/: solutions, answers and the outputs that depend on them removed.
student: $(STAMP)
	$(BIN)/python -m w2vlib.course.edition $(if $(ALLOW_CHANGED),--allow-changed)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info tests/artifacts
