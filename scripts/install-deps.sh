#!/usr/bin/env bash
# Installs the Debian packages riffle needs; does nothing when they are all present.
set -euo pipefail
pkgs=(g++ cmake make pkg-config librdkafka-dev libsqlite3-dev libprotobuf-dev libprotoc-dev
      protobuf-compiler libavro-dev nlohmann-json3-dev libfmt-dev libreadline-dev tzdata
      libre2-dev libutf8proc-dev libsimdjson-dev zlib1g-dev libcurl4-openssl-dev libgtest-dev libgmock-dev
      libbenchmark-dev kcat tmux sqlite3 jq time)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js runs the kafkajs interop test (a Kafka client riffle did not write); a machine that
# already has node (e.g. from NodeSource) keeps it.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
# The npm packages the interop tests use, pinned by their package-lock.json.
kafkajs_dir="$(dirname "$0")/../tests/interop/kafkajs"
if [ ! -d "$kafkajs_dir/node_modules/kafkajs" ]; then
  echo "installing: kafkajs (npm, for tests/interop)"
  npm ci --prefix "$kafkajs_dir" --no-audit --no-fund --loglevel=error
fi
# DuckDB and chDB for `make bench-compare` (bench/compare/compare.py), pinned by their
# package-lock.json. Optional: the comparison skips a peer that is missing, so a failed install
# (chDB alone is ~600 MB) warns instead of stopping the build. `npm install`, not `npm ci`: the
# lock holds only this platform's chDB library, and npm ci refuses a lock without the other
# platforms' optional packages (npm install follows the lock and leaves it unchanged).
compare_dir="$(dirname "$0")/../bench/compare"
if [ ! -d "$compare_dir/node_modules/chdb" ] || [ ! -d "$compare_dir/node_modules/@duckdb/node-api" ]; then
  echo "installing: @duckdb/node-api and chdb (npm, for make bench-compare)"
  npm install --prefix "$compare_dir" --no-audit --no-fund --loglevel=error ||
    echo "warning: DuckDB/chDB not installed; make bench-compare will skip them" >&2
fi
