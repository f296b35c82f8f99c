#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing; each step is skipped
# when already present. Sourced by scripts/serve.sh and scripts/test.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$root/node_modules/.bin:$PATH"

trunk_version="0.21.14"
# wasm-bindgen-cli must match the wasm-bindgen the app links, as Cargo.lock pins it.
wasm_bindgen_version="$(grep -A1 '^name = "wasm-bindgen"$' "$root/Cargo.lock" | sed -n 's/^version = "\(.*\)"$/\1/p')"

# Each step says when it starts (seconds since the script began), so a slow run shows where.
step() { printf '==> %s (at %ss)\n' "$*" "$SECONDS"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $trunk_version" ]; then
  step "installing trunk $trunk_version (about 13 minutes on 2 cores)"
  cargo install trunk --version "$trunk_version" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]; then
  step "installing wasm-bindgen-cli $wasm_bindgen_version"
  # Not --locked: one of its locked dependencies is missing from the registry.
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version"
fi

# Debian packages: Chromium and its driver for the browser tests, PostgreSQL as the
# tests' oracle (and for `secondlook check --prove`).
apt_missing=()
command -v chromium >/dev/null || apt_missing+=(chromium)
command -v chromedriver >/dev/null || apt_missing+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_missing+=(postgresql)
# clang and libclang build pg_query, PostgreSQL's own scanner, the native tests' oracle
# for where statements begin and end.
command -v clang >/dev/null || apt_missing+=(clang)
ls /usr/lib/llvm-*/lib/libclang.so* >/dev/null 2>&1 || apt_missing+=(libclang-dev)
if [ ${#apt_missing[@]} -gt 0 ]; then
  step "installing ${apt_missing[*]}"
  sudo_if_needed=""
  [ "$(id -u)" = 0 ] || sudo_if_needed="sudo"
  $sudo_if_needed apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_if_needed apt-get install -y "${apt_missing[@]}"
fi

# Trunk builds offline, and offline cargo must find every crate Cargo.lock names, also
# those only a feature pulls in (the CLI's include_dir, for the release build).
step "fetching the crates Cargo.lock names"
(cd "$root" && cargo fetch --quiet)

# binaryen (wasm-opt), playwright-core and axe-core, at the versions package-lock.json pins.
if ! (cd "$root" && npm ls --depth=0 >/dev/null 2>&1); then
  step "installing npm packages"
  (cd "$root" && npm ci --no-audit --no-fund)
fi
