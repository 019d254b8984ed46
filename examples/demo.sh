#!/usr/bin/env bash
# The e-commerce demo on the embedded defaults: starts wharf on a fresh data dir, loads a small
# catalogue into S3 with boto3 exactly as the S3Manager of the product seed does, lists it,
# keeps orders and stock in DynamoDB (GSI, conditional updates, a stream), indexes customers and
# products in the Elasticsearch-compatible search API (Chinese names, BM25, aggregations),
# shares a presigned link, and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
port=${WHARF_DEMO_PORT:-4566}
search_port=${WHARF_DEMO_SEARCH_PORT:-9200}
build/wharf serve --data "$data/data" --port "$port" --search-port "$search_port" >"$data/wharf.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/_wharf/health" >/dev/null && break; sleep 0.1; done
echo "wharf is serving S3 and DynamoDB on http://127.0.0.1:$port, search on http://127.0.0.1:$search_port (data in $data/data)"
/usr/bin/python3 examples/ecommerce_demo.py "http://127.0.0.1:$port" "http://127.0.0.1:$search_port"
