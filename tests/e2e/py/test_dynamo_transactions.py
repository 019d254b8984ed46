"""DynamoDB transactions: TransactWriteItems (Put/Update/Delete/ConditionCheck, all or nothing,
CancellationReasons, ReturnValuesOnConditionCheckFailure, ClientRequestToken idempotency, validation)
and TransactGetItems."""

import uuid
from dynamo_helpers import _table# noqa: E402


def _get(ddb, table, key):
    return ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")


def _scan(ddb, table):
    return sorted(ddb.scan(TableName=table)["Items"], key=repr)


def _reasons(err):
    return err.response.get("CancellationReasons")


def _codes(err):
    return [r.get("Code") for r in _reasons(err) or []]


def _seed(ctx):
    ddb = ctx.ddb
    a = _table(ctx)
    b = _table(ctx, range_key=("sk", "N"))
    ddb.put_item(TableName=a, Item={"pk": {"S": "upd"}, "n": {"N": "1"}, "s": {"SS": ["a"]}})
    ddb.put_item(TableName=a, Item={"pk": {"S": "del"}, "v": {"S": "doomed"}})
    ddb.put_item(TableName=b, Item={"pk": {"S": "cc"}, "sk": {"N": "1"}, "status": {"S": "ok"}})
    return a, b


def test_transact_write_all_actions_applied(ctx):
    ddb = ctx.ddb
    a, b = _seed(ctx)
    res = ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": a, "Item": {"pk": {"S": "new"}, "v": {"N": "10"}},
                 "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Update": {"TableName": a, "Key": {"pk": {"S": "upd"}},
                    "UpdateExpression": "SET n = n + :one, #t = :t ADD s :b",
                    "ConditionExpression": "n = :one",
                    "ExpressionAttributeNames": {"#t": "touched"},
                    "ExpressionAttributeValues": {":one": {"N": "1"}, ":t": {"BOOL": True}, ":b": {"SS": ["b"]}}}},
        {"Delete": {"TableName": a, "Key": {"pk": {"S": "del"}}, "ConditionExpression": "attribute_exists(pk)"}},
        {"ConditionCheck": {"TableName": b, "Key": {"pk": {"S": "cc"}, "sk": {"N": "1"}},
                            "ConditionExpression": "#s = :ok", "ExpressionAttributeNames": {"#s": "status"},
                            "ExpressionAttributeValues": {":ok": {"S": "ok"}}}},
        {"Put": {"TableName": b, "Item": {"pk": {"S": "cc"}, "sk": {"N": "2"}}}},
        # an Update of an item that does not exist creates it
        {"Update": {"TableName": b, "Key": {"pk": {"S": "up"}, "sk": {"N": "0"}}, "UpdateExpression": "SET c = :c",
                    "ExpressionAttributeValues": {":c": {"S": "created"}}}},
    ])
    assert res["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert _get(ddb, a, {"pk": {"S": "new"}}) == {"pk": {"S": "new"}, "v": {"N": "10"}}
    upd = _get(ddb, a, {"pk": {"S": "upd"}})
    assert upd["n"] == {"N": "2"} and upd["touched"] == {"BOOL": True} and sorted(upd["s"]["SS"]) == ["a", "b"]
    assert _get(ddb, a, {"pk": {"S": "del"}}) is None
    cc = _get(ddb, b, {"pk": {"S": "cc"}, "sk": {"N": "1"}})
    assert cc == {"pk": {"S": "cc"}, "sk": {"N": "1"}, "status": {"S": "ok"}}, "ConditionCheck writes nothing"
    assert _get(ddb, b, {"pk": {"S": "cc"}, "sk": {"N": "2"}}) is not None
    assert _get(ddb, b, {"pk": {"S": "up"}, "sk": {"N": "0"}}) == {"pk": {"S": "up"}, "sk": {"N": "0"},
                                                                   "c": {"S": "created"}}


def test_transact_write_failed_condition_cancels_everything(ctx):
    ddb = ctx.ddb
    a, b = _seed(ctx)
    before_a, before_b = _scan(ddb, a), _scan(ddb, b)
    e = ctx.expect_error("TransactionCanceledException", 400, ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": a, "Item": {"pk": {"S": "t-new"}}}},
        {"Update": {"TableName": a, "Key": {"pk": {"S": "upd"}}, "UpdateExpression": "SET n = :z",
                    "ConditionExpression": "n = :ninety_nine",
                    "ExpressionAttributeValues": {":z": {"N": "0"}, ":ninety_nine": {"N": "99"}}}},
    ])
    assert _codes(e) == ["None", "ConditionalCheckFailed"], _reasons(e)
    assert _reasons(e)[1].get("Message") == "The conditional request failed", _reasons(e)
    assert "Item" not in _reasons(e)[1], "no Item without ReturnValuesOnConditionCheckFailure"
    assert e.response["Error"]["Message"] == (
        "Transaction cancelled, please refer cancellation reasons for specific reasons "
        "[None, ConditionalCheckFailed]"), e.response["Error"]["Message"]
    assert _scan(ddb, a) == before_a and _scan(ddb, b) == before_b, "nothing may be applied"

    # the failing action in the middle, a ConditionCheck, a Delete after it
    e = ctx.expect_error("TransactionCanceledException", 400, ddb.transact_write_items, TransactItems=[
        {"Delete": {"TableName": a, "Key": {"pk": {"S": "del"}}}},
        {"ConditionCheck": {"TableName": b, "Key": {"pk": {"S": "cc"}, "sk": {"N": "1"}},
                            "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Put": {"TableName": b, "Item": {"pk": {"S": "x"}, "sk": {"N": "1"}}}},
        {"Update": {"TableName": a, "Key": {"pk": {"S": "upd"}}, "UpdateExpression": "REMOVE s"}},
    ])
    assert _codes(e) == ["None", "ConditionalCheckFailed", "None", "None"], _reasons(e)
    assert _scan(ddb, a) == before_a and _scan(ddb, b) == before_b

    # two failures are both reported
    e = ctx.expect_error("TransactionCanceledException", 400, ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": a, "Item": {"pk": {"S": "upd"}}, "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Put": {"TableName": a, "Item": {"pk": {"S": "fresh"}}, "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Delete": {"TableName": a, "Key": {"pk": {"S": "missing"}}, "ConditionExpression": "attribute_exists(pk)"}},
    ])
    assert _codes(e) == ["ConditionalCheckFailed", "None", "ConditionalCheckFailed"], _reasons(e)
    assert _scan(ddb, a) == before_a


def test_transact_write_return_values_on_condition_check_failure(ctx):
    ddb = ctx.ddb
    a, b = _seed(ctx)
    e = ctx.expect_error("TransactionCanceledException", 400, ddb.transact_write_items, TransactItems=[
        {"Update": {"TableName": a, "Key": {"pk": {"S": "upd"}}, "UpdateExpression": "SET n = :z",
                    "ConditionExpression": "n > :z", "ExpressionAttributeValues": {":z": {"N": "5"}},
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
        {"ConditionCheck": {"TableName": b, "Key": {"pk": {"S": "cc"}, "sk": {"N": "1"}},
                            "ConditionExpression": "#s = :bad", "ExpressionAttributeNames": {"#s": "status"},
                            "ExpressionAttributeValues": {":bad": {"S": "bad"}},
                            "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
        {"Put": {"TableName": a, "Item": {"pk": {"S": "del"}}, "ConditionExpression": "v = :x",
                 "ExpressionAttributeValues": {":x": {"S": "other"}}, "ReturnValuesOnConditionCheckFailure": "NONE"}},
        {"Delete": {"TableName": a, "Key": {"pk": {"S": "ghost"}}, "ConditionExpression": "attribute_exists(pk)",
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
    ])
    r = _reasons(e)
    assert _codes(e) == ["ConditionalCheckFailed"] * 4, r
    assert r[0]["Item"] == {"pk": {"S": "upd"}, "n": {"N": "1"}, "s": {"SS": ["a"]}}, r[0]
    assert r[1]["Item"] == {"pk": {"S": "cc"}, "sk": {"N": "1"}, "status": {"S": "ok"}}, r[1]
    assert "Item" not in r[2], "NONE returns no item"
    assert "Item" not in r[3], "there is no old item to return"
    assert _get(ddb, a, {"pk": {"S": "upd"}})["n"] == {"N": "1"}


def test_transact_write_validation_errors(ctx):
    ddb = ctx.ddb
    a, b = _seed(ctx)
    before = _scan(ddb, a)
    V = "ValidationException"
    # two operations on one item
    e = ctx.expect_error(V, 400, ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": a, "Item": {"pk": {"S": "same"}, "v": {"N": "1"}}}},
        {"Put": {"TableName": a, "Item": {"pk": {"S": "same"}, "v": {"N": "2"}}}},
    ])
    assert e.response["Error"]["Message"] == "Transaction request cannot include multiple operations on one item"
    ctx.expect_error(V, 400, ddb.transact_write_items, TransactItems=[
        {"ConditionCheck": {"TableName": a, "Key": {"pk": {"S": "upd"}},
                            "ConditionExpression": "attribute_exists(pk)"}},
        {"Update": {"TableName": a, "Key": {"pk": {"S": "upd"}}, "UpdateExpression": "SET n = :n",
                    "ExpressionAttributeValues": {":n": {"N": "7"}}}},
    ])
    ctx.expect_error(V, 400, ddb.transact_write_items, TransactItems=[
        {"Delete": {"TableName": b, "Key": {"pk": {"S": "cc"}, "sk": {"N": "1"}}}},
        {"Put": {"TableName": a, "Item": {"pk": {"S": "other"}}}},
        {"Update": {"TableName": b, "Key": {"pk": {"S": "cc"}, "sk": {"N": "1.0"}}, "UpdateExpression": "SET z = :n",
                    "ExpressionAttributeValues": {":n": {"N": "7"}}}},
    ])
    # an action must hold exactly one of Put/Update/Delete/ConditionCheck
    ctx.expect_error(V, 400, ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": a, "Item": {"pk": {"S": "p1"}}},
         "Delete": {"TableName": a, "Key": {"pk": {"S": "p2"}}}}])
    # more than 100 actions
    ctx.expect_error(V, 400, ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": a, "Item": {"pk": {"S": "many%03d" % i}}}} for i in range(101)])
    # a ConditionCheck needs a condition (the SDK requires it; an empty one is invalid)
    ctx.expect_error(V, 400, ddb.transact_write_items, TransactItems=[
        {"ConditionCheck": {"TableName": a, "Key": {"pk": {"S": "upd"}}, "ConditionExpression": ""}}])
    # a table that does not exist
    ctx.expect_error("ResourceNotFoundException", 400, ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": a, "Item": {"pk": {"S": "p3"}}}},
        {"Put": {"TableName": ctx.table_name("missing"), "Item": {"pk": {"S": "x"}}}}])
    assert _scan(ddb, a) == before, "rejected transactions write nothing"
    # exactly 100 actions are fine
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": a, "Item": {"pk": {"S": "many%03d" % i}}}} for i in range(100)])
    assert len(_scan(ddb, a)) == len(before) + 100


def test_transact_write_client_request_token_idempotency(ctx):
    ddb = ctx.ddb
    a = _table(ctx)
    token = "tok-" + uuid.uuid4().hex
    items = [
        {"Update": {"TableName": a, "Key": {"pk": {"S": "counter"}}, "UpdateExpression": "ADD hits :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        {"Put": {"TableName": a, "Item": {"pk": {"S": "marker"}}, "ConditionExpression": "attribute_not_exists(pk)"}},
    ]
    ddb.transact_write_items(TransactItems=items, ClientRequestToken=token)
    assert _get(ddb, a, {"pk": {"S": "counter"}})["hits"] == {"N": "1"}
    # the same request with the same token succeeds again (the conditional Put would fail if re-run)
    ddb.transact_write_items(TransactItems=items, ClientRequestToken=token)
    assert _get(ddb, a, {"pk": {"S": "counter"}})["hits"] == {"N": "1"}, "a retried request is applied once"
    # the same token with different parameters
    other = [dict(items[0], Update=dict(items[0]["Update"], ExpressionAttributeValues={":one": {"N": "5"}}))]
    ctx.expect_error("IdempotentParameterMismatchException", 400, ddb.transact_write_items,
                     TransactItems=other, ClientRequestToken=token)
    assert _get(ddb, a, {"pk": {"S": "counter"}})["hits"] == {"N": "1"}
    # a new token is a new request
    ddb.transact_write_items(TransactItems=items[:1], ClientRequestToken="tok-" + uuid.uuid4().hex)
    assert _get(ddb, a, {"pk": {"S": "counter"}})["hits"] == {"N": "2"}
    # without a token (boto3 generates a fresh one each call) every call applies
    ddb.transact_write_items(TransactItems=items[:1])
    ddb.transact_write_items(TransactItems=items[:1])
    assert _get(ddb, a, {"pk": {"S": "counter"}})["hits"] == {"N": "4"}


def test_transact_get_items(ctx):
    ddb = ctx.ddb
    a, b = _seed(ctx)
    res = ddb.transact_get_items(TransactItems=[
        {"Get": {"TableName": b, "Key": {"pk": {"S": "cc"}, "sk": {"N": "1"}}}},
        {"Get": {"TableName": a, "Key": {"pk": {"S": "missing"}}}},
        {"Get": {"TableName": a, "Key": {"pk": {"S": "upd"}}, "ProjectionExpression": "#n, pk",
                 "ExpressionAttributeNames": {"#n": "n"}}},
        {"Get": {"TableName": a, "Key": {"pk": {"S": "del"}}}},
    ])
    r = res["Responses"]
    assert len(r) == 4, r
    assert r[0]["Item"] == {"pk": {"S": "cc"}, "sk": {"N": "1"}, "status": {"S": "ok"}}
    assert "Item" not in r[1], "a missing item is an empty entry, in its place"
    assert r[2]["Item"] == {"pk": {"S": "upd"}, "n": {"N": "1"}}, r[2]
    assert r[3]["Item"] == {"pk": {"S": "del"}, "v": {"S": "doomed"}}
    # it sees a transaction's writes all together
    ddb.transact_write_items(TransactItems=[
        {"Update": {"TableName": a, "Key": {"pk": {"S": "upd"}}, "UpdateExpression": "SET n = :n",
                    "ExpressionAttributeValues": {":n": {"N": "50"}}}},
        {"Delete": {"TableName": a, "Key": {"pk": {"S": "del"}}}}])
    r = ddb.transact_get_items(TransactItems=[
        {"Get": {"TableName": a, "Key": {"pk": {"S": "upd"}}, "ProjectionExpression": "n"}},
        {"Get": {"TableName": a, "Key": {"pk": {"S": "del"}}}}])["Responses"]
    assert r[0]["Item"] == {"n": {"N": "50"}} and "Item" not in r[1]
    V = "ValidationException"
    ctx.expect_error(V, 400, ddb.transact_get_items, TransactItems=[
        {"Get": {"TableName": a, "Key": {"pk": {"S": "k%03d" % i}}}} for i in range(101)])
    # a key of the wrong type: per-action errors may come back as a cancellation reason
    e = ctx.expect_error((V, "TransactionCanceledException"), 400, ddb.transact_get_items, TransactItems=[
        {"Get": {"TableName": a, "Key": {"pk": {"N": "1"}}}}])
    if e.response["Error"]["Code"] == "TransactionCanceledException":
        assert _codes(e) == ["ValidationError"], _reasons(e)
    ctx.expect_error("ResourceNotFoundException", 400, ddb.transact_get_items, TransactItems=[
        {"Get": {"TableName": ctx.table_name("missing"), "Key": {"pk": {"S": "x"}}}}])
