#!/usr/bin/env bash
# Runs every end-to-end suite against real clients and prints one closing line
# `N passed, N failed` (the sum over suites). Each suite starts its own wharf on free ports.
set -uo pipefail
cd "$(dirname "$0")/../.."
export WHARF_BIN="${WHARF_BIN:-$PWD/build/wharf}"
passed=0 failed=0
log=$(mktemp -d)

run() {  # suite name, command...: output to $log/NAME.txt, exit code and seconds beside it
  local name=$1 start=$SECONDS
  shift
  "$@" >"$log/$name.txt" 2>&1
  echo $? >"$log/$name.rc"
  echo $((SECONDS - start)) >"$log/$name.secs"
}

tally() {  # suite name (as given to run), label
  local out="$log/$1.txt" rc line p f
  rc=$(cat "$log/$1.rc" 2>/dev/null || echo 1)
  line=$(grep -E '^(# )?(pass|fail) [0-9]+$|^[0-9]+ passed, [0-9]+ failed' "$out" | tail -3)
  if grep -qE '^[0-9]+ passed, [0-9]+ failed' <<<"$line"; then
    p=$(grep -oE '^[0-9]+ passed' <<<"$line" | tail -1 | cut -d' ' -f1)
    f=$(grep -oE '[0-9]+ failed' <<<"$line" | tail -1 | cut -d' ' -f1)
  else
    p=$(grep -oE '^# pass [0-9]+' "$out" | tail -1 | awk '{print $3}')
    f=$(grep -oE '^# fail [0-9]+' "$out" | tail -1 | awk '{print $3}')
  fi
  p=${p:-0}; f=${f:-0}
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi  # a suite that crashed counts as failed
  echo "suite $2: $p passed, $f failed ($(cat "$log/$1.secs" 2>/dev/null || echo '?') s)"
  [ "$f" != 0 ] && { echo "---- $2 failures:"; grep -E -A12 '^(FAIL|not ok|✖)' "$out" | head -150; }
  passed=$((passed + p)); failed=$((failed + f))
}

# JavaScript (AWS SDK v3, @elastic/elasticsearch, @opensearch-project/opensearch) and the AWS
# CLI, each against one server started by the harness.
with_server() { /usr/bin/python3 tests/e2e/harness.py --exec "$@"; }

# Two streams side by side, of about the same length, so that both cores stay busy:
# - the AWS CLI suites start one `aws` process per step: one core's worth of Python start-up
#   for five to six minutes;
# - the Python, JavaScript, pipeline and scale suites one after another.
{
  run aws-cli with_server bash tests/e2e/cli/s3_cli.sh
  run aws-cli-dynamodb with_server bash tests/e2e/cli/dynamo_cli.sh
} &
cli_suites=$!

# Python suites: Debian's boto3 1.26 and the newer boto3 on PATH (they sign and checksum differently).
run py-debian /usr/bin/python3 tests/e2e/py/runner.py
other_boto3=
if command -v python3 >/dev/null && [ "$(command -v python3)" != /usr/bin/python3 ] && python3 -c 'import boto3' 2>/dev/null; then
  other_boto3=$(python3 -c 'import boto3;print(boto3.__version__)')
  run py-path python3 tests/e2e/py/runner.py
fi
run js-sdk with_server bash -c 'cd tests/e2e/js && node --test'
# Pipelines: `wharf run` against a PostgreSQL and a Redis the suite starts, kill -9 and resume,
# bad inputs, the e-commerce demo with its output checked, the seed's RDSManager.
run pipelines /usr/bin/python3 tests/e2e/pipelines/pipelines_e2e.py
# Scale: a 5 GiB multipart upload and GET keep the server's RSS under 200 MiB (own server;
# what other processes use does not count in its RSS).
run large python3 tests/e2e/scale/large_object.py
# Scale: a 100 MB _bulk body streams through the search API with the server's RSS under 80 MiB.
run bulk python3 tests/e2e/scale/bulk_stream.py
wait "$cli_suites"

tally py-debian "boto3 $(/usr/bin/python3 -c 'import boto3;print(boto3.__version__)')"
[ -n "$other_boto3" ] && tally py-path "boto3 $other_boto3"
tally js-sdk js-sdk
tally aws-cli aws-cli
tally aws-cli-dynamodb aws-cli-dynamodb
tally pipelines pipelines
tally large "5 GiB object"
grep -h "GiB:" "$log/large.txt" || true
tally bulk "100 MB bulk"
grep -h "^bulk of" "$log/bulk.txt" || true

echo "e2e: $passed passed, $failed failed"
echo "$passed passed, $failed failed"
rm -rf "$log"
[ "$failed" = 0 ]
