# Two commands on a fresh machine: `make run` (the product) and `make test` (the suite).
.PHONY: run test install train migrate lint typecheck validate pytest bench nlu-eval clean
SHELL := /bin/bash
BIN := .venv/bin
export RASA_TELEMETRY_ENABLED := false

run: install
	@$(BIN)/bot check
	@$(BIN)/bot train
	@$(BIN)/bot db upgrade
	@scripts/run.sh

test: install lint typecheck validate train pytest

install:
	@scripts/bootstrap.sh

train: install
	@$(BIN)/bot train

migrate: install
	@$(BIN)/bot db upgrade

lint:
	$(BIN)/ruff check bot actions tests bench

typecheck:
	$(BIN)/mypy

validate:
	$(BIN)/rasa data validate --domain domain.yml --data data/nlu data/real/nlu data/rules data/stories --fail-on-warnings

pytest:
	$(BIN)/pytest -ra --durations=15

bench: install
	$(BIN)/python -m bench.turn_latency

nlu-eval: train
	$(BIN)/python -m bench.nlu_eval
	$(BIN)/python -m bench.real_dev

clean:
	rm -rf .rasa models/*.tar.gz models/.fingerprint models/minilm-*.tflite .mypy_cache .ruff_cache .pytest_cache
