#!/usr/bin/env bash
# Runs every end-to-end suite against real clients and prints one closing line
# `N passed, N failed` (the sum over suites). Each suite starts its own wharf on free ports.
set -uo pipefail
cd "$(dirname "$0")/../.."
export WHARF_BIN="${WHARF_BIN:-$PWD/build/wharf}"
passed=0 failed=0
log=$(mktemp -d)

suite_start=$SECONDS
tally() {  # suite name, output file, exit code
  local line p f
  line=$(grep -E '^(# )?(pass|fail) [0-9]+$|^[0-9]+ passed, [0-9]+ failed' "$2" | tail -3)
  if grep -qE '^[0-9]+ passed, [0-9]+ failed' <<<"$line"; then
    p=$(grep -oE '^[0-9]+ passed' <<<"$line" | tail -1 | cut -d' ' -f1)
    f=$(grep -oE '[0-9]+ failed' <<<"$line" | tail -1 | cut -d' ' -f1)
  else
    p=$(grep -oE '^# pass [0-9]+' "$2" | tail -1 | awk '{print $3}')
    f=$(grep -oE '^# fail [0-9]+' "$2" | tail -1 | awk '{print $3}')
  fi
  p=${p:-0}; f=${f:-0}
  if [ "$3" != 0 ] && [ "$f" = 0 ]; then f=1; fi  # a suite that crashed counts as failed
  echo "suite $1: $p passed, $f failed ($((SECONDS - suite_start)) s)"
  suite_start=$SECONDS
  [ "$f" != 0 ] && { echo "---- $1 failures:"; grep -E -A12 '^(FAIL|not ok|✖)' "$2" | head -150; }
  passed=$((passed + p)); failed=$((failed + f))
}

# Python suites: Debian's boto3 1.26 and the newer boto3 on PATH (they sign and checksum differently).
/usr/bin/python3 tests/e2e/py/runner.py >"$log/py-debian.txt" 2>&1; tally "boto3 $(/usr/bin/python3 -c 'import boto3;print(boto3.__version__)')" "$log/py-debian.txt" $?
if command -v python3 >/dev/null && [ "$(command -v python3)" != /usr/bin/python3 ] && python3 -c 'import boto3' 2>/dev/null; then
  python3 tests/e2e/py/runner.py >"$log/py-path.txt" 2>&1; tally "boto3 $(python3 -c 'import boto3;print(boto3.__version__)')" "$log/py-path.txt" $?
fi

# JavaScript (AWS SDK v3, @elastic/elasticsearch, @opensearch-project/opensearch) and the AWS
# CLI, against one server started by the harness.
run_with_server() {  # name, command...
  local name=$1; shift
  /usr/bin/python3 tests/e2e/harness.py --exec "$@" >"$log/$name.txt" 2>&1
  tally "$name" "$log/$name.txt" $?
}
run_with_server js-sdk bash -c 'cd tests/e2e/js && node --test'
run_with_server aws-cli bash tests/e2e/cli/s3_cli.sh
run_with_server aws-cli-dynamodb bash tests/e2e/cli/dynamo_cli.sh

# Pipelines: `wharf run` against a PostgreSQL and a Redis the suite starts, kill -9 and resume,
# bad inputs, the e-commerce demo with its output checked, the seed's RDSManager.
/usr/bin/python3 tests/e2e/pipelines/pipelines_e2e.py >"$log/pipelines.txt" 2>&1; tally "pipelines" "$log/pipelines.txt" $?

# Scale: a 5 GiB multipart upload and GET keep the server's RSS under 200 MiB (own server).
python3 tests/e2e/scale/large_object.py >"$log/large.txt" 2>&1; tally "5 GiB object" "$log/large.txt" $?
grep -h "GiB:" "$log/large.txt" || true
# Scale: a 100 MB _bulk body streams through the search API with the server's RSS under 80 MiB.
python3 tests/e2e/scale/bulk_stream.py >"$log/bulk.txt" 2>&1; tally "100 MB bulk" "$log/bulk.txt" $?
grep -h "^bulk of" "$log/bulk.txt" || true

echo "e2e: $passed passed, $failed failed"
echo "$passed passed, $failed failed"
rm -rf "$log"
[ "$failed" = 0 ]
