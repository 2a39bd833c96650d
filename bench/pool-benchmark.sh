#!/usr/bin/env bash
# Resolver-pool benchmark: the built-in engine over RESOLVERS (default 10) local resolvers, each a
# relay (com.asmm8.support.LimitedRelay, on 127.0.0.50, .51, ...) that answers REFUSED above RATE
# (default 2000) questions a second, as public resolvers limit one client address, all in front
# of one dnsmasq serving a generated zone of WORDS words (default 100000), REAL of them real.
# The engine's per-resolver rate is set to RATE. Prints the engine's queries/s against the
# RESOLVERS x RATE the pool allows together (ratio), how many questions were refused, and recall.
# Baseline in the same run: the same relays without a limit and the engine without a rate (what
# this machine does through relays at all); the last line divides the limited run by the lower of
# the two ceilings (the pool's allowance, the machine's).
set -euo pipefail
cd "$(dirname "$0")/.."
WORDS=${WORDS:-100000}
REAL=${REAL:-1000}
RESOLVERS=${RESOLVERS:-10}
RATE=${RATE:-2000}
ZONE=pool.bench.test
[ -f target/test-classes/com/asmm8/bench/PoolBenchmark.class ] || mvn -q -B -DskipTests package
work=$(mktemp -d); chmod 755 "$work"
trap 'kill $(cat "$work/pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
awk -v n="$WORDS" -v real="$REAL" -v zone="$ZONE" -v dir="$work" 'BEGIN {
  step = int(n / real); r = 0
  for (i = 0; i < n; i++) {
    w = sprintf("w%07d", i); print w > (dir "/words")
    if (i % step == 0 && r < real) {
      printf "10.%d.%d.%d %s.%s\n", int(i / 65536) % 256, int(i / 256) % 256, i % 256 + 1, w, zone > (dir "/hosts")
      print w "." zone > (dir "/real"); r++
    }
  } }'
chmod 644 "$work/hosts" "$work/words"
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
/usr/sbin/dnsmasq --no-resolv --no-hosts --port="$port" --listen-address=127.0.0.1 --bind-interfaces \
  --addn-hosts="$work/hosts" --local=/$ZONE/ --local=/invalid/ --cache-size=0 --pid-file="$work/pid" --log-facility="$work/log"
sleep 1
echo "zone: $WORDS words, $(wc -l < "$work/real") real names, dnsmasq on 127.0.0.1:$port; $RESOLVERS resolvers x $RATE/s; $(nproc) cores"
base=$(java -Xmx256m -cp "target/test-classes:target/classes:target/lib/*" com.asmm8.bench.PoolBenchmark "$work/words" $ZONE \
  127.0.0.1:$port "$RESOLVERS" 0 "${IN_FLIGHT:-1000}")
echo "baseline: $base"
out=$(java -Xmx256m -cp "target/test-classes:target/classes:target/lib/*" com.asmm8.bench.PoolBenchmark "$work/words" $ZONE \
  127.0.0.1:$port "$RESOLVERS" "$RATE" "${IN_FLIGHT:-1000}" "$work/engine.out")
echo "pool:     $out"
found=$(sort -u "$work/engine.out" | comm -12 - <(sort "$work/real") | wc -l)
echo "pool:     recall $found/$(wc -l < "$work/real"), false positives $(sort -u "$work/engine.out" | comm -23 - <(sort "$work/real") | wc -l)"
b_q=$(sed -E 's/.*queries_per_s=([0-9]+).*/\1/' <<< "$base"); l_q=$(sed -E 's/.*queries_per_s=([0-9]+).*/\1/' <<< "$out")
echo "ratio limited queries/s / min(allowed $((RESOLVERS * RATE)), unlimited $b_q): $(python3 -c "print(round($l_q/min($RESOLVERS*$RATE,$b_q),2))")"
