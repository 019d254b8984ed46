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
source bench/common/lib.sh

# nginx: a 400-byte static answer (about a GetItem's) to the same client, the ceiling of any
# request/response server on this machine.
start_nginx
head -c 400 /dev/urandom >"$work/www/item"

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
