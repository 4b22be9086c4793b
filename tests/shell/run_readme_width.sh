#!/usr/bin/env bash
# The README's sections on teaching streaming SQL (issue 17) read at 100 columns: no prose line
# is wider (fenced code and table rows aside), so they stay readable in a terminal and a diff.
#
# Usage: tests/shell/run_readme_width.sh path/to/README.md
set -u
README=${1:?usage: run_readme_width.sh README.md}
# shellcheck source=../lib/checks.sh
source "$(dirname "$0")/../lib/checks.sh"

# The sections, by their heading; each runs to the next heading of its level or above.
sections=("## Lessons" "## The shell" "## SQL" "## Background jobs"
  "## Tables, aggregation and windows" "## Functions")
for heading in "${sections[@]}"; do
  level=${heading%% *}
  wide=$(awk -v heading="$heading" -v level="$level" '
    $0 == heading { inside = 1; next }
    inside && /^#+ / { split($0, h, " "); if (length(h[1]) <= length(level)) inside = 0 }
    !inside { next }
    /^```/ { fenced = !fenced; next }
    fenced || /^\|/ { next }
    length($0) > 100 { printf "%d: %s\n", NR, $0 }' "$README")
  if ! grep -qxF -- "$heading" "$README"; then
    fail "README has the section '$heading'"
  elif [ -z "$wide" ]; then
    pass "README '$heading': no prose line over 100 columns"
  else
    fail "README '$heading': no prose line over 100 columns" "$wide"
  fi
done
finish
