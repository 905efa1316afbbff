#!/usr/bin/env bash
# Quick start 1: plan and apply a sync from a simulated Intercom workspace of a
# demo company into a simulated, empty Plecto — both started locally.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec npm run --silent demo:cli
