#!/usr/bin/env bash
# Open records under a realistic year of work: 10,000 requests, each with a staff note, then staff list,
# filtered list, full-text search and the requester's public status, measured with wrk.
#   mvn -q install -DskipTests && bench/open-records.sh
# Needs wrk and curl (7.66+ for --parallel). Loopback only; port BENCH_PORT (8181) must be free.
# Tunables: REQUESTS (10000), WARMUP (s, 30, never below 30), DURATION (s per measurement, 20), CONNECTIONS (16), THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${REQUESTS:-10000}
WARMUP=$(( ${WARMUP:-30} < 30 ? 30 : ${WARMUP:-30} ))
DURATION=${DURATION:-20}
C=${CONNECTIONS:-16}
T=${THREADS:-2}
API="http://localhost:${BENCH_PORT:=8181}/api"
COMMS="Authorization: Basic Y29tbXM6Y29tbXM="   # comms:comms (demo)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
source bench/lib.sh
bench_workspace open-records
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1), wrk -t$T -c$C"
# the public limit (30 calls a minute per address) would turn the load generator's calls into 429s:
# lift it for this run only, so the figure is the endpoint's own throughput
echo "publicCallsPerMinute=100000000" >> "$work/k/etc/org.homeroom.openrecords.cfg"
echo "reminderMinutes=0" >> "$work/k/etc/org.homeroom.openrecords.cfg"
"$work/k/bin/karaf" server > "$work/console.log" 2>&1 &
until [ "$(code "$API/health")" = 200 ] && [ "$(code -H "$COMMS" "$API/open-records/requests?limit=1")" = 200 ]; do sleep 0.2; done

echo "== loading $N requests with a note each (staff entry, 8 at a time)"
depts=(transportation finance human-resources technology facilities legal student-services police)
topics=("bus route changes" "bond election emails" "cafeteria vendor contracts" "overtime payroll totals" "camera footage policy"
        "board meeting minutes" "enrollment counts by site" "construction change orders" "athletics travel receipts" "textbook adoption records")
months=(January February March April May June July August September October November December)
year=$(date +%Y)
{
  for i in $(seq 1 "$N"); do
    d=${depts[$((i % 8))]}; t=${topics[$((i % 10))]}; m=${months[$((i % 12))]}
    [ "$i" = 1 ] || echo next
    printf 'url = "%s/open-records/requests"\nrequest = "POST"\nheader = "%s"\nheader = "Content-Type: application/json"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' "$API" "$COMMS"
    printf 'data = "{\\"name\\":\\"Requester %d\\",\\"email\\":\\"r%d@example.org\\",\\"requesterType\\":\\"%s\\",\\"channel\\":\\"email\\",\\"description\\":\\"Records of %s kept by %s, %s %s (request %d)\\"}"\n' \
      "$i" "$i" "$([ $((i % 5)) = 0 ] && echo media || echo parent)" "$t" "$d" "$m" "$year" "$i"
  done
} > "$work/submit.cfg"
t0=$(ms)
curl -s --no-progress-meter --parallel --parallel-max 8 -K "$work/submit.cfg" > "$work/submit.codes"
load_ms=$(( $(ms) - t0 ))
created=$(grep -c '^201$' "$work/submit.codes" || true)
{
  for i in $(seq 1 "$N"); do
    [ "$i" = 1 ] || echo next
    printf 'url = "%s/open-records/requests/ORR-%s-%05d/notes"\nrequest = "POST"\nheader = "%s"\nheader = "Content-Type: application/json"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' "$API" "$year" "$i" "$COMMS"
    printf 'data = "{\\"text\\":\\"Reviewed: %d pages located in the %s archive\\",\\"visibility\\":\\"internal\\"}"\n' $((i % 300 + 1)) "${depts[$((i % 8))]}"
  done
} > "$work/notes.cfg"
t0=$(ms)
curl -s --no-progress-meter --parallel --parallel-max 8 -K "$work/notes.cfg" > "$work/notes.codes"
notes_ms=$(( $(ms) - t0 ))
noted=$(grep -c '^201$' "$work/notes.codes" || true)
[ "$created" = "$N" ] && [ "$noted" = "$N" ] || { echo "load failed: $created requests, $noted notes created" >&2; exit 1; }
echo "loaded: $created requests in $load_ms ms, $noted notes in $notes_ms ms"

# one requester's own view: file a public request and keep its token
receipt=$(curl -s -X POST -H 'Content-Type: application/json' \
  -d '{"name":"Pat","email":"pat@example.org","description":"Signed contracts for the new stadium scoreboard","confirmedNotDuplicate":true}' "$API/open-records/requests")
tracking=$(echo "$receipt" | sed -n 's/.*"trackingNumber":"\([^"]*\)".*/\1/p')
token=$(echo "$receipt" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "public submit failed: $receipt" >&2; exit 1; }

LIST="$API/open-records/requests?limit=50"
FILTER="$API/open-records/requests?status=received&requesterType=media&limit=50"
SEARCH="$API/open-records/requests?q=scoreboard&limit=50"
SEARCH_NOTES="$API/open-records/requests?q=pages%20located%20in%20the%20legal&limit=50"
STATUS="$API/open-records/requests/$tracking/status"
echo "search hits: $(curl -s -H "$COMMS" "$SEARCH" | sed -n 's/.*"total":\([0-9]*\).*/\1/p') (scoreboard), $(curl -s -H "$COMMS" "$SEARCH_NOTES" | sed -n 's/.*"total":\([0-9]*\).*/\1/p') (note text)"

echo "== warm-up: ${WARMUP} s on every measured path at once"
warm=()
wrk -t1 -c2 -d"${WARMUP}s" -H "$COMMS" "$LIST" > "$out/warm-list.txt" & warm+=($!)
wrk -t1 -c2 -d"${WARMUP}s" -H "$COMMS" "$SEARCH" > "$out/warm-search.txt" & warm+=($!)
wrk -t1 -c2 -d"${WARMUP}s" -H "X-Tracking-Token: $token" "$STATUS" > "$out/warm-status.txt" & warm+=($!)
wait "${warm[@]}"

echo "== measuring ${DURATION} s each"
wrk -t"$T" -c"$C" -d"${DURATION}s" --latency -H "$COMMS" "$LIST" > "$out/list.txt"
wrk -t"$T" -c"$C" -d"${DURATION}s" --latency -H "$COMMS" "$FILTER" > "$out/filter.txt"
wrk -t"$T" -c"$C" -d"${DURATION}s" --latency -H "$COMMS" "$SEARCH" > "$out/search.txt"
wrk -t"$T" -c"$C" -d"${DURATION}s" --latency -H "$COMMS" "$SEARCH_NOTES" > "$out/search-notes.txt"
wrk -t"$T" -c"$C" -d"${DURATION}s" --latency -H "X-Tracking-Token: $token" "$STATUS" > "$out/status.txt"
wrk -t"$T" -c"$C" -d"${DURATION}s" --latency -H "X-Tracking-Token: wrong" "$STATUS" > "$out/status-wrong-token.txt"

cat <<SUMMARY | tee "$out/summary.md"
| what ($N requests, $N notes) | figure |
| --- | --- |
| load: staff-entered requests (8 parallel clients) | $created in $load_ms ms ($(( N * 1000 / load_ms )) /s) |
| load: internal notes | $noted in $notes_ms ms ($(( N * 1000 / notes_ms )) /s) |
| staff list, 50 per page, soonest target first | $(rps "$out/list.txt") req/s, p99 $(p99 "$out/list.txt") |
| staff list filtered by status + requester type | $(rps "$out/filter.txt") req/s, p99 $(p99 "$out/filter.txt") |
| search, description ("scoreboard") | $(rps "$out/search.txt") req/s, p99 $(p99 "$out/search.txt") |
| search, note text (phrase) | $(rps "$out/search-notes.txt") req/s, p99 $(p99 "$out/search-notes.txt") |
| public status with the token | $(rps "$out/status.txt") req/s, p99 $(p99 "$out/status.txt"), non-2xx $(non2xx "$out/status.txt") |
| public status, wrong token (404) | $(rps "$out/status-wrong-token.txt") req/s, p99 $(p99 "$out/status-wrong-token.txt") |
SUMMARY
echo "raw wrk output: $out"
