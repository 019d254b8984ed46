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
source bench/common/lib.sh

# nginx: the ceiling for a GET of the same sizes over loopback with the same client
start_nginx "sendfile on; tcp_nopush on;"
head -c 4096 /dev/urandom >"$work/www/4k"
head -c $((LARGE_MIB << 20)) /dev/zero >"$work/www/large"

results="$work/results.tsv"
bench() { build/s3_bench --seconds "$SECONDS_PER" --connections "$CONNS" --list-keys "$LIST_KEYS" --large-mib "$LARGE_MIB" "$@" | tee -a "$results"; }

# All servers run at once and each measurement is taken of every peer in turn, so that a slow
# spell of this shared VM (steal time reaches 30-50% under load) falls on all peers alike
# instead of on whichever ran during it. Between measurements the page cache is written back and
# background work given time to finish, so one peer's writes do not slow the next one down.
declare -A rss port
port[wharf]=$(free_port)
build/wharf serve --data "$work/wharf" --port "${port[wharf]}" --search-port "$(free_port)" --log-level warn &
pids+=($!); wpid=$!
port[s3rver]=$(free_port)
node bench/s3/node_modules/.bin/s3rver -d "$work/s3rver" -a 127.0.0.1 -p "${port[s3rver]}" -s &
pids+=($!); spid=$!
port[moto]=$(free_port)
python3 -m moto.server -H 127.0.0.1 -p "${port[moto]}" >"$work/moto.log" 2>&1 &
pids+=($!); mpid=$!
for peer in wharf s3rver moto; do wait_port "${port[$peer]}"; done
creds() { [ "$1" = s3rver ] && echo "--access-key S3RVER --secret-key S3RVER" || true; }

for op in put get list large; do
  if [ "$op" = get ]; then
    build/s3_bench --name ceiling --port "$nport" --plain-get /4k --seconds "$SECONDS_PER" --connections "$CONNS" | tee -a "$results"
  elif [ "$op" = large ]; then
    build/s3_bench --name ceiling --port "$nport" --plain-get /large --seconds "$SECONDS_PER" --connections 1 | tee -a "$results"
  fi
  for peer in wharf s3rver moto; do
    sync; sleep 3
    # shellcheck disable=SC2046
    bench --name "$peer" --port "${port[$peer]}" --ops "$op" $(creds "$peer")
  done
done
rss[wharf]=$(peak_rss_mib "$wpid")
rss[s3rver]=$(peak_rss_mib "$spid")
rss[moto]=$(peak_rss_mib "$mpid")

echo
echo "peak RSS (MiB): wharf ${rss[wharf]}, s3rver ${rss[s3rver]}, moto ${rss[moto]}"
python3 bench/s3/compare.py "$results"
