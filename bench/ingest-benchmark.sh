#!/usr/bin/env bash
# Ingest benchmark: 1,000,000 synthetic tool-output lines for 10 domains through the real pipeline
# into PostgreSQL, against a set-based COPY baseline on the same schema. Prints rows/s, the ratio
# and the peak heap. Needs a PostgreSQL (default jdbc:postgresql://127.0.0.1:5432/postgres as
# postgres; ASMM8_BENCH_PG to change) where it may create and drop a scratch database.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/test-classes/com/asmm8/bench/DnsBenchmark.class ] || mvn -q -B -DskipTests package
exec java -Xmx"${BENCH_XMX:-256m}" -cp "target/test-classes:target/classes:target/lib/*" com.asmm8.bench.IngestBenchmark
