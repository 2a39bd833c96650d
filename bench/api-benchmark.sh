#!/usr/bin/env bash
# API benchmark: what the web page asks of the HTTP API on a domain of 200,000
# hostnames, right after the scan that inserted them, measured with wrk (10 connections).
# Two runs in this script, each on a scratch database and a daemon of the same jar, each filled
# by a real passive scan (`cat` of the names, declared as a tool) started over the API:
#   before: as without this work: no trigram index (dropped), no ANALYZE after the scan;
#   after:  as shipped: the V4 trigram index, and the table analyzed at the end of the big scan.
# Autovacuum is switched off for cptm8hostname in both, so what is measured is the window right
# after the scan (autovacuum would analyze the table within a minute or so). Prints wrk's
# requests/s and latency percentiles for a page of 100 (first page, and one from the middle by
# the cursor) and for a substring search (rare: 11 matches; common: 10 % of the names), and the
# after/before ratios. Each daemon is warmed up (8 s of requests not measured: the JIT) first. Needs wrk (apt-get install -y wrk), psql, curl and a PostgreSQL
# (127.0.0.1:5432 as postgres, trust; ASMM8_BENCH_PG_HOST/PORT to change).
# ROWS=200000 DURATION=10s CONNECTIONS=10 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${JAR:-target/asmm8.jar}
[ -f "$jar" ] || mvn -q -B -DskipTests package
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 1; }
host=${ASMM8_BENCH_PG_HOST:-127.0.0.1}; pgport=${ASMM8_BENCH_PG_PORT:-5432}
rows=${ROWS:-200000}; duration=${DURATION:-10s}; conns=${CONNECTIONS:-10}
token=bench-token-$$
domain=apibench.test
work=$(mktemp -d); pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for db in asmm8_apibench_before_$$ asmm8_apibench_after_$$; do
    psql -q -h "$host" -p "$pgport" -U postgres -c "DROP DATABASE IF EXISTS $db" postgres >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
awk -v n="$rows" -v d="$domain" 'BEGIN { for (i = 1; i <= n; i++) print "host" i "." d }' > "$work/names.txt"
cat > "$work/tools.yaml" <<YAML
tools:
  - name: printer
    phase: passive
    binary: cat
    args: ["$work/names.txt"]
    timeout: 1h
YAML
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# one run: $1 = before|after; prints "label rps p50 p90 p99" lines for each request
run() {
  local mode=$1 db=asmm8_apibench_$1_$$ port; port=$(freeport)
  psql -q -h "$host" -p "$pgport" -U postgres -c "CREATE DATABASE $db" postgres
  local env=(ASMM8_DB_URL="jdbc:postgresql://$host:$pgport/$db" ASMM8_DB_USER=postgres ASMM8_TOOLS="$work/tools.yaml"
             ASMM8_STAGING_DIR="$work/staging-$mode" ASMM8_SCHEDULE_ENABLED=false ASMM8_HTTP_PORT=$port
             ASMM8_API_TOKEN=$token ASMM8_ROUTES_RELOAD=false)
  if [ "$mode" = before ]; then env+=(ASMM8_ANALYZE_MIN_ROWS=1000000000 ASMM8_ANALYZE_FRACTION=1000); fi
  env "${env[@]}" java -Xmx512m -jar "$jar" > "$work/daemon-$mode.log" 2>&1 &
  pids+=($!)
  local u=http://127.0.0.1:$port A="Authorization: Bearer $token"
  for _ in $(seq 1 120); do curl -sf "$u/ready" >/dev/null && break; sleep 1; done
  curl -sf "$u/ready" >/dev/null || { echo "daemon ($mode) not ready:" >&2; tail -20 "$work/daemon-$mode.log" >&2; exit 1; }
  psql -q -h "$host" -p "$pgport" -U postgres -d "$db" -c "ALTER TABLE cptm8hostname SET (autovacuum_enabled = false)"
  if [ "$mode" = before ]; then
    psql -q -h "$host" -p "$pgport" -U postgres -d "$db" -c "DROP INDEX IF EXISTS cptm8hostname_name_trgm_idx"
  fi
  local id
  id=$(curl -sf -H "$A" -H 'Content-Type: application/json' -d "{\"name\":\"$domain\"}" "$u/domain" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])')
  local scan
  scan=$(curl -sf -H "$A" "$u/scan/passive?domains=$domain" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["scans"][0]["id"])')
  local status=running
  for _ in $(seq 1 600); do
    status=$(curl -sf -H "$A" "$u/scan/$scan" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["status"])')
    [ "$status" != running ] && break; sleep 1
  done
  local n
  n=$(psql -At -h "$host" -p "$pgport" -U postgres -d "$db" -c "SELECT count(*) FROM cptm8hostname")
  local analyzed
  analyzed=$(psql -At -h "$host" -p "$pgport" -U postgres -d "$db" -c "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'cptm8hostname'")
  echo "# $mode: scan $status, $n rows, manual ANALYZE count $analyzed" >&2
  # warm-up of the daemon's JIT (not measured): the listing and the search code paths
  wrk -t2 -c"$conns" -d5s -H "$A" "$u/domain/$id/hostname?limit=100&after=host5.$domain" > /dev/null
  wrk -t2 -c"$conns" -d3s -H "$A" "$u/domain/$id/hostname?limit=100&q=st777" > /dev/null
  for what in "page /domain/$id/hostname?limit=100" "page-after /domain/$id/hostname?limit=100&after=host150000.$domain" \
              "search /domain/$id/hostname?limit=100&q=st12345" "search-wide /domain/$id/hostname?limit=100&q=99"; do
    set -- $what
    wrk -t2 -c"$conns" -d"$duration" --latency -H "$A" "$u$2" > "$work/wrk.txt"
    local rps p50 p90 p99
    rps=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk.txt")
    p50=$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt"); p90=$(awk '$1 == "90%" { print $2 }' "$work/wrk.txt")
    p99=$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")
    grep -q "Non-2xx" "$work/wrk.txt" && { echo "non-2xx answers for $2:" >&2; cat "$work/wrk.txt" >&2; exit 1; }
    echo "$mode $1 $rps $p50 $p90 $p99"
  done
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
}

echo "wrk -t2 -c$conns -d$duration --latency, $rows hostnames in one domain, right after the scan that inserted them"
run before > "$work/before.txt"
run after > "$work/after.txt"
printf '%-12s %-8s %12s %10s %10s %10s\n' request run "requests/s" p50 p90 p99
cat "$work/before.txt" "$work/after.txt" | sort -k2,2 -s | while read -r mode what rps p50 p90 p99; do
  printf '%-12s %-8s %12s %10s %10s %10s\n' "$what" "$mode" "$rps" "$p50" "$p90" "$p99"
done
echo "after/before requests/s:"
join <(awk '{ print $2, $3 }' "$work/before.txt" | sort) <(awk '{ print $2, $3 }' "$work/after.txt" | sort) |
  awk '{ printf "  %-12s %.1fx\n", $1, $3 / $2 }'
