#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml). Writes dist/secondlook.html, the whole app in one
# file with no data, with the same code as `secondlook bundle`; and writes the shell's
# file names into sw.js, so each build is a new service worker.
set -euo pipefail
staging="${TRUNK_STAGING_DIR:?run by trunk build}"
cd "${TRUNK_SOURCE_DIR:?run by trunk build}"
# The debug CLI: the app's build is the slow part; this one is cached after the first.
cargo run --quiet --offline -p secondlook-cli -- bundle --app "$staging" -o "$staging/secondlook.html"
shell='"./", "index.html"'
for file in "$staging"/*; do
  name="$(basename "$file")"
  case "$name" in
    sw.js | secondlook.html | index.html) ;;
    *) [ -f "$file" ] && shell="$shell, \"./$name\"" ;;
  esac
done
sed -i "s|\[/\* shell \*/\]|[$shell]|" "$staging/sw.js"
grep -q '"index.html"' "$staging/sw.js" || { echo "post-build: sw.js has no shell list" >&2; exit 1; }
# Last: the Content Security Policy, hashing index.html's inline loader as it now stands.
cargo run --quiet --offline -p secondlook-cli -- csp "$staging/index.html"
