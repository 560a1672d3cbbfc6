# WSP CRM. Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test lint format check bench bench-throughput seed-scale messages worker screenshots clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

.env:
	$(PYTHON) scripts/make_env.py

## run: the product with demo data on SQLite, a Celery worker + scheduler, http://127.0.0.1:8000
##   (another port: make run PORT=8001)
run: $(STAMP) .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	PORT=$(PORT) scripts/run.sh

## test: the whole test suite (SQLite unless DATABASE_URL is set); ARGS="-k name" narrows it
test: $(STAMP) .env
	$(BIN)/pytest $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(STAMP) .env
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

## messages: extract UI strings into locale/nl and compile them (needs GNU gettext)
messages: $(STAMP) .env
	$(PY) manage.py makemessages -l nl --no-obsolete --ignore '.venv/*' --ignore 'var/*'
	$(PY) scripts/compile_messages.py

worker: $(STAMP) .env
	$(BIN)/celery -A wsp_crm worker -B --concurrency 1 -s var/celerybeat-schedule --loglevel INFO

## bench: continuity scan benchmark on PostgreSQL: generates data once, times the scans, writes
##   bench/results/scan.json. Variables (see bench/README.md): BENCH_DATABASE_URL (default
##   postgres://postgres@127.0.0.1:5432/wsp_bench; name must contain "bench"), BENCH_RESET=1
##   (regenerate), BENCH_EMPLOYERS, BENCH_CONTACTS, BENCH_PLACEMENTS, BENCH_CONVERSATIONS,
##   BENCH_SEED, BENCH_TODAY, BENCH_RUNS, BENCH_WARMUP, BENCH_REGION
##   Then times the main pages and API lists (bench/pages.py) and writes bench/results/latest.json.
bench: $(STAMP) .env
	$(PY) -m bench.generate
	$(PY) -m bench.scan
	$(PY) -m bench.pages

## bench-throughput: requests per second on the employer page over gunicorn (2 workers) on
##   loopback, measured with wrk for 20 s (needs `apt-get install wrk`); writes
##   bench/results/throughput.json. Run `make seed-scale` first.
bench-throughput: $(STAMP) .env
	$(PY) -m bench.throughput --duration 20 --workers 2

## seed-scale: issue 9's national-scale data (100,000 employers, 1,000,000 conversations, ...) on
##   BENCH_DATABASE_URL (name must contain "bench"; created when missing, must be empty);
##   SCALE=0.1 for a tenth, BENCH_SEED for another seed. `make bench` afterwards measures it.
SCALE ?= 1
seed-scale: $(STAMP) .env
	DATABASE_URL="$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/wsp_bench}" DEBUG=false \
		$(PY) manage.py seed_scale --scale $(SCALE) --seed $${BENCH_SEED:-2025}

## screenshots: the main pages at desktop and phone size as PNGs in var/screenshots (Chromium)
screenshots: $(STAMP) .env
	SCREENSHOTS_DIR=var/screenshots $(BIN)/pytest -q tests/e2e/test_accessibility.py

clean:
	rm -rf var/celery var/celerybeat-schedule* var/static
