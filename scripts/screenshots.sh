#!/usr/bin/env bash
# Regenerates docs/screenshots/ from a release build: runs the end-to-end tests that
# take them with SECONDLOOK_SCREENSHOTS=docs. A plain test run writes its screenshots
# to tests/e2e/output/screenshots/ instead and never touches the committed ones.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
cd "$root"

step "release build (dist/)"
trunk build --release

step "end-to-end tests that take the screenshots"
mapfile -t tests < <(grep -l 'await screenshot(' tests/e2e/*.test.mjs)
SECONDLOOK_SCREENSHOTS=docs node --test --test-concurrency=1 "${tests[@]}"
git status --short docs/screenshots/
