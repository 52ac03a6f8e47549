#!/usr/bin/env bash
# The one search at district size: a generated OneRoster set (STUDENTS=80000, typical contacts: ~215,000 people)
# imported through the API (the directory feeds the search index in each batch's transaction), then
# GET /api/search?q= for 2,000 different queries drawn from the generated names (a family name; a given and a
# family name; a given name alone; a sourcedId) as comms (every site) and as site staff (one site), with wrk:
# WARMUP seconds of load first, then ROUNDS rounds of DURATION seconds each; the median of the rounds' p99 is the figure.
#   mvn -q install -DskipTests && bench/search.sh
# Needs wrk, curl, python3 and java. Port 8181 must be free.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${STUDENTS:-80000}
WARMUP=${WARMUP:-30}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
C=${C:-4}
API="http://localhost:8181/api"
COMMS="comms:comms"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -d bundles/module-directory/target/test-classes ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }
source bench/lib.sh
bench_workspace search
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1), wrk -t2 -c$C" | tee "$out/summary.txt"
start_for_messaging

generate_district "$N" typical
t0=$(ms)
curl -s -u $COMMS -H 'Content-Type: application/zip' --data-binary @"$work/or.zip" "$API/directory/imports" > "$out/import.json"
echo "import with search feed: $(( $(ms) - t0 )) ms — created $(field created < "$out/import.json") people (each one search record)" | tee -a "$out/summary.txt"

# 2,000 queries from the generated names: 40% family name, 30% given + family, 20% given name, 10% sourcedId
python3 - "$work/or/users.csv" "$out/paths.txt" <<'PY'
import csv, random, sys, urllib.parse
random.seed(13)
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
with open(sys.argv[2], "w") as out:
    for _ in range(2000):
        r = random.choice(rows); k = random.random()
        q = r["familyName"] if k < .4 else f'{r["givenName"]} {r["familyName"]}' if k < .7 else r["givenName"] if k < .9 else r["sourcedId"]
        out.write("/api/search?q=" + urllib.parse.quote(q) + "\n")
PY
echo "sample answers: $(curl -s -o /dev/null -w '%{http_code} %{time_total}s' -u $COMMS "http://localhost:8181$(head -1 "$out/paths.txt")") $(head -1 "$out/paths.txt")" | tee -a "$out/summary.txt"
curl -s -u $COMMS "http://localhost:8181$(sed -n 2p "$out/paths.txt")" | head -c 400 > "$out/sample.json"; echo >> "$out/sample.json"

auth() { echo "Authorization: Basic $(printf %s "$1" | base64)"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
to_ms() { awk '{v=$1; if (v ~ /ms$/) {sub(/ms$/,"",v); print v} else if (v ~ /us$/) {sub(/us$/,"",v); print v/1000} else {sub(/s$/,"",v); print v*1000}}'; }
for who in "comms:comms" "principal:principal"; do
  name=${who%%:*}
  SEARCH_PATHS="$out/paths.txt" wrk -t2 -c"$C" -d"${WARMUP}s" -H "$(auth "$who")" -s bench/search-paths.lua http://localhost:8181 > "$out/warm-$name.txt"
  for r in $(seq 1 "$ROUNDS"); do
    SEARCH_PATHS="$out/paths.txt" wrk -t2 -c"$C" -d"${DURATION}s" --latency -H "$(auth "$who")" -s bench/search-paths.lua http://localhost:8181 > "$out/$name-$r.txt"
  done
  p99s=$(for r in $(seq 1 "$ROUNDS"); do p99 "$out/$name-$r.txt" | to_ms; done | tr '\n' ' ')
  rpss=$(for r in $(seq 1 "$ROUNDS"); do rps "$out/$name-$r.txt"; done | tr '\n' ' ')
  errs=$(for r in $(seq 1 "$ROUNDS"); do non2xx "$out/$name-$r.txt"; done | tr '\n' ' ')
  echo "search as $name: median p99 $(echo $p99s | tr ' ' '\n' | median) ms (rounds: $p99s), median $(echo $rpss | tr ' ' '\n' | median) req/s (rounds: $rpss), non-2xx per round: $errs" | tee -a "$out/summary.txt"
done
echo "== results in $out"
