# Helpers the AWS CLI suites share (sourced by s3_cli.sh and dynamo_cli.sh). They count into
# PASS / FAIL / SKIP, label failures with $TAG, run "$AWS_BIN" against $S3_ENDPOINT and keep
# each command's output in $W.

pass() { PASS=$((PASS + 1)); }
fail() { FAIL=$((FAIL + 1)); echo "FAIL [$TAG] $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -c 1500 | sed 's/^/    /'; return 0; }
skip() { SKIP=$((SKIP + 1)); echo "SKIP [$TAG] $1"; }

# find_clis: the CLIs to test into CLIS: $AWS alone when set, else the first `aws` on PATH, then
# Debian's /usr/bin/aws when that is another program. A pyenv shim is resolved to the program
# it runs: the shim is a bash script that starts pyenv, 60 ms more for each of some 240 commands.
find_clis() {
  CLIS=()
  if [ -n "${AWS:-}" ]; then CLIS=("$AWS"); return; fi
  local first
  first=$(command -v aws || true)
  if [[ "$first" == */shims/aws ]] && command -v pyenv >/dev/null; then
    first=$(pyenv which aws 2>/dev/null || echo "$first")
  fi
  [ -n "$first" ] && CLIS+=("$first")
  if [ -x /usr/bin/aws ] && [ "$(readlink -f "${first:-/nonexistent}")" != "$(readlink -f /usr/bin/aws)" ]; then
    CLIS+=(/usr/bin/aws)
  fi
}

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
