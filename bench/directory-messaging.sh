#!/usr/bin/env bash
# The district at full size: a generated OneRoster set (46,000 students, 5,000 staff and, with the default
# CONTACTS=every, the worst case of DOMAIN.md: 92,000 guardians, 2 e-mails + 2 mobiles + 2 more numbers per
# family, ~370,000 deliveries; CONTACTS=typical: ~74,000 guardians with the usual gaps, ~200,000) imported
# through the API (first night and an unchanged second night), then an emergency message to every family on email, text and call: time to plan and persist every delivery, and the rate they are handed to
# the log-only provider and the outbox (our own overhead per delivery; a real provider's rate limit is lower).
#   mvn -q install -DskipTests && bench/directory-messaging.sh
# Needs curl, python3 and java. Port BENCH_PORT (8181) must be free. STUDENTS (46000) scales the set; PLAN_ONLY=1 stops after planning.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${STUDENTS:-46000}
CONTACTS=${CONTACTS:-every}
API="http://localhost:${BENCH_PORT:=8181}/api"
COMMS="comms:comms"
[ -d bundles/module-directory/target/test-classes ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }
source bench/lib.sh
# the server's own time the plan was complete, in epoch milliseconds, from a message's JSON
planned_at_ms() { python3 -c "import json,sys,datetime as t; d,_,f=json.load(open(sys.argv[1]))['plannedAt'].rstrip('Z').partition('.')
print(int(t.datetime.fromisoformat(d).replace(tzinfo=t.timezone.utc).timestamp())*1000+int((f+'000')[:3]))" "$1"; }
bench_workspace directory-messaging
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1)" | tee "$out/summary.txt"
# our overhead, not a provider's: the log-only provider with no rate cap (a real one is capped by ratePerSecond)
printf 'provider=log\nratePerSecond=100000\n' >> "$work/k/etc/org.homeroom.messaging.cfg"
start_for_messaging

t0=$(ms)
generate_district "$N" "$CONTACTS"
echo "generated $N students ($CONTACTS contacts) in $(( $(ms) - t0 )) ms: $(wc -l < "$work/or/users.csv") users rows, zip $(du -h "$work/or.zip" | cut -f1)" | tee -a "$out/summary.txt"

for night in first second; do
  t0=$(ms)
  curl -s -u $COMMS -H 'Content-Type: application/zip' --data-binary @"$work/or.zip" "$API/directory/imports" > "$out/import-$night.json"
  echo "import ($night night): $(( $(ms) - t0 )) ms — created $(field created < "$out/import-$night.json"), updated $(field updated < "$out/import-$night.json"), unchanged $(field unchanged < "$out/import-$night.json"), contacts $(field contacts < "$out/import-$night.json")" | tee -a "$out/summary.txt"
done

body='{"kind":"call","category":"emergency","channels":["email","sms","voice"],"audience":{"role":"families"},"maxSegments":2,
 "content":{"subjectEn":"Schools closed today","bodyEn":"Dear {{guardianName}}, all schools are closed today because of ice.",
 "subjectEs":"Escuelas cerradas hoy","bodyEs":"Estimado(a) {{guardianName}}: todas las escuelas cierran hoy por hielo.",
 "textEn":"Homeroom: all schools closed today (ice).","textEs":"Homeroom: escuelas cerradas hoy (hielo).",
 "voiceEn":"All schools are closed today because of ice.","voiceEs":"Todas las escuelas cierran hoy por hielo."}}'
# send_and_plan FILE: writes, approves and sends $body; sets $id, $t0 (the send) and $planned_ms (until the plan
# was complete, by the server's clock), the message as planned in FILE. Polled once a second, as a console
# would: each look counts the deliveries by state, which is not free.
send_and_plan() {
  id=$(curl -s -u $COMMS -H 'Content-Type: application/json' -d "$body" "$API/messaging/messages" | field id)
  curl -s -o /dev/null -u $COMMS -X POST "$API/messaging/messages/$id/approve"
  t0=$(ms)
  curl -s -o /dev/null -u $COMMS -X POST "$API/messaging/messages/$id/send"
  until curl -s -u $COMMS "$API/messaging/messages/$id" > "$1" && grep -q '"plannedAt":"' "$1"; do sleep 1; done
  planned_ms=$(( $(planned_at_ms "$1") - t0 ))
}
send_and_plan "$out/message-planned.json"
total=$(python3 -c "import json; d=json.load(open('$out/message-planned.json'))['deliveries']; print(sum(d.values()))")
# (counted while the worker already sends: a delivery changing state during the count can be counted twice;
# the exact total is printed once everything is sent)
echo "emergency to every family: about $total deliveries planned and persisted in $planned_ms ms (send → plannedAt)" | tee -a "$out/summary.txt"
# what a console shows during the send: a page of the deliveries (first, and deep), all and per state
for q in "limit=50" "state=planned&limit=50" "state=planned&offset=200000&limit=50"; do
  t1=$(ms); c=$(code -u $COMMS "$API/messaging/messages/$id/deliveries?$q")
  echo "a page of deliveries ($q): HTTP $c in $(( $(ms) - t1 )) ms" | tee -a "$out/summary.txt"
done
[ "${PLAN_ONLY:-0}" = 1 ] && { echo "raw output: $out"; exit 0; }   # PLAN_ONLY=1: stop after planning
until curl -s -u $COMMS "$API/messaging/messages/$id" | grep -q '"status":"sent"'; do sleep 1; done
sent_ms=$(( $(ms) - t0 ))
curl -s -u $COMMS "$API/messaging/messages/$id" > "$out/message-sent.json"
total=$(python3 -c "import json; d=json.load(open('$out/message-sent.json'))['deliveries']; print(sum(d.values()))")
echo "all $total handed over (outbox + log provider) $sent_ms ms after send: $(( total * 1000 / (sent_ms - planned_ms + 1) )) deliveries/s after planning; $(python3 -c "import json; print(json.load(open('$out/message-sent.json'))['deliveries'])")" | tee -a "$out/summary.txt"
# the next district-wide message plans into a table that already holds the first one's deliveries
send_and_plan "$out/message2-planned.json"
echo "a second emergency to every family (the table holds the first one's $total): planned and persisted in $planned_ms ms" | tee -a "$out/summary.txt"
echo "raw output: $out"
