# The two commands of the README: `make demo` runs the main job, `make test` runs every test.
# Both install missing system packages and build in release mode first.

SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)
BINARY := .build/release/disttrain
MPIRUN := mpirun $(if $(filter 0,$(shell id -u)),--allow-run-as-root) --oversubscribe
RANKS ?= 2

.PHONY: all dependencies build demo test format lint

all: build

dependencies:
	@bash scripts/install-dependencies.sh

build: dependencies
	swift build -c release --product disttrain

# The main job on this machine: RANKS processes under mpirun on the embedded data.
demo: build
	@MPIRUN="$(MPIRUN)" RANKS=$(RANKS) bash scripts/demo.sh $(BINARY)

# Unit tests (swift test), multi-rank tests under real mpirun, and the formatting check.
test: build lint
	swift test -c release --disable-swift-testing
	bash Tests/MultiRank/run.sh $(BINARY)

lint:
	swift format lint --strict --recursive Package.swift Sources Tests

format:
	swift format --in-place --recursive Package.swift Sources Tests
