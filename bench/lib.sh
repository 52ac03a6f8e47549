# Shared by the bench scripts (source it from the repository root): a private copy of the built
# distribution, cleaned up on exit, and the small helpers every script needs.
ms() { echo $(( $(date +%s%N) / 1000000 )); }
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1=="99%" {print $2}' "$1"; }
# field NAME: the first value of "NAME" in the JSON on stdin (enough for ids and counts)
field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" | head -1; }
non2xx() { awk '/Non-2xx/ {print $5}' "$1" | grep . || echo 0; }

# BENCH_PORT (default 8181): the HTTP port of the benchmarked Karaf. Its SSH and JMX ports move with it
# (8101, 1099 and 44444 at the default), so two checkouts can run benches at once on one machine.
: "${BENCH_PORT:=8181}"

# set_cfg FILE KEY VALUE: KEY=VALUE in a Karaf .cfg file, replacing the key's line or adding one.
set_cfg() {
  if grep -qE "^[[:space:]]*$2[[:space:]]*=" "$1" 2>/dev/null; then sed -i -E "s|^[[:space:]]*$2[[:space:]]*=.*|$2 = $3|" "$1"; else echo "$2 = $3" >> "$1"; fi
}

# bench_ports DIR: the distribution copied to DIR listens on BENCH_PORT (HTTP) and ports derived from it.
bench_ports() {
  set_cfg "$1/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port "$BENCH_PORT"
  set_cfg "$1/etc/org.apache.karaf.shell.cfg" sshPort $(( BENCH_PORT - 80 ))
  set_cfg "$1/etc/org.apache.karaf.management.cfg" rmiRegistryPort $(( BENCH_PORT - 7082 ))
  set_cfg "$1/etc/org.apache.karaf.management.cfg" rmiServerPort $(( BENCH_PORT + 36263 ))
}

# bench_workspace NAME: sets $out (bench/results/NAME-<time>) and $work (a temp folder; the distribution
# goes to $work/k, moved to BENCH_PORT), refuses to run when BENCH_PORT is taken, and on exit keeps
# karaf.log and stops that Karaf (only the JVM started from $work/k) — plus whatever $extra_cleanup names.
bench_workspace() {
  [ -d karaf-distribution/target/assembly ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }
  if [ "$(code "http://localhost:$BENCH_PORT/api/health")" != 000 ]; then echo "something already answers on port $BENCH_PORT: stop it first" >&2; exit 1; fi
  out="$(pwd)/bench/results/$1-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
  work=$(mktemp -d /tmp/homeroom-bench.XXXX)
  cp -r karaf-distribution/target/assembly "$work/k"
  bench_ports "$work/k"
  trap bench_cleanup EXIT
}

bench_cleanup() {
  [ -f "$work/k/data/log/karaf.log" ] && cp "$work/k/data/log/karaf.log" "$out/karaf.log"
  for p in $(pgrep -f "karaf.base=$work/k" || true); do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 1 100); do pgrep -f "karaf.base=$work/k" > /dev/null || break; sleep 0.1; done # it writes until it is gone
  [ -n "${extra_cleanup:-}" ] && eval "$extra_cleanup"
  rm -rf "$work"
}

# start_for_messaging: starts the copied distribution and waits until the directory and messaging answer
# (needs $API and $COMMS).
start_for_messaging() {
  "$work/k/bin/karaf" server > "$work/console.log" 2>&1 &
  until [ "$(code "$API/health")" = 200 ] && [ "$(code -u $COMMS "$API/directory/people?limit=1")" = 200 ] \
        && curl -s -u $COMMS "$API/messaging/messages/0" | grep -q 'There is no message 0'; do sleep 0.2; done
}

# generate_district STUDENTS PROFILE: a generated OneRoster set (typical|every contacts) zipped to $work/or.zip.
generate_district() {
  java -cp bundles/module-directory/target/test-classes org.homeroom.directory.testdata.OneRosterGenerator "$work/or" "$1" 1 "$2" > "$out/generator.txt"
  (cd "$work/or" && python3 -c "import zipfile,os; z=zipfile.ZipFile('../or.zip','w',zipfile.ZIP_DEFLATED); [z.write(f) for f in os.listdir('.')]")
}
