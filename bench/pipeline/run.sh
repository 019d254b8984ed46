#!/usr/bin/env bash
# Pipeline benchmark (issue 5): one run on one generated orders CSV, prints a table.
#   - clean + load into PostgreSQL with `wharf run` vs `psql \copy` of the already-clean file;
#   - CSV -> DynamoDB table: `wharf run` vs the seed's approach (a boto3 put_item loop) against
#     wharf serve and against dynalite (--path, so that it persists as wharf does);
#   - CSV -> search index with `wharf run`.
# Not a test: never run by CI. ROWS=1000000 bash bench/pipeline/run.sh for a quicker run.
set -euo pipefail
cd "$(dirname "$0")/../.."
WHARF_BENCH_DEPS=1 bash scripts/install-deps.sh
(cd bench/dynamo && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; })
ninja -C build -j2 wharf >/dev/null
/usr/bin/python3 bench/pipeline/pipeline_bench.py "$@"
