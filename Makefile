# BaseBook developer entry points. `make` alone lists them.
#
# Recipes call scripts/ so that CI (.ci/run) and people run the same steps.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# The machine image keeps Swift outside the default PATH; a swift already on
# PATH wins.
SWIFT_BIN_DIR ?= /opt/swift/usr/bin
ifeq ($(shell command -v swift 2>/dev/null),)
ifneq ($(wildcard $(SWIFT_BIN_DIR)/swift),)
export PATH := $(SWIFT_BIN_DIR):$(PATH)
endif
endif

# Extra Debian packages for `make deps`, e.g. `make deps EXTRA_DEPS="wrk"`.
EXTRA_DEPS ?=
# Extra arguments for `swift test`, e.g. `make test ARGS="--filter DEXMathTests"`.
ARGS ?=

.PHONY: help deps build release test run bench clean

help: ## List the targets
	@echo "BaseBook targets:"
	@grep -E '^[a-z][a-zA-Z_-]*:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "} {printf "  make %-8s %s\n", $$1, $$2}'

deps: ## Check the Swift toolchain, install missing Debian packages
	scripts/install-deps.sh $(EXTRA_DEPS)

build: ## Debug build of everything
	scripts/install-deps.sh
	swift build

release: ## Release build of everything
	scripts/install-deps.sh
	swift build -c release

test: ## Install what is missing, then build and run every test (throwaway PostgreSQL + Redis), then the deployment checks
	scripts/install-deps.sh && scripts/test.sh $(ARGS)
	@# A filtered run (ARGS=...) is for Swift tests only.
	if [ -z "$(ARGS)" ]; then scripts/test-deploy.sh && scripts/test-e2e.sh; fi

run: ## Install what is missing, build (release) and start the services
	scripts/install-deps.sh && scripts/run.sh

bench: ## Run the benchmarks in Benchmarks/
	scripts/install-deps.sh
	swift package --package-path Benchmarks benchmark

clean: ## Remove build products
	rm -rf .build .build-* .build_* Benchmarks/.build
