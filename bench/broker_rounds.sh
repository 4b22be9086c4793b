#!/usr/bin/env bash
# Local broker vs librdkafka's mock, each peer measured in a fresh client process.
#
# riffle-bench-e2e-broker runs every peer's client in one process, and there the first peer
# measured is slower whichever it is (bench/RESULTS.md runs 19-26: its producing and network
# threads both cost more), so a same-process comparison mostly measures the order. Here every
# run is its own process (--peers X --warmup 0), so each broker gets the same fresh client; the
# order alternates each round (riffle, mock, mock, riffle, ...). Prints each run's rates and the
# medians, and fails if any run lost or duplicated a record.
#
# Usage: bench/broker_rounds.sh build/bench/riffle-bench-e2e-broker [ROUNDS (default 4)] [ARGS...]
set -u
BENCH=${1:?usage: broker_rounds.sh path/to/riffle-bench-e2e-broker [ROUNDS] [ARGS...]}
ROUNDS=${2:-4}
shift $(($# >= 2 ? 2 : 1))
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
echo "loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
for ((i = 0; i < ROUNDS; i++)); do
  if ((i % 2 == 0)); then order="riffle mock"; else order="mock riffle"; fi
  for peer in $order; do
    log=$("$BENCH" --peers "$peer" --warmup 0 "$@" 2>&1) || { echo "$log"; exit 1; }
    # | name | produce | records | seconds | msg/s | ...   and the acknowledged/lost table.
    produce=$(awk -F'|' '$3 ~ /produce/ {gsub(/[ K]/, "", $6); print $6}' <<<"$log")
    consume=$(awk -F'|' '$3 ~ /consume/ {gsub(/[ K]/, "", $6); print $6}' <<<"$log")
    lostdup=$(awk -F'|' 'NF == 9 && $3 ~ /^ *[0-9]+ *$/ {gsub(/ /, ""); print $7 "+" $8}' <<<"$log")
    echo "round $((i + 1)) $peer: produce ${produce}K/s consume ${consume}K/s lost+duplicated $lostdup"
    echo "$peer $produce $consume" >>"$OUT"
    [ "$lostdup" = "0+0" ] || status=1
  done
done
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
for peer in riffle mock; do
  p=$(awk -v p="$peer" '$1 == p {print $2}' "$OUT" | median)
  c=$(awk -v p="$peer" '$1 == p {print $3}' "$OUT" | median)
  echo "median $peer: produce ${p}K/s consume ${c}K/s"
  eval "${peer}_p=$p ${peer}_c=$c"
done
awk -v rp="$riffle_p" -v mp="$mock_p" -v rc="$riffle_c" -v mc="$mock_c" \
  'BEGIN {printf "riffle / mock: produce %.0f%%, consume %.0f%%\n", 100 * rp / mp, 100 * rc / mc}'
echo "loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
