# Two commands do everything on a fresh machine with Python 3.11+:
#   make run    install the bot in .venv and start it (console chat when no token is set)
#   make test   install what the tests need and run the whole suite in 2 workers, a file each; meanwhile install
#               Python 3.12 and 3.13 venvs and run the concurrency test on each (its output follows the suite's)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test chat bench clean

run: $(VENV)/.installed
	$(BIN)/python -m bot run

chat: $(VENV)/.installed
	$(BIN)/python -m bot chat

test: $(VENV)/.installed-test
	log=$$(mktemp); bash scripts/other_pythons.sh > $$log 2>&1 & others=$$!; \
	$(BIN)/python -m pytest -n 2 --dist loadfile; status=$$?; \
	wait $$others || status=1; cat $$log; rm -f $$log; \
	exit $$status

bench: $(VENV)/.installed-test
	$(BIN)/python bench/bench_qa.py
	$(BIN)/python bench/bench_telegram.py
	$(BIN)/python bench/bench_wizard.py
	$(BIN)/python bench/bench_reminders.py
	$(BIN)/python bench/bench_scale.py
	$(BIN)/python bench/bench_documents.py
	$(BIN)/python bench/bench_processes.py

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) .venv-3.* build *.egg-info .pytest_cache .hypothesis
