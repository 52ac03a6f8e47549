#!/usr/bin/env bash
# Homeroom benchmark suite. Loopback only, bounded, ≥ 30 s of warm-up load before anything is measured.
#   mvn -q install -DskipTests && bench/run.sh
# Needs wrk (Debian: apt-get install wrk) and curl. Prints a summary; full wrk output goes to bench/results/.
# Tunables: WARMUP (s, default 30, never below 30), DURATION (s per measurement, 20), CONNECTIONS (16), THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
WARMUP=$(( ${WARMUP:-30} < 30 ? 30 : ${WARMUP:-30} ))
DURATION=${DURATION:-20}
C=${CONNECTIONS:-16}
T=${THREADS:-2}
PORT=8181
API="http://localhost:$PORT/api"
ADMIN="Authorization: Basic YWRtaW46YWRtaW4="   # admin:admin (demo)
COMMS="Authorization: Basic Y29tbXM6Y29tbXM="   # comms:comms (demo)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -d karaf-distribution/target/assembly ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }
out="$root/bench/results/$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
work=$(mktemp -d /tmp/homeroom-bench.XXXX)
launcher=""; jetty=""
cleanup() {
  [ -f "$work/k/data/log/karaf.log" ] && cp "$work/k/data/log/karaf.log" "$out/karaf.log"
  for p in $(pgrep -f "karaf.base=$work/k" || true); do kill "$p" 2>/dev/null || true; done
  [ -n "$jetty" ] && kill "$jetty" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
source bench/lib.sh
sockerr() { awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' "$1" | grep . || echo 0; }
rss_mb() { echo $(( $(ps -o rss= -p "$(pgrep -f "karaf.base=$work/k" | head -1)" | tr -d ' ') / 1024 )); }
await_op() { local id=$1; for _ in $(seq 1 600); do s=$(curl -s -H "$ADMIN" "$API/admin/operations/$id"); case "$s" in *'"state":"succeeded"'*|*'"state":"failed"'*) echo "$s"; return;; esac; sleep 0.05; done; echo "timeout"; }
# a setup call that must succeed: retried for up to 10 s (whiteboard and module registration are asynchronous)
must() { local want=$1; shift; for _ in $(seq 1 200); do [ "$(code "$@")" = "$want" ] && return; sleep 0.05; done; echo "setup call failed: $*" >&2; exit 1; }
op() { curl -s -X POST -H "$ADMIN" "$API/admin/modules/$1/$2" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p'; }

if [ "$(code "$API/health")" != 000 ]; then echo "something already answers on port $PORT: stop it first" >&2; exit 1; fi
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1), wrk -t$T -c$C"
cp -r karaf-distribution/target/assembly "$work/k"
t0=$(ms)
"$work/k/bin/karaf" server > "$work/console.log" 2>&1 & launcher=$!
until [ "$(code -H "$ADMIN" "$API/sites?limit=1")" = 200 ] && [ "$(code -H "$COMMS" "$API/events")" = 200 ] \
      && [ "$(code -H "$ADMIN" "$API/admin/modules")" = 200 ] \
      && curl -s "$API/health" | grep -q '"id":"announcements","state":"active"'; do sleep 0.05; done
cold=$(( $(ms) - t0 )); rss_start=$(rss_mb)
echo "cold start to 200 on /sites, /events, health: ${cold} ms; RSS ${rss_start} MB"

ps -o args= -p "$(pgrep -f "karaf.base=$work/k" | head -1)" | tr ' ' '\n' | grep -E '^-X|^-D(user|java.security|jdk.util)' > "$out/jvm-options.txt" || true

# data: the sample module on at E01 with 60 announcements, so a page of 50 rows is a real page;
# the POST load writes to E02 so that page stays the same size all run long
for site in E01 E02; do
  must 200 -X PUT -H "$ADMIN" -H 'Content-Type: application/json' -d '{"enabled":true}' "$API/sites/$site/modules/announcements"
done
for i in $(seq 1 60); do
  must 201 -X POST -H "$ADMIN" -H 'Content-Type: application/json' \
    -d "{\"titleEn\":\"Notice $i\",\"titleEs\":\"Aviso $i\",\"bodyEn\":\"Body $i\",\"bodyEs\":\"Cuerpo $i\"}" "$API/sites/E01/announcements"
done
must 200 -H "$ADMIN" "$API/sites/E02/announcements?limit=1"
LIST="$API/sites/E01/announcements?limit=50"
CONST="$API/health/ping"
EVENTS="$API/events?limit=50"

echo "== warm-up: ${WARMUP} s on every measured path at once"
warm=()
wrk -t1 -c4 -d"${WARMUP}s" "$CONST" > "$out/warm-const.txt" & warm+=($!)
wrk -t1 -c4 -d"${WARMUP}s" -H "$ADMIN" "$LIST" > "$out/warm-list.txt" & warm+=($!)
wrk -t1 -c4 -d"${WARMUP}s" -H "$COMMS" "$EVENTS" > "$out/warm-events.txt" & warm+=($!)
wrk -t1 -c2 -d"${WARMUP}s" -s bench/post-announcement.lua "$API/sites/E02/announcements" > "$out/warm-post.txt" & warm+=($!)
wait "${warm[@]}"

echo "== measuring ${DURATION} s each"
wrk -t"$T" -c"$C" -d"${DURATION}s" --latency "$CONST" > "$out/const.txt"
wrk -t"$T" -c"$C" -d"${DURATION}s" --latency -H "$ADMIN" "$LIST" > "$out/list.txt" & listing=$!
sleep $(( DURATION / 2 )); rss_load=$(rss_mb); wait $listing
wrk -t"$T" -c"$C" -d"${DURATION}s" --latency -s bench/post-announcement.lua "$API/sites/E02/announcements" > "$out/post.txt"

echo "== uninstall / install / update announcements while events is under load"
wrk -t"$T" -c"$C" -d"$(( DURATION + 20 ))s" --latency -H "$COMMS" "$EVENTS" > "$out/events-during-ops.txt" & load=$!
sleep 5
await_op "$(op announcements uninstall)" > "$out/op-uninstall.json"
until [ "$(code -H "$ADMIN" "$LIST")" = 404 ]; do sleep 0.01; done
t_install=$(ms); id=$(op announcements install)
until [ "$(code -H "$ADMIN" "$LIST")" = 200 ]; do sleep 0.005; done
install_ms=$(( $(ms) - t_install )); await_op "$id" > "$out/op-install.json"
t_update=$(ms); await_op "$(op announcements update)" > "$out/op-update.json"
until [ "$(code -H "$ADMIN" "$LIST")" = 200 ]; do sleep 0.005; done
update_ms=$(( $(ms) - t_update ))
wait $load

echo "== per-site toggle: PUT, then the very next GET"
worst=0; total=0
for i in $(seq 1 20); do
  for state in false true; do
    t=$(ms)
    curl -s -o /dev/null -X PUT -H "$ADMIN" -H 'Content-Type: application/json' -d "{\"enabled\":$state}" "$API/sites/E01/modules/announcements"
    got=$(code -H "$ADMIN" "$LIST"); d=$(( $(ms) - t ))
    want=$([ $state = true ] && echo 200 || echo 404)
    [ "$got" = "$want" ] || { echo "toggle not effective on the next request: $got != $want" >&2; exit 1; }
    total=$(( total + d )); [ $d -gt $worst ] && worst=$d
  done
done
toggle_avg=$(( total / 40 ))

for p in $(pgrep -f "karaf.base=$work/k"); do kill "$p"; done; wait "$launcher" 2>/dev/null || true
sleep 2

echo "== bare Jetty 9.4 + Jackson (the ceiling), same JSON, same warm-up"
(cd bench/bare-jetty && mvn -q package -DskipTests)
java -Xmx1g -cp "bench/bare-jetty/target/bare-jetty-1.jar:bench/bare-jetty/target/dependency/*" org.homeroom.bench.BareJetty 18080 > "$out/jetty.log" 2>&1 & jetty=$!
until [ "$(code http://localhost:18080/api/health/ping)" = 200 ]; do sleep 0.1; done
wrk -t"$T" -c"$C" -d"${WARMUP}s" http://localhost:18080/api/health/ping > "$out/warm-jetty.txt"
wrk -t"$T" -c"$C" -d"${DURATION}s" --latency http://localhost:18080/api/health/ping > "$out/jetty.txt"
kill $jetty; jetty=""

c_rps=$(rps "$out/const.txt"); l_rps=$(rps "$out/list.txt"); j_rps=$(rps "$out/jetty.txt"); p_rps=$(rps "$out/post.txt")
cat <<SUMMARY | tee "$out/summary.md"
| what | figure | target |
| --- | --- | --- |
| cold start → /sites, /events, health 200 | ${cold} ms | ≤ 5,000 ms |
| RSS after start / under list load | ${rss_start} MB / ${rss_load} MB | ≤ 512 MB after start |
| constant endpoint /api/health/ping | $c_rps req/s, p99 $(p99 "$out/const.txt") | |
| site list GET (auth + site guard + JSON + Derby, 50 rows) | $l_rps req/s, p99 $(p99 "$out/list.txt") | |
| list ÷ constant | $(awk -v a="$l_rps" -v b="$c_rps" 'BEGIN {printf "%.2f", a/b}') | ≥ 0.5 |
| bare Jetty servlet, same JSON | $j_rps req/s, p99 $(p99 "$out/jetty.txt") | |
| constant ÷ bare Jetty | $(awk -v a="$c_rps" -v b="$j_rps" 'BEGIN {printf "%.2f", a/b}') | ≥ 0.35 |
| durable POSTs (commit + audit each) | $p_rps req/s, p99 $(p99 "$out/post.txt"), non-2xx $(non2xx "$out/post.txt") | ≥ 1,000/s, p99 ≤ 50 ms |
| install via admin API → module endpoint 200 | ${install_ms} ms | ≤ 1,000 ms |
| update via admin API → module endpoint 200 | ${update_ms} ms | |
| events load during uninstall+install+update of announcements | $(rps "$out/events-during-ops.txt") req/s, non-2xx $(non2xx "$out/events-during-ops.txt"), socket errors $(sockerr "$out/events-during-ops.txt") | 0 failed |
| per-site toggle → effect on the next request (PUT + GET) | avg ${toggle_avg} ms, worst ${worst} ms | ≤ 50 ms |
SUMMARY
echo "raw wrk output: $out"
