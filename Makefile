# thoughtful: `make run` serves the demo publication, `make test` runs the tests.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test check model bench clean help browser-deps embed-demo

help:
	@echo "make run    - install, migrate, load the demo publication, serve http://127.0.0.1:$${PORT:-8000}"
	@echo "make test   - run the test suite (SQLite by default; DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make check  - ruff, mypy, migrations check, deploy check (what CI runs)"
	@echo "make model  - retrain the toxicity scorer from ../shared/data/toxicity"
	@echo "make bench  - benchmarks (printed as tables)"
	@echo "make embed-demo - serve examples/embed-demo on http://127.0.0.1:8001 (another site embedding comments; run make run too)"

$(STAMP): pyproject.toml
	@PYTHON_BIN=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYTHON_BIN"; "$$PYTHON_BIN" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	@scripts/run

browser-deps:
	@scripts/ensure-chromium

# Another site that embeds our comment threads (issue 13); `make run` must be serving too.
embed-demo: $(STAMP)
	$(PY) examples/embed-demo/serve.py --port 8001 --thoughtful http://127.0.0.1:$${PORT:-8000}

test: $(STAMP) browser-deps
	$(PY) -m pytest $(PYTEST_ARGS)

check: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy thoughtful
	$(PY) manage.py makemigrations --check --dry-run
	@scripts/check-migration-names
	DEPLOYMENT=production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=example.org \
		$(PY) manage.py check --deploy --fail-level WARNING

model: $(STAMP)
	$(PY) -m thoughtful.scoring.train

bench: $(STAMP)
	BENCH_ONLY="$${BENCH_ONLY:-$(ONLY)}" $(PY) -m bench.run

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache
