# The QMS suite. `make test` is what CI runs (through .ci/run); `make run` starts the suite here.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SERVICES := complaints reviews compliance notifications
PROJECTS := shared $(addprefix services/,$(SERVICES))

.PHONY: help setup test faults unit bench run up down logs migrate tokens clean catalogue

help:
	@echo "make setup   install the suite and its test tools into $(VENV)"
	@echo "make test    run every test (real PostgreSQL and RabbitMQ must be running: see .ci/run)"
	@echo "make faults  the fault suite: broker, worker, database and network faults under load (~3 min)"
	@echo "make unit    only the tests that need no server"
	@echo "make run     start the whole suite in the foreground (Ctrl-C stops it)"
	@echo "make up      start it in the background; make logs; make down"
	@echo "make bench   benchmarks, side by side with raw baselines (a few minutes)"

$(VENV)/.installed: requirements-dev.txt constraints.txt $(addsuffix /pyproject.toml,$(PROJECTS))
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -r requirements-dev.txt $(addprefix -e ,$(PROJECTS))
	touch $@

setup: $(VENV)/.installed

test: setup
	$(PY) -m pytest -q

# Runs each fault under load and prints the table (also var/faults.md); README "Reliability" explains it.
faults: setup
	QMS_FAULTS=1 $(PY) -m pytest -q tests/faults

unit: setup
	$(PY) -m pytest shared/tests/unit $(foreach s,$(SERVICES),services/$(s)/tests/unit)

bench: setup
	cd bench && for b in bench_*.py; do ../$(PY) $$b || exit 1; done

run: setup
	scripts/local-env.sh
	rm -rf var/metrics
	set -a && . var/local.env && set +a && exec $(VENV)/bin/honcho start -f Procfile

up: setup
	scripts/local-env.sh
	rm -rf var/metrics && mkdir -p var/log
	(set -a && . var/local.env && set +a && exec nohup $(VENV)/bin/honcho start -f Procfile) > var/log/suite.log 2>&1 < /dev/null & echo $$! > var/suite.pid
	@echo "suite starting: logs in var/log/suite.log (make logs), stop with make down"
	@for port in 8001 8002 8003 8004; do \
	  for i in $$(seq 1 60); do curl -sf http://127.0.0.1:$$port/healthz >/dev/null && break; sleep 1; done; \
	  curl -sf http://127.0.0.1:$$port/readyz >/dev/null && echo "  :$$port ready" || echo "  :$$port NOT ready (see make logs)"; done

down:
	@if [ -f var/suite.pid ]; then kill -TERM $$(cat var/suite.pid) 2>/dev/null || true; rm -f var/suite.pid; echo stopped; else echo "not running"; fi

logs:
	tail -f var/log/suite.log

migrate: setup
	scripts/local-env.sh
	set -a && . var/local.env && set +a && for s in $(SERVICES); do \
	  u=$$(echo $$s | tr a-z A-Z)_DATABASE_URL; DATABASE_URL=$${!u} $(VENV)/bin/qms-$$s migrate || exit 1; done

catalogue: setup
	$(PY) scripts/event_catalogue.py --write

clean:
	rm -rf var $(VENV)
