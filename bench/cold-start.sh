#!/usr/bin/env bash
# Cold start: time from launching Karaf (fresh data/ folder, so Derby and the demo sites are created)
# until /api/sites answers 200 for an authenticated user and the sample module is active.
# Usage: bench/cold-start.sh [runs]   (build first: mvn -q install -DskipTests; BENCH_PORT moves its ports)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
source bench/lib.sh
port=$BENCH_PORT
dist=karaf-distribution/target/assembly
work=$(mktemp -d /tmp/homeroom-cold.XXXX)
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$runs"); do
  rm -rf "$work/k"; cp -r "$dist" "$work/k"; bench_ports "$work/k"
  start=$(date +%s%N)
  "$work/k/bin/karaf" server > "$work/console.log" 2>&1 &
  launcher=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -u admin:admin "http://localhost:$port/api/sites?limit=1")" = 200 ] \
        && curl -s "http://localhost:$port/api/health" | grep -q '"id":"announcements","state":"active"'; do
    sleep 0.05
  done
  end=$(date +%s%N)
  java_pid=$(pgrep -f "karaf.base=$work/k" | head -1)
  rss=$(ps -o rss= -p "$java_pid" | tr -d ' ')
  echo "run $i: cold start to 200 = $(( (end - start) / 1000000 )) ms, RSS = $(( rss / 1024 )) MB"
  kill "$java_pid"; wait "$launcher" 2>/dev/null || true
  while kill -0 "$java_pid" 2>/dev/null; do sleep 0.1; done
done
