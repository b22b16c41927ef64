# The README's two commands, `make run` and `make test`, do all the set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run test test-browser lint check-migrations ci clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,browser]"
	touch $(STAMP)

run: install
	$(BIN)/liangxin migrate --noinput
	$(BIN)/liangxin collectstatic --noinput --verbosity 0
	$(BIN)/liangxin demo
	PORT=$(PORT) $(BIN)/liangxin serve

# One pytest worker per core (pytest-xdist), each with its own test database.
test: install
	$(BIN)/pytest -m "not browser" -n auto

# Browser tests drive Debian's Chromium (apt-get install -y chromium), never a downloaded browser.
test-browser: install
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	$(BIN)/pytest -m browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

check-migrations: install
	$(BIN)/liangxin makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var
