#!/usr/bin/env bash
# The whole of issue 10's measurements in one run on one machine: SQLite
# (one node), PostgreSQL (one node, then two nodes on one database), each
# through .ci/measure.sh (ratios to /healthz of the same run, wrk and
# limber-load), then the mixed clinic workload at 1,000 and 10,000 patients
# on each store. Not part of CI: run it on a quiet machine.
#
#   LIMBER_PG=postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable bash .ci/measure-network.sh
#
# LIMBER_PG is a server where this may create and drop databases
# (limber_measure_*). REPEAT, DURATION as in measure.sh; SIZES ("1000
# 10000"), DAYS (30: a 10,000-patient clinic then holds about 170,000
# sessions, and PostgreSQL's is generated in minutes); PARTS ("sqlite
# postgres mixed") to run some only.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${LIMBER_PG:?set LIMBER_PG to a PostgreSQL server URL this may create databases in}"
export REPEAT=${REPEAT:-2} DURATION=${DURATION:-8s}
SIZES=${SIZES:-1000 10000}
DAYS=${DAYS:-30}
PARTS=${PARTS:-sqlite postgres mixed}
part() { [[ " $PARTS " == *" $1 "* ]]; }
command -v psql >/dev/null || { echo "measure-network: psql is missing" >&2; exit 1; }
work=$(mktemp -d /tmp/limber-network.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
go build -o "$work/limber" ./cmd/limber
go build -o "$work/limber-load" ./cmd/limber-load

dburl() { # dburl NAME: LIMBER_PG with its database replaced by NAME
  local base=${LIMBER_PG%%\?*} q=""
  [[ $LIMBER_PG == *\?* ]] && q="?${LIMBER_PG#*\?}"
  echo "${base%/*}/$1$q"
}
fresh() { # fresh NAME: an empty database of that name
  psql -q "$LIMBER_PG" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
}
serve() { # serve DB PORT
  "$work/limber" serve --db "$1" --addr "127.0.0.1:$2" >"$work/serve-$2.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$2/readyz" >/dev/null && return; sleep 0.1; done
  echo "measure-network: the server on $2 did not start" >&2; cat "$work/serve-$2.log" >&2; exit 1
}
stop_all() { # its own loop variable: the callers' $p is a clinic's size
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pids=()
}
mixed() { # mixed URLS PATIENTS: the mixed workload against the servers at URLS
  local t=$((($2 + 199) / 200)); t=$((t < 10 ? t : 10)) # a therapist per 200 patients
  "$work/limber-load" --url "$1" --mixed --tokens "$work/tokens.txt" --password 'a long password' \
    --connections "${MIXED_CONNECTIONS:-4}" --duration "$DURATION" --therapists "$t"
}

if part sqlite; then
  echo "#### SQLite, one node"
  MIXED="$SIZES" DAYS=$DAYS bash .ci/measure.sh
fi

export LIMBER_EMAIL=load@example.org LIMBER_PASSWORD='a long load password'
for nodes in 1 2; do
  part postgres || break
  echo "#### PostgreSQL, $nodes node(s)"
  fresh limber_measure_load
  db=$(dburl limber_measure_load)
  echo "$LIMBER_PASSWORD" | "$work/limber" user add --db "$db" --email "$LIMBER_EMAIL" --name Load >/dev/null
  urls=""
  for n in $(seq "$nodes"); do
    serve "$db" $((18290 + n)); urls+="${urls:+,}http://127.0.0.1:$((18290 + n))"
  done
  LIMBER_URL=$urls bash .ci/measure.sh
  stop_all
done

for p in $SIZES; do
  part mixed || break
  fresh limber_measure_clinic
  db=$(dburl limber_measure_clinic)
  echo "#### PostgreSQL, mixed clinic workload, $p patients, $DAYS days"
  "$work/limber" demo --db "$db" --patients "$p" --days "$DAYS" --password 'a long password' --tokens "$work/tokens.txt" \
    --tablets $((p < 200 ? p : 200))
  for nodes in 1 2; do
    urls=""
    for n in $(seq "$nodes"); do
      serve "$db" $((18390 + n)); urls+="${urls:+,}http://127.0.0.1:$((18390 + n))"
    done
    echo "## $nodes node(s)"
    mixed "$urls" "$p"
    stop_all
  done
done
psql -q "$LIMBER_PG" -c "DROP DATABASE IF EXISTS limber_measure_load WITH (FORCE)" -c "DROP DATABASE IF EXISTS limber_measure_clinic WITH (FORCE)"
