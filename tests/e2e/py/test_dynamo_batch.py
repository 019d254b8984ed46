"""DynamoDB BatchWriteItem and BatchGetItem: two tables, limits, duplicate keys, projections,
all-or-nothing validation, and boto3's resource batch_writer()."""

from decimal import Decimal
from dynamo_helpers import _scan_all, _table# noqa: E402


def _put(item):
    return {"PutRequest": {"Item": item}}


def _del(key):
    return {"DeleteRequest": {"Key": key}}


def test_batch_write_puts_and_deletes_two_tables(ctx):
    ddb = ctx.ddb
    a = _table(ctx)
    b = _table(ctx, hash_key=("id", "N"), range_key=("sk", "S"))
    ddb.put_item(TableName=a, Item={"pk": {"S": "old1"}, "v": {"S": "x"}})
    ddb.put_item(TableName=a, Item={"pk": {"S": "old2"}, "v": {"S": "x"}})
    ddb.put_item(TableName=b, Item={"id": {"N": "7"}, "sk": {"S": "s"}, "v": {"S": "x"}})
    res = ddb.batch_write_item(RequestItems={
        a: [_put({"pk": {"S": "new%d" % i}, "n": {"N": str(i)}, "l": {"L": [{"S": "e"}]}}) for i in range(10)]
           + [_del({"pk": {"S": "old1"}}), _put({"pk": {"S": "old2"}, "v": {"S": "replaced"}}),
              _del({"pk": {"S": "never-existed"}})],
        b: [_put({"id": {"N": str(i)}, "sk": {"S": "s"}, "bin": {"B": bytes([i])}}) for i in range(5)]
           + [_del({"id": {"N": "7"}, "sk": {"S": "s"}})],
    })
    assert res["UnprocessedItems"] == {}, res["UnprocessedItems"]
    got_a = {i["pk"]["S"]: i for i in _scan_all(ddb, a)}
    assert sorted(got_a) == sorted(["new%d" % i for i in range(10)] + ["old2"])
    assert got_a["old2"] == {"pk": {"S": "old2"}, "v": {"S": "replaced"}}, "a put replaces the whole item"
    assert got_a["new3"] == {"pk": {"S": "new3"}, "n": {"N": "3"}, "l": {"L": [{"S": "e"}]}}
    got_b = _scan_all(ddb, b)
    assert sorted(int(i["id"]["N"]) for i in got_b) == [0, 1, 2, 3, 4]
    assert ddb.get_item(TableName=b, Key={"id": {"N": "3"}, "sk": {"S": "s"}})["Item"]["bin"] == {"B": b"\x03"}
    # exactly 25 requests (spread over two tables) is allowed
    res = ddb.batch_write_item(RequestItems={
        a: [_del({"pk": {"S": "new%d" % i}}) for i in range(10)] + [_put({"pk": {"S": "z%d" % i}}) for i in range(5)],
        b: [_put({"id": {"N": str(100 + i)}, "sk": {"S": "t"}}) for i in range(10)],
    })
    assert res["UnprocessedItems"] == {}
    assert sorted(i["pk"]["S"] for i in _scan_all(ddb, a)) == ["old2", "z0", "z1", "z2", "z3", "z4"]
    assert len(_scan_all(ddb, b)) == 15


def test_batch_write_limits_and_duplicates(ctx):
    ddb = ctx.ddb
    a = _table(ctx)
    b = _table(ctx)
    V = "ValidationException"
    # more than 25 requests in one table
    ctx.expect_error(V, 400, ddb.batch_write_item,
                     RequestItems={a: [_put({"pk": {"S": "k%02d" % i}}) for i in range(26)]})
    # more than 25 in total over two tables
    ctx.expect_error(V, 400, ddb.batch_write_item, RequestItems={
        a: [_put({"pk": {"S": "k%02d" % i}}) for i in range(13)],
        b: [_put({"pk": {"S": "k%02d" % i}}) for i in range(13)]})
    # duplicate keys: two puts, a put and a delete, two deletes
    e = ctx.expect_error(V, 400, ddb.batch_write_item, RequestItems={
        a: [_put({"pk": {"S": "dup"}, "v": {"N": "1"}}), _put({"pk": {"S": "dup"}, "v": {"N": "2"}})]})
    assert e.response["Error"]["Message"] == "Provided list of item keys contains duplicates"
    ctx.expect_error(V, 400, ddb.batch_write_item, RequestItems={
        a: [_put({"pk": {"S": "dup"}}), _del({"pk": {"S": "dup"}})]})
    ctx.expect_error(V, 400, ddb.batch_write_item, RequestItems={
        a: [_del({"pk": {"S": "dup"}}), _del({"pk": {"S": "dup"}})]})
    assert _scan_all(ddb, a) == [] and _scan_all(ddb, b) == [], "rejected batches write nothing"
    # the same key in two different tables is not a duplicate
    res = ddb.batch_write_item(RequestItems={a: [_put({"pk": {"S": "same"}})], b: [_put({"pk": {"S": "same"}})]})
    assert res["UnprocessedItems"] == {}


def test_batch_write_invalid_request_rejects_whole_batch(ctx):
    ddb = ctx.ddb
    a = _table(ctx)
    ddb.put_item(TableName=a, Item={"pk": {"S": "same"}})
    V = "ValidationException"
    # one bad request rejects the whole batch: wrong key type, missing key, extra key attribute
    for bad in (_put({"pk": {"N": "1"}}), _put({"other": {"S": "x"}}), _del({"pk": {"S": "x"}, "extra": {"S": "y"}}),
                _put({"pk": {"S": ""}})):
        ctx.expect_error(V, 400, ddb.batch_write_item, RequestItems={
            a: [_put({"pk": {"S": "good1"}}), bad, _put({"pk": {"S": "good2"}})]})
        left = sorted(i["pk"]["S"] for i in _scan_all(ddb, a))
        assert left == ["same"], "batch with %r was partly applied: %s" % (bad, left)
    # a table that does not exist rejects the batch, the other table is untouched
    ctx.expect_error("ResourceNotFoundException", 400, ddb.batch_write_item, RequestItems={
        a: [_put({"pk": {"S": "good3"}})], ctx.table_name("missing"): [_put({"pk": {"S": "x"}})]})
    left = sorted(i["pk"]["S"] for i in _scan_all(ddb, a))
    assert left == ["same"], left
    # an item over 400 KB rejects the batch
    ctx.expect_error(V, 400, ddb.batch_write_item, RequestItems={
        a: [_put({"pk": {"S": "good4"}}), _put({"pk": {"S": "huge"}, "blob": {"S": "x" * (401 * 1024)}})]})
    left = sorted(i["pk"]["S"] for i in _scan_all(ddb, a))
    assert left == ["same"], left


def test_batch_get_two_tables_projection_missing(ctx):
    ddb = ctx.ddb
    a = _table(ctx)
    b = _table(ctx, range_key=("sk", "N"))
    for i in range(6):
        ddb.put_item(TableName=a, Item={"pk": {"S": "a%d" % i}, "name": {"S": "n%d" % i}, "v": {"N": str(i)},
                                        "m": {"M": {"x": {"N": str(i)}, "y": {"S": "why"}}}})
        ddb.put_item(TableName=b, Item={"pk": {"S": "b"}, "sk": {"N": str(i)}, "w": {"S": "w%d" % i}})
    res = ddb.batch_get_item(RequestItems={
        a: {"Keys": [{"pk": {"S": "a1"}}, {"pk": {"S": "a4"}}, {"pk": {"S": "missing"}}],
            "ProjectionExpression": "#n, m.x", "ExpressionAttributeNames": {"#n": "name"}},
        b: {"Keys": [{"pk": {"S": "b"}, "sk": {"N": str(i)}} for i in (0, 5, 9)], "ConsistentRead": True},
    })
    assert res["UnprocessedKeys"] == {}, res["UnprocessedKeys"]
    ra = sorted(res["Responses"][a], key=lambda i: i["name"]["S"])
    assert ra == [{"name": {"S": "n1"}, "m": {"M": {"x": {"N": "1"}}}},
                  {"name": {"S": "n4"}, "m": {"M": {"x": {"N": "4"}}}}], ra
    rb = sorted(res["Responses"][b], key=lambda i: Decimal(i["sk"]["N"]))
    assert rb == [{"pk": {"S": "b"}, "sk": {"N": "0"}, "w": {"S": "w0"}},
                  {"pk": {"S": "b"}, "sk": {"N": "5"}, "w": {"S": "w5"}}], rb
    # nothing found: the table is in Responses with an empty list
    res = ddb.batch_get_item(RequestItems={a: {"Keys": [{"pk": {"S": "nope"}}]}})
    assert res["Responses"] == {a: []} and res["UnprocessedKeys"] == {}
    # the same key in two tables is fine
    res = ddb.batch_get_item(RequestItems={a: {"Keys": [{"pk": {"S": "a0"}}]},
                                           b: {"Keys": [{"pk": {"S": "b"}, "sk": {"N": "1"}}],
                                               "ProjectionExpression": "w"}})
    assert res["Responses"][a] == [{"pk": {"S": "a0"}, "name": {"S": "n0"}, "v": {"N": "0"},
                                    "m": {"M": {"x": {"N": "0"}, "y": {"S": "why"}}}}]
    assert res["Responses"][b] == [{"w": {"S": "w1"}}]
    # the resource's batch_get_item gives Python values
    r = ctx.ddb_resource.batch_get_item(RequestItems={a: {"Keys": [{"pk": "a2"}]}})
    assert r["Responses"][a] == [{"pk": "a2", "name": "n2", "v": Decimal(2), "m": {"x": Decimal(2), "y": "why"}}]


def test_batch_get_limits_and_errors(ctx):
    ddb = ctx.ddb
    a = _table(ctx)
    b = _table(ctx)
    with ctx.ddb_resource.Table(a).batch_writer() as w:
        for i in range(100):
            w.put_item(Item={"pk": "k%03d" % i, "i": i})
    # exactly 100 keys are allowed
    keys = [{"pk": {"S": "k%03d" % i}} for i in range(100)]
    got, req = [], {a: {"Keys": keys}}
    for _ in range(20):
        res = ddb.batch_get_item(RequestItems=req)
        got.extend(res["Responses"].get(a, []))
        req = res.get("UnprocessedKeys") or {}
        if not req:
            break
    assert sorted(i["pk"]["S"] for i in got) == ["k%03d" % i for i in range(100)]
    V = "ValidationException"
    ctx.expect_error(V, 400, ddb.batch_get_item,
                     RequestItems={a: {"Keys": keys + [{"pk": {"S": "k100"}}]}})
    # the limit counts keys over all tables
    ctx.expect_error(V, 400, ddb.batch_get_item, RequestItems={
        a: {"Keys": keys[:60]}, b: {"Keys": [{"pk": {"S": "x%02d" % i}} for i in range(41)]}})
    e = ctx.expect_error(V, 400, ddb.batch_get_item, RequestItems={
        a: {"Keys": [{"pk": {"S": "k001"}}, {"pk": {"S": "k001"}}]}})
    assert e.response["Error"]["Message"] == "Provided list of item keys contains duplicates"
    ctx.expect_error(V, 400, ddb.batch_get_item, RequestItems={a: {"Keys": [{"pk": {"N": "1"}}]}})
    ctx.expect_error(V, 400, ddb.batch_get_item, RequestItems={a: {"Keys": [{"other": {"S": "1"}}]}})
    ctx.expect_error(V, 400, ddb.batch_get_item, RequestItems={
        a: {"Keys": [{"pk": {"S": "k001"}}], "ProjectionExpression": "i", "AttributesToGet": ["i"]}})
    ctx.expect_error("ResourceNotFoundException", 400, ddb.batch_get_item, RequestItems={
        a: {"Keys": [{"pk": {"S": "k001"}}]}, ctx.table_name("missing"): {"Keys": [{"pk": {"S": "x"}}]}})


def test_resource_batch_writer_200_items(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "N"))
    table = ctx.ddb_resource.Table(t)
    with table.batch_writer() as w:
        for i in range(200):
            w.put_item(Item={"pk": "p%d" % (i % 7), "sk": i, "price": Decimal("%d.25" % i),
                             "tags": {"t%d" % (i % 3)}, "doc": {"nested": [i, "x", None, True]},
                             "bin": bytes([i % 256]) * 3})
    items = _scan_all(ddb, t)
    assert len(items) == 200
    assert len({(i["pk"]["S"], i["sk"]["N"]) for i in items}) == 200
    one = table.get_item(Key={"pk": "p3", "sk": 10})["Item"]
    assert one["price"] == Decimal("10.25") and one["tags"] == {"t1"}
    assert one["doc"] == {"nested": [Decimal(10), "x", None, True]}
    assert bytes(one["bin"].value) == b"\x0a\x0a\x0a"
    # overwrite_by_pkeys collapses repeated keys within a buffer, the last write wins
    with table.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as w:
        for i in range(30):
            w.put_item(Item={"pk": "dup", "sk": 1, "n": i})
        for i in range(0, 200, 2):
            w.delete_item(Key={"pk": "p%d" % (i % 7), "sk": i})
    items = _scan_all(ddb, t)
    assert len(items) == 101
    assert table.get_item(Key={"pk": "dup", "sk": 1})["Item"]["n"] == 29
    assert sorted(int(i["sk"]["N"]) for i in items if i["pk"]["S"] != "dup") == list(range(1, 200, 2))
