# Sourced by the DNS benchmarks: a generated zone served by dnsmasq on 127.0.0.1.
# bench_zone ZONE [DNSMASQ_OPTION...]: in $work (made here, removed on exit), WORDS words w0000000,
# ... (file words), REAL of them real names (file real, served from file hosts), dnsmasq on a free
# port ($port) with the options given (e.g. a wildcard sub-zone).
bench_zone() {
  local zone=$1; shift
  work=$(mktemp -d); chmod 755 "$work"
  trap 'kill $(cat "$work"/*pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
  awk -v n="$WORDS" -v real="$REAL" -v zone="$zone" -v dir="$work" 'BEGIN {
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
    --addn-hosts="$work/hosts" --local=/"$zone"/ --local=/invalid/ --cache-size=0 --pid-file="$work/pid" \
    --log-facility="$work/log" "$@"
  sleep 1
}
