# `make demo` and `make test` each set up .venv (Python 3.11, pinned dependencies) when it is missing or stale.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1

.PHONY: demo test lint bench eval clean postgres-server

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,dask,postgres]"
	touch $(STAMP)

# The web UI's browser tests drive Debian's chromium. Installed once per machine when missing (needs root
# and apt-get, as on CI); elsewhere those tests are skipped with the reason.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "No $(CHROMIUM) and no root apt-get: the browser tests will be skipped"; fi

# The PostgreSQL store's tests start a throwaway server from the PostgreSQL binaries; installed the same
# way when missing (the tests skip with the reason where they cannot be).
POSTGRES_CHECK := ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
postgres-server:
	@$(POSTGRES_CHECK) || { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's postgresql for the store tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else echo "No PostgreSQL server binaries and no root apt-get: the PostgreSQL tests will be skipped"; fi; }

demo: $(STAMP)
	$(BIN)/storyline digest examples/corpus --outlets examples/outlets.csv --json demo-export.json \
	  --markdown demo-story.md --html demo-story.html --quiet; \
	  status=$$?; [ $$status -le 1 ] || exit $$status
	@echo "Wrote demo-export.json, demo-story.md and demo-story.html"

test: $(STAMP) $(CHROMIUM) postgres-server
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check storyline tests bench
	$(BIN)/ruff format --check storyline tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench

eval: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m slow

clean:
	rm -rf $(VENV) demo-export.json demo-story.md demo-story.html
