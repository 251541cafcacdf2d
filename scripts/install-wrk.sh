#!/usr/bin/env bash
# wrk, the C load generator `benchmarks/run.py api` drives besides its Python clients,
# from Debian's packages (never a download).
set -euo pipefail
if command -v wrk >/dev/null 2>&1; then
    echo "install-wrk: $(command -v wrk) is already installed"
    exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends wrk
command -v wrk
