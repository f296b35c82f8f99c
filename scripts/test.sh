#!/usr/bin/env bash
# Sets up whatever is missing, then runs every check and test; stops at the first
# failure with a non-zero exit. The browser end-to-end tests run last, so the output
# ends with node's test runner summary.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
cd "$root"

# A clean build fills about 9 GB of target/; with less free, the linker fails with a bus
# error that does not say why (seen here once), so say it first.
free_gb="$(df -Pk "$root" | awk 'NR == 2 { print int($4 / 1048576) }')"
if [ "${free_gb:-0}" -lt 10 ]; then
  step "warning: only ${free_gb} GB free on the build disk; a clean build needs about 9 GB"
fi

step "formatting"
cargo fmt --all -- --check

step "clippy (native and wasm32)"
cargo clippy --workspace --all-targets -- -D warnings
# The core's own tests read fixtures from disk and run natively; on wasm32 the core is
# linted as the library the page and the engine link.
cargo clippy --target wasm32-unknown-unknown -p secondlook-app --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p secondlook-engine -p secondlook-core -p secondlook-review \
  -- -D warnings

step "drizzle-kit's output for fixtures/drizzle is current"
bash "$root/scripts/drizzle.sh"

step "starting a private PostgreSQL server (the tests' oracle)"
source "$root/scripts/postgres.sh"
trap postgres_stop EXIT
postgres_start
echo "$SECONDLOOK_TEST_PG"

step "review data, core and CLI tests (native)"
cargo test -p secondlook-review -p secondlook-core -p secondlook-cli -p secondlook-engine \
  --features secondlook-core/postgres-tests,secondlook-cli/postgres-tests

step "component tests in headless Chromium (wasm-bindgen-test)"
CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown -p secondlook-app

step "release build (dist/)"
trunk build --release

step "the release archive with the viewer inside (dev profile, for tests/e2e/onebin.test.mjs)"
rm -rf target/archive
bash scripts/release.sh --profile dev --no-viewer-build --out target/archive

step "end-to-end tests in headless Chromium"
node --test --test-concurrency=1 tests/e2e/
