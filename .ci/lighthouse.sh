#!/usr/bin/env bash
# Measures Limber's pages with Lighthouse 12 (mobile preset) against
# `limber serve --demo` on 127.0.0.1, signed in as a demo patient and the
# demo therapist. Not part of CI (it takes minutes); its figures go in the
# README. Needs Debian's chromium and node; installs lighthouse in a
# temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
port=${PORT:-18095}
go build -o "$work/limber" ./cmd/limber
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund lighthouse@12.8.2 >/dev/null)
"$work/limber" serve --demo --db "$work/demo.db" --addr "127.0.0.1:$port" >"$work/serve.out" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
code=$(grep -o 'tablet code: [0-9A-Z]*' "$work/serve.out" | head -1 | awk '{print $3}')
pw=$(grep -o 'password: [^ ]*' "$work/serve.out" | awk '{print $2}')
json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
patient=$(curl -fs -X POST "127.0.0.1:$port/api/v1/auth/enroll" -H 'Content-Type: application/json' -d "{\"code\":\"$code\"}" | json token)
staff=$(curl -fs -X POST "127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' -d "{\"email\":\"therapist@demo.limber\",\"password\":\"$pw\"}" | json token)
curl -fs -X POST "127.0.0.1:$port/api/v1/me/screenings" -H "Authorization: Bearer $patient" -H 'Content-Type: application/json' \
  -d '{"answers":{"RF-1":"no","RF-2":"no","RF-3":"no","RF-4":"no","RF-5":"no","RF-6":"no","RF-7":"no"}}' >/dev/null
run() {
  local token=$1 page=$2 out="$work/report.json"
  CHROME_PATH=/usr/bin/chromium "$work/node_modules/.bin/lighthouse" "http://127.0.0.1:$port/$page" --output=json --output-path="$out" \
    --only-categories=performance,accessibility,best-practices --quiet --extra-headers="{\"Cookie\":\"limber_session=$token\"}" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$(mktemp -d)" 2>/dev/null
  node -e 'const r=require(process.argv[1]);const c=r.categories;console.log(process.argv[2].padEnd(24),"performance",c.performance.score,"accessibility",c.accessibility.score,"best-practices",c["best-practices"].score,"bytes",r.audits["total-byte-weight"].numericValue);for(const k of Object.keys(c)){for(const ref of c[k].auditRefs){const a=r.audits[ref.id];if(ref.weight>0&&a.score!==null&&a.score<1)console.log("   ",k,ref.id,((a.details&&a.details.items)||[]).slice(0,3).map(i=>i.node?i.node.snippet:"").join(" | "))}}' "$out" "/$page"
}
for p in ${PATIENT_PAGES:-patient patient/session patient/journal patient/settings enroll}; do run "$patient" "$p"; done
for p in ${STAFF_PAGES:-clinic clinic/patients/1 clinic/plans/1 clinic/plans/1/print clinic/alerts clinic/figures}; do run "$staff" "$p"; done
