#!/usr/bin/env bash
# Two nodes on one PostgreSQL: the site list (GET /api/sites, authenticated, one query per request) with wrk
# against node A alone, then against A and B at once (two wrk processes, half the connections each), the
# figure docs/performance.md "Two nodes" reports. Loopback only, bounded.
#   mvn -q install -DskipTests && DB=postgresql://localhost:5432/homeroom?user=homeroom\&password=homeroom bench/two-nodes.sh
# DB: a database the script may create (and drop at the end) the schema bench_two_nodes in.
# Ports: A listens on 23381 (SSH 23301, JMX 23399/23344), B on 23481 (23401, 23499/23444).
# Tunables: WARMUP (s per node, 30), DURATION (s per measurement, 20), CONNECTIONS (16), THREADS (2), ROUNDS (3, interleaved one/two).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source bench/lib.sh
: "${DB:?give DB=postgresql://host:port/db?user=..&password=..}"
WARMUP=${WARMUP:-30}; DURATION=${DURATION:-20}; C=${CONNECTIONS:-16}; T=${THREADS:-2}; ROUNDS=${ROUNDS:-3}
ADMIN="Authorization: Basic YWRtaW46YWRtaW4="   # admin:admin (demo)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is missing: apt-get install postgresql-client" >&2; exit 1; }
[ -d karaf-distribution/target/assembly ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }
hostport=${DB#postgresql://}; hostport=${hostport%%/*}; dbname=${DB#postgresql://*/}; dbname=${dbname%%\?*}
user=$(echo "$DB" | sed -n 's/.*[?&]user=\([^&]*\).*/\1/p'); user=${user:-homeroom}
password=$(echo "$DB" | sed -n 's/.*[?&]password=\([^&]*\).*/\1/p'); password=${password:-homeroom}
psql_() { PGPASSWORD="$password" psql -q -h "${hostport%%:*}" -p "${hostport##*:}" -U "$user" -d "$dbname" -c "$1"; }
out="$root/bench/results/two-nodes-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
work=$(mktemp -d /tmp/homeroom-two-nodes.XXXX)
pids=()
cleanup() {
  for n in a b; do [ -f "$work/$n/data/log/karaf.log" ] && cp "$work/$n/data/log/karaf.log" "$out/karaf-$n.log"; done
  for p in "${pids[@]}"; do pkill -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done # only the launchers this script started, and their JVMs
  sleep 2; rm -rf "$work"; psql_ "DROP SCHEMA IF EXISTS bench_two_nodes CASCADE" || true
}
trap cleanup EXIT
psql_ "DROP SCHEMA IF EXISTS bench_two_nodes CASCADE"; psql_ "CREATE SCHEMA bench_two_nodes"
node() { # node NAME HTTP SSH RMIREG RMISERVER SHUTDOWN
  cp -r karaf-distribution/target/assembly "$work/$1"; local k="$work/$1"
  set_cfg "$k/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port "$2"
  set_cfg "$k/etc/org.apache.karaf.shell.cfg" sshPort "$3"
  set_cfg "$k/etc/org.apache.karaf.management.cfg" rmiRegistryPort "$4"
  set_cfg "$k/etc/org.apache.karaf.management.cfg" rmiServerPort "$5"
  set_cfg "$k/etc/config.properties" karaf.shutdown.port "$6"
  cp "$k/etc/org.ops4j.datasource-homeroom.cfg.postgresql" "$k/etc/org.ops4j.datasource-homeroom.cfg"
  set_cfg "$k/etc/org.ops4j.datasource-homeroom.cfg" url "jdbc:postgresql://$hostport/$dbname?currentSchema=bench_two_nodes"
  set_cfg "$k/etc/org.ops4j.datasource-homeroom.cfg" user "$user"
  set_cfg "$k/etc/org.ops4j.datasource-homeroom.cfg" password "$password"
  "$k/bin/karaf" server > "$work/$1.console.log" 2>&1 & pids+=($!)
  until [ "$(code -H "$ADMIN" "http://localhost:$2/api/sites?limit=1")" = 200 ]; do sleep 0.5; done
}
node a 23381 23301 23399 23344 23391   # first: migrates the empty schema
node b 23481 23401 23499 23444 23491
echo "both nodes up; warming up ${WARMUP} s per node" | tee "$out/summary.txt"
wrk -t$T -c$C -d${WARMUP}s -H "$ADMIN" "http://localhost:23381/api/sites?limit=20" > /dev/null
wrk -t$T -c$C -d${WARMUP}s -H "$ADMIN" "http://localhost:23481/api/sites?limit=20" > /dev/null
for r in $(seq 1 "$ROUNDS"); do
  wrk -t$T -c$C -d${DURATION}s --latency -H "$ADMIN" "http://localhost:23381/api/sites?limit=20" > "$out/one-$r.txt"
  wrk -t$T -c$(( C / 2 )) -d${DURATION}s --latency -H "$ADMIN" "http://localhost:23381/api/sites?limit=20" > "$out/two-a-$r.txt" &
  wrk -t$T -c$(( C / 2 )) -d${DURATION}s --latency -H "$ADMIN" "http://localhost:23481/api/sites?limit=20" > "$out/two-b-$r.txt"
  wait %%
  one=$(rps "$out/one-$r.txt"); ta=$(rps "$out/two-a-$r.txt"); tb=$(rps "$out/two-b-$r.txt")
  echo "round $r: one node $one req/s (p99 $(p99 "$out/one-$r.txt")); two nodes $ta + $tb = $(awk "BEGIN{print $ta + $tb}") req/s (p99 $(p99 "$out/two-a-$r.txt") / $(p99 "$out/two-b-$r.txt"))" | tee -a "$out/summary.txt"
done
echo "load: $(uptime)" | tee -a "$out/summary.txt"
