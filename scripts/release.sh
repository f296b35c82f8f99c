#!/usr/bin/env bash
# Builds what a CI job downloads instead of building secondlook: one `secondlook` binary
# that carries the viewer (`trunk build --release`) and PGlite inside it, packed as
# secondlook-VERSION-TARGET.tar.gz with the licence texts of what it carries (PGlite's,
# and each crate's own files under licenses/) and a THIRD-PARTY list, beside a .sha256
# file.
#
#   scripts/release.sh [--profile release|dev] [--out DIR] [--no-viewer-build]
#
# --profile dev builds the binary as the tests' debug build does, reusing its artifacts
# (a cold release build of the CLI takes many minutes on 2 cores); it also leaves that
# binary, with the viewer inside, as target/debug/secondlook. --no-viewer-build packs
# the dist/ already built (the test run has just built it). Prints the archive's path.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
profile=release
out="$root/target/archive"
build_viewer=1
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="${2:?--profile needs release or dev}"; shift 2 ;;
    --out) out="${2:?--out needs a folder}"; shift 2 ;;
    --no-viewer-build) build_viewer=0; shift ;;
    *) echo "release.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$profile" in
  release) built="$root/target/release" ;;
  dev) built="$root/target/debug" ;;
  *) echo "release.sh: --profile is release or dev, not $profile" >&2; exit 2 ;;
esac
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"

if [ "$build_viewer" = 1 ]; then
  trunk build --release
fi
[ -f dist/index.html ] || { echo "release.sh: no dist/index.html; build the viewer first" >&2; exit 1; }
features=viewer,pglite
SECONDLOOK_VIEWER_DIR="$root/dist" cargo build --quiet --profile "$profile" -p secondlook-cli --features "$features"

version="$(cargo pkgid -p secondlook-cli | sed 's/.*[#@]//')"
target="$(rustc -vV | sed -n 's/^host: //p')"
name="secondlook-$version-$target"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/licenses"
cp "$built/secondlook" "$stage/$name/"
# The project's own licence, when it has one, and PGlite's: its files and its JavaScript
# (bundled into the proof worker) are inside the binary.
for file in LICENSE LICENSE-*; do
  if [ -f "$file" ]; then cp "$file" "$stage/$name/"; fi
done
cp node_modules/@electric-sql/pglite/LICENSE "$stage/$name/licenses/PGLITE-LICENSE"
# cargo tree's lines less this project's own crates (named by their path on this machine);
# no proc-macros: they run at build time, and nothing of them is in the binary.
third_party() {
  grep -v ' (/' | sed 's/ (\*)//' | sort -u
}
{
  echo "What this secondlook binary carries, by package and licence."
  echo
  echo "PGlite (PostgreSQL in wasm), npm @electric-sql/pglite $(node -p 'require("./node_modules/@electric-sql/pglite/package.json").version'): licenses/PGLITE-LICENSE"
  echo
  echo "Rust crates of the command line:"
  cargo tree --quiet -p secondlook-cli --features "$features" -e normal,no-proc-macro --prefix none \
    --format '  {p} {l}' | third_party
  echo
  echo "Rust crates of the viewer (WebAssembly):"
  cargo tree --quiet -p secondlook-app -p secondlook-engine --target wasm32-unknown-unknown \
    -e normal,no-proc-macro --prefix none --format '  {p} {l}' | third_party
} > "$stage/$name/THIRD-PARTY.txt"
# Each crate's own licence and notice files, as it ships them, under licenses/NAME-VERSION/.
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
without=()
while read -r crate version _; do
  source_dir="$(ls -d "$registry"/*/"$crate-${version#v}" 2>/dev/null | head -1)"
  files=()
  [ -n "$source_dir" ] && mapfile -t files < <(find "$source_dir" -maxdepth 1 -type f \
    \( -iname 'licen[cs]e*' -o -iname 'copying*' -o -iname 'notice*' \) | sort)
  if [ ${#files[@]} -eq 0 ]; then
    without+=("$crate $version")
    continue
  fi
  mkdir -p "$stage/$name/licenses/$crate-${version#v}"
  cp "${files[@]}" "$stage/$name/licenses/$crate-${version#v}/"
done < <(sed -n 's/^  \([^ ]*\) \(v[^ ]*\) .*/\1 \2 x/p' "$stage/$name/THIRD-PARTY.txt" | sort -u)
if [ ${#without[@]} -gt 0 ]; then
  {
    echo
    echo "Crates that ship no licence file of their own (their licence is named above):"
    printf '  %s\n' "${without[@]}"
  } >> "$stage/$name/THIRD-PARTY.txt"
fi

mkdir -p "$out"
archive="$out/$name.tar.gz"
# The same inputs give the same bytes: no owner, time or order of the machine that built it.
mtime="$(git log -1 --format=%ct 2>/dev/null || echo 0)"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" -C "$stage" -cf - "$name" \
  | gzip -n -9 > "$archive"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "$archive"
