# afterschool: the two commands a new user needs are `make run` and `make test`.
SWIFT      ?= swift
CONFIG     ?= release
PIPELINE   ?= pipelines/termly-evaluation.yaml
BIN         = .build/$(CONFIG)/afterschool
SYSTEM_PKGS = libcsv-dev libsqlite3-dev

.PHONY: run test build deps clean

## deps: install the system libraries (libcsv, SQLite) when missing.
deps:
	@missing=""; \
	for p in $(SYSTEM_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi

## build: compile the afterschool executable.
build: deps
	$(SWIFT) build -c $(CONFIG) --product afterschool

## run: the termly evaluation on the committed sample dataset.
run: build
	$(BIN) run $(PIPELINE)

## test: every unit and end-to-end test.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build
