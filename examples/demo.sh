#!/usr/bin/env bash
# `make demo`: the e-commerce demo on the embedded defaults, nothing started by hand.
#  1. `wharf demo` generates a dirty e-commerce data set into s3://raw/ and runs the pipelines of
#     examples/ecommerce/ in-process: users and orders cleaned into tables, products into a search
#     index, order facts into SQLite, co-purchase recommendations, a daily sales report object.
#  2. `wharf serve` then serves that data dir, and unmodified boto3 and elasticsearch-py code (the
#     seed's S3Manager / DynamoDBManager / ElasticsearchManager style) reads what the pipelines
#     made, and the report's presigned URL is fetched like a partner would.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
port=${WHARF_DEMO_PORT:-4566}
search_port=${WHARF_DEMO_SEARCH_PORT:-9200}
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$data"' EXIT
build/wharf demo --data "$data/data" --port "$port" | tee "$data/demo.txt"
url=$(grep -o "http://127.0.0.1:$port/reports/daily_sales.csv?[^ ]*" "$data/demo.txt")

build/wharf serve --data "$data/data" --port "$port" --search-port "$search_port" >"$data/wharf.log" 2>&1 &
pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/_wharf/health" >/dev/null && break; sleep 0.1; done
echo
echo "wharf is serving the demo's data: S3 and DynamoDB on http://127.0.0.1:$port, search on http://127.0.0.1:$search_port"
echo "a partner opens the report's presigned URL:"
curl -sf "$url" | head -4 | sed 's/^/  /'
echo
/usr/bin/python3 examples/ecommerce_demo.py "http://127.0.0.1:$port" "http://127.0.0.1:$search_port"
