# GLACY platform. The first two targets are the contract: `make run` and `make test` on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1
export DJANGO_SETTINGS_MODULE := glacy.config.settings

.PHONY: run run-network test lint unit e2e conformance bench demo install schema messages clean

## run: create .venv, migrate the SQLite database under var/, load demo data, serve on 127.0.0.1:$(PORT) + one worker
##      (restarted if it ever exits with an error; its health: /health/worker/ or `glacy jobs status`)
##      + the exchange worker (requests between authorities of this node travel as messages too)
run: install
	$(BIN)/glacy migrate --no-input
	$(BIN)/glacy demo
	$(BIN)/glacy collectstatic --no-input -v0
	@echo "GLACY is starting on http://127.0.0.1:$(PORT)/  (Ctrl+C stops the site and the worker)"
	@trap 'kill 0' EXIT INT TERM; \
	  while :; do $(BIN)/glacy db_worker --interval 2 --no-reload && break; \
	    echo "The background worker stopped (exit $$?); restarting it in 5 s."; sleep 5; done & \
	  while :; do $(BIN)/glacy exchange worker --interval 0.5 && break; \
	    echo "The exchange worker stopped (exit $$?); restarting it in 5 s."; sleep 5; done & \
	  $(BIN)/glacy runserver 127.0.0.1:$(PORT) --noreload

## run-network: three demo nodes on this machine (Ghana, Philippines, France: own data folder under var/network/,
##      SQLite database, keys, port 8100/8101/8102, web server and workers), peered with each other
NETWORK_PORT ?= 8100
run-network: install
	$(BIN)/python -m glacy.exchange.localnet --base-port $(NETWORK_PORT) --folder var/network

## test: install, lint (ruff, mypy, makemigrations --check, OpenAPI schema diff) and the whole test suite
test: install lint unit

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml src/glacy/evidence/_custody_native.c
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

lint: install
	$(BIN)/ruff check src tests $(wildcard benchmarks) $(wildcard tools)
	$(BIN)/mypy
	GLACY_DATA_DIR=$$(mktemp -d) $(BIN)/glacy makemigrations --check --dry-run
	GLACY_DATA_DIR=$$(mktemp -d) $(BIN)/glacy spectacular --file /tmp/glacy-openapi-$$$$.yaml --validate --fail-on-warn \
	  && diff -u docs/openapi.yaml /tmp/glacy-openapi-$$$$.yaml \
	  || { echo "docs/openapi.yaml is out of date or invalid: run 'make schema' and commit it."; exit 1; }

unit: install
	$(BIN)/pytest -q -p no:cacheprovider -n 2 --dist loadgroup

## e2e: browser tests (Playwright driving Debian's Chromium, axe-core checks); needs `apt-get install chromium`
e2e: install
	$(BIN)/pytest -q -p no:cacheprovider tests/e2e -o addopts=""

## conformance: schemathesis over the whole API of a live demo node (fixed seed, bounded examples; about 2 minutes)
conformance: install
	$(BIN)/pytest -q -p no:cacheprovider tests/conformance -o addopts=""

## bench: performance scripts under benchmarks/, each printing ratios against a baseline measured in the same run
bench: install
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

demo: install
	$(BIN)/glacy migrate --no-input
	$(BIN)/glacy demo

schema: install
	GLACY_DATA_DIR=$$(mktemp -d) $(BIN)/glacy spectacular --file docs/openapi.yaml --validate

messages: install
	cd src/glacy && ../../$(BIN)/glacy makemessages -l fr --no-obsolete --add-location file && ../../$(BIN)/glacy compilemessages -l fr

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
