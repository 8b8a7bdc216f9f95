#!/usr/bin/env bash
# Measures Limber's speed as ratios to /healthz in the same run, with wrk
# and with limber-load, REPEAT times, and prints each run and the medians.
# Not part of CI (speed is measured on a quiet machine, never asserted).
#
#   bash .ci/measure.sh
#       builds, starts a SQLite server of its own (one node) and measures
#       /healthz, POST /api/v1/plan-preview and POST /api/v1/me/sessions.
#   LIMBER_URL=http://127.0.0.1:18090[,http://127.0.0.1:18091] \
#   LIMBER_EMAIL=load@example.org LIMBER_PASSWORD='a long load password' bash .ci/measure.sh
#       the same against servers already running (PostgreSQL, one node or
#       several: limber-load spreads over every URL given, wrk uses the first).
#   MIXED="1000 10000" bash .ci/measure.sh
#       also generates a clinic of each size (limber demo, SQLite) and runs
#       the mixed clinic workload against it (how cost grows with the data).
#
# REPEAT (3), DURATION (10s), CONNECTIONS (32), MIXED_CONNECTIONS (4), DAYS (365).
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${REPEAT:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
MIXED_CONNECTIONS=${MIXED_CONNECTIONS:-4}
DAYS=${DAYS:-365}
command -v wrk >/dev/null || { echo "measure: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
work=$(mktemp -d /tmp/limber-measure.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
go build -o "$work/limber" ./cmd/limber
go build -o "$work/limber-load" ./cmd/limber-load

serve() { # serve DB PORT: a server of its own, waited for
  "$work/limber" serve --db "$1" --addr "127.0.0.1:$2" >"$work/serve-$2.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$2/readyz" >/dev/null && return; sleep 0.1; done
  echo "measure: the server on $2 did not start" >&2; cat "$work/serve-$2.log" >&2; exit 1
}

if [ -z "${LIMBER_URL:-}" ]; then
  LIMBER_EMAIL=load@example.org LIMBER_PASSWORD='a long load password'
  echo "$LIMBER_PASSWORD" | "$work/limber" user add --db "$work/load.db" --email "$LIMBER_EMAIL" --name Load >/dev/null
  serve "$work/load.db" 18190
  LIMBER_URL=http://127.0.0.1:18190
fi
first=${LIMBER_URL%%,*}
go version; nproc; uptime

# The patients for wrk's sessions (64 with 8 items each), and the token.
"$work/limber-load" --url "$first" --email "$LIMBER_EMAIL" --password "$LIMBER_PASSWORD" --tablets-out "$work/tablets.txt" >"$work/setup.txt"
export LIMBER_TABLETS="$work/tablets.txt" LIMBER_TOKEN=$(tail -1 "$work/setup.txt")
sleep 1.1 # sessions start a while after their plans were made

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
wrkrun() { # wrkrun NAME SCRIPT [ENV=VALUE]: prints "req/s p50 p99"
  local out
  out=$(env "${@:3}" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s ".ci/wrk/$2" "$first")
  echo "$out" | grep -q "Non-2xx" && { echo "measure: $1 had errors:" >&2; echo "$out" >&2; }
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '$1=="50%" {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}')"
}
declare -A ratios
for i in $(seq "$REPEAT"); do
  echo "== run $i of $REPEAT (wrk -t2 -c$CONNECTIONS -d$DURATION, $first)"
  h=$(wrkrun healthz healthz.lua); echo "GET /healthz                 $h"
  hr=${h%% *}
  for t in "preview preview.lua" "preview-gzip preview.lua LIMBER_GZIP=1" "sessions sessions.lua"; do
    set -- $t
    r=$(wrkrun "$@"); rate=${r%% *}
    ratio=$(awk -v a="$rate" -v b="$hr" 'BEGIN {printf "%.3f", a/b}')
    printf '%-28s %s  ×healthz %s\n' "$1" "$r" "$ratio"
    ratios[wrk-$1]+="$ratio "
  done
  echo "== run $i of $REPEAT (limber-load, $LIMBER_URL)"
  "$work/limber-load" --url "$LIMBER_URL" --email "$LIMBER_EMAIL" --password "$LIMBER_PASSWORD" --duration "$DURATION" \
    --connections "$CONNECTIONS" --only preview,sessions | tee "$work/load-$i.txt"
  for e in plan-preview me/sessions; do
    ratios[load-$e]+="$(awk -v e="$e" 'index($2, e) {print $NF}' "$work/load-$i.txt") "
  done
done
echo "== medians of $REPEAT runs (ratio to /healthz in the same run)"
for k in "${!ratios[@]}"; do printf '%-24s %s   (%s)\n' "$k" "$(echo ${ratios[$k]} | tr ' ' '\n' | median)" "${ratios[$k]}"; done | sort

for p in ${MIXED:-}; do
  echo "== mixed clinic workload, $p patients, $DAYS days (SQLite, $MIXED_CONNECTIONS connections)"
  "$work/limber" demo --db "$work/large-$p.db" --patients "$p" --days "$DAYS" --password 'a long password' --tokens "$work/tokens-$p.txt" \
    --tablets $((p < 200 ? p : 200))
  serve "$work/large-$p.db" 18191
  # limber demo makes a therapist per 200 patients; the load signs in up to 10.
  t=$(((p + 199) / 200)); t=$((t < 10 ? t : 10))
  "$work/limber-load" --url http://127.0.0.1:18191 --mixed --tokens "$work/tokens-$p.txt" --password 'a long password' \
    --connections "$MIXED_CONNECTIONS" --duration "$DURATION" --therapists "$t"
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
  rm -f "$work/large-$p.db"*
done
