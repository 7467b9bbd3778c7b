#!/usr/bin/env bash
# npm ci in each folder given, unless its node_modules already matches its package-lock.json (a stamp records the
# lock file's hash): a fresh machine gets exactly the locked packages, a second run costs nothing.
set -euo pipefail
command -v npm >/dev/null || { echo "npm is missing: install Node.js 20+ with npm (Debian: apt-get install -y nodejs npm)" >&2; exit 1; }
for dir in "$@"; do
  lock="$dir/package-lock.json"
  stamp="$dir/node_modules/.lock-sha256"
  want="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then continue; fi
  echo "==> npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
done
