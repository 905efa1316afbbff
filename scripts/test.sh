#!/usr/bin/env bash
# Quick start 2: the whole test suite — type check, build, unit, integration,
# command line, keychain (real Secret Service) and end-to-end (real Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --test
npx tsc --noEmit -p tsconfig.json
npx electron-vite build >/dev/null
report=$(mktemp -d)/vitest.json
# A fresh HOME with its own unlocked keyring in a private D-Bus session.
export TEST_HOME=$(mktemp -d)
set +e
HOME="$TEST_HOME" dbus-run-session -- sh -c '
  echo -n ci-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec npx vitest run --reporter=default --reporter=json --outputFile="$0" "$@"
' "$report" "$@"
status=$?
set -e
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$report" || true
exit $status
