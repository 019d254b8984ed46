#!/usr/bin/env bash
# Search benchmark: wharf's Elasticsearch-compatible API beside Sphinx 2.2 (Debian's sphinxsearch:
# an RT index queried over SphinxQL, the MySQL protocol) on the Debian packages corpus, plus the
# machine's ceiling (nginx serving a static file the size of one of wharf's search answers to the
# same client under the same load). Bulk indexing docs/s, then queries/s and p50/p99 latency of a
# term, a phrase, a phrase with a term filter, a bool with filters and terms aggregations, and
# each server's peak RSS with the corpus loaded. Prints the raw rows, sanity hit counts and a
# comparison table. Not a test: never run by CI.
#
#   bash bench/search/run.sh                              # full run (~4 min)
#   SECONDS_PER=2 CONNS=1,16,64 bash bench/search/run.sh
#   SOURCE=false bash bench/search/run.sh                 # answers carry ids only, no documents
#   INDEX_PHRASES=false bash bench/search/run.sh          # description without index_phrases
set -euo pipefail
cd "$(dirname "$0")/../.."
WHARF_BENCH_DEPS=1 bash scripts/install-deps.sh
# search_bench exists only when CMake found libmariadb: configure again if this build predates it.
if ! { [ -f build/build.ninja ] && ninja -C build -t query search_bench >/dev/null 2>&1; }; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C build -j2 wharf search_bench >/dev/null

SECONDS_PER=${SECONDS_PER:-5}
CONNS=${CONNS:-1,16}
BATCH=${BATCH:-1000}            # documents per _bulk request and per multi-row INSERT
LOAD_CONNS=${LOAD_CONNS:-2}     # connections loading in parallel, for both servers
SOURCE=${SOURCE:-true}          # wharf answers with _source, Sphinx with all attributes (SELECT *)
# wharf's description field with index_phrases: true, the Elasticsearch mapping parameter for
# fast exact phrases (shingles indexed beside the words; bulk loads about a third slower).
INDEX_PHRASES=${INDEX_PHRASES:-true}
CORPUS=${CORPUS:-../shared/data/debian-packages.ndjson.gz}
source bench/common/lib.sh
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/"$1"/status; }

gzip -dc "$CORPUS" >"$work/corpus.ndjson"
results="$work/results.tsv"
sb() {
  build/search_bench --corpus "$work/corpus.ndjson" --seconds "$SECONDS_PER" --connections "$CONNS" \
    --batch "$BATCH" --load-connections "$LOAD_CONNS" --source "$SOURCE" \
    --index-phrases "$INDEX_PHRASES" "$@" | tee -a "$results"
}

# wharf: a fresh data directory. The benchmark creates the index with an explicit mapping of the
# eight fields Sphinx indexes too (see search_bench.cc).
wport=$(free_port); wsport=$(free_port)
build/wharf serve --data "$work/wharf" --port "$wport" --search-port "$wsport" --log-level warn &
pids+=($!); wpid=$!; wait_port "$wsport"

# Sphinx: searchd in the foreground (--nodetach, no watchdog process, so that $! is the server
# whose RSS is read), as root, with an RT index of the same fields. binlog_flush = 1 syncs the
# binary log at every commit, as wharf syncs its translog before answering a _bulk (Sphinx's
# default, 2, syncs once a second). rt_mem_limit is Sphinx's default, written out.
sport=$(free_port)
mkdir -p "$work/sphinx/data"
cat >"$work/sphinx/sphinx.conf" <<CONF
index packages
{
  type           = rt
  path           = $work/sphinx/data/packages
  rt_field       = title
  rt_field       = description
  rt_attr_string = package
  rt_attr_string = section
  rt_attr_string = priority
  rt_attr_uint   = installed_size
  rt_attr_bigint = size
  rt_attr_multi  = tags
  rt_mem_limit   = 128M
}
searchd
{
  listen          = 127.0.0.1:$sport:mysql41
  log             = $work/sphinx/searchd.log
  pid_file        = $work/sphinx/searchd.pid
  binlog_path     = $work/sphinx/data
  binlog_flush    = 1
  workers         = threads
  watchdog        = 0
  max_packet_size = 128M
}
CONF
searchd --config "$work/sphinx/sphinx.conf" --nodetach >"$work/sphinx/stdout.log" 2>&1 &
pids+=($!); spid=$!
wait_port "$sport" || { cat "$work/sphinx/stdout.log" "$work/sphinx/searchd.log" >&2; exit 1; }

# Loads one after the other, each server alone on the machine.
sb --wharf "$wsport" --load
rss_wharf_load=$(peak_rss_mib "$wpid")
sb --sphinx "$sport" --load
rss_sphinx_load=$(peak_rss_mib "$spid")
sb --wharf "$wsport" --sphinx "$sport" --sanity
sb --wharf "$wsport" --queries
sb --sphinx "$sport" --queries

# The ceiling: nginx serving, as a static file, wharf's answer to a term query (10 hits).
start_nginx
curl -sf -H 'content-type: application/json' -d "{\"query\":{\"term\":{\"section\":\"games\"}},\"_source\":$SOURCE}" \
  "http://127.0.0.1:$wsport/packages/_search" >"$work/www/answer"
build/search_bench --ceiling "$nport" --ceiling-path /answer --seconds "$SECONDS_PER" \
  --connections "$CONNS" | tee -a "$results"

rss="$work/rss.tsv"
printf 'wharf\t%s\t%s\t%s\t%s\n' "$rss_wharf_load" "$(peak_rss_mib "$wpid")" "$(rss_mib "$wpid")" \
  "$(du -sm "$work/wharf" | cut -f1)" >"$rss"
printf 'sphinx\t%s\t%s\t%s\t%s\n' "$rss_sphinx_load" "$(peak_rss_mib "$spid")" "$(rss_mib "$spid")" \
  "$(du -sm "$work/sphinx/data" | cut -f1)" >>"$rss"
echo
echo "search answer for the ceiling: $(stat -c %s "$work/www/answer") bytes"
python3 bench/search/compare.py "$results" "$rss"
