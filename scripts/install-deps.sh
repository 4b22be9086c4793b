#!/usr/bin/env bash
# Installs the Debian packages riffle needs; does nothing when they are all present.
set -euo pipefail
pkgs=(g++ cmake make pkg-config librdkafka-dev libsqlite3-dev libprotobuf-dev libprotoc-dev
      protobuf-compiler libavro-dev nlohmann-json3-dev libfmt-dev libreadline-dev tzdata
      libsimdjson-dev zlib1g-dev libgtest-dev libgmock-dev libbenchmark-dev kcat tmux sqlite3)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
