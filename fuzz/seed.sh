#!/usr/bin/env bash
# Copies the repository's fixtures and the public migrations of fixtures/corpus into the fuzz
# corpora as `fixture-*`, so the seeds are the files themselves and never drift from
# them. Only hand-made seeds (`seed-*`: joined review inputs, encoded share inputs) are
# committed; run this before `cargo fuzz run`. Idempotent.
set -euo pipefail
fuzz="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$fuzz")"

copy() { # target, files...
  local target="$1"
  shift
  mkdir -p "$fuzz/corpus/$target"
  for file in "$@"; do
    cp "$file" "$fuzz/corpus/$target/fixture-$(basename "$file")"
  done
}

copy report_reader "$root"/fixtures/reports/*.md "$root"/fixtures/seed/*.md \
  "$root"/fixtures/seed/as-exported.txt
copy run_reader "$root"/fixtures/runs/*.json "$root"/fixtures/seed/run.json
copy sql_engine "$root"/fixtures/lock-safety/*.sql "$root"/fixtures/seed/schema/*.sql \
  "$root"/fixtures/corpus/sql/*.sql "$root"/fixtures/corpus/sql/derived/*.sql
