#!/usr/bin/env bash
# Checks that every #include "..." in the source folders goes to the including file's own layer
# or to one the table below lists as beneath it (DESIGN.md: each layer uses only the layers below
# it). Static libraries do not catch every upward edge (a header-only type, an inline function),
# so `make test` runs this (ctest label `layers`); CMakeLists.txt's library DEPS follow the same
# order. Usage: check_layers.sh [ROOT] (default: the checkout holding this script). Prints each
# upward include as file:line and exits 1 when there is one.
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}

# The layer table, highest first: a layer, then the layers its files may include. A file belongs
# to the longest layer that prefixes its path; so does an included header.
read -r -d '' table <<'TABLE' || true
shell                core/engine core/runtime core/plan core/exec core/expr core/sql core/types core/common catalog connectors connectors/broker connectors/registry
core/engine          core/runtime core/plan core/exec core/expr core/sql core/types core/common catalog connectors connectors/broker connectors/registry
core/runtime         core/plan core/exec core/expr core/sql core/types core/common catalog connectors connectors/broker
core/plan            core/exec core/expr core/sql core/types core/common catalog connectors
core/exec            core/expr core/sql core/types core/common catalog connectors
connectors/registry  catalog core/types core/common
connectors           connectors/broker core/sql core/types core/common
connectors/broker    core/common
catalog              core/types core/common
core/expr            core/sql core/types core/common
core/sql             core/types core/common
core/types           core/common
core/common
TABLE

cd "$root"
dirs=$(for d in shell core connectors catalog; do if [ -d "$d" ]; then echo "$d"; fi; done)
files=""
if [ -n "$dirs" ]; then files=$(find $dirs \( -name '*.h' -o -name '*.cpp' \) | sort); fi
[ -n "$files" ] || { echo "check_layers: no sources under $root" >&2; exit 2; }
# awk reads the table first, then every source file's include lines.
awk -v table="$table" '
  BEGIN {
    n = split(table, lines, "\n")
    for (i = 1; i <= n; ++i) {
      m = split(lines[i], f, /[ \t]+/)
      if (m == 0 || f[1] == "") continue
      layers[f[1]] = 1
      allowed[f[1], f[1]] = 1
      for (j = 2; j <= m; ++j) allowed[f[1], f[j]] = 1
    }
    bad = 0
  }
  function layer_of(path,    best, l) {
    best = ""
    for (l in layers) {
      if (index(path, l "/") == 1 && length(l) > length(best)) best = l
    }
    return best
  }
  FNR == 1 { from = layer_of(FILENAME) }
  /^[ \t]*#[ \t]*include[ \t]*"/ {
    header = $0
    sub(/^[^"]*"/, "", header)
    sub(/".*$/, "", header)
    to = layer_of(header)
    if (from == "" || to == "" || ((from, to) in allowed)) next
    printf "%s:%d: %s includes %s, of %s: not a layer beneath it\n", FILENAME, FNR, from, header, to
    bad = 1
  }
  END { exit bad }
' $files
