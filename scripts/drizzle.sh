#!/usr/bin/env bash
# Runs drizzle-kit (pinned in package-lock.json; offline) on fixtures/drizzle/schema.ts.
#   bash scripts/drizzle.sh          checks fixtures/drizzle/out/0000_money.sql is what it generates
#   bash scripts/drizzle.sh --write  writes it
# Only the SQL is kept: drizzle-kit's snapshot carries random ids, so it differs each run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
node_modules/.bin/drizzle-kit generate --dialect postgresql --schema fixtures/drizzle/schema.ts \
  --out "$out" --name money >/dev/null
committed=fixtures/drizzle/out/0000_money.sql
if [ "${1:-}" = --write ]; then
  cp "$out/0000_money.sql" "$committed"
elif ! diff -u "$committed" "$out/0000_money.sql"; then
  echo "$committed is not what drizzle-kit generates from fixtures/drizzle/schema.ts; run: bash scripts/drizzle.sh --write" >&2
  exit 1
fi
