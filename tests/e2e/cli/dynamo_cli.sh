#!/usr/bin/env bash
# End-to-end tests of wharf's DynamoDB API through the AWS CLI (`aws dynamodb ...`).
# The DynamoDB JSON API is served on the same port as S3, so S3_ENDPOINT is the endpoint.
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
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB AWS_CA_BUNDLE

PASS=0
FAIL=0
SKIP=0
TAG=""
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/wharf-ddb-cli.XXXXXX")
trap 'rm -rf "$ROOT"' EXIT

# cli_binary_format = raw-in-base64-out makes CLI v2 read "B" values in JSON input as raw text,
# as CLI v1 always does (v1 ignores the setting); both print binary output as base64.
cat >"$ROOT/config" <<'EOF'
[default]
region = us-east-1
output = json
cli_pager =
cli_binary_format = raw-in-base64-out
max_attempts = 2
EOF
export AWS_CONFIG_FILE="$ROOT/config"
export AWS_SHARED_CREDENTIALS_FILE="$ROOT/no-credentials"

source "$(dirname "$0")/lib.sh"
# err NAME PATTERN -- args...: the command must fail with exit 254 (v2) / 255 (v1) and
# PATTERN (ERE) in stderr.
err() {
  local name=$1 pat=$2; shift 2; [ "$1" = "--" ] && shift
  run "$@"
  if [ "$RC" -eq 0 ]; then fail "$name: expected failure, got exit 0: aws $*" "$OUT"; return 1; fi
  if [ "$RC" -ne 254 ] && [ "$RC" -ne 255 ]; then fail "$name: expected exit 254/255, got $RC" "$ERR"; return 1; fi
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
# jget PYEXPR: prints a python expression over the JSON in $OUT (empty on error).
jget() { printf '%s' "$OUT" | python3 -c "import json, sys; d = json.load(sys.stdin); print($1)" 2>/dev/null; }
# noitem NAME: get-item found nothing (the CLI prints nothing for an empty response).
noitem() {
  if [ "$RC" -eq 0 ] && ! grep -q '"Item"' <<<"$OUT"; then pass; else fail "$1 (exit $RC)" "$OUT$ERR"; fi
}

BIG=12345678901234567890123456789012345678

suite() {
  W="$ROOT/$(basename "$AWS_BIN")-$RANDOM"
  mkdir -p "$W"
  local T="cli-ddb-$(date +%s)-$RANDOM$RANDOM"
  local T2="${T}-two"
  local v
  v=$("$AWS_BIN" --version 2>&1 | head -1)
  TAG="$(printf '%s' "$v" | cut -d' ' -f1)"
  echo "# running with $AWS_BIN: $v"

  # ---------------------------------------------------------------- tables
  cat >"$W/gsi.json" <<'EOF'
[{"IndexName": "byOwner",
  "KeySchema": [{"AttributeName": "owner", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
  "Projection": {"ProjectionType": "ALL"}}]
EOF
  if ok "create-table" -- dynamodb create-table --table-name "$T" \
      --attribute-definitions AttributeName=pk,AttributeType=S AttributeName=sk,AttributeType=N AttributeName=owner,AttributeType=S \
      --key-schema AttributeName=pk,KeyType=HASH AttributeName=sk,KeyType=RANGE \
      --global-secondary-indexes "file://$W/gsi.json" \
      --billing-mode PAY_PER_REQUEST; then
    jcheck "create-table TableDescription" "d['TableDescription']['TableName'] == '$T' and d['TableDescription']['TableStatus'] in ('CREATING', 'ACTIVE')"
  else
    echo "cannot create a table; skipping the rest of this suite"
    return
  fi
  ok "create-table (second, hash key only)" -- dynamodb create-table --table-name "$T2" \
    --attribute-definitions AttributeName=id,AttributeType=S --key-schema AttributeName=id,KeyType=HASH \
    --billing-mode PAY_PER_REQUEST
  ok "wait table-exists" -- dynamodb wait table-exists --table-name "$T"
  ok "wait table-exists (second)" -- dynamodb wait table-exists --table-name "$T2"
  err "create-table on an existing name -> ResourceInUseException" "ResourceInUseException" -- \
    dynamodb create-table --table-name "$T2" --attribute-definitions AttributeName=id,AttributeType=S \
    --key-schema AttributeName=id,KeyType=HASH --billing-mode PAY_PER_REQUEST

  ok "describe-table" -- dynamodb describe-table --table-name "$T"
  jcheck "describe-table status and key schema" "d['Table']['TableStatus'] == 'ACTIVE' and d['Table']['KeySchema'] == [{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}]"
  jcheck "describe-table attribute definitions" "sorted((a['AttributeName'], a['AttributeType']) for a in d['Table']['AttributeDefinitions']) == [('owner', 'S'), ('pk', 'S'), ('sk', 'N')]"
  jcheck "describe-table GSI" "[g['IndexName'] for g in d['Table']['GlobalSecondaryIndexes']] == ['byOwner'] and d['Table']['GlobalSecondaryIndexes'][0]['IndexStatus'] == 'ACTIVE'"
  jcheck "describe-table billing mode, ARN" "d['Table']['BillingModeSummary']['BillingMode'] == 'PAY_PER_REQUEST' and d['Table']['TableArn'].endswith(':table/$T')"
  err "describe-table on a missing table -> ResourceNotFoundException" "ResourceNotFoundException" -- \
    dynamodb describe-table --table-name "${T}-missing"

  ok "list-tables" -- dynamodb list-tables
  jcheck "list-tables has both tables" "'$T' in d['TableNames'] and '$T2' in d['TableNames']"
  ok "list-tables --page-size 1 (ExclusiveStartTableName paging)" -- dynamodb list-tables --page-size 1
  jcheck "paged list-tables has both tables once" "d['TableNames'].count('$T') == 1 and d['TableNames'].count('$T2') == 1"
  ok "list-tables --max-items 1" -- dynamodb list-tables --max-items 1
  jcheck "list-tables --max-items 1 returns one name and a NextToken" "len(d['TableNames']) == 1 and 'NextToken' in d"

  # ---------------------------------------------------------------- put / get
  cat >"$W/item.json" <<EOF
{"pk": {"S": "user#1"}, "sk": {"N": "1"}, "owner": {"S": "ann"},
 "name": {"S": "Ann \u00c5ngstr\u00f6m \u2603"}, "tags": {"SS": ["b", "a"]}, "big": {"N": "$BIG"},
 "bin": {"B": "hello"}, "flag": {"BOOL": true}, "nothing": {"NULL": true},
 "labels": {"SS": ["x", "y"]}, "z": {"N": "0150.00"},
 "m": {"M": {"x": {"L": [{"N": "1.5"}, {"BOOL": false}, {"S": ""}]}}}}
EOF
  ok "put-item" -- dynamodb put-item --table-name "$T" --item "file://$W/item.json"
  ok "get-item" -- dynamodb get-item --table-name "$T" --key '{"pk": {"S": "user#1"}, "sk": {"N": "1"}}' --consistent-read
  jcheck "get-item strings, unicode, bool, null" "d['Item']['name'] == {'S': 'Ann \u00c5ngstr\u00f6m \u2603'} and d['Item']['flag'] == {'BOOL': True} and d['Item']['nothing'] == {'NULL': True}"
  jcheck "get-item 38-digit number is exact" "d['Item']['big'] == {'N': '$BIG'}"
  jcheck "get-item string set" "sorted(d['Item']['tags']['SS']) == ['a', 'b']"
  jcheck "get-item binary (base64 out)" "d['Item']['bin'] == {'B': 'aGVsbG8='}"
  jcheck "get-item nested map/list (empty string kept)" "d['Item']['m'] == {'M': {'x': {'L': [{'N': '1.5'}, {'BOOL': False}, {'S': ''}]}}}"
  jcheck "get-item number: leading and trailing zeros trimmed" "d['Item']['z'] == {'N': '150'}"
  ok "get-item --projection-expression" -- dynamodb get-item --table-name "$T" --key '{"pk": {"S": "user#1"}, "sk": {"N": "1"}}' \
    --projection-expression "#n, m.x[0]" --expression-attribute-names '{"#n": "name"}'
  jcheck "projection returns only the requested paths" "d['Item'] == {'name': {'S': 'Ann \u00c5ngstr\u00f6m \u2603'}, 'm': {'M': {'x': {'L': [{'N': '1.5'}]}}}}"
  ok "get-item missing key" -- dynamodb get-item --table-name "$T" --key '{"pk": {"S": "nobody"}, "sk": {"N": "1"}}'
  noitem "get-item missing key returns no Item"
  err "put-item attribute_not_exists on an existing item -> ConditionalCheckFailedException" "ConditionalCheckFailedException" -- \
    dynamodb put-item --table-name "$T" --item "file://$W/item.json" --condition-expression "attribute_not_exists(pk)"
  err "put-item without the sort key -> ValidationException" "ValidationException" -- \
    dynamodb put-item --table-name "$T" --item '{"pk": {"S": "x"}}'
  err "get-item with a key of the wrong type -> ValidationException" "ValidationException" -- \
    dynamodb get-item --table-name "$T" --key '{"pk": {"S": "user#1"}, "sk": {"S": "1"}}'
  err "put-item unused expression attribute value -> ValidationException" "ValidationException" -- \
    dynamodb put-item --table-name "$T2" --item '{"id": {"S": "unused-value"}}' \
    --condition-expression "attribute_not_exists(id)" --expression-attribute-values '{":unused": {"S": "u"}}'
  err "get-item on a missing table -> ResourceNotFoundException" "ResourceNotFoundException" -- \
    dynamodb get-item --table-name "${T}-missing" --key '{"pk": {"S": "x"}}'

  # ---------------------------------------------------------------- update
  ok "update-item SET/ADD/REMOVE/DELETE --return-values ALL_NEW" -- dynamodb update-item --table-name "$T" \
    --key '{"pk": {"S": "user#1"}, "sk": {"N": "1"}}' \
    --update-expression "SET #n = :n, visits = if_not_exists(visits, :zero) + :one, m.y = :y REMOVE nothing ADD big :one, tags :newtags DELETE labels :old" \
    --expression-attribute-names '{"#n": "name"}' \
    --expression-attribute-values '{":n": {"S": "Ann B"}, ":zero": {"N": "0"}, ":one": {"N": "1"}, ":y": {"S": "why"}, ":newtags": {"SS": ["c"]}, ":old": {"SS": ["x"]}}' \
    --return-values ALL_NEW
  jcheck "update-item ALL_NEW: SET" "d['Attributes']['name'] == {'S': 'Ann B'} and d['Attributes']['visits'] == {'N': '1'} and d['Attributes']['m']['M']['y'] == {'S': 'why'}"
  jcheck "update-item ALL_NEW: ADD to a 38-digit number is exact" "d['Attributes']['big'] == {'N': '12345678901234567890123456789012345679'}"
  jcheck "update-item ALL_NEW: ADD/DELETE on sets" "sorted(d['Attributes']['tags']['SS']) == ['a', 'b', 'c'] and d['Attributes']['labels'] == {'SS': ['y']}"
  jcheck "update-item ALL_NEW: REMOVE" "'nothing' not in d['Attributes']"
  ok "update-item --return-values UPDATED_OLD" -- dynamodb update-item --table-name "$T" \
    --key '{"pk": {"S": "user#1"}, "sk": {"N": "1"}}' --update-expression "SET visits = visits + :one" \
    --expression-attribute-values '{":one": {"N": "1"}}' --return-values UPDATED_OLD
  jcheck "UPDATED_OLD returns the old value" "d['Attributes'] == {'visits': {'N': '1'}}"
  err "update-item with a failing condition -> ConditionalCheckFailedException" "ConditionalCheckFailedException" -- \
    dynamodb update-item --table-name "$T" --key '{"pk": {"S": "user#1"}, "sk": {"N": "1"}}' \
    --update-expression "SET visits = :v" --condition-expression "visits = :expected" \
    --expression-attribute-values '{":v": {"N": "100"}, ":expected": {"N": "99"}}'
  err "update-item of a key attribute -> ValidationException" "ValidationException" -- \
    dynamodb update-item --table-name "$T" --key '{"pk": {"S": "user#1"}, "sk": {"N": "1"}}' \
    --update-expression "SET sk = :v" --expression-attribute-values '{":v": {"N": "2"}}'
  ok "get-item after updates" -- dynamodb get-item --table-name "$T" --key '{"pk": {"S": "user#1"}, "sk": {"N": "1"}}' --consistent-read
  jcheck "failed conditional update changed nothing" "d['Item']['visits'] == {'N': '2'}"

  # ---------------------------------------------------------------- batch-write, query, scan
  python3 - "$T" "$T2" >"$W/batch.json" <<'EOF'
import json, sys
t, t2 = sys.argv[1], sys.argv[2]
items = [{"PutRequest": {"Item": {"pk": {"S": "q"}, "sk": {"N": str(i)}, "odd": {"BOOL": i % 2 == 1},
                                  "owner": {"S": "bob" if i < 4 else "carol"}}}} for i in range(10)]
items.append({"DeleteRequest": {"Key": {"pk": {"S": "nothing-to-delete"}, "sk": {"N": "0"}}}})
other = [{"PutRequest": {"Item": {"id": {"S": "id-%d" % i}, "n": {"N": str(i * 10)}}}} for i in range(5)]
print(json.dumps({t: items, t2: other}))
EOF
  ok "batch-write-item (two tables)" -- dynamodb batch-write-item --request-items "file://$W/batch.json"
  jcheck "batch-write-item UnprocessedItems is empty" "d.get('UnprocessedItems', {}) == {}"

  ok "query by partition key" -- dynamodb query --table-name "$T" --key-condition-expression "pk = :p" \
    --expression-attribute-values '{":p": {"S": "q"}}'
  jcheck "query returns 10 items in sort-key order" "d['Count'] == 10 and [i['sk']['N'] for i in d['Items']] == [str(i) for i in range(10)]"
  ok "query BETWEEN --no-scan-index-forward" -- dynamodb query --table-name "$T" \
    --key-condition-expression "pk = :p AND sk BETWEEN :a AND :b" \
    --expression-attribute-values '{":p": {"S": "q"}, ":a": {"N": "5"}, ":b": {"N": "7"}}' --no-scan-index-forward
  jcheck "query BETWEEN descending" "[i['sk']['N'] for i in d['Items']] == ['7', '6', '5']"
  ok "query --filter-expression" -- dynamodb query --table-name "$T" --key-condition-expression "pk = :p" \
    --filter-expression "odd = :t" --expression-attribute-values '{":p": {"S": "q"}, ":t": {"BOOL": true}}'
  jcheck "query filter: Count 5, ScannedCount 10" "d['Count'] == 5 and d['ScannedCount'] == 10 and [i['sk']['N'] for i in d['Items']] == ['1', '3', '5', '7', '9']"
  ok "query --select COUNT" -- dynamodb query --table-name "$T" --key-condition-expression "pk = :p" \
    --expression-attribute-values '{":p": {"S": "q"}}' --select COUNT
  jcheck "query COUNT has no Items" "d['Count'] == 10 and 'Items' not in d"
  ok "query --max-items 4" -- dynamodb query --table-name "$T" --key-condition-expression "pk = :p" \
    --expression-attribute-values '{":p": {"S": "q"}}' --max-items 4
  jcheck "first query page: 4 items and a NextToken" "[i['sk']['N'] for i in d['Items']] == ['0', '1', '2', '3'] and 'NextToken' in d"
  local tok
  tok=$(jget "d['NextToken']")
  ok "query --starting-token" -- dynamodb query --table-name "$T" --key-condition-expression "pk = :p" \
    --expression-attribute-values '{":p": {"S": "q"}}' --max-items 4 --starting-token "$tok"
  jcheck "second query page continues after the first" "[i['sk']['N'] for i in d['Items']] == ['4', '5', '6', '7']"
  ok "query --page-size 3 (LastEvaluatedKey paging)" -- dynamodb query --table-name "$T" --key-condition-expression "pk = :p" \
    --expression-attribute-values '{":p": {"S": "q"}}' --page-size 3
  jcheck "paged query returns all 10 in order" "[i['sk']['N'] for i in d['Items']] == [str(i) for i in range(10)]"
  ok "query the GSI" -- dynamodb query --table-name "$T" --index-name byOwner \
    --key-condition-expression "#o = :o" --expression-attribute-names '{"#o": "owner"}' --expression-attribute-values '{":o": {"S": "bob"}}'
  jcheck "GSI query returns bob's 4 items" "d['Count'] == 4 and [i['sk']['N'] for i in d['Items']] == ['0', '1', '2', '3'] and all(i['owner'] == {'S': 'bob'} for i in d['Items'])"
  err "query without a partition key condition -> ValidationException" "ValidationException" -- \
    dynamodb query --table-name "$T" --key-condition-expression "sk = :s" --expression-attribute-values '{":s": {"N": "1"}}'

  ok "scan" -- dynamodb scan --table-name "$T"
  jcheck "scan sees all 11 items" "d['Count'] == 11 and sorted((i['pk']['S'], int(i['sk']['N'])) for i in d['Items']) == [('q', i) for i in range(10)] + [('user#1', 1)]"
  ok "scan --filter-expression" -- dynamodb scan --table-name "$T" --filter-expression "odd = :f" \
    --expression-attribute-values '{":f": {"BOOL": false}}'
  jcheck "scan filter" "sorted(int(i['sk']['N']) for i in d['Items']) == [0, 2, 4, 6, 8] and d['ScannedCount'] == 11"
  ok "scan --page-size 2 (LastEvaluatedKey paging)" -- dynamodb scan --table-name "$T" --page-size 2
  jcheck "paged scan sees all 11 items once" "d['Count'] == 11 and len({(i['pk']['S'], i['sk']['N']) for i in d['Items']}) == 11"
  # --max-items paging: walk NextToken until it runs out.
  local seen="" pages=0 ntok=""
  while :; do
    if [ -z "$ntok" ]; then
      run dynamodb scan --table-name "$T" --max-items 3
    else
      run dynamodb scan --table-name "$T" --max-items 3 --starting-token "$ntok"
    fi
    if [ "$RC" -ne 0 ]; then fail "scan --max-items 3 page $pages (exit $RC)" "$ERR"; break; fi
    pages=$((pages + 1))
    seen="$seen $(jget "' '.join(i['pk']['S'] + '/' + i['sk']['N'] for i in d['Items'])")"
    ntok=$(jget "d.get('NextToken', '')")
    [ -z "$ntok" ] && break
    [ "$pages" -gt 10 ] && { fail "scan --max-items paging does not end"; break; }
  done
  check "scan --max-items 3 takes 4 pages" test "$pages" -eq 4
  check "scan --max-items pages hold all 11 items, none twice" \
    test "$(tr ' ' '\n' <<<"$seen" | sed '/^$/d' | sort -u | wc -l)" -eq 11 -a "$(tr ' ' '\n' <<<"$seen" | sed '/^$/d' | wc -l)" -eq 11

  cat >"$W/get.json" <<EOF
{"$T": {"Keys": [{"pk": {"S": "q"}, "sk": {"N": "2"}}, {"pk": {"S": "q"}, "sk": {"N": "42"}}], "ProjectionExpression": "sk, odd"},
 "$T2": {"Keys": [{"id": {"S": "id-1"}}, {"id": {"S": "id-4"}}], "ConsistentRead": true}}
EOF
  ok "batch-get-item (two tables)" -- dynamodb batch-get-item --request-items "file://$W/get.json"
  jcheck "batch-get-item responses" "d['Responses']['$T'] == [{'sk': {'N': '2'}, 'odd': {'BOOL': False}}] and sorted(d['Responses']['$T2'], key=lambda i: i['id']['S']) == [{'id': {'S': 'id-1'}, 'n': {'N': '10'}}, {'id': {'S': 'id-4'}, 'n': {'N': '40'}}]"
  jcheck "batch-get-item UnprocessedKeys is empty" "d.get('UnprocessedKeys', {}) == {}"

  # ---------------------------------------------------------------- transactions
  cat >"$W/tx.json" <<EOF
[{"Put": {"TableName": "$T2", "Item": {"id": {"S": "tx-new"}}}},
 {"Update": {"TableName": "$T2", "Key": {"id": {"S": "id-2"}}, "UpdateExpression": "SET n = :v",
             "ConditionExpression": "n = :old", "ExpressionAttributeValues": {":v": {"N": "1"}, ":old": {"N": "999"}}}}]
EOF
  err "transact-write-items with a failing condition -> TransactionCanceledException" "TransactionCanceledException" -- \
    dynamodb transact-write-items --transact-items "file://$W/tx.json"
  check "cancellation reasons name the failed condition" grep -q "ConditionalCheckFailed" <<<"$ERR"
  ok "get-item after the cancelled transaction" -- dynamodb get-item --table-name "$T2" --key '{"id": {"S": "tx-new"}}'
  noitem "cancelled transaction wrote nothing"
  sed -i 's/"999"/"20"/' "$W/tx.json"
  ok "transact-write-items" -- dynamodb transact-write-items --transact-items "file://$W/tx.json"
  ok "transact-get-items" -- dynamodb transact-get-items --transact-items \
    "[{\"Get\": {\"TableName\": \"$T2\", \"Key\": {\"id\": {\"S\": \"tx-new\"}}}}, {\"Get\": {\"TableName\": \"$T2\", \"Key\": {\"id\": {\"S\": \"id-2\"}}}}]"
  jcheck "transaction applied both writes" "[r.get('Item') for r in d['Responses']] == [{'id': {'S': 'tx-new'}}, {'id': {'S': 'id-2'}, 'n': {'N': '1'}}]"

  # ---------------------------------------------------------------- delete-item
  err "delete-item with a failing condition -> ConditionalCheckFailedException" "ConditionalCheckFailedException" -- \
    dynamodb delete-item --table-name "$T" --key '{"pk": {"S": "user#1"}, "sk": {"N": "1"}}' \
    --condition-expression "visits > :v" --expression-attribute-values '{":v": {"N": "10"}}'
  ok "delete-item --return-values ALL_OLD" -- dynamodb delete-item --table-name "$T" \
    --key '{"pk": {"S": "user#1"}, "sk": {"N": "1"}}' --condition-expression "attribute_exists(pk)" --return-values ALL_OLD
  jcheck "delete-item returns the old item" "d['Attributes']['pk'] == {'S': 'user#1'} and d['Attributes']['visits'] == {'N': '2'}"
  ok "get-item after delete" -- dynamodb get-item --table-name "$T" --key '{"pk": {"S": "user#1"}, "sk": {"N": "1"}}' --consistent-read
  noitem "deleted item is gone"
  ok "delete-item of a missing item succeeds" -- dynamodb delete-item --table-name "$T" --key '{"pk": {"S": "user#1"}, "sk": {"N": "1"}}'

  # ---------------------------------------------------------------- auth
  if [ "${WHARF_E2E:-}" = 1 ]; then
    AWS_SECRET_ACCESS_KEY=definitely-wrong err "wrong secret -> InvalidSignatureException" "InvalidSignatureException" -- dynamodb list-tables
    AWS_ACCESS_KEY_ID=AKIDNOSUCHKEY0000000 err "unknown access key -> UnrecognizedClientException" "UnrecognizedClientException" -- dynamodb list-tables
  else
    skip "wrong secret / unknown access key (needs WHARF_E2E=1)"
  fi

  # ---------------------------------------------------------------- delete-table
  ok "delete-table" -- dynamodb delete-table --table-name "$T"
  jcheck "delete-table TableDescription" "d['TableDescription']['TableName'] == '$T' and d['TableDescription']['TableStatus'] == 'DELETING'"
  ok "delete-table (second)" -- dynamodb delete-table --table-name "$T2"
  ok "wait table-not-exists" -- dynamodb wait table-not-exists --table-name "$T"
  ok "wait table-not-exists (second)" -- dynamodb wait table-not-exists --table-name "$T2"
  err "describe-table after delete -> ResourceNotFoundException" "ResourceNotFoundException" -- dynamodb describe-table --table-name "$T"
  err "delete-table again -> ResourceNotFoundException" "ResourceNotFoundException" -- dynamodb delete-table --table-name "$T"
  ok "list-tables after delete" -- dynamodb list-tables
  jcheck "deleted tables are not listed" "'$T' not in d['TableNames'] and '$T2' not in d['TableNames']"
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
