#!/usr/bin/env bash
# Memory benchmark: peak resident memory (VmHWM) of a one-shot `scan` whose tool prints 100k, 1M
# and 5M unique names (plus 5 % repeats), run one after the other in this script on the same
# machine, each into a scratch database. The per-scan dedupe is fixed-size, so peak RSS should not
# grow with the number of names: the script prints each peak and its ratio to the 100k run
# (target: 5M within 1.2x). Needs a PostgreSQL (default 127.0.0.1:5432 as postgres, trust auth;
# ASMM8_BENCH_PG_HOST/PORT to change) and psql. COUNTS="100000 1000000" for a shorter run.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${JAR:-target/asmm8.jar}   # JAR=<another build> to compare
[ -f "$jar" ] || mvn -q -B -DskipTests package
host=${ASMM8_BENCH_PG_HOST:-127.0.0.1}; port=${ASMM8_BENCH_PG_PORT:-5432}
xmx=${BENCH_XMX:-512m}
counts=${COUNTS:-100000 1000000 5000000}
work=$(mktemp -d); db="asmm8_membench_$$"
trap 'psql -q -h "$host" -p "$port" -U postgres -c "DROP DATABASE IF EXISTS $db" postgres >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
psql -q -h "$host" -p "$port" -U postgres -c "CREATE DATABASE $db" postgres
cat > "$work/tools.yaml" <<YAML
tools:
  - name: printer
    phase: passive
    binary: cat
    args: ["$work/names.txt"]
    timeout: 2h
YAML
base=""
printf '%-10s %-12s %-14s %-10s %s\n' names seconds "peak RSS MiB" ratio rows
for n in $counts; do
  domain="m$n.bench.test"
  # n unique names, then 5 % of them again (a second source reporting what the first found)
  awk -v n="$n" -v d="$domain" 'BEGIN { for (i = 1; i <= n; i++) print "host" i "." d;
                                         for (i = 1; i <= n / 20; i++) print "host" (i * 7 % n + 1) "." d }' > "$work/names.txt"
  start=$(date +%s.%N)
  ASMM8_DB_URL="jdbc:postgresql://$host:$port/$db" ASMM8_DB_USER=postgres ASMM8_TOOLS="$work/tools.yaml" \
    ASMM8_STAGING_DIR="$work/staging" ASMM8_HTTP_ENABLED=false \
    java -Xmx"$xmx" -jar "$jar" scan "$domain" --type passive > /dev/null 2> "$work/err.txt" &
  pid=$!
  peak=0
  while kill -0 "$pid" 2>/dev/null; do
    hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ -n "$hwm" ] && [ "$hwm" -gt "$peak" ] && peak=$hwm
    sleep 0.2
  done
  wait "$pid" || { echo "scan of $n names failed:"; cat "$work/err.txt"; exit 1; }
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  rows=$(psql -At -h "$host" -p "$port" -U postgres -c "SELECT count(*) FROM cptm8hostname h JOIN cptm8domain d ON d.id = h.domainid WHERE d.name = '$domain'" "$db")
  mib=$((peak / 1024))
  [ -z "$base" ] && base=$mib
  printf '%-10s %-12.1f %-14s %-10s %s\n' "$n" "$secs" "$mib" "$(echo "scale=2; $mib / $base" | bc)" "$rows"
done
