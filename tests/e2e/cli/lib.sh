# Helpers the AWS CLI suites share (sourced by s3_cli.sh and dynamo_cli.sh). They count into
# PASS / FAIL / SKIP, label failures with $TAG, run "$AWS_BIN" against $S3_ENDPOINT and keep
# each command's output in $W.

pass() { PASS=$((PASS + 1)); }
fail() { FAIL=$((FAIL + 1)); echo "FAIL [$TAG] $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -c 1500 | sed 's/^/    /'; return 0; }
skip() { SKIP=$((SKIP + 1)); echo "SKIP [$TAG] $1"; }

# run: runs the CLI; stdout/stderr/rc in $OUT $ERR $RC (files $W/out, $W/err).
run() {
  "$AWS_BIN" --endpoint-url "$S3_ENDPOINT" "$@" >"$W/out" 2>"$W/err"
  RC=$?
  OUT=$(cat "$W/out")
  ERR=$(cat "$W/err")
  return 0
}
# ok NAME -- args...: the command must succeed.
ok() {
  local name=$1; shift; [ "$1" = "--" ] && shift
  run "$@"
  if [ "$RC" -eq 0 ]; then pass; return 0; fi
  fail "$name (exit $RC): aws $*" "$ERR"
  return 1
}
# check NAME COND...: evaluates a shell test.
check() {
  local name=$1; shift
  if "$@"; then pass; else fail "$name" "command: $*"; fi
}
