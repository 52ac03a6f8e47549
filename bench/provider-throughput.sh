#!/usr/bin/env bash
# Texts and calls against a local Twilio-compatible server (bench/fake-provider): how fast one worker hands
# deliveries to the provider when nothing limits it (our own overhead per delivery), and that with a
# provider that answers in LATENCY ms and allows LIMIT requests a second, the limit is what sets the pace —
# also when we are configured to go faster than the account allows (its 429s slow us down, cost no attempt).
#   mvn -q install -DskipTests && bench/provider-throughput.sh
# Needs curl, python3 and java. Ports BENCH_PORT (8181) and 18090 must be free. STUDENTS (1500, every contact: ~9,000 texts
# and calls per message) sizes the set; LIMIT (200) is the provider's rate per second, LATENCY (150) its answer time.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${STUDENTS:-1500}
LIMIT=${LIMIT:-200}
LATENCY=${LATENCY:-150}
PORT=18090
API="http://localhost:${BENCH_PORT:=8181}/api"
COMMS="comms:comms"
[ -d bundles/module-directory/target/test-classes ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }
source bench/lib.sh
bench_workspace provider-throughput
extra_cleanup='[ -n "${fake:-}" ] && kill $fake 2>/dev/null || true'
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1)" | tee "$out/summary.txt"
cfg="$work/k/etc/org.homeroom.messaging.cfg"
printf 'baseUrl=http://127.0.0.1:%s\naccountSid=AC%s\nauthToken=bench-token\nfromNumber=+14055550100\n' "$PORT" "$(printf '0%.0s' {1..32})" \
  > "$work/k/etc/org.homeroom.messaging.twilio.cfg"
printf 'provider=twilio\nratePerSecond=100000\nconcurrency=16\n' >> "$cfg"
start_for_messaging

generate_district "$N" every
curl -s -u $COMMS -H 'Content-Type: application/zip' --data-binary @"$work/or.zip" "$API/directory/imports" > "$out/import.json"
echo "imported $N students ($(field created < "$out/import.json") people, $(field contacts < "$out/import.json") contact points)" | tee -a "$out/summary.txt"

body='{"kind":"call","category":"emergency","channels":["sms","voice"],"audience":{"role":"families"},"maxSegments":2,
 "content":{"subjectEn":"Schools closed today","bodyEn":"All schools are closed today because of ice.",
 "textEn":"Homeroom: all schools closed today (ice).","textEs":"Homeroom: escuelas cerradas hoy (hielo).",
 "voiceEn":"All schools are closed today because of ice.","voiceEs":"Todas las escuelas cierran hoy por hielo."}}'

# run NAME OUR_RATE PROVIDER_LIMIT PROVIDER_LATENCY_MS CONCURRENCY [BODY]: one emergency text+call to every family
# (or BODY's audience), timed at the provider
run() {
  sed -i -e "s/^ratePerSecond=.*/ratePerSecond=$2/" -e "s/^concurrency=.*/concurrency=$5/" "$cfg"
  java bench/fake-provider/FakeProvider.java "$PORT" "$3" "$4" > "$out/fake-$1.log" 2>&1 & fake=$!
  until curl -s "http://127.0.0.1:$PORT/stats" > /dev/null; do sleep 0.2; done
  sleep 3 # the configuration change reaches the module (Felix FileInstall polls etc/ every second or so)
  until curl -s -u $COMMS "$API/messaging/messages/0" | grep -q 'There is no message 0'; do sleep 0.2; done
  id=$(curl -s -u $COMMS -H 'Content-Type: application/json' -d "${6:-$body}" "$API/messaging/messages" | field id)
  curl -s -o /dev/null -u $COMMS -X POST "$API/messaging/messages/$id/approve"
  local t0; t0=$(ms)
  curl -s -o /dev/null -u $COMMS -X POST "$API/messaging/messages/$id/send"
  until curl -s -u $COMMS "$API/messaging/messages/$id" > "$out/message-$1.json" && grep -q '"status":"sent"' "$out/message-$1.json"; do sleep 0.5; done
  local t1; t1=$(ms)
  curl -s "http://127.0.0.1:$PORT/stats" > "$out/provider-$1.json"
  kill $fake; wait $fake 2>/dev/null || true; fake=
  python3 - "$1" "$2" "$3" "$out/provider-$1.json" "$out/message-$1.json" $((t1 - t0)) "$4" "$5" <<'PY' | tee -a "$out/summary.txt"
import json, sys
name, ours, limit, p, m, wall = sys.argv[1], sys.argv[2], sys.argv[3], json.load(open(sys.argv[4])), json.load(open(sys.argv[5])), int(sys.argv[6])
latency, concurrency = sys.argv[7], sys.argv[8]
span = max(1, p["lastMillis"] - p["firstMillis"])
rate = p["accepted"] * 1000 / span
print(f"{name}: our rate {ours}/s, {concurrency} in flight; provider limit {limit if limit != '0' else 'none'}, {latency} ms an answer: {p['accepted']} texts/calls accepted in {span} ms"
      f" = {rate:,.0f}/s ({1000 / rate:.2f} ms each), {p['refused']} refused with 429; send→sent {wall} ms; deliveries {m['deliveries']}")
PY
}
# enough in flight to keep the provider's rate despite its answer time: rate x latency, and some
inflight=$(( LIMIT * LATENCY / 1000 + 10 ))
run unlimited 100000 0 0 16                          # nothing limits us and answers are instant: our own overhead
run sequential "$LIMIT" "$LIMIT" "$LATENCY" 1 "${body/\"role\":\"families\"/\"role\":\"families\",\"sites\":[\"E01\"]}" # one site, one request at a time: the answer time sets the pace
run limited "$LIMIT" "$LIMIT" "$LATENCY" "$inflight"  # configured to the account's rate: the provider's limit sets the pace
run too-fast $((LIMIT * 2)) "$LIMIT" "$LATENCY" "$inflight" # faster than the account allows: its 429s slow us down
echo "raw output: $out"
