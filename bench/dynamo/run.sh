#!/usr/bin/env bash
# DynamoDB benchmark: wharf beside dynalite (npm, with --path so that it persists as wharf does)
# and moto_server (the python3 on PATH; in memory), plus the machine's ceiling (nginx serving a
# small static file to the same client under the same load). Prints the raw rows and a
# comparison table. Not a test: never run by CI.
#
#   bash bench/dynamo/run.sh                  # full run (~8 min)
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

# All servers run at once and each measurement is taken of every peer in turn (as in
# bench/s3/run.sh), so that a slow spell of this shared VM falls on all peers alike instead of on
# whichever ran during it; the page cache is written back and background work given time to
# settle between measurements.
declare -A rss port
port[wharf]=$(free_port)
build/wharf serve --data "$work/wharf" --port "${port[wharf]}" --search-port "$(free_port)" --log-level warn &
pids+=($!); wpid=$!
port[dynalite]=$(free_port)
node bench/dynamo/node_modules/.bin/dynalite --port "${port[dynalite]}" --path "$work/dynalite" >"$work/dynalite.log" 2>&1 &
pids+=($!); dpid=$!
port[moto]=$(free_port)
python3 -m moto.server -H 127.0.0.1 -p "${port[moto]}" >"$work/moto.log" 2>&1 &
pids+=($!); mpid=$!
for peer in wharf dynalite moto; do wait_port "${port[$peer]}"; done

for op in put get query update batch; do
  for peer in wharf dynalite moto; do
    sync; sleep 3
    bench --name "$peer" --port "${port[$peer]}" --ops "$op"
  done
done
rss[wharf]=$(peak_rss_mib "$wpid")
rss[dynalite]=$(peak_rss_mib "$dpid")
rss[moto]=$(peak_rss_mib "$mpid")

echo
echo "peak RSS (MiB): wharf ${rss[wharf]}, dynalite ${rss[dynalite]}, moto ${rss[moto]}"
python3 bench/dynamo/compare.py "$results"
