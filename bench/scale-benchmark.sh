#!/usr/bin/env bash
# Scale-out benchmark: domains per minute through 1, 2 and 3 daemons (the packaged jar) on one
# PostgreSQL database, all on this machine, scanning DOMAINS root domains served by one dnsmasq on
# 127.0.0.1 (active scans: the built-in DNS engine brute-forcing WORDS words per domain; permute and
# resolve have no tool declared and are skipped). Each run gets a scratch database; the daemons
# start with the domains disabled, then all are enabled at once and the clock runs until every
# domain has one scan carried out. Prints domains/min for each run and its ratio to the 1-daemon
# run of this same script.
#   RATE=0 (default): the engine asks as fast as it can (CPU-bound on this machine)
#   RATE=200: at most 200 queries/s per scan, as a remote resolver's latency and rate limits make it
#   TYPE=check: check scans instead (each domain holds the WORDS names as stored hostnames, 3 of
#     them real; the built-in engine resolves them and sets live), for the sizing of check scans
#   JAVA_OPTS: extra JVM options for every daemon (e.g. a JFR recording)
#   AMQP=1: with ASMM8_AMQP_URL=amqp://guest:guest@127.0.0.1:5672 (work items on a queue of this run)
#   ASKED=1: no schedule; the scans are asked for with one GET /scan/<type> to the first daemon (with
#     AMQP=1 they become work items for all daemons; without, the first daemon runs them all)
#   TAKEOVER=1: the takeover time instead (needs 2 or more daemons): the first daemon is killed with
#     kill -9 while it scans, and the script prints how long until another daemon began each of its
#     domains again (database clock), against the bound TTL + POLL (defaults 60 s and 5000 ms here,
#     as in a default deployment)
# Needs PostgreSQL on 127.0.0.1:5432 as postgres (trust; ASMM8_BENCH_PG_HOST/PORT), psql, dnsmasq.
set -euo pipefail
cd "$(dirname "$0")/.."
DOMAINS=${DOMAINS:-60}
WORDS=${WORDS:-3000}
RATE=${RATE:-0}
TYPE=${TYPE:-active}
PARALLELISM=${PARALLELISM:-2}
NODES_LIST=${NODES_LIST:-1 2 3}
if [ -n "${TAKEOVER:-}" ]; then TTL=${TTL:-60}; POLL=${POLL:-5000}; else TTL=${TTL:-60}; POLL=${POLL:-250}; fi
SCHEDULE=true; [ -n "${ASKED:-}" ] && SCHEDULE=false
host=${ASMM8_BENCH_PG_HOST:-127.0.0.1}; pgport=${ASMM8_BENCH_PG_PORT:-5432}
[ -f target/asmm8.jar ] || mvn -q -B -DskipTests package
work=$(mktemp -d); chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  kill "$(cat "$work/dns.pid" 2>/dev/null)" 2>/dev/null || true
  psql -q -h "$host" -p "$pgport" -U postgres -c "DROP DATABASE IF EXISTS asmm8_scalebench_$$ WITH (FORCE)" postgres >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
q() { psql -qtA -h "$host" -p "$pgport" -U postgres -d "asmm8_scalebench_$$" -c "$1"; }

# the zone: every domain has www, mail, api; the wordlist has those and WORDS-3 names that do not exist
: > "$work/hosts"
for i in $(seq 1 "$DOMAINS"); do
  d=$(printf 'd%03d.scale.bench' "$i")
  for w in www mail api; do echo "10.7.$((i / 256)).$((i % 256)) $w.$d" >> "$work/hosts"; done
done
{ printf 'www\nmail\napi\n'; seq -f 'nx%.0f' 1 $((WORDS - 3)); } > "$work/words"
if [ "$TYPE" = check ]; then
  printf 'tools:\n  - name: asmm8-dns-check\n    phase: check\n    engine: dns\n' > "$work/tools.yaml"
else
  printf 'tools:\n  - name: asmm8-dns\n    phase: bruteforce\n    engine: dns\n' > "$work/tools.yaml"
fi
chmod 644 "$work/hosts" "$work/words" "$work/tools.yaml"
dnsport=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
/usr/sbin/dnsmasq --no-resolv --no-hosts --port="$dnsport" --listen-address=127.0.0.1 --bind-interfaces \
  --addn-hosts="$work/hosts" --local=/scale.bench/ --local=/invalid/ --pid-file="$work/dns.pid" --log-facility="$work/dns.log"
sleep 1
queue="asmm8-scalebench-$$"
echo "$TYPE scans: $DOMAINS domains x $WORDS words, engine rate ${RATE} q/s per scan (0 = no cap), parallelism $PARALLELISM per daemon," \
     "amqp ${AMQP:-0}; dnsmasq on 127.0.0.1:$dnsport; $(nproc) cores"

base=""
for n in $NODES_LIST; do
  psql -q -h "$host" -p "$pgport" -U postgres -c "CREATE DATABASE asmm8_scalebench_$$" postgres
  pids=()
  ports=()
  for k in $(seq 1 "$n"); do
    port=$(free_port); ports+=("$port")
    env -i PATH="$PATH" HOME="$HOME" \
      ASMM8_DB_URL="jdbc:postgresql://$host:$pgport/asmm8_scalebench_$$" ASMM8_DB_USER=postgres \
      ASMM8_HTTP_PORT="$port" ASMM8_NODE_ID="bench-$k" ASMM8_TOOLS="$work/tools.yaml" ASMM8_WORDLIST="$work/words" \
      ASMM8_STAGING_DIR="$work/staging" ASMM8_RESOLVERS="127.0.0.1:$dnsport" ASMM8_DNS_RATE="$RATE" \
      ASMM8_SCAN_TYPE="$TYPE" ASMM8_SCAN_PARALLELISM="$PARALLELISM" ASMM8_SCHEDULE_DELAY=200 ASMM8_SCHEDULE_POLL="$POLL" \
      ASMM8_SCHEDULE_ENABLED="$SCHEDULE" ASMM8_LEASE_TTL="$TTL" \
      ASMM8_SCHEDULE_PERIOD=86400000 ASMM8_ROUTES_RELOAD=false ASMM8_LOG_LEVEL=WARN \
      ${AMQP:+ASMM8_AMQP_URL=amqp://guest:guest@127.0.0.1:5672 ASMM8_WORK_QUEUE=$queue ASMM8_AMQP_QUEUE=$queue-requests ASMM8_AMQP_EXCHANGE=$queue} \
      java ${JAVA_OPTS:-} -Xmx512m -jar target/asmm8.jar > "$work/daemon-$n-$k.log" 2>&1 &
    pids+=("$!")
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 600); do
      [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/ready")" = 200 ] && break; sleep 0.2
    done
  done
  for i in $(seq 1 "$DOMAINS"); do q "INSERT INTO cptm8domain (id, name, companyname, enabled) VALUES (gen_random_uuid(), '$(printf 'd%03d.scale.bench' "$i")', 'bench', false)"; done
  if [ "$TYPE" = check ]; then   # the names a check resolves: the wordlist's, stored under each domain
    q "INSERT INTO cptm8hostname (id, name, domainid, live, enabled, foundfirsttime, lastseen, sources)
       SELECT gen_random_uuid(), w.w || '.' || d.name, d.id, true, true, now(), now(), ARRAY['bench']
       FROM cptm8domain d, (SELECT unnest(ARRAY['www', 'mail', 'api']) UNION ALL
                            SELECT 'nx' || g FROM generate_series(1, $((WORDS - 3))) g) w(w)"
  fi
  t0=$(date +%s.%N)
  q "UPDATE cptm8domain SET enabled = true"
  if [ -n "${ASKED:-}" ]; then
    code=$(curl -s -o "$work/asked.json" -w '%{http_code}' "http://127.0.0.1:${ports[0]}/scan/$TYPE")
    [ "$code" = 202 ] || { echo "GET /scan/$TYPE answered $code: $(cat "$work/asked.json")" >&2; exit 1; }
  fi
  if [ -n "${TAKEOVER:-}" ]; then   # kill -9 the first daemon once it scans; time until the others begin its domains
    for _ in $(seq 1 6000); do
      [ "$(q "SELECT count(*) FROM asmm8_scan_run WHERE node = 'bench-1' AND status = 'running' AND phase IS NOT NULL")" -gt 0 ] && break
      sleep 0.1
    done
    killed=$(q "SELECT string_agg(quote_literal(domain), ',') FROM asmm8_scan_run WHERE node = 'bench-1' AND status = 'running'")
    kill -9 "${pids[0]}"; tk=$(q "SELECT extract(epoch FROM clock_timestamp())")
    nk=$(q "SELECT count(*) FROM asmm8_scan_run WHERE domain IN ($killed) AND status = 'running' AND node = 'bench-1'")
    for _ in $(seq 1 3000); do
      [ "$(q "SELECT count(DISTINCT domain) FROM asmm8_scan_run WHERE domain IN ($killed) AND node <> 'bench-1'")" -ge "$nk" ] && break
      sleep 0.1
    done
    taken=$(q "SELECT round(max(extract(epoch FROM startedat)) - $tk, 1) || ' ' || round(min(extract(epoch FROM startedat)) - $tk, 1)
               FROM (SELECT domain, min(startedat) startedat FROM asmm8_scan_run WHERE domain IN ($killed) AND node <> 'bench-1'
                     GROUP BY domain) x")
    echo "daemons=$n killed_scans=$nk takeover_s_max=${taken%% *} takeover_s_min=${taken##* } bound_s=$(python3 -c "print($TTL + $POLL / 1000)")" \
         "(lease ttl ${TTL} s, poll ${POLL} ms)"
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do { wait "$p"; } 2>/dev/null || true; done
    pids=(); rm -rf "$work/staging"
    psql -q -h "$host" -p "$pgport" -U postgres -c "DROP DATABASE asmm8_scalebench_$$ WITH (FORCE)" postgres
    continue
  fi
  for _ in $(seq 1 36000); do
    done_n=$(q "SELECT count(*) FROM asmm8_scan_run WHERE status IN ('completed', 'warning')")
    [ "$done_n" -ge "$DOMAINS" ] && break; sleep 0.1
  done
  t1=$(date +%s.%N)
  spread=$(q "SELECT string_agg(node || '=' || c, ' ' ORDER BY node) FROM (SELECT node, count(*) c FROM asmm8_scan_run GROUP BY node) x")
  doubles=$(q "SELECT count(*) FROM (SELECT domain FROM asmm8_scan_run WHERE status IN ('completed','warning') GROUP BY domain HAVING count(*) > 1) x")
  avg=$(q "SELECT round(avg(extract(epoch FROM endedat - startedat))::numeric, 2) FROM asmm8_scan_run WHERE status IN ('completed','warning')")
  rate=$(python3 -c "print(round($DOMAINS * 60 / ($t1 - $t0), 1))")
  [ -z "$base" ] && base=$rate
  echo "daemons=$n domains=$DOMAINS seconds=$(python3 -c "print(round($t1 - $t0, 1))") domains_per_min=$rate" \
       "ratio_to_1=$(python3 -c "print(round($rate / $base, 2))") spread=[$spread] scanned_twice=$doubles avg_scan_s=$avg"
  # PHASES=file: each scan's node, seconds and per-phase report, kept as file-<daemons>
  [ -n "${PHASES:-}" ] && q "SELECT node, extract(epoch FROM endedat - startedat), phases::text FROM asmm8_scan_run" > "$PHASES-$n"
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do { wait "$p"; } 2>/dev/null || true; done
  pids=()
  rm -rf "$work/staging"
  psql -q -h "$host" -p "$pgport" -U postgres -c "DROP DATABASE asmm8_scalebench_$$ WITH (FORCE)" postgres
done
if [ -n "${AMQP:-}" ]; then   # the run's own queues and exchange (needs rabbitmqctl / rabbitmqadmin on this machine)
  rabbitmqctl delete_queue "$queue" >/dev/null 2>&1 || echo "(delete queue $queue by hand)"
  rabbitmqctl delete_queue "$queue-requests" >/dev/null 2>&1 || echo "(delete queue $queue-requests by hand)"
  rabbitmqadmin delete exchange name="$queue" >/dev/null 2>&1 || echo "(delete exchange $queue by hand)"
fi
