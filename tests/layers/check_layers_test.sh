#!/usr/bin/env bash
# scripts/check_layers.sh on small trees: it passes a downward include, a file's own layer and
# system headers, and fails an upward include naming its file and line, also in a nested folder
# (connectors/kafka belongs to connectors) and into a more specific layer (connectors includes
# connectors/registry, which sits above it).
set -uo pipefail
check=${1:?usage: check_layers_test.sh path/to/check_layers.sh}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

write() {  # write FILE LINE...: a source file under the current tree
  mkdir -p "$(dirname "$tree/$1")"
  local f=$1; shift
  printf '%s\n' "$@" >"$tree/$f"
}
expect() {  # expect RC PATTERN: the checker on $tree exits RC and its output matches PATTERN
  local out rc
  out=$("$check" "$tree" 2>&1); rc=$?
  if [ "$rc" != "$1" ] || ! grep -qE -- "$2" <<<"$out"; then
    echo "FAIL ($tree_name): wanted exit $1 and /$2/, got exit $rc:"; echo "$out"
    failures=$((failures + 1))
  fi
}

tree_name=clean; tree=$tmp/clean
write core/exec/op.h '#pragma once' '#include <vector>' '#include "core/exec/other.h"' \
  '#include "core/types/value.h"' '#include "connectors/kafka/producer.h"'
write core/engine/engine.cpp '#include "core/runtime/job.h"' '#include "core/plan/plan.h"'
write shell/main.cpp '#include "core/engine/engine.h"'
expect 0 '^$'

tree_name=upward; tree=$tmp/upward
write core/exec/op.h '#pragma once' '#include "core/expr/expr.h"' '#include "core/runtime/job.h"'
write core/plan/plan.h '#include "core/engine/result_sink.h"'
expect 1 '^core/exec/op.h:3: core/exec includes core/runtime/job.h'
expect 1 '^core/plan/plan.h:1: core/plan includes core/engine/result_sink.h'

tree_name=nested; tree=$tmp/nested
write connectors/kafka/source.cpp '#include "connectors/registry/client.h"'
write core/common/text.h '  #  include "core/types/type.h"'
expect 1 '^connectors/kafka/source.cpp:1: connectors includes connectors/registry/client.h'
expect 1 '^core/common/text.h:1: core/common includes core/types/type.h'

tree_name=empty; tree=$tmp/empty; mkdir -p "$tree"
expect 2 'no sources'

[ "$failures" = 0 ] && echo "check_layers: all cases pass"
exit $((failures > 0))
