#!/usr/bin/env bash
# S3 benchmark: wharf beside s3rver (npm, with a data directory) and moto_server (the python3 on
# PATH; in memory, it has no persistence), plus the machine's ceiling (nginx serving static files
# to the same client). Prints the raw rows and a comparison table. Not a test: never run by CI.
#
#   bash bench/s3/run.sh            # full run (~15 min: filling moto with 100k keys is slow)
#   LIST_KEYS=20000 SECONDS_PER=3 bash bench/s3/run.sh   # quicker
set -euo pipefail
cd "$(dirname "$0")/../.."
WHARF_BENCH_DEPS=1 bash scripts/install-deps.sh
(cd bench/s3 && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; })
ninja -C build -j2 wharf s3_bench >/dev/null

SECONDS_PER=${SECONDS_PER:-5}
LIST_KEYS=${LIST_KEYS:-100000}
LARGE_MIB=${LARGE_MIB:-1024}
CONNS=${CONNS:-1,16,64}
work=$(mktemp -d)
chmod 755 "$work"  # nginx workers run as an unprivileged user
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }
peak_rss_mib() { awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/"$1"/status; }

# nginx: the ceiling for a GET of the same sizes over loopback with the same client
mkdir -p "$work/www" "$work/nginx"
head -c 4096 /dev/urandom >"$work/www/4k"
head -c $((LARGE_MIB << 20)) /dev/zero >"$work/www/large"
nport=$(free_port)
cat >"$work/nginx/nginx.conf" <<NGX
worker_processes 2; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log;
events { worker_connections 4096; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 10000000;
       server { listen 127.0.0.1:$nport; root $work/www; } }
NGX
nginx -c "$work/nginx/nginx.conf"
pids+=("$(cat "$work/nginx/nginx.pid")")
wait_port "$nport"

results="$work/results.tsv"
bench() { build/s3_bench --seconds "$SECONDS_PER" --connections "$CONNS" --list-keys "$LIST_KEYS" --large-mib "$LARGE_MIB" "$@" | tee -a "$results"; }
build/s3_bench --name ceiling --port "$nport" --plain-get /4k --seconds "$SECONDS_PER" --connections "$CONNS" | tee -a "$results"
build/s3_bench --name ceiling --port "$nport" --plain-get /large --seconds "$SECONDS_PER" --connections 1 | tee -a "$results"

declare -A rss
wport=$(free_port)
build/wharf serve --data "$work/wharf" --port "$wport" --search-port "$(free_port)" --log-level warn &
pids+=($!); wpid=$!; wait_port "$wport"
bench --name wharf --port "$wport"
rss[wharf]=$(peak_rss_mib "$wpid")

sport=$(free_port)
node bench/s3/node_modules/.bin/s3rver -d "$work/s3rver" -a 127.0.0.1 -p "$sport" -s &
pids+=($!); spid=$!; wait_port "$sport"
bench --name s3rver --port "$sport" --access-key S3RVER --secret-key S3RVER
rss[s3rver]=$(peak_rss_mib "$spid")

mport=$(free_port)
python3 -m moto.server -H 127.0.0.1 -p "$mport" >"$work/moto.log" 2>&1 &
pids+=($!); mpid=$!; wait_port "$mport"
bench --name moto --port "$mport"
rss[moto]=$(peak_rss_mib "$mpid")

echo
echo "peak RSS (MiB): wharf ${rss[wharf]}, s3rver ${rss[s3rver]}, moto ${rss[moto]}"
python3 bench/s3/compare.py "$results"
