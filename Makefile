# afterschool: the two commands a new user needs are `make run` and `make test`.
SWIFT      ?= swift
CONFIG     ?= release
PIPELINE   ?= pipelines/termly-evaluation.yaml
BIN         = .build/$(CONFIG)/afterschool
SYSTEM_PKGS = libcsv-dev libsqlite3-dev libpq-dev

.PHONY: run test test-deps build deps clean bench bench-ingest fuzz

# Installs the Debian packages of $(1) that are missing (as root, or with sudo).
define install_missing
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

## deps: install the system libraries (libcsv, SQLite, libpq) when missing.
deps:
	$(call install_missing,$(SYSTEM_PKGS))

## build: compile the afterschool executable.
build: deps
	$(SWIFT) build -c $(CONFIG) --product afterschool

## run: the termly evaluation on the committed sample dataset.
run: build
	$(BIN) run $(PIPELINE)

## test-deps: what the tests open the outputs with, as a reader would:
## headless Chromium with CJK fonts (the report), LibreOffice Calc (the
## workbook), a Python virtual environment outside the repository with
## Jupyter's kernel and runner, pandas and matplotlib (the notebook), and
## PostgreSQL's server (the city's shared warehouse).
TEST_PKGS = chromium fonts-noto-cjk libreoffice-calc-nogui python3-venv postgresql
VENV ?= $(HOME)/.cache/afterschool/venv
PY_PKGS = nbformat nbclient ipykernel pandas matplotlib openpyxl
test-deps:
	$(call install_missing,$(TEST_PKGS))
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	@$(VENV)/bin/python -c "import nbformat, nbclient, ipykernel, pandas, matplotlib, openpyxl" 2>/dev/null || \
	  $(VENV)/bin/pip install -q $(PY_PKGS)
	@$(VENV)/bin/python -m ipykernel install --prefix $(VENV) --name python3 >/dev/null

## test: every unit and end-to-end test (after the release build `make run` uses,
## so that an optimiser-only compile failure is caught here too).
## The shared-warehouse tests get a throwaway PostgreSQL cluster
## (Tests/Support/pg-cluster.sh: initdb in /tmp, 127.0.0.1 and a socket,
## password authentication on TCP), stopped and removed at the end.
test: deps test-deps build
	$(SWIFT) build --build-tests
	@pg=$$(mktemp -u -d /tmp/afterschool-pg.XXXXXX); \
	trap 'Tests/Support/pg-cluster.sh stop '"$$pg" EXIT; \
	trap 'exit 130' INT TERM HUP; \
	url=$$(Tests/Support/pg-cluster.sh start "$$pg") || { echo "make test: the PostgreSQL test cluster did not start (its log is above)"; exit 1; }; \
	echo "PostgreSQL test cluster: $$url"; \
	AFTERSCHOOL_PG_URL="$$url" AFTERSCHOOL_PG_PASSWORD="$$(cat $$pg/password)" \
	  AFTERSCHOOL_PYTHON=$(VENV)/bin/python $(SWIFT) test --skip-build

## fuzz: the libFuzzer targets (reader: the same records, lines and errors
## whole, in chunks and in segments; row validation: never a crash), with
## the address sanitizer, for FUZZ_SECONDS (default 300) from the seed
## corpus in Tests/FuzzCorpus (copied: the committed corpus is not changed).
## A finding is written to .build/fuzz-findings/ and stops the run: make it
## a regression test. Not part of `make test`.
FUZZ_SECONDS ?= 300
fuzz: deps
	$(SWIFT) build --product afterschool-fuzz --build-path .build/fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -parse-as-library
	rm -rf .build/fuzz-corpus && mkdir -p .build/fuzz-corpus .build/fuzz-findings
	cp Tests/FuzzCorpus/* .build/fuzz-corpus/
	.build/fuzz/debug/afterschool-fuzz .build/fuzz-corpus -max_total_time=$(FUZZ_SECONDS) \
	  -max_len=8192 -timeout=20 -rss_limit_mb=4096 -artifact_prefix=.build/fuzz-findings/ -print_final_stats=1

## bench: generate a synthetic term once (SCALE=district by default; small is
## quick), run every pipeline on it, print and append timings and memory.
SCALE ?= district
bench: build
	@command -v /usr/bin/time >/dev/null || apt-get install -y -qq time
	python3 Benchmarks/bench.py --scale $(SCALE)

## bench-ingest: time and peak memory of ingesting an attendance file of
## ROWS rows (default 10 million), generated once into .bench/ (not in git).
ROWS ?= 10000000
bench-ingest: build
	@command -v /usr/bin/time >/dev/null || apt-get install -y -qq time
	@test -f .bench/ingest-$(ROWS)/attendance.csv || python3 Benchmarks/ingest_stress.py $(ROWS) .bench/ingest-$(ROWS)
	@ls -l .bench/ingest-$(ROWS)/attendance.csv
	/usr/bin/time -f "wall %e s, peak memory %M KiB" $(BIN) validate --data .bench/ingest-$(ROWS) --out .bench/ingest-$(ROWS)-out

clean:
	rm -rf .build
