#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml). Writes the proof worker (PGlite, PostgreSQL in
# wasm) beside the app; dist/secondlook.html, the whole app in one file with no data,
# with the same code as `secondlook bundle`; and writes the shell's file names into
# sw.js, so each build is a new service worker that also keeps PGlite for offline use.
set -euo pipefail
staging="${TRUNK_STAGING_DIR:?run by trunk build}"
cd "${TRUNK_SOURCE_DIR:?run by trunk build}"
# PGlite's JavaScript and the worker in one classic script (a file:// page can start no
# module worker), which also inlines into a bundle. Its Node-only branches (dynamic
# imports never taken in a browser) stay unresolved.
esbuild public/proof-worker.js --bundle --format=iife --minify --platform=browser \
  --log-level=warning --outfile="$staging/proof-worker.js" \
  --external:node:* --external:fs --external:fs/promises --external:path \
  --external:stream --external:stream/promises --external:util --external:zlib \
  --external:./fs/nodefs.js
# The worker fetches these from beside itself.
pglite=node_modules/@electric-sql/pglite/dist
cp "$pglite/pglite.wasm" "$pglite/pglite.data" "$pglite/initdb.wasm" "$staging/"
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
