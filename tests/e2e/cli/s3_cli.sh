#!/usr/bin/env bash
# End-to-end tests of wharf's S3 API through the AWS CLI (`aws s3 ...` and `aws s3api ...`).
#
# Environment:
#   S3_ENDPOINT            e.g. http://127.0.0.1:4566 (required)
#   AWS_ACCESS_KEY_ID      default wharf
#   AWS_SECRET_ACCESS_KEY  default wharf-secret
#   WHARF_E2E=1            also run tests that need the server to enforce auth
#   AWS=/path/to/aws       run with this CLI only; when unset the suite runs with the
#                          first `aws` on PATH and then with Debian's /usr/bin/aws
#                          (if it exists and is a different program).
#
# Prints each failure, then a final line exactly "N passed, N failed"; exits 1 on failure.
set -u -o pipefail

: "${S3_ENDPOINT:?S3_ENDPOINT must be set, e.g. http://127.0.0.1:4566}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-wharf}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-wharf-secret}"
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3 AWS_CA_BUNDLE

PASS=0
FAIL=0
SKIP=0
TAG=""
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/wharf-cli.XXXXXX")
trap 'rm -rf "$ROOT"' EXIT

# Path-style addressing through a private config file.
write_config() { # file [extra s3 sub-setting]
  {
    echo "[default]"
    echo "region = us-east-1"
    echo "output = json"
    echo "cli_pager ="
    echo "s3 ="
    echo "    addressing_style = path"
    [ -n "${2:-}" ] && echo "    $2"
  } >"$1"
}
write_config "$ROOT/config"
write_config "$ROOT/config-v4" "signature_version = s3v4"
export AWS_CONFIG_FILE="$ROOT/config"
export AWS_SHARED_CREDENTIALS_FILE="$ROOT/no-credentials"

source "$(dirname "$0")/lib.sh"
# err NAME PATTERN -- args...: the command must fail (exit 254/255 for API errors,
# non-zero for `aws s3`), with PATTERN (ERE) in stderr.
err() {
  local name=$1 pat=$2; shift 2; [ "$1" = "--" ] && shift
  run "$@"
  if [ "$RC" -eq 0 ]; then fail "$name: expected failure, got exit 0: aws $*" "$OUT"; return 1; fi
  if [ "$1" = "s3api" ] && [ "$RC" -ne 254 ] && [ "$RC" -ne 255 ]; then
    fail "$name: expected exit 254/255, got $RC" "$ERR"; return 1
  fi
  if ! grep -Eq -- "$pat" <<<"$ERR"; then fail "$name: stderr lacks /$pat/" "$ERR"; return 1; fi
  pass
}
# jcheck NAME PYEXPR: evaluates a python expression over the JSON in $OUT as `d`.
jcheck() {
  local name=$1 expr=$2 res
  res=$(printf '%s' "$OUT" | python3 -c "
import json, sys
d = json.load(sys.stdin)
r = ($expr)
print('ok' if r is True else 'got: %r' % (r,))
" 2>&1)
  if [ "$res" = "ok" ]; then pass; else fail "$name: $expr" "$res
$OUT"; fi
}
# Counts occurrences (not lines: progress output may share a line with \r).
count_lines() { grep -o -- "$1" <<<"$2" | wc -l; }

make_tree() { # dir: nested files with old mtimes so that sync decisions are deterministic
  local d=$1
  mkdir -p "$d/a/b/c" "$d/empty-dir-is-ignored" "$d/with space"
  echo "root file" >"$d/root.txt"
  echo "alpha" >"$d/a/alpha.txt"
  head -c 70000 /dev/urandom >"$d/a/b/blob.bin"
  echo "deep" >"$d/a/b/c/deep.txt"
  printf '' >"$d/a/b/c/empty.txt"
  echo "spaced" >"$d/with space/f i l e.txt"
  echo "plus" >"$d/a/plus+sign=eq.txt"
  find "$d" -exec touch -d '2020-01-02 03:04:05' {} +
}

suite() {
  W="$ROOT/$(basename "$AWS_BIN")-$RANDOM"
  mkdir -p "$W"
  local B="cli-$(date +%s)-$RANDOM$RANDOM"
  local B2="${B}-two"
  local v
  v=$("$AWS_BIN" --version 2>&1 | head -1)
  TAG="$(printf '%s' "$v" | cut -d' ' -f1)"
  echo "# running with $AWS_BIN: $v"

  # ---------------------------------------------------------------- buckets
  if ok "mb" -- s3 mb "s3://$B"; then
    check "mb prints make_bucket" grep -q "make_bucket: $B" <<<"$OUT"
  else
    echo "cannot create bucket; skipping the rest of this suite"
    return
  fi
  ok "ls lists buckets" -- s3 ls && check "ls shows the new bucket" grep -q " $B\$" <<<"$OUT"
  ok "s3api head-bucket" -- s3api head-bucket --bucket "$B"
  err "head-bucket on a missing bucket" "404|Not Found" -- s3api head-bucket --bucket "${B}-missing"
  ok "s3api list-buckets" -- s3api list-buckets
  jcheck "list-buckets contains bucket" "'$B' in [b['Name'] for b in d['Buckets']]"
  err "ls on a missing bucket" "NoSuchBucket" -- s3 ls "s3://${B}-missing/"
  err "create-bucket invalid name" "InvalidBucketName" -- s3api create-bucket --bucket "Bad_Name_$RANDOM"

  # ---------------------------------------------------------------- cp small, up and down
  printf 'hello from the cli\n' >"$W/small.txt"
  ok "cp small up" -- s3 cp --no-progress "$W/small.txt" "s3://$B/small.txt"
  check "cp small prints upload:" grep -q "upload: .*small.txt to s3://$B/small.txt" <<<"$OUT"
  ok "cp small down" -- s3 cp --no-progress "s3://$B/small.txt" "$W/small.down"
  check "small round trip (cmp)" cmp -s "$W/small.txt" "$W/small.down"
  ok "head-object small" -- s3api head-object --bucket "$B" --key small.txt
  jcheck "head-object ContentLength/ETag" "d['ContentLength'] == 19 and d['ETag'] == '\"$(md5sum <"$W/small.txt" | cut -d' ' -f1)\"'"

  # ---------------------------------------------------------------- cp 20 MB (multipart)
  head -c $((20 * 1024 * 1024)) /dev/urandom >"$W/big.bin"
  ok "cp 20MB up (multipart)" -- s3 cp --no-progress "$W/big.bin" "s3://$B/big/big.bin"
  ok "head-object big" -- s3api head-object --bucket "$B" --key big/big.bin
  jcheck "big is multipart (ETag -N, 8 MiB chunks -> 3 parts)" "d['ContentLength'] == 20971520 and d['ETag'].endswith('-3\"')"
  ok "cp 20MB down" -- s3 cp --no-progress "s3://$B/big/big.bin" "$W/big.down"
  check "20MB round trip (cmp)" cmp -s "$W/big.bin" "$W/big.down"
  ok "s3api get-object --range" -- s3api get-object --bucket "$B" --key big/big.bin --range bytes=1000-1999 "$W/range.out"
  jcheck "get-object range ContentRange" "d['ContentRange'] == 'bytes 1000-1999/20971520' and d['ContentLength'] == 1000"
  check "range bytes match" cmp -s "$W/range.out" <(tail -c +1001 "$W/big.bin" | head -c 1000)

  # ---------------------------------------------------------------- stdin / stdout streaming
  run s3 cp - "s3://$B/stdin.txt" < <(printf 'from stdin\n'; seq 1 20000)
  if [ "$RC" -eq 0 ]; then pass; else fail "cp from stdin (exit $RC)" "$ERR"; fi
  run s3 cp "s3://$B/stdin.txt" -
  check "cp to stdout returns the stdin upload" cmp -s "$W/out" <(printf 'from stdin\n'; seq 1 20000)

  # ---------------------------------------------------------------- metadata, content type, special keys
  ok "cp with --metadata/--content-type" -- s3 cp --no-progress "$W/small.txt" "s3://$B/meta/m.txt" --metadata color=blue,size=small --content-type text/x-custom --cache-control max-age=5
  ok "head-object meta" -- s3api head-object --bucket "$B" --key meta/m.txt
  jcheck "metadata and content type stored" "d['Metadata'] == {'color': 'blue', 'size': 'small'} and d['ContentType'] == 'text/x-custom' and d['CacheControl'] == 'max-age=5'"
  local special='weird dir/ünï cødé+plus=eq&amp;semi;%41.txt'
  ok "cp key with special characters" -- s3 cp --no-progress "$W/small.txt" "s3://$B/$special"
  ok "head-object special key" -- s3api head-object --bucket "$B" --key "$special"
  ok "ls special prefix" -- s3 ls "s3://$B/weird dir/"
  check "ls shows the special key decoded" grep -qF "ünï cødé+plus=eq&amp;semi;%41.txt" <<<"$OUT"
  ok "cp special key down" -- s3 cp --no-progress "s3://$B/$special" "$W/special.down"
  check "special key round trip" cmp -s "$W/small.txt" "$W/special.down"

  # ---------------------------------------------------------------- cp --recursive
  make_tree "$W/tree"
  ok "cp --recursive up" -- s3 cp --no-progress --recursive "$W/tree" "s3://$B/rec/"
  check "cp --recursive uploaded 7 files" test "$(count_lines 'upload: ' "$OUT")" -eq 7
  ok "cp --recursive down" -- s3 cp --no-progress --recursive "s3://$B/rec/" "$W/rec.down"
  check "cp --recursive round trip (diff -r)" diff -r "$W/tree" "$W/rec.down" -x empty-dir-is-ignored

  # ---------------------------------------------------------------- ls
  ok "ls bucket root" -- s3 ls "s3://$B/"
  check "ls root shows PRE big/" grep -qE '^ +PRE big/$' <<<"$OUT"
  check "ls root shows PRE rec/" grep -qE '^ +PRE rec/$' <<<"$OUT"
  check "ls root shows small.txt with size 19" grep -qE ' 19 small\.txt$' <<<"$OUT"
  check "ls root does not show nested keys" bash -c '! grep -q "alpha.txt" <<<"$1"' _ "$OUT"
  ok "ls --recursive" -- s3 ls --recursive "s3://$B/rec/"
  check "ls --recursive lists 7 keys" test "$(grep -c ' rec/' <<<"$OUT")" -eq 7
  check "ls --recursive shows nested key" grep -qE ' 70000 rec/a/b/blob\.bin$' <<<"$OUT"
  check "ls --recursive shows key with spaces" grep -qF 'rec/with space/f i l e.txt' <<<"$OUT"
  ok "ls --recursive --summarize" -- s3 ls --recursive --summarize "s3://$B/rec/"
  check "summarize total objects" grep -qE 'Total Objects: 7' <<<"$OUT"

  # ---------------------------------------------------------------- sync both ways
  make_tree "$W/sync"
  ok "sync up" -- s3 sync --no-progress "$W/sync" "s3://$B/sync"
  check "sync up uploaded 7 files" test "$(count_lines 'upload: ' "$OUT")" -eq 7
  ok "re-sync up" -- s3 sync --no-progress "$W/sync" "s3://$B/sync"
  check "re-sync up uploads nothing" test "$(count_lines 'upload: ' "$OUT")" -eq 0
  ok "sync down" -- s3 sync --no-progress "s3://$B/sync" "$W/sync.down"
  check "sync down downloaded 7 files" test "$(count_lines 'download: ' "$OUT")" -eq 7
  check "sync down content (diff -r)" diff -r "$W/sync" "$W/sync.down" -x empty-dir-is-ignored
  ok "re-sync down" -- s3 sync --no-progress "s3://$B/sync" "$W/sync.down"
  check "re-sync down downloads nothing" test "$(count_lines 'download: ' "$OUT")" -eq 0
  echo "changed, and longer than before" >"$W/sync/a/alpha.txt"
  echo "brand new" >"$W/sync/a/new.txt"
  rm "$W/sync/root.txt"
  ok "sync changed tree --delete" -- s3 sync --no-progress --delete "$W/sync" "s3://$B/sync"
  check "sync uploads exactly the 2 changed files" test "$(count_lines 'upload: ' "$OUT")" -eq 2
  check "sync --delete deletes root.txt" grep -qE "delete: s3://$B/sync/root.txt" <<<"$OUT"
  ok "sync down after changes" -- s3 sync --no-progress --delete "s3://$B/sync" "$W/sync.down"
  check "sync down after changes (diff -r)" diff -r "$W/sync" "$W/sync.down" -x empty-dir-is-ignored

  # ---------------------------------------------------------------- mv, rm
  ok "mv object" -- s3 mv --no-progress "s3://$B/small.txt" "s3://$B/moved/small.txt"
  err "moved source is gone" "404|Not Found" -- s3api head-object --bucket "$B" --key small.txt
  ok "moved target exists" -- s3api head-object --bucket "$B" --key moved/small.txt
  ok "rm single" -- s3 rm "s3://$B/moved/small.txt"
  check "rm prints delete:" grep -q "delete: s3://$B/moved/small.txt" <<<"$OUT"
  ok "rm --recursive" -- s3 rm --recursive "s3://$B/rec/"
  check "rm --recursive deleted 7" test "$(count_lines 'delete: ' "$OUT")" -eq 7
  run s3 ls --recursive "s3://$B/rec/" # exits 1 when nothing matches
  check "prefix is empty after rm --recursive" test -z "$OUT"

  # ---------------------------------------------------------------- presign
  printf 'presigned body\n' >"$W/p.txt"
  ok "upload for presign" -- s3 cp --no-progress "$W/p.txt" "s3://$B/pre sign/p+1.txt"
  AWS_CONFIG_FILE="$ROOT/config-v4" run s3 presign "s3://$B/pre sign/p+1.txt" --expires-in 300
  if [ "$RC" -eq 0 ] && grep -q 'X-Amz-Signature=' <<<"$OUT"; then
    pass
    if curl -sS -f -o "$W/p.down" "$OUT" 2>"$W/curl.err"; then
      check "presign (SigV4) + curl content" cmp -s "$W/p.txt" "$W/p.down"
    else fail "curl presigned SigV4 URL" "$(cat "$W/curl.err")"; fi
  else fail "presign SigV4 (exit $RC)" "$ERR$OUT"; fi
  # Default presign: CLI v1 still produces SigV2 query auth (AWSAccessKeyId/Signature/Expires).
  run s3 presign "s3://$B/pre sign/p+1.txt" --expires-in 300
  if [ "$RC" -eq 0 ]; then
    pass
    local kind=SigV4; grep -q 'AWSAccessKeyId=' <<<"$OUT" && kind=SigV2
    if curl -sS -f -o "$W/p2.down" "$OUT" 2>"$W/curl.err"; then
      check "presign (default, $kind) + curl content" cmp -s "$W/p.txt" "$W/p2.down"
    else fail "curl default presigned URL ($kind)" "$(cat "$W/curl.err")"; fi
  else fail "presign default (exit $RC)" "$ERR"; fi
  if [ "${WHARF_E2E:-}" = 1 ]; then
    AWS_CONFIG_FILE="$ROOT/config-v4" run s3 presign "s3://$B/pre sign/p+1.txt" --expires-in 1
    sleep 2
    local code
    code=$(curl -sS -o "$W/exp.body" -w '%{http_code}' "$OUT")
    check "expired presigned URL -> 403" test "$code" = 403
    check "expired presigned URL -> AccessDenied / Request has expired" \
      bash -c 'grep -q "<Code>AccessDenied</Code>" "$1" && grep -q "Request has expired" "$1"' _ "$W/exp.body"
  else
    skip "expired presigned URL (needs WHARF_E2E=1)"
  fi

  # ---------------------------------------------------------------- s3api objects
  ok "s3api put-object" -- s3api put-object --bucket "$B" --key api/obj.txt --body "$W/p.txt" --content-type text/plain --metadata k1=v1
  jcheck "put-object ETag" "d['ETag'] == '\"$(md5sum <"$W/p.txt" | cut -d' ' -f1)\"'"
  local etag
  etag=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["ETag"])' <<<"$OUT" 2>/dev/null)
  ok "s3api get-object" -- s3api get-object --bucket "$B" --key api/obj.txt "$W/api.out"
  jcheck "get-object JSON" "d['ContentLength'] == 15 and d['ContentType'] == 'text/plain' and d['Metadata'] == {'k1': 'v1'}"
  check "get-object body" cmp -s "$W/p.txt" "$W/api.out"
  err "get-object missing key -> NoSuchKey" "NoSuchKey" -- s3api get-object --bucket "$B" --key api/missing "$W/missing.out"
  err "head-object missing key -> 404 Not Found" "\(404\)|Not Found" -- s3api head-object --bucket "$B" --key api/missing
  err "get-object --if-none-match -> 304" "304|Not Modified" -- s3api get-object --bucket "$B" --key api/obj.txt --if-none-match "$etag" "$W/inm.out"
  err "get-object --if-match wrong -> PreconditionFailed" "PreconditionFailed|412" -- s3api get-object --bucket "$B" --key api/obj.txt --if-match '"nope"' "$W/im.out"
  err "get-object bad range -> InvalidRange" "InvalidRange|416" -- s3api get-object --bucket "$B" --key api/obj.txt --range bytes=5000-6000 "$W/ir.out"
  err "put-object into missing bucket -> NoSuchBucket" "NoSuchBucket" -- s3api put-object --bucket "${B}-missing" --key k --body "$W/p.txt"

  ok "put-object-tagging" -- s3api put-object-tagging --bucket "$B" --key api/obj.txt --tagging 'TagSet=[{Key=env,Value=test},{Key=team,Value=storage}]'
  ok "get-object-tagging" -- s3api get-object-tagging --bucket "$B" --key api/obj.txt
  jcheck "tags round trip" "sorted((t['Key'], t['Value']) for t in d['TagSet']) == [('env', 'test'), ('team', 'storage')]"
  ok "delete-object-tagging" -- s3api delete-object-tagging --bucket "$B" --key api/obj.txt
  ok "get-object-tagging after delete" -- s3api get-object-tagging --bucket "$B" --key api/obj.txt
  jcheck "no tags left" "d.get('TagSet', []) == []"

  ok "copy-object" -- s3api copy-object --bucket "$B" --key api/copy.txt --copy-source "$B/api/obj.txt"
  jcheck "copy-object ETag" "d['CopyObjectResult']['ETag'] == '$etag'"
  ok "get copy" -- s3api get-object --bucket "$B" --key api/copy.txt "$W/copy.out"
  check "copy content" cmp -s "$W/p.txt" "$W/copy.out"

  # list-objects-v2 with prefix and delimiter
  for k in lv/a.txt lv/b.txt lv/sub1/c.txt lv/sub1/d.txt lv/sub2/e.txt other/x.txt; do
    run s3api put-object --bucket "$B" --key "$k" --body "$W/p.txt"
  done
  ok "list-objects-v2 --prefix --delimiter" -- s3api list-objects-v2 --no-paginate --bucket "$B" --prefix lv/ --delimiter /
  jcheck "list-objects-v2 Contents" "[o['Key'] for o in d['Contents']] == ['lv/a.txt', 'lv/b.txt']"
  jcheck "list-objects-v2 CommonPrefixes" "[p['Prefix'] for p in d['CommonPrefixes']] == ['lv/sub1/', 'lv/sub2/']"
  jcheck "list-objects-v2 KeyCount/Prefix/Delimiter" "d['KeyCount'] == 4 and d['Prefix'] == 'lv/' and d['Delimiter'] == '/'"
  jcheck "list-objects-v2 sizes/etags" "all(o['Size'] == 15 and o['ETag'] == '$etag' and o['StorageClass'] == 'STANDARD' for o in d['Contents'])"
  ok "list-objects-v2 --max-items pagination" -- s3api list-objects-v2 --bucket "$B" --prefix lv/ --page-size 2
  jcheck "paginated listing (page-size 2) returns all 5" "[o['Key'] for o in d['Contents']] == ['lv/a.txt', 'lv/b.txt', 'lv/sub1/c.txt', 'lv/sub1/d.txt', 'lv/sub2/e.txt']"
  ok "list-objects (v1)" -- s3api list-objects --bucket "$B" --prefix lv/sub1/
  jcheck "list-objects v1 keys" "[o['Key'] for o in d['Contents']] == ['lv/sub1/c.txt', 'lv/sub1/d.txt']"

  ok "delete-objects" -- s3api delete-objects --bucket "$B" --delete 'Objects=[{Key=lv/a.txt},{Key=lv/b.txt},{Key=lv/nonexistent}]'
  jcheck "delete-objects Deleted" "sorted(x['Key'] for x in d['Deleted']) == ['lv/a.txt', 'lv/b.txt', 'lv/nonexistent'] and not d.get('Errors')"
  ok "delete-object" -- s3api delete-object --bucket "$B" --key other/x.txt
  ok "list after deletes" -- s3api list-objects-v2 --no-paginate --bucket "$B" --prefix lv/
  jcheck "3 keys left under lv/" "d['KeyCount'] == 3"

  # ---------------------------------------------------------------- s3api multipart
  head -c $((5 * 1024 * 1024)) /dev/urandom >"$W/part1"
  head -c 4321 /dev/urandom >"$W/part2"
  ok "create-multipart-upload" -- s3api create-multipart-upload --bucket "$B" --key mp/obj.bin --content-type application/x-mp
  local upload_id
  upload_id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["UploadId"])' <<<"$OUT" 2>/dev/null)
  check "create-multipart-upload returned an UploadId" test -n "$upload_id"
  ok "upload-part 1" -- s3api upload-part --bucket "$B" --key mp/obj.bin --upload-id "$upload_id" --part-number 1 --body "$W/part1"
  local e1 e2
  e1=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["ETag"])' <<<"$OUT" 2>/dev/null)
  ok "upload-part 2" -- s3api upload-part --bucket "$B" --key mp/obj.bin --upload-id "$upload_id" --part-number 2 --body "$W/part2"
  e2=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["ETag"])' <<<"$OUT" 2>/dev/null)
  check "upload-part ETag is the part MD5" test "$e1" = "\"$(md5sum <"$W/part1" | cut -d' ' -f1)\""
  ok "list-multipart-uploads" -- s3api list-multipart-uploads --bucket "$B"
  jcheck "upload is listed" "any(u['UploadId'] == '$upload_id' and u['Key'] == 'mp/obj.bin' for u in d.get('Uploads', []))"
  ok "list-parts" -- s3api list-parts --bucket "$B" --key mp/obj.bin --upload-id "$upload_id"
  jcheck "list-parts" "[(p['PartNumber'], p['Size']) for p in d['Parts']] == [(1, 5242880), (2, 4321)]"
  printf '{"Parts":[{"PartNumber":1,"ETag":%s},{"PartNumber":2,"ETag":%s}]}' \
    "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$e1")" \
    "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$e2")" >"$W/parts.json"
  ok "complete-multipart-upload" -- s3api complete-multipart-upload --bucket "$B" --key mp/obj.bin --upload-id "$upload_id" --multipart-upload "file://$W/parts.json"
  jcheck "complete ETag ends with -2" "d['ETag'].endswith('-2\"') and d['Key'] == 'mp/obj.bin'"
  ok "get multipart object" -- s3api get-object --bucket "$B" --key mp/obj.bin "$W/mp.out"
  jcheck "multipart object length/type" "d['ContentLength'] == 5242880 + 4321 and d['ContentType'] == 'application/x-mp'"
  check "multipart content (cmp)" cmp -s "$W/mp.out" <(cat "$W/part1" "$W/part2")
  ok "create-multipart-upload (to abort)" -- s3api create-multipart-upload --bucket "$B" --key mp/aborted
  upload_id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["UploadId"])' <<<"$OUT" 2>/dev/null)
  ok "abort-multipart-upload" -- s3api abort-multipart-upload --bucket "$B" --key mp/aborted --upload-id "$upload_id"
  err "list-parts after abort -> NoSuchUpload" "NoSuchUpload" -- s3api list-parts --bucket "$B" --key mp/aborted --upload-id "$upload_id"

  # ---------------------------------------------------------------- auth (needs a server that checks signatures)
  if [ "${WHARF_E2E:-}" = 1 ]; then
    AWS_SECRET_ACCESS_KEY=definitely-wrong err "wrong secret -> SignatureDoesNotMatch" "SignatureDoesNotMatch" -- s3api list-objects-v2 --bucket "$B"
    AWS_SECRET_ACCESS_KEY=definitely-wrong err "wrong secret on s3 cp -> SignatureDoesNotMatch" "SignatureDoesNotMatch|403" -- s3 cp --no-progress "$W/p.txt" "s3://$B/should-not-exist"
    AWS_ACCESS_KEY_ID=AKIDNOSUCHKEY0000000 err "unknown access key -> InvalidAccessKeyId" "InvalidAccessKeyId" -- s3api list-objects-v2 --bucket "$B"
  else
    skip "wrong secret / unknown access key (needs WHARF_E2E=1)"
  fi

  # ---------------------------------------------------------------- rb
  err "rb on a non-empty bucket fails with BucketNotEmpty" "BucketNotEmpty" -- s3 rb "s3://$B"
  ok "bucket still there after failed rb" -- s3api head-bucket --bucket "$B"
  ok "rb --force" -- s3 rb --force "s3://$B"
  check "rb --force prints remove_bucket" grep -q "remove_bucket: $B" <<<"$OUT"
  err "bucket gone after rb --force" "404|Not Found" -- s3api head-bucket --bucket "$B"
  ok "mb + rb empty bucket" -- s3 mb "s3://$B2"
  ok "rb empty bucket" -- s3 rb "s3://$B2"
  err "rb missing bucket -> NoSuchBucket" "NoSuchBucket" -- s3 rb "s3://$B2"
}

find_clis
if [ ${#CLIS[@]} -eq 0 ]; then
  echo "no aws CLI found"
  echo "0 passed, 1 failed"
  exit 1
fi

for AWS_BIN in "${CLIS[@]}"; do
  suite
done

[ "$SKIP" -gt 0 ] && echo "# $SKIP skipped"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
