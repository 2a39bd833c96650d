#!/usr/bin/env bash
# DNS brute-force benchmark, all against one dnsmasq on 127.0.0.1 serving a generated zone:
#   1. the built-in engine (com.asmm8.bench.DnsBenchmark: the engine alone, no database), -Xmx256m
#   2. gobuster dns on the same wordlist (-t THREADS)
#   3. dnsperf with the same names as A queries (the server's ceiling)
# Prints words/s of each, the ratios engine/gobuster and engine/dnsperf, recall and false
# positives of the engine (a wildcard sub-zone is part of the zone), and the engine's peak heap.
# WORDS (default 20000) words, REAL (default 1000) of them real names. Needs dnsmasq (dnsmasq-base),
# gobuster and dnsperf (Debian packages); a missing one is skipped with a note.
# LOSS=3: the engine and gobuster ask through a relay on 127.0.0.1 that drops 3 % of the packets
# each way (com.asmm8.bench.LossyUdpProxy; dnsperf, the ceiling, still asks dnsmasq directly), and
# gobuster's recall is printed too. GOBUSTER=0 / DNSPERF=0 skip those (e.g. for a 1M-word heap run).
# BASELINE=/path/to/another/checkout (built: target/classes, target/test-classes, target/lib): its
# engine runs too, on the same list against the same server, and the ratio of the two is printed
# (e.g. a worktree of the commit before a change: git worktree add /tmp/base HEAD~1).
# WARMUP=1: the engine resolves the list once unmeasured before the measured pass (a daemon that
# has scanned before: JIT compiled), so a short list measures the engine, not the JVM's start.
set -euo pipefail
cd "$(dirname "$0")/.."
WORDS=${WORDS:-20000}
REAL=${REAL:-1000}
THREADS=${THREADS:-100}
ZONE=bench.test
[ -f target/test-classes/com/asmm8/bench/DnsBenchmark.class ] || mvn -q -B -DskipTests package
# the zone: REAL real names among WORDS words, and a wildcard one level down (*.wild.bench.test)
. bench/zone.sh
bench_zone $ZONE --address=/wild.$ZONE/10.99.0.1
echo "zone: $WORDS words, $(wc -l < "$work/real") real names, dnsmasq on 127.0.0.1:$port; $(nproc) cores"
ask=127.0.0.1:$port
if [ "${LOSS:-0}" != 0 ]; then
  java -cp "target/test-classes:target/classes:target/lib/*" com.asmm8.bench.LossyUdpProxy 127.0.0.1:$port "$LOSS" > "$work/relay.port" &
  echo $! > "$work/relay.pid"
  for _ in $(seq 1 50); do [ -s "$work/relay.port" ] && break; sleep 0.1; done
  ask=127.0.0.1:$(cat "$work/relay.port")
  echo "loss: engine and gobuster ask $ask, a relay dropping $LOSS % of the packets each way"
fi

# 1. the engine
[ "${WARMUP:-0}" = 1 ] && ENGINE_JAVA_OPTS="${ENGINE_JAVA_OPTS:-} -Dwarmup=true"
eng=$(java -Xmx256m ${ENGINE_JAVA_OPTS:-} -cp "target/test-classes:target/classes:target/lib/*" com.asmm8.bench.DnsBenchmark "$work/words" $ZONE $ask "${IN_FLIGHT:-200}" "$work/engine.out")
echo "engine:   $eng"
e_rate=$(sed -E 's/.*words_per_s=([0-9]+).*/\1/' <<< "$eng")
found=$(sort -u "$work/engine.out" | comm -12 - <(sort "$work/real") | wc -l)
false_pos=$(sort -u "$work/engine.out" | comm -23 - <(sort "$work/real") | wc -l)
echo "engine:   recall $found/$(wc -l < "$work/real"), false positives $false_pos"

# 1b. the baseline engine, same list, same server
if [ -n "${BASELINE:-}" ]; then
  base=$(java -Xmx256m ${ENGINE_JAVA_OPTS:-} -cp "$BASELINE/target/test-classes:$BASELINE/target/classes:$BASELINE/target/lib/*" com.asmm8.bench.DnsBenchmark "$work/words" $ZONE $ask "${IN_FLIGHT:-200}")
  echo "baseline: $base"
  b_rate=$(sed -E 's/.*words_per_s=([0-9]+).*/\1/' <<< "$base")
  echo "ratio engine/baseline: $(python3 -c "print(round($e_rate/$b_rate,2))")"
fi

# 2. gobuster
if [ "${GOBUSTER:-1}" = 0 ]; then
  echo "gobuster: skipped (GOBUSTER=0)"
elif command -v gobuster >/dev/null; then
  t0=$(date +%s.%N)
  gobuster dns -d $ZONE -w "$work/words" -r "$ask" -t "$THREADS" -q -z --no-color -o "$work/gobuster.out" >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  g_rate=$(python3 -c "print(round($WORDS/($t1-$t0)))")
  echo "gobuster: words=$WORDS found=$(grep -c . "$work/gobuster.out" || true) seconds=$(python3 -c "print(round($t1-$t0,2))") words_per_s=$g_rate (-t $THREADS)"
  g_found=$(grep -oE "w[0-9]+\.$ZONE" "$work/gobuster.out" | sort -u | comm -12 - <(sort "$work/real") | wc -l)
  echo "gobuster: recall $g_found/$(wc -l < "$work/real")"
  echo "ratio engine/gobuster: $(python3 -c "print(round($e_rate/$g_rate,2))")"
else
  echo "gobuster: not installed (apt-get install gobuster)"
fi

# 3. dnsperf: the ceiling of this server on this machine
if [ "${DNSPERF:-1}" = 0 ]; then
  echo "dnsperf: skipped (DNSPERF=0)"
elif command -v dnsperf >/dev/null; then
  sed "s/\$/.$ZONE A/" "$work/words" > "$work/queries"
  dp=$(dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries" -n 3 -c 4 -q 1000 2>&1 | grep -E 'Queries per second' | awk '{print int($4)}')
  echo "dnsperf:  queries_per_s=$dp (A queries, 3 passes)"
  q=$(sed -E 's/.*queries=([0-9]+).*/\1/' <<< "$eng"); s=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<< "$eng")
  echo "ratio engine queries/s / dnsperf: $(python3 -c "print(round(($q/$s)/$dp,2))") (engine words/s / dnsperf: $(python3 -c "print(round($e_rate/$dp,2))"))"
else
  echo "dnsperf: not installed (apt-get install dnsperf)"
fi
