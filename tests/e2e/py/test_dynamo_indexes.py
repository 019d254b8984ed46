"""DynamoDB secondary indexes: GSI projections (ALL, KEYS_ONLY, INCLUDE), sparse indexes, index
maintenance on update/delete, LSIs, UpdateTable adding a GSI (backfill), Scan on an index, errors."""

import random
import time
from decimal import Decimal


def _wait_active(ddb, name, timeout=60):
    deadline = time.time() + timeout
    while True:
        t = ddb.describe_table(TableName=name)["Table"]
        if t["TableStatus"] == "ACTIVE" and all(
                g.get("IndexStatus") == "ACTIVE" and not g.get("Backfilling")
                for g in t.get("GlobalSecondaryIndexes", [])):
            return t
        assert time.time() < deadline, "table %s (or an index) not ACTIVE after %ds: %s" % (
            name, timeout, t)
        time.sleep(0.1)


def _gsi(name, hash_attr, range_attr=None, projection="ALL", include=None):
    ks = [{"AttributeName": hash_attr, "KeyType": "HASH"}]
    if range_attr:
        ks.append({"AttributeName": range_attr, "KeyType": "RANGE"})
    proj = {"ProjectionType": projection}
    if include:
        proj["NonKeyAttributes"] = list(include)
    return {"IndexName": name, "KeySchema": ks, "Projection": proj}


def _defs(**types):
    return [{"AttributeName": k, "AttributeType": v} for k, v in types.items()]


def _page_all(fn, **kw):
    items, start = [], None
    for _ in range(1000):
        call = dict(kw)
        if start is not None:
            call["ExclusiveStartKey"] = start
        res = fn(**call)
        items.extend(res.get("Items", []))
        start = res.get("LastEvaluatedKey")
        if not start:
            return items
    raise AssertionError("paging did not end")


def _qi(ddb, table, index, kce, values, names=None, **kw):
    if names:
        kw["ExpressionAttributeNames"] = names
    return _page_all(ddb.query, TableName=table, IndexName=index, KeyConditionExpression=kce,
                     ExpressionAttributeValues=values, **kw)


def _ids(items):
    return [it["pk"]["S"] for it in items]


# ---------------------------------------------------------------------------

def _projection_table(ctx):
    ddb = ctx.ddb
    t = ctx.table(range_key=("sk", "S"),
                  AttributeDefinitions=_defs(gpk="S", gsk="N"),
                  GlobalSecondaryIndexes=[
                      _gsi("g_all", "gpk", "gsk", "ALL"),
                      _gsi("g_keys", "gpk", "gsk", "KEYS_ONLY"),
                      _gsi("g_inc", "gpk", "gsk", "INCLUDE", ["a", "c"]),
                  ])
    _wait_active(ddb, t)
    items = []
    for i in range(8):
        it = {"pk": {"S": "p%d" % i}, "sk": {"S": "s"}, "gpk": {"S": "g%d" % (i % 2)},
              "gsk": {"N": str(100 - i * 10)}, "a": {"S": "a%d" % i}, "b": {"N": str(i)},
              "c": {"L": [{"S": "x"}]}, "d": {"M": {"k": {"S": "v"}}}}
        if i == 3:
            del it["a"]  # INCLUDE projects what exists
        items.append(it)
    order = list(items)
    random.shuffle(order)
    for it in order:
        ddb.put_item(TableName=t, Item=it)
    return t, items


def test_gsi_projection_all_keys_only_include(ctx):
    ddb = ctx.ddb
    t, items = _projection_table(ctx)
    want = sorted([it for it in items if it["gpk"]["S"] == "g0"], key=lambda it: Decimal(it["gsk"]["N"]))
    vals = {":g": {"S": "g0"}}

    got = _qi(ddb, t, "g_all", "gpk = :g", vals)
    assert got == want, "ALL projects whole items, sorted by the index sort key"

    got = _qi(ddb, t, "g_keys", "gpk = :g", vals)
    assert got == [{k: it[k] for k in ("pk", "sk", "gpk", "gsk")} for it in want], got

    got = _qi(ddb, t, "g_inc", "gpk = :g", vals)
    assert got == [{k: it[k] for k in ("pk", "sk", "gpk", "gsk", "a", "c") if k in it} for it in want], got

    # ALL_PROJECTED_ATTRIBUTES is the same as the default on an index
    got = _qi(ddb, t, "g_inc", "gpk = :g", vals, Select="ALL_PROJECTED_ATTRIBUTES")
    assert [set(i) for i in got] == [{k for k in ("pk", "sk", "gpk", "gsk", "a", "c") if k in it} for it in want]
    # a projection within the projected attributes
    got = _qi(ddb, t, "g_inc", "gpk = :g AND gsk > :n", {":g": {"S": "g0"}, ":n": {"N": "50"}},
              ProjectionExpression="pk, a")
    assert got == [{"pk": {"S": "p4"}, "a": {"S": "a4"}}, {"pk": {"S": "p2"}, "a": {"S": "a2"}},
                   {"pk": {"S": "p0"}, "a": {"S": "a0"}}], got
    # descending, with a count
    got = _qi(ddb, t, "g_keys", "gpk = :g", {":g": {"S": "g1"}}, ScanIndexForward=False)
    assert _ids(got) == ["p1", "p3", "p5", "p7"]
    res = ddb.query(TableName=t, IndexName="g_keys", KeyConditionExpression="gpk = :g", Select="COUNT",
                    ExpressionAttributeValues={":g": {"S": "g1"}})
    assert res["Count"] == 4 and "Items" not in res

    # Select ALL_ATTRIBUTES is only for an index that projects everything (GSIs cannot fetch)
    ctx.expect_error("ValidationException", 400, ddb.query, TableName=t, IndexName="g_keys",
                     KeyConditionExpression="gpk = :g", ExpressionAttributeValues=vals, Select="ALL_ATTRIBUTES")
    assert len(_qi(ddb, t, "g_all", "gpk = :g", vals, Select="ALL_ATTRIBUTES")) == 4

    desc = ddb.describe_table(TableName=t)["Table"]
    gsis = {g["IndexName"]: g for g in desc["GlobalSecondaryIndexes"]}
    assert set(gsis) == {"g_all", "g_keys", "g_inc"}
    assert gsis["g_keys"]["Projection"]["ProjectionType"] == "KEYS_ONLY"
    assert gsis["g_inc"]["Projection"]["ProjectionType"] == "INCLUDE"
    assert sorted(gsis["g_inc"]["Projection"]["NonKeyAttributes"]) == ["a", "c"]
    assert gsis["g_all"]["KeySchema"] == [{"AttributeName": "gpk", "KeyType": "HASH"},
                                          {"AttributeName": "gsk", "KeyType": "RANGE"}]
    for g in gsis.values():
        assert g["IndexStatus"] == "ACTIVE"
        assert g["IndexArn"].endswith("/index/" + g["IndexName"]), g["IndexArn"]


def test_gsi_sparse_items_without_index_key(ctx):
    ddb = ctx.ddb
    t = ctx.table(AttributeDefinitions=_defs(gpk="S", gsk="S"),
                  GlobalSecondaryIndexes=[_gsi("by_g", "gpk", "gsk"), _gsi("by_h", "gpk")])
    _wait_active(ddb, t)
    ddb.put_item(TableName=t, Item={"pk": {"S": "full"}, "gpk": {"S": "x"}, "gsk": {"S": "1"}})
    ddb.put_item(TableName=t, Item={"pk": {"S": "no-range"}, "gpk": {"S": "x"}})
    ddb.put_item(TableName=t, Item={"pk": {"S": "no-hash"}, "gsk": {"S": "2"}})
    ddb.put_item(TableName=t, Item={"pk": {"S": "neither"}, "other": {"S": "o"}})
    # items lacking an index key attribute are left out of that index
    vals = {":x": {"S": "x"}}
    assert _ids(_qi(ddb, t, "by_g", "gpk = :x", vals)) == ["full"]
    assert sorted(_ids(_qi(ddb, t, "by_h", "gpk = :x", vals))) == ["full", "no-range"]
    assert sorted(_ids(_page_all(ddb.scan, TableName=t, IndexName="by_g"))) == ["full"]
    assert sorted(_ids(_page_all(ddb.scan, TableName=t, IndexName="by_h"))) == ["full", "no-range"]
    assert sorted(_ids(_page_all(ddb.scan, TableName=t))) == ["full", "neither", "no-hash", "no-range"]
    # an index key attribute of the wrong type is rejected, nothing is written
    for bad in ({"pk": {"S": "bad"}, "gpk": {"N": "1"}}, {"pk": {"S": "bad"}, "gpk": {"S": "x"}, "gsk": {"N": "2"}},
                {"pk": {"S": "bad"}, "gpk": {"S": ""}}):
        ctx.expect_error("ValidationException", 400, ddb.put_item, TableName=t, Item=bad)
    ctx.expect_error("ValidationException", 400, ddb.update_item, TableName=t, Key={"pk": {"S": "neither"}},
                     UpdateExpression="SET gpk = :n", ExpressionAttributeValues={":n": {"N": "5"}})
    assert "Item" not in ddb.get_item(TableName=t, Key={"pk": {"S": "bad"}})
    assert "gpk" not in ddb.get_item(TableName=t, Key={"pk": {"S": "neither"}})["Item"]
    # giving the item the missing key attribute brings it into the index
    ddb.update_item(TableName=t, Key={"pk": {"S": "no-range"}}, UpdateExpression="SET gsk = :s",
                    ExpressionAttributeValues={":s": {"S": "0"}})
    assert _ids(_qi(ddb, t, "by_g", "gpk = :x", vals)) == ["no-range", "full"]


def test_gsi_follows_updates_and_deletes(ctx):
    ddb = ctx.ddb
    t = ctx.table(AttributeDefinitions=_defs(gpk="S", gsk="N"),
                  GlobalSecondaryIndexes=[_gsi("gsi", "gpk", "gsk")])
    _wait_active(ddb, t)
    for i, name in enumerate(["a", "b", "c", "d"]):
        ddb.put_item(TableName=t, Item={"pk": {"S": name}, "gpk": {"S": "red"}, "gsk": {"N": str(i)},
                                        "v": {"N": "0"}})

    def q(color):
        return _ids(_qi(ddb, t, "gsi", "gpk = :c", {":c": {"S": color}}))

    assert q("red") == ["a", "b", "c", "d"] and q("blue") == []
    # changing the index hash key moves the item
    ddb.update_item(TableName=t, Key={"pk": {"S": "b"}}, UpdateExpression="SET gpk = :c",
                    ExpressionAttributeValues={":c": {"S": "blue"}})
    assert q("red") == ["a", "c", "d"] and q("blue") == ["b"]
    # changing the index sort key reorders it
    ddb.update_item(TableName=t, Key={"pk": {"S": "a"}}, UpdateExpression="SET gsk = :n",
                    ExpressionAttributeValues={":n": {"N": "10"}})
    assert q("red") == ["c", "d", "a"]
    # a non-key attribute change shows up in the index copy
    ddb.update_item(TableName=t, Key={"pk": {"S": "c"}}, UpdateExpression="SET v = :v",
                    ExpressionAttributeValues={":v": {"N": "42"}})
    got = _qi(ddb, t, "gsi", "gpk = :c AND gsk = :n", {":c": {"S": "red"}, ":n": {"N": "2"}})
    assert got == [{"pk": {"S": "c"}, "gpk": {"S": "red"}, "gsk": {"N": "2"}, "v": {"N": "42"}}]
    # a PutItem over an existing item replaces its index entry
    ddb.put_item(TableName=t, Item={"pk": {"S": "d"}, "gpk": {"S": "blue"}, "gsk": {"N": "-1"}})
    assert q("red") == ["c", "a"] and q("blue") == ["d", "b"]
    # removing an index key attribute takes it out of the index
    ddb.update_item(TableName=t, Key={"pk": {"S": "c"}}, UpdateExpression="REMOVE gsk")
    assert q("red") == ["a"]
    # deleting removes it
    ddb.delete_item(TableName=t, Key={"pk": {"S": "b"}})
    assert q("blue") == ["d"]
    ddb.delete_item(TableName=t, Key={"pk": {"S": "a"}})
    assert q("red") == []
    assert sorted(_ids(_page_all(ddb.scan, TableName=t, IndexName="gsi"))) == ["d"]
    # transactions and batches maintain the index as well
    ddb.batch_write_item(RequestItems={t: [
        {"PutRequest": {"Item": {"pk": {"S": "e"}, "gpk": {"S": "green"}, "gsk": {"N": "1"}}}},
        {"DeleteRequest": {"Key": {"pk": {"S": "d"}}}}]})
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": t, "Item": {"pk": {"S": "f"}, "gpk": {"S": "green"}, "gsk": {"N": "0"}}}},
        {"Update": {"TableName": t, "Key": {"pk": {"S": "e"}}, "UpdateExpression": "SET gsk = :n",
                    "ExpressionAttributeValues": {":n": {"N": "5"}}}}])
    assert q("blue") == [] and q("green") == ["f", "e"]


def test_gsi_paging_with_duplicate_index_keys(ctx):
    ddb = ctx.ddb
    t = ctx.table(range_key=("sk", "S"), AttributeDefinitions=_defs(gpk="S", gsk="S"),
                  GlobalSecondaryIndexes=[_gsi("gsi", "gpk", "gsk")])
    _wait_active(ddb, t)
    keys = set()
    for i in range(17):
        ddb.put_item(TableName=t, Item={"pk": {"S": "p%02d" % (i % 5)}, "sk": {"S": "s%02d" % i},
                                        "gpk": {"S": "same"}, "gsk": {"S": "k%d" % (i % 3)}})
        keys.add(("p%02d" % (i % 5), "s%02d" % i))
    pages, got, start = 0, [], None
    while True:
        kw = {}
        if start:
            kw["ExclusiveStartKey"] = start
        res = ddb.query(TableName=t, IndexName="gsi", KeyConditionExpression="gpk = :g", Limit=4,
                        ExpressionAttributeValues={":g": {"S": "same"}}, **kw)
        pages += 1
        got.extend(res["Items"])
        start = res.get("LastEvaluatedKey")
        if not start:
            break
        # an index's LastEvaluatedKey carries the table key and the index key
        assert set(start) == {"pk", "sk", "gpk", "gsk"}, start
        assert pages < 20
    assert len(got) == 17 and {(i["pk"]["S"], i["sk"]["S"]) for i in got} == keys, "no duplicates, none lost"
    gsks = [i["gsk"]["S"] for i in got]
    assert gsks == sorted(gsks)
    # same for Scan on the index
    scanned = _page_all(ddb.scan, TableName=t, IndexName="gsi", Limit=5)
    assert {(i["pk"]["S"], i["sk"]["S"]) for i in scanned} == keys and len(scanned) == 17


def test_lsi_query_sort_order(ctx):
    ddb = ctx.ddb
    t = ctx.table(range_key=("sk", "S"), AttributeDefinitions=_defs(ts="N", tag="S"),
                  LocalSecondaryIndexes=[
                      {"IndexName": "by_ts", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                           {"AttributeName": "ts", "KeyType": "RANGE"}],
                       "Projection": {"ProjectionType": "ALL"}},
                      {"IndexName": "by_tag", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                            {"AttributeName": "tag", "KeyType": "RANGE"}],
                       "Projection": {"ProjectionType": "KEYS_ONLY"}},
                  ])
    _wait_active(ddb, t)
    rows = [("a", 30, "m"), ("b", -5, "z"), ("c", 12.5, "a"), ("d", 100, None), ("e", None, "b"),
            ("f", 0, "m")]
    for sk, ts, tag in rows:
        it = {"pk": {"S": "p"}, "sk": {"S": sk}, "data": {"S": "d-" + sk}}
        if ts is not None:
            it["ts"] = {"N": str(ts)}
        if tag is not None:
            it["tag"] = {"S": tag}
        ddb.put_item(TableName=t, Item=it)
    ddb.put_item(TableName=t, Item={"pk": {"S": "other"}, "sk": {"S": "x"}, "ts": {"N": "1"}, "tag": {"S": "m"}})

    def sks(items):
        return [i["sk"]["S"] for i in items]

    v = {":p": {"S": "p"}}
    got = _qi(ddb, t, "by_ts", "pk = :p", v)
    assert sks(got) == ["b", "f", "c", "a", "d"], "ordered by ts; the item without ts is not in the LSI"
    assert got[0] == {"pk": {"S": "p"}, "sk": {"S": "b"}, "ts": {"N": "-5"}, "tag": {"S": "z"},
                      "data": {"S": "d-b"}}
    assert sks(_qi(ddb, t, "by_ts", "pk = :p", v, ScanIndexForward=False)) == ["d", "a", "c", "f", "b"]
    assert sks(_qi(ddb, t, "by_ts", "pk = :p AND ts BETWEEN :lo AND :hi",
                   {":p": {"S": "p"}, ":lo": {"N": "0"}, ":hi": {"N": "30"}})) == ["f", "c", "a"]
    assert sks(_qi(ddb, t, "by_ts", "pk = :p AND ts > :lo", {":p": {"S": "p"}, ":lo": {"N": "12.5"}},
                   ScanIndexForward=False)) == ["d", "a"]
    # equal LSI sort keys: both items are there (the table's sort key keeps them apart)
    got = _qi(ddb, t, "by_tag", "pk = :p AND tag = :m", {":p": {"S": "p"}, ":m": {"S": "m"}})
    assert sorted(sks(got)) == ["a", "f"]
    assert all(set(i) == {"pk", "sk", "tag"} for i in got), got
    assert sks(_qi(ddb, t, "by_tag", "pk = :p AND begins_with(tag, :b)", {":p": {"S": "p"}, ":b": {"S": "b"}})) == ["e"]
    # strongly consistent reads are allowed on an LSI
    got = _qi(ddb, t, "by_ts", "pk = :p", v, ConsistentRead=True)
    assert len(got) == 5
    # updating the LSI sort key re-sorts; removing it drops the item from the LSI
    ddb.update_item(TableName=t, Key={"pk": {"S": "p"}, "sk": {"S": "b"}}, UpdateExpression="SET ts = :t",
                    ExpressionAttributeValues={":t": {"N": "1000"}})
    ddb.update_item(TableName=t, Key={"pk": {"S": "p"}, "sk": {"S": "c"}}, UpdateExpression="REMOVE ts")
    assert sks(_qi(ddb, t, "by_ts", "pk = :p", v)) == ["f", "a", "d", "b"]
    ddb.delete_item(TableName=t, Key={"pk": {"S": "p"}, "sk": {"S": "a"}})
    assert sks(_qi(ddb, t, "by_ts", "pk = :p", v)) == ["f", "d", "b"]
    # Scan on an LSI
    got = _page_all(ddb.scan, TableName=t, IndexName="by_ts")
    assert sorted(sks(got)) == ["b", "d", "f", "x"]
    desc = ddb.describe_table(TableName=t)["Table"]
    assert sorted(i["IndexName"] for i in desc["LocalSecondaryIndexes"]) == ["by_tag", "by_ts"]


def test_lsi_fetches_attributes_not_projected(ctx):
    # "If you query or scan a local secondary index and request attributes that are not projected
    # in to the index, DynamoDB automatically fetches those attributes from the table."
    ddb = ctx.ddb
    t = ctx.table(range_key=("sk", "S"), AttributeDefinitions=_defs(tag="S"),
                  LocalSecondaryIndexes=[
                      {"IndexName": "by_tag", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                            {"AttributeName": "tag", "KeyType": "RANGE"}],
                       "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["inc"]}}])
    _wait_active(ddb, t)
    full = {"pk": {"S": "p"}, "sk": {"S": "b"}, "tag": {"S": "z"}, "inc": {"N": "1"}, "data": {"S": "d-b"},
            "ts": {"N": "-5"}}
    ddb.put_item(TableName=t, Item=full)
    v = {":p": {"S": "p"}, ":z": {"S": "z"}}
    got = _qi(ddb, t, "by_tag", "pk = :p AND tag = :z", v)
    assert got == [{k: full[k] for k in ("pk", "sk", "tag", "inc")}], got
    got = _qi(ddb, t, "by_tag", "pk = :p AND tag = :z", v, ProjectionExpression="sk, #d", names={"#d": "data"})
    assert got == [{"sk": {"S": "b"}, "data": {"S": "d-b"}}], got
    got = _qi(ddb, t, "by_tag", "pk = :p AND tag = :z", v, Select="ALL_ATTRIBUTES")
    assert got == [full], got
    got = _page_all(ddb.scan, TableName=t, IndexName="by_tag", ProjectionExpression="ts, inc")
    assert got == [{"ts": {"N": "-5"}, "inc": {"N": "1"}}], got


def test_index_errors(ctx):
    ddb = ctx.ddb
    t = ctx.table(range_key=("sk", "S"), AttributeDefinitions=_defs(gpk="S"),
                  GlobalSecondaryIndexes=[_gsi("gsi", "gpk")])
    _wait_active(ddb, t)
    ddb.put_item(TableName=t, Item={"pk": {"S": "p"}, "sk": {"S": "s"}, "gpk": {"S": "x"}})
    V = "ValidationException"
    e = ctx.expect_error(V, 400, ddb.query, TableName=t, IndexName="nope", KeyConditionExpression="gpk = :g",
                         ExpressionAttributeValues={":g": {"S": "x"}})
    assert "index" in e.response["Error"]["Message"].lower()
    ctx.expect_error(V, 400, ddb.scan, TableName=t, IndexName="nope")
    # the key condition must use the index's keys
    ctx.expect_error(V, 400, ddb.query, TableName=t, IndexName="gsi", KeyConditionExpression="pk = :g",
                     ExpressionAttributeValues={":g": {"S": "p"}})
    # no strongly consistent reads on a GSI
    e = ctx.expect_error(V, 400, ddb.query, TableName=t, IndexName="gsi", KeyConditionExpression="gpk = :g",
                         ExpressionAttributeValues={":g": {"S": "x"}}, ConsistentRead=True)
    assert e.response["Error"]["Message"] == "Consistent reads are not supported on global secondary indexes"
    ctx.expect_error(V, 400, ddb.scan, TableName=t, IndexName="gsi", ConsistentRead=True)
    # an index on a table that does not exist
    ctx.expect_error("ResourceNotFoundException", 400, ddb.query, TableName=ctx.table_name("missing"),
                     IndexName="gsi", KeyConditionExpression="gpk = :g", ExpressionAttributeValues={":g": {"S": "x"}})
    # GetItem cannot read an index; a GSI key attribute in the table's Key is a schema mismatch
    ctx.expect_error(V, 400, ddb.get_item, TableName=t, Key={"gpk": {"S": "x"}})
    # creating a table whose index names an undefined attribute
    ctx.expect_error(V, 400, ddb.create_table, TableName=ctx.table_name("bad-gsi"),
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=_defs(pk="S"), BillingMode="PAY_PER_REQUEST",
                     GlobalSecondaryIndexes=[_gsi("gsi", "undefined_attr")])
    # an LSI must share the table's hash key
    ctx.expect_error(V, 400, ddb.create_table, TableName=ctx.table_name("bad-lsi"),
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                {"AttributeName": "sk", "KeyType": "RANGE"}],
                     AttributeDefinitions=_defs(pk="S", sk="S", other="S"), BillingMode="PAY_PER_REQUEST",
                     LocalSecondaryIndexes=[{"IndexName": "lsi1", "KeySchema": [
                         {"AttributeName": "other", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                         "Projection": {"ProjectionType": "ALL"}}])


def test_update_table_add_gsi_backfills(ctx):
    ddb = ctx.ddb
    t = ctx.table()
    _wait_active(ddb, t)
    for i in range(30):
        it = {"pk": {"S": "p%02d" % i}, "n": {"N": str(i)}}
        if i % 3 != 0:
            it["cat"] = {"S": "c%d" % (i % 2)}
        ddb.put_item(TableName=t, Item=it)
    res = ddb.update_table(TableName=t, AttributeDefinitions=_defs(cat="S", n="N"),
                           GlobalSecondaryIndexUpdates=[{"Create": _gsi("by_cat", "cat", "n", "KEYS_ONLY")}])
    assert any(g["IndexName"] == "by_cat" for g in res["TableDescription"].get("GlobalSecondaryIndexes", []))
    _wait_active(ddb, t)
    # the items written before the index existed are in it
    want0 = ["p%02d" % i for i in range(30) if i % 3 != 0 and i % 2 == 0]
    want1 = ["p%02d" % i for i in range(30) if i % 3 != 0 and i % 2 == 1]
    assert _ids(_qi(ddb, t, "by_cat", "cat = :c", {":c": {"S": "c0"}})) == want0
    assert _ids(_qi(ddb, t, "by_cat", "cat = :c AND n >= :n", {":c": {"S": "c1"}, ":n": {"N": "20"}})) == \
        [x for x in want1 if int(x[1:]) >= 20]
    got = _qi(ddb, t, "by_cat", "cat = :c", {":c": {"S": "c1"}})
    assert all(set(i) == {"pk", "cat", "n"} for i in got)
    # and later writes too
    ddb.put_item(TableName=t, Item={"pk": {"S": "new"}, "cat": {"S": "c0"}, "n": {"N": "-1"}})
    ddb.delete_item(TableName=t, Key={"pk": {"S": want0[-1]}})
    assert _ids(_qi(ddb, t, "by_cat", "cat = :c", {":c": {"S": "c0"}})) == ["new"] + want0[:-1]
    assert len(_page_all(ddb.scan, TableName=t, IndexName="by_cat")) == len(want0) + len(want1)
    # deleting the index
    ddb.update_table(TableName=t, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by_cat"}}])
    deadline = time.time() + 30
    while True:
        gsis = ddb.describe_table(TableName=t)["Table"].get("GlobalSecondaryIndexes", [])
        if not gsis:
            break
        assert time.time() < deadline, gsis
        time.sleep(0.1)
    ctx.expect_error("ValidationException", 400, ddb.query, TableName=t, IndexName="by_cat",
                     KeyConditionExpression="cat = :c", ExpressionAttributeValues={":c": {"S": "c0"}})
    # adding an index with a name already in use is rejected
    ddb.update_table(TableName=t, AttributeDefinitions=_defs(cat="S"),
                     GlobalSecondaryIndexUpdates=[{"Create": _gsi("gsi2", "cat", projection="KEYS_ONLY")}])
    _wait_active(ddb, t)
    ctx.expect_error(("ValidationException", "ResourceInUseException"), 400, ddb.update_table,
                     TableName=t, AttributeDefinitions=_defs(cat="S"),
                     GlobalSecondaryIndexUpdates=[{"Create": _gsi("gsi2", "cat")}])
    assert len(_qi(ddb, t, "gsi2", "cat = :c", {":c": {"S": "c1"}})) == len(want1)


def test_scan_on_index(ctx):
    ddb = ctx.ddb
    t = ctx.table(AttributeDefinitions=_defs(gpk="N"),
                  GlobalSecondaryIndexes=[_gsi("gsi", "gpk", projection="INCLUDE", include=["keep"])])
    _wait_active(ddb, t)
    for i in range(20):
        it = {"pk": {"S": "p%02d" % i}, "keep": {"N": str(i)}, "drop": {"S": "x"}}
        if i % 4:
            it["gpk"] = {"N": str(i % 3)}
        ddb.put_item(TableName=t, Item=it)
    indexed = sorted("p%02d" % i for i in range(20) if i % 4)
    got = _page_all(ddb.scan, TableName=t, IndexName="gsi")
    assert sorted(_ids(got)) == indexed
    assert all(set(i) == {"pk", "gpk", "keep"} for i in got), "only projected attributes come back"
    got = _page_all(ddb.scan, TableName=t, IndexName="gsi", Limit=3, FilterExpression="keep >= :k",
                    ExpressionAttributeValues={":k": {"N": "10"}})
    assert sorted(_ids(got)) == [x for x in indexed if int(x[1:]) >= 10]
    res = ddb.scan(TableName=t, IndexName="gsi", Select="COUNT")
    assert res["Count"] == len(indexed) and res["ScannedCount"] == len(indexed)
    # parallel scan of an index
    segs = [_ids(_page_all(ddb.scan, TableName=t, IndexName="gsi", Segment=s, TotalSegments=3)) for s in range(3)]
    assert sorted(x for s in segs for x in s) == indexed
    assert sum(len(s) for s in segs) == len(set(x for s in segs for x in s))
