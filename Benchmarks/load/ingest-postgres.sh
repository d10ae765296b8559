#!/usr/bin/env bash
# Ingest throughput into PostgreSQL: the devnet market's events through the backend's real
# ingest pipeline (apply → one transaction per batch → hub → bus) into a throwaway PostgreSQL
# that scripts/test.sh starts, in history-sized (300 blocks) and live-sized (1 block) batches,
# with the embedded in-memory store measured in the same run as the baseline.
#
#   Benchmarks/load/ingest-postgres.sh
#
# Environment (optional): BENCH_BLOCKS (900 two-second blocks), BENCH_SWAPS_PER_SECOND (50),
# SWIFT_BUILD_FLAGS (e.g. "-c release" for release figures; the default debug build is what
# `make test` builds). Prints one "ingest-bench" line per batch size.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export BASEBOOK_BENCH_INGEST=1
# shellcheck disable=SC2086
"$root/scripts/test.sh" ${SWIFT_BUILD_FLAGS:-} --filter PostgresIngestThroughputTests 2>&1 | grep -E "ingest-bench|passed|failed|error"
