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
. bench/zone.sh
bench_zone $ZONE
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
