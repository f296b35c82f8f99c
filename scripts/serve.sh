#!/usr/bin/env bash
# Sets up whatever is missing, then serves the app with its embedded demo on
# http://127.0.0.1:8080.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
cd "$root"
exec trunk serve --release
