#!/usr/bin/env bash
# DynamoDB benchmark: wharf beside dynalite (npm, with --path so that it persists as wharf does)
# and moto_server (the python3 on PATH; in memory), plus the machine's ceiling (nginx serving a
# small static file to the same client under the same load). Prints the raw rows and a
# comparison table. Not a test: never run by CI.
#
#   bash bench/dynamo/run.sh                  # full run (~6 min)
#   SECONDS_PER=2 CONNS=1,16 bash bench/dynamo/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
WHARF_BENCH_DEPS=1 bash scripts/install-deps.sh
(cd bench/dynamo && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; })
ninja -C build -j2 wharf dynamo_bench s3_bench >/dev/null

SECONDS_PER=${SECONDS_PER:-5}
CONNS=${CONNS:-1,16,64}
work=$(mktemp -d)
chmod 755 "$work"  # nginx workers run as an unprivileged user
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }
peak_rss_mib() { awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/"$1"/status; }

# nginx: a 400-byte static answer (about a GetItem's) to the same client, the ceiling of any
# request/response server on this machine.
mkdir -p "$work/www" "$work/nginx"
head -c 400 /dev/urandom >"$work/www/item"
nport=$(free_port)
cat >"$work/nginx/nginx.conf" <<NGX
worker_processes 2; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 10000000;
       server { listen 127.0.0.1:$nport; root $work/www; } }
NGX
nginx -c "$work/nginx/nginx.conf"
pids+=("$(cat "$work/nginx/nginx.pid")")
wait_port "$nport"

results="$work/results.tsv"
bench() { build/dynamo_bench --seconds "$SECONDS_PER" --connections "$CONNS" "$@" | tee -a "$results"; }
build/s3_bench --name ceiling --port "$nport" --plain-get /item --seconds "$SECONDS_PER" --connections "$CONNS" | tee -a "$results"

declare -A rss
wport=$(free_port)
build/wharf serve --data "$work/wharf" --port "$wport" --search-port "$(free_port)" --log-level warn &
pids+=($!); wpid=$!; wait_port "$wport"
bench --name wharf --port "$wport"
rss[wharf]=$(peak_rss_mib "$wpid")

dport=$(free_port)
node bench/dynamo/node_modules/.bin/dynalite --port "$dport" --path "$work/dynalite" >"$work/dynalite.log" 2>&1 &
pids+=($!); dpid=$!; wait_port "$dport"
bench --name dynalite --port "$dport"
rss[dynalite]=$(peak_rss_mib "$dpid")

mport=$(free_port)
python3 -m moto.server -H 127.0.0.1 -p "$mport" >"$work/moto.log" 2>&1 &
pids+=($!); mpid=$!; wait_port "$mport"
bench --name moto --port "$mport"
rss[moto]=$(peak_rss_mib "$mpid")

echo
echo "peak RSS (MiB): wharf ${rss[wharf]}, dynalite ${rss[dynalite]}, moto ${rss[moto]}"
python3 bench/dynamo/compare.py "$results"
