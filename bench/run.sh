#!/usr/bin/env bash
# Homeroom benchmark suite. Loopback only, bounded.
#   mvn -q install -DskipTests && bench/run.sh
# Needs wrk (Debian: apt-get install wrk), curl and jcmd. Prints a summary; full wrk output goes to bench/results/.
#
# Throughput right after start is not throughput (STACK.md pitfall 19), and this machine is shared, so:
#  - warm-up runs ROUND-second rounds on the constant endpoint, the site list and bare Jetty until two
#    successive rounds of each are within STABLE_PCT % of each other (at least MIN_WARMUP s, at most MAX_WARMUP s);
#  - then ROUNDS interleaved rounds (constant, list, Jetty, constant, list, Jetty, …): each ratio is taken
#    within one pass, so a neighbour's build slows both sides of it alike; the summary gives medians.
# Tunables: BENCH_PORT (8181; Karaf's SSH/JMX ports move with it, bare Jetty listens on BENCH_PORT+9899),
#   ROUND (s, 5), ROUNDS (7), STABLE_PCT (5), MIN_WARMUP (s, 30), MAX_WARMUP (s, 300),
#   DURATION (s per remaining measurement, 20), CONNECTIONS (16), THREADS (2), PROFILE=1 (JFR recordings of
#   one site-list round and one constant round, bench/results/…/list.jfr and const.jfr), ONLY_RATIOS=1 (stop after the interleaved passes),
#   BENCH_MVN_ARGS (extra Maven arguments for building bench/bare-jetty), DISTRIBUTION (the assembly to bench,
#   karaf-distribution/target/assembly; e.g. a copy of another build, to compare two commits).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
ROUND=${ROUND:-5}
ROUNDS=${ROUNDS:-7}
STABLE_PCT=${STABLE_PCT:-5}
MIN_WARMUP=${MIN_WARMUP:-30}
MAX_WARMUP=${MAX_WARMUP:-300}
DURATION=${DURATION:-20}
C=${CONNECTIONS:-16}
T=${THREADS:-2}
source bench/lib.sh
PORT=$BENCH_PORT
JETTY_PORT=$(( PORT + 9899 ))
API="http://localhost:$PORT/api"
ADMIN="Authorization: Basic YWRtaW46YWRtaW4="   # admin:admin (demo)
COMMS="Authorization: Basic Y29tbXM6Y29tbXM="   # comms:comms (demo)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
DISTRIBUTION=${DISTRIBUTION:-karaf-distribution/target/assembly}
[ -d "$DISTRIBUTION" ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }
out="$root/bench/results/$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
work=$(mktemp -d /tmp/homeroom-bench.XXXX)
launcher=""; jetty=""
cleanup() {
  [ -f "$work/k/data/log/karaf.log" ] && cp "$work/k/data/log/karaf.log" "$out/karaf.log"
  for p in $(pgrep -f "karaf.base=$work/k" || true); do kill "$p" 2>/dev/null || true; done
  [ -n "$jetty" ] && kill "$jetty" 2>/dev/null || true
  for _ in $(seq 1 100); do pgrep -f "karaf.base=$work/k" > /dev/null || break; sleep 0.1; done # it writes until it is gone
  rm -rf "$work" || true
}
trap cleanup EXIT
sockerr() { awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' "$1" | grep . || echo 0; }
karaf_pid() { pgrep -f "karaf.base=$work/k" | head -1; }
rss_mb() { echo $(( $(ps -o rss= -p "$(karaf_pid)" | tr -d ' ') / 1024 )); }
await_op() { local id=$1; for _ in $(seq 1 600); do s=$(curl -s -H "$ADMIN" "$API/admin/operations/$id"); case "$s" in *'"state":"succeeded"'*|*'"state":"failed"'*) echo "$s"; return;; esac; sleep 0.05; done; echo "timeout"; }
# a setup call that must succeed: retried for up to 10 s (whiteboard and module registration are asynchronous)
must() { local want=$1; shift; for _ in $(seq 1 200); do [ "$(code "$@")" = "$want" ] && return; sleep 0.05; done; echo "setup call failed: $*" >&2; exit 1; }
op() { curl -s -X POST -H "$ADMIN" "$API/admin/modules/$1/$2" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p'; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) printf "%.2f", a[(NR+1)/2]; else printf "%.2f", (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a/b}'; }
within() { awk -v a="$1" -v b="$2" -v p="$STABLE_PCT" 'BEGIN {d=a-b; if (d<0) d=-d; exit !(b>0 && d/b*100 <= p)}'; }

if [ "$(code "$API/health")" != 000 ]; then echo "something already answers on port $PORT: stop it first" >&2; exit 1; fi
if [ "$(code "http://localhost:$JETTY_PORT/api/health/ping")" != 000 ]; then echo "something already answers on port $JETTY_PORT: stop it first" >&2; exit 1; fi
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1), wrk -t$T -c$C, load average $(cut -d' ' -f1-3 /proc/loadavg)"
(cd bench/bare-jetty && mvn -q ${BENCH_MVN_ARGS:-} package -DskipTests)  # BENCH_MVN_ARGS: e.g. -o -Dmaven.repo.local=…
cp -r "$DISTRIBUTION" "$work/k"
bench_ports "$work/k"
t0=$(ms)
"$work/k/bin/karaf" server > "$work/console.log" 2>&1 & launcher=$!
until [ "$(code -H "$ADMIN" "$API/sites?limit=1")" = 200 ] && [ "$(code -H "$COMMS" "$API/events")" = 200 ] \
      && [ "$(code -H "$ADMIN" "$API/admin/modules")" = 200 ] \
      && curl -s -H "$ADMIN" "$API/health" | grep -q '"id":"announcements","state":"active"'; do sleep 0.05; done
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

# bare Jetty 9.4 + Jackson (the ceiling), same JSON, beside Karaf so its rounds interleave with Karaf's
java -Xmx1g -cp "bench/bare-jetty/target/bare-jetty-1.jar:bench/bare-jetty/target/dependency/*" org.homeroom.bench.BareJetty "$JETTY_PORT" > "$out/jetty.log" 2>&1 & jetty=$!
until [ "$(code "http://localhost:$JETTY_PORT/api/health/ping")" = 200 ]; do sleep 0.1; done
JETTY="http://localhost:$JETTY_PORT/api/health/ping"

# one round: wrk on one path for ROUND s; prints its requests/s and the server's CPU time per request
# (µs, all its threads, from /proc): the CPU cost hardly depends on what the neighbours do, throughput does
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
round() {
  local file=$1 pid=$2; shift 2
  local t0; t0=$(cpu_ticks "$pid")
  wrk -t"$T" -c"$C" -d"${ROUND}s" --latency "$@" > "$file"
  awk -v t0="$t0" -v t1="$(cpu_ticks "$pid")" -v hz="$(getconf CLK_TCK)" '/requests in/ {n=$1} /Requests\/sec/ {r=$2} END {printf "%s %.1f", r, (t1-t0)/hz*1e6/n}' "$file"
}
pass() { # pass PREFIX: constant, list, Jetty, one round each; prints "const µs list µs jetty µs"
  local k; k=$(karaf_pid)
  echo "$(round "$out/$1-const.txt" "$k" "$CONST") $(round "$out/$1-list.txt" "$k" -H "$ADMIN" "$LIST") $(round "$out/$1-jetty.txt" "$jetty" "$JETTY")"
}

echo "== warm-up: ${ROUND} s rounds until two in a row agree within ${STABLE_PCT} % (at least ${MIN_WARMUP} s, at most ${MAX_WARMUP} s)"
wrk -t1 -c2 -d"${ROUND}s" -s bench/post-announcement.lua "$API/sites/E02/announcements" > "$out/warm-post.txt" # the write path's JIT too
wrk -t1 -c4 -d"${ROUND}s" -H "$COMMS" "$EVENTS" > "$out/warm-events.txt"
warm_start=$(ms); prev=""; n=0; stable=no
while :; do
  n=$(( n + 1 )); read -r c cc l lc j jc <<< "$(pass "warm-$n")"; cur="$c $l $j"
  echo "   warm-up $n: constant / list / Jetty = $cur req/s; CPU per request $cc / $lc / $jc µs"
  elapsed=$(( ($(ms) - warm_start) / 1000 ))
  if [ -n "$prev" ] && [ $elapsed -ge "$MIN_WARMUP" ]; then
    read -r c0 l0 j0 <<< "$prev"; read -r c1 l1 j1 <<< "$cur"
    if within "$c1" "$c0" && within "$l1" "$l0" && within "$j1" "$j0"; then stable=yes; break; fi
  fi
  [ $elapsed -ge "$MAX_WARMUP" ] && break
  prev=$cur
done
warm_s=$(( ($(ms) - warm_start) / 1000 ))
echo "   warm-up: ${warm_s} s, stable: $stable"

echo "== measuring: ${ROUNDS} interleaved passes of ${ROUND} s (constant, list, Jetty)"
: > "$out/passes.txt"
for i in $(seq 1 "$ROUNDS"); do
  read -r c cc l lc j jc <<< "$(pass "pass-$i")"
  echo "$c $l $j $(ratio "$l" "$c") $(ratio "$c" "$j") $cc $lc $jc $(ratio "$cc" "$lc") $(ratio "$jc" "$cc")" >> "$out/passes.txt"
  echo "   pass $i: constant $c, list $l, Jetty $j req/s; list ÷ constant $(ratio "$l" "$c"), constant ÷ Jetty $(ratio "$c" "$j");" \
       "CPU per request $cc / $lc / $jc µs"
done
rss_load=$(rss_mb)
col() { awk -v k="$1" '{print $k}' "$out/passes.txt"; }
c_rps=$(col 1 | median); l_rps=$(col 2 | median); j_rps=$(col 3 | median)
lc=$(col 4 | median); cj=$(col 5 | median)
c_cpu=$(col 6 | median); l_cpu=$(col 7 | median); j_cpu=$(col 8 | median); lc_cpu=$(col 9 | median); cj_cpu=$(col 10 | median)
lc_range="$(col 4 | sort -g | head -1)–$(col 4 | sort -g | tail -1)"; cj_range="$(col 5 | sort -g | head -1)–$(col 5 | sort -g | tail -1)"
p99s() { for i in $(seq 1 "$ROUNDS"); do p99 "$out/pass-$i-$1.txt"; done | tr '\n' ' '; }
kill $jetty; jetty=""

echo "== request threads inside CXF's per-request resource lookup (20 thread dumps under constant load)"
wrk -t"$T" -c"$C" -d"${ROUND}s" "$CONST" > "$out/dumps-load.txt" & dumping=$!
lookups=0; inflight=0; sleep 1
for i in $(seq 1 20); do
  jcmd "$(karaf_pid)" Thread.print > "$out/dump-$i.txt" 2>/dev/null || true
  lookups=$(( lookups + $(grep -c 'DefaultResourceManager.resolveResource' "$out/dump-$i.txt" || true) ))
  inflight=$(( inflight + $(grep -c 'ServletController.invoke(' "$out/dump-$i.txt" || true) ))
  sleep 0.15
done
wait $dumping

if [ "${PROFILE:-0}" = 1 ]; then
  echo "== JFR recording of one ${DURATION} s site-list round: $out/list.jfr"
  jcmd "$(karaf_pid)" JFR.start name=list settings=profile filename="$out/list.jfr" > /dev/null
  wrk -t"$T" -c"$C" -d"${DURATION}s" -H "$ADMIN" "$LIST" > "$out/list-profiled.txt"
  jcmd "$(karaf_pid)" JFR.stop name=list > /dev/null
  echo "== JFR recording of one ${DURATION} s constant round: $out/const.jfr"
  jcmd "$(karaf_pid)" JFR.start name=const settings=profile filename="$out/const.jfr" > /dev/null
  wrk -t"$T" -c"$C" -d"${DURATION}s" "$CONST" > "$out/const-profiled.txt"
  jcmd "$(karaf_pid)" JFR.stop name=const > /dev/null
fi

if [ "${ONLY_RATIOS:-0}" = 1 ]; then # the comparable figures only (about ROUND × 3 × (warm-up passes + ROUNDS) s)
  cat <<SUMMARY | tee "$out/summary.md"
| what | figure | target |
| --- | --- | --- |
| warm-up until stable (±${STABLE_PCT} %, ${ROUND} s rounds) | ${warm_s} s, stable: $stable | |
| constant endpoint /api/health/ping (median of ${ROUNDS}) | $c_rps req/s, p99 per pass $(p99s const) | |
| site list GET (auth + site guard + JSON + Derby, 50 rows) | $l_rps req/s, p99 per pass $(p99s list) | |
| bare Jetty servlet, same JSON | $j_rps req/s, p99 per pass $(p99s jetty) | |
| list ÷ constant (median of per-pass ratios, range) | $lc ($lc_range) | ≥ 0.5 |
| constant ÷ bare Jetty (median of per-pass ratios, range) | $cj ($cj_range) | ≥ 0.35 |
| server CPU per request: constant / list / bare Jetty (medians) | $c_cpu / $l_cpu / $j_cpu µs | |
| the same ratios from CPU cost (constant µs ÷ list µs, Jetty µs ÷ constant µs) | $lc_cpu / $cj_cpu | ≥ 0.5 / ≥ 0.35 |
| request frames in DefaultResourceManager.resolveResource, 20 dumps under load (ServletController.invoke frames seen) | $lookups ($inflight) | 0 |
SUMMARY
  echo "raw wrk output: $out"; exit 0
fi
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

p_rps=$(rps "$out/post.txt")
cat <<SUMMARY | tee "$out/summary.md"
| what | figure | target |
| --- | --- | --- |
| cold start → /sites, /events, health 200 | ${cold} ms | ≤ 5,000 ms |
| RSS after start / under list load | ${rss_start} MB / ${rss_load} MB | ≤ 512 MB after start |
| warm-up until stable (±${STABLE_PCT} %, ${ROUND} s rounds) | ${warm_s} s, stable: $stable | |
| constant endpoint /api/health/ping (median of ${ROUNDS}) | $c_rps req/s, p99 per pass $(p99s const) | |
| site list GET (auth + site guard + JSON + Derby, 50 rows) | $l_rps req/s, p99 per pass $(p99s list) | |
| bare Jetty servlet, same JSON | $j_rps req/s, p99 per pass $(p99s jetty) | |
| list ÷ constant (median of per-pass ratios, range) | $lc ($lc_range) | ≥ 0.5 |
| constant ÷ bare Jetty (median of per-pass ratios, range) | $cj ($cj_range) | ≥ 0.35 |
| server CPU per request: constant / list / bare Jetty (medians) | $c_cpu / $l_cpu / $j_cpu µs | |
| the same ratios from CPU cost (constant µs ÷ list µs, Jetty µs ÷ constant µs) | $lc_cpu / $cj_cpu | ≥ 0.5 / ≥ 0.35 |
| request frames in DefaultResourceManager.resolveResource, 20 dumps under load (ServletController.invoke frames seen) | $lookups ($inflight) | 0 |
| durable POSTs (commit + audit each) | $p_rps req/s, p99 $(p99 "$out/post.txt"), non-2xx $(non2xx "$out/post.txt") | ≥ 1,000/s, p99 ≤ 50 ms |
| install via admin API → module endpoint 200 | ${install_ms} ms | ≤ 1,000 ms |
| update via admin API → module endpoint 200 | ${update_ms} ms | |
| events load during uninstall+install+update of announcements | $(rps "$out/events-during-ops.txt") req/s, non-2xx $(non2xx "$out/events-during-ops.txt"), socket errors $(sockerr "$out/events-during-ops.txt") | 0 failed |
| per-site toggle → effect on the next request (PUT + GET) | avg ${toggle_avg} ms, worst ${worst} ms | ≤ 50 ms |
SUMMARY
echo "raw wrk output: $out (passes.txt, per pass: req/s const list jetty, list÷const, const÷jetty, CPU µs/request const list jetty, the two ratios by CPU)"
