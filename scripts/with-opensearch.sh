#!/usr/bin/env bash
# Runs a command with a real OpenSearch node beside it: starts one (scripts/opensearch.sh) on a
# free loopback port, exports NEWSDEX_TEST_OPENSEARCH=<its URL>, runs the command, and stops the
# node afterwards whatever the command's outcome. Without Java the command runs alone (the
# OpenSearch tests then skip) unless CI or NEWSDEX_REQUIRE_OPENSEARCH is set, when it fails.
#   scripts/with-opensearch.sh .venv/bin/python -m pytest -q
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export NEWSDEX_OS_WORK="${NEWSDEX_OS_WORK:-$ROOT/.newsdex/opensearch-test}"
export NEWSDEX_OS_PORT="${NEWSDEX_OS_PORT:-0}"
if ! command -v java >/dev/null 2>&1; then
    if [ -n "${CI:-}${NEWSDEX_REQUIRE_OPENSEARCH:-}" ]; then
        echo "with-opensearch.sh: java not found, and CI needs the OpenSearch tests" >&2
        exit 1
    fi
    echo "with-opensearch.sh: java not found: running without OpenSearch (its tests skip)" >&2
    exec "$@"
fi
started=$SECONDS
url="$(bash "$ROOT/scripts/opensearch.sh" start)"
echo "with-opensearch.sh: node up at $url in $((SECONDS - started)) s" >&2
trap 'bash "$ROOT/scripts/opensearch.sh" stop' EXIT
NEWSDEX_TEST_OPENSEARCH="opensearch://${url#http://}" "$@"  # the form newsdex takes
