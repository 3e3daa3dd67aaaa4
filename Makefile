SHELL := /bin/bash
# The two commands of the README: `make demo` and `make test`. Both install what is missing.
SWIFT ?= swift
PY := .venv/bin/python

.PHONY: setup build release demo test test-swift test-oracle bench clean

setup:
	scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

demo: release
	rm -rf runs/demo
	.build/release/sieve run pipeline.yaml --out runs/demo
	.build/release/sieve audit summary runs/demo
	.build/release/sieve report runs/demo

test: build
	$(SWIFT) test 2>&1 | tee .build/swift-test.log; test $${PIPESTATUS[0]} -eq 0
	SIEVE_BIN=$(CURDIR)/.build/debug/sieve $(PY) -m pytest -q Tests/oracle

clean:
	rm -rf .build runs
