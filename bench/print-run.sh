#!/usr/bin/env bash
# Printed parent letters at school size: the generated district (46,000 students, typical contacts) imported,
# a bilingual letter to the families of the largest school, then that school's print run (one letter per
# student, in each guardian's language: GET /messages/{id}/letters.pdf?site=…&families=all): time to the last
# byte, letters, size; then three runs asked for at once (at most two are printed side by side: one that comes
# while two are being assembled is told to come back, 503).
#   mvn -q install -DskipTests && bench/print-run.sh
# Needs curl, python3 and java. Port BENCH_PORT (8181) must be free. STUDENTS (46000) scales the set.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${STUDENTS:-46000}
API="http://localhost:${BENCH_PORT:=8181}/api"
COMMS="comms:comms"
[ -d bundles/module-directory/target/test-classes ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }
source bench/lib.sh
bench_workspace print-run
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1)" | tee "$out/summary.txt"
start_for_messaging

generate_district "$N" typical
curl -s -u $COMMS -H 'Content-Type: application/zip' --data-binary @"$work/or.zip" "$API/directory/imports" > "$out/import.json"
# the school with the most students
read -r site students < <(python3 - "$work/or" <<'PY'
import csv, sys, collections
d = sys.argv[1]
code = {r['sourcedId']: r['identifier'] for r in csv.DictReader(open(d + '/orgs.csv', encoding='utf-8'))}
n = collections.Counter(code.get(r['orgSourcedIds'].split(',')[0]) for r in csv.DictReader(open(d + '/users.csv', encoding='utf-8')) if r['role'] == 'student')
print(*n.most_common(1)[0])
PY
)
echo "imported $(field created < "$out/import.json") people; the largest school: $site, $students students" | tee -a "$out/summary.txt"

body='{"kind":"letter","category":"school-mission","channels":["email"],"audience":{"role":"families","sites":["'$site'"]},"maxSegments":2,
 "content":{"subjectEn":"Winter schedule","bodyEn":"Dear {{guardianName}},\n\nFrom December 14, {{studentName}}'"'"'s school day begins at 8:30.\n\nThank you,\nThe principal",
 "subjectEs":"Horario de invierno","bodyEs":"Estimado(a) {{guardianName}}:\n\nDesde el 14 de diciembre, el día escolar de {{studentName}} empieza a las 8:30.\n\nGracias,\nLa dirección"}}'
id=$(curl -s -u $COMMS -H 'Content-Type: application/json' -d "$body" "$API/messaging/messages" | field id)
curl -s -o /dev/null -u $COMMS -X POST "$API/messaging/messages/$id/approve"
run="$API/messaging/messages/$id/letters.pdf?site=$site&families=all"
for attempt in first second; do
  t0=$(ms)
  curl -s -u $COMMS -D "$out/headers-$attempt.txt" -o "$out/run-$attempt.pdf" "$run"
  took=$(( $(ms) - t0 ))
  letters=$(awk -F': ' 'tolower($1)=="x-letter-count" {print $2}' "$out/headers-$attempt.txt" | tr -d '\r')
  families=$(awk -F': ' 'tolower($1)=="x-family-count" {print $2}' "$out/headers-$attempt.txt" | tr -d '\r')
  echo "print run ($attempt): $letters letters for $families families of $site in $took ms ($(( letters * 1000 / (took + 1) )) letters/s), $(du -k "$out/run-$attempt.pdf" | cut -f1) kB, $(head -c 5 "$out/run-$attempt.pdf")" | tee -a "$out/summary.txt"
done
# three at once: at most two are assembled side by side; one that comes meanwhile gets 503
t0=$(ms)
pids=()
for i in 1 2 3; do curl -s -u $COMMS -o /dev/null -w "%{http_code} %{time_total}\n" "$run" > "$out/parallel-$i.txt" & pids+=($!); done
wait "${pids[@]}"   # these three only: Karaf runs in the background too
echo "three runs asked for at once: $(cat "$out"/parallel-*.txt | awk '{print $1 " in " $2 " s"}' | sort | paste -sd ';' | sed 's/;/, /g') ($(( $(ms) - t0 )) ms for all)" | tee -a "$out/summary.txt"
rm -f "$out"/run-second.pdf
echo "raw output: $out"
