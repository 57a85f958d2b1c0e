# puffin developer entry points. `make install` then `make test` on a fresh
# machine; see README.md.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PACKAGES := $(sort $(wildcard packages/*/pyproject.toml))
PACKAGE_DIRS := $(patsubst %/pyproject.toml,%,$(PACKAGES))
STAMP := $(VENV)/.puffin-installed
# Tests and benchmarks never see the machine's pip configuration.
ISOLATE := env -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_FIND_LINKS -u PIP_NO_INDEX \
	PIP_CONFIG_FILE=/dev/null

.PHONY: install test e2e lint fmt wheels bench demo clean

install: $(STAMP)

$(STAMP): $(PACKAGES) tools/requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "puffin needs Python >= 3.11 (set PYTHON=...)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r tools/requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-build-isolation \
		$(foreach dir,$(PACKAGE_DIRS),-e $(dir))
	touch $(STAMP)

test: install
	$(ISOLATE) $(BIN)/python -m pytest -n 2 -q

e2e: install
	$(BIN)/python -m pytest -q -m e2e

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy packages/*/src tests tools
	@for dir in $(PACKAGE_DIRS); do \
		if ls $$dir/tests/*.py >/dev/null 2>&1; then $(BIN)/mypy $$dir/tests || exit 1; fi; \
	done

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

wheels: install
	rm -rf dist
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w dist $(PACKAGE_DIRS)

bench: wheels
	$(ISOLATE) $(BIN)/python -m puffin_bench $(BENCH_ARGS)
	$(ISOLATE) $(BIN)/python tools/bench_pep440.py
	$(ISOLATE) $(BIN)/python tools/bench_cache_record.py

# The main job on an example: pin examples/requirements.in, create an environment,
# install the pins into it, and run a script there.
demo: install
	@mkdir -p .demo
	@echo "== puffin pip-compile examples/requirements.in -o .demo/requirements.txt"
	$(BIN)/puffin pip-compile examples/requirements.in -o .demo/requirements.txt
	@echo "== puffin venv .demo/venv"
	$(BIN)/puffin venv .demo/venv --allow-existing
	@echo "== puffin pip-sync .demo/requirements.txt --python .demo/venv/bin/python"
	$(BIN)/puffin pip-sync .demo/requirements.txt --python .demo/venv/bin/python
	@echo "== .demo/venv/bin/python examples/demo.py"
	.demo/venv/bin/python examples/demo.py

clean:
	rm -rf $(VENV) .bench .demo dist .mypy_cache .ruff_cache .pytest_cache
