"""DynamoDB table-level API end to end: CreateTable/DescribeTable/ListTables/DeleteTable/UpdateTable,
secondary indexes, streams, TTL, tags, DescribeLimits/DescribeEndpoints, waiters, unknown
operations and authentication errors. Written against DynamoDB's documented behaviour."""

import datetime
import json
import time

from botocore.exceptions import ClientError

from runner import sigv4_headers
from dynamo_helpers import _expect, _msg  # noqa: E402

VE = "ValidationException"
RNF = "ResourceNotFoundException"


# ---------------------------------------------------------------------------
# helpers

def _ddb_raw(ctx, target, payload, raw_body=None):
    """POST a hand-signed request with X-Amz-Target `target` (full, e.g. DynamoDB_20120810.ListTables).
    Returns (status, headers, parsed JSON body or None)."""
    body = raw_body if raw_body is not None else json.dumps(payload).encode("utf-8")
    url = ctx.endpoint.rstrip("/") + "/"
    ak, sk = ctx.creds("root")
    headers = sigv4_headers("POST", url, ak, sk, headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": target},
        body=body, region=ctx.region, service="dynamodb", send_content_sha256=False)
    status, hdrs, data = ctx.http("POST", url, body=body, headers=headers)
    try:
        doc = json.loads(data.decode("utf-8")) if data.strip() else {}
    except ValueError:
        doc = None
    return status, hdrs, doc


def _raw_type(doc):
    return (doc or {}).get("__type", "").rsplit("#", 1)[-1]


def _describe(ctx, name):
    return ctx.ddb.describe_table(TableName=name)["Table"]


def _wait_for(pred, timeout=30, interval=0.25, what="condition"):
    deadline = time.time() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.time() > deadline:
            raise AssertionError("timed out after %ss waiting for %s" % (timeout, what))
        time.sleep(interval)


def _by_name(indexes):
    return {ix["IndexName"]: ix for ix in indexes or []}


def _defs(*pairs):
    return [{"AttributeName": n, "AttributeType": t} for n, t in pairs]


def _schema(hash_name, range_name=None):
    s = [{"AttributeName": hash_name, "KeyType": "HASH"}]
    if range_name:
        s.append({"AttributeName": range_name, "KeyType": "RANGE"})
    return s


def _tags(ctx, arn):
    return {t["Key"]: t["Value"] for t in ctx.ddb.list_tags_of_resource(ResourceArn=arn).get("Tags", [])}


def _wait_tags(ctx, arn, want):
    """Tag changes may take a moment to show in ListTagsOfResource (DynamoDB applies them
    asynchronously since 2024); wait a little, then compare."""
    deadline = time.time() + 10
    while _tags(ctx, arn) != want and time.time() < deadline:
        time.sleep(0.2)
    assert _tags(ctx, arn) == want, (_tags(ctx, arn), want)


def _all_table_names(ctx, limit=None):
    """Every table name, following LastEvaluatedTableName; also returns the pages."""
    names, pages, start = [], [], None
    for _ in range(5000):
        kw = {}
        if limit:
            kw["Limit"] = limit
        if start:
            kw["ExclusiveStartTableName"] = start
        res = ctx.ddb.list_tables(**kw)
        pages.append(res)
        names.extend(res["TableNames"])
        start = res.get("LastEvaluatedTableName")
        if not start:
            return names, pages
    raise AssertionError("ListTables pagination did not end")


# ---------------------------------------------------------------------------
# CreateTable / DescribeTable

def test_create_table_and_describe_shape(ctx):
    name = ctx.table_name()
    before = datetime.datetime.now(datetime.timezone.utc)
    res = ctx.ddb.create_table(TableName=name, KeySchema=_schema("pk", "sk"),
                               AttributeDefinitions=_defs(("pk", "S"), ("sk", "N")),
                               BillingMode="PAY_PER_REQUEST")
    td = res["TableDescription"]
    assert td["TableName"] == name
    assert td["TableStatus"] in ("CREATING", "ACTIVE"), td["TableStatus"]
    assert td["KeySchema"] == _schema("pk", "sk")
    d = _describe(ctx, name)
    assert d["TableName"] == name
    assert d["TableStatus"] == "ACTIVE", d["TableStatus"]
    assert d["KeySchema"] == _schema("pk", "sk")
    assert sorted(d["AttributeDefinitions"], key=lambda a: a["AttributeName"]) == _defs(("pk", "S"), ("sk", "N"))
    assert d["TableArn"].startswith("arn:aws:dynamodb:%s:" % ctx.region), d["TableArn"]
    assert d["TableArn"].endswith(":table/" + name), d["TableArn"]
    assert td.get("TableArn", d["TableArn"]) == d["TableArn"]
    assert d["ItemCount"] == 0 and d["TableSizeBytes"] == 0, (d.get("ItemCount"), d.get("TableSizeBytes"))
    created = d["CreationDateTime"]
    assert isinstance(created, datetime.datetime), created
    assert abs((created - before).total_seconds()) < 600, (created, before)
    assert d["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    pt = d["ProvisionedThroughput"]
    assert pt["ReadCapacityUnits"] == 0 and pt["WriteCapacityUnits"] == 0, pt
    for absent in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes", "LatestStreamArn"):
        assert not d.get(absent), (absent, d.get(absent))
    # the table is usable at once
    ctx.ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"N": "1"}})
    assert ctx.ddb.get_item(TableName=name, Key={"pk": {"S": "a"}, "sk": {"N": "1"}}, ConsistentRead=True)["Item"]


def test_create_table_provisioned(ctx):
    name = ctx.table(BillingMode="PROVISIONED",
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 7})
    d = _describe(ctx, name)
    assert d["TableStatus"] == "ACTIVE"
    assert d["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert d["ProvisionedThroughput"]["WriteCapacityUnits"] == 7
    # a table created PROVISIONED may omit BillingModeSummary; if present it says PROVISIONED
    assert d.get("BillingModeSummary", {"BillingMode": "PROVISIONED"})["BillingMode"] == "PROVISIONED"
    # BillingMode defaults to PROVISIONED
    name2 = ctx.table_name("default-billing")
    ctx.ddb.create_table(TableName=name2, KeySchema=_schema("pk"), AttributeDefinitions=_defs(("pk", "S")),
                         ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 2})
    d2 = _describe(ctx, name2)
    assert d2["ProvisionedThroughput"]["ReadCapacityUnits"] == 1
    assert d2["ProvisionedThroughput"]["WriteCapacityUnits"] == 2
    assert d2.get("BillingModeSummary", {"BillingMode": "PROVISIONED"})["BillingMode"] == "PROVISIONED"
    # PROVISIONED needs a throughput, PAY_PER_REQUEST refuses one
    bad = ctx.table_name("bad-billing")
    _expect(ctx, VE, ctx.ddb.create_table, TableName=bad, KeySchema=_schema("pk"),
            AttributeDefinitions=_defs(("pk", "S")), BillingMode="PROVISIONED")
    _expect(ctx, VE, ctx.ddb.create_table, TableName=bad, KeySchema=_schema("pk"),
            AttributeDefinitions=_defs(("pk", "S")), BillingMode="PAY_PER_REQUEST",
            ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    _expect(ctx, RNF, ctx.ddb.describe_table, TableName=bad)


def test_create_table_with_gsi_and_lsi(ctx):
    name = ctx.table(
        range_key=("sk", "S"),
        AttributeDefinitions=_defs(("gk", "S"), ("gs", "N"), ("lk", "S")),
        GlobalSecondaryIndexes=[
            {"IndexName": "by-g", "KeySchema": _schema("gk", "gs"), "Projection": {"ProjectionType": "ALL"}},
            {"IndexName": "g-keys", "KeySchema": _schema("gk"), "Projection": {"ProjectionType": "KEYS_ONLY"}},
        ],
        LocalSecondaryIndexes=[
            {"IndexName": "by-l", "KeySchema": _schema("pk", "lk"),
             "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["extra"]}},
        ])
    d = _describe(ctx, name)
    assert d["TableStatus"] == "ACTIVE"
    assert sorted(a["AttributeName"] for a in d["AttributeDefinitions"]) == ["gk", "gs", "lk", "pk", "sk"]
    gsis = _by_name(d.get("GlobalSecondaryIndexes"))
    assert set(gsis) == {"by-g", "g-keys"}, list(gsis)
    g = gsis["by-g"]
    assert g["IndexStatus"] == "ACTIVE", g
    assert g["KeySchema"] == _schema("gk", "gs")
    assert g["Projection"]["ProjectionType"] == "ALL"
    assert g["IndexArn"] == d["TableArn"] + "/index/by-g", g["IndexArn"]
    assert "ItemCount" in g
    assert gsis["g-keys"]["IndexStatus"] == "ACTIVE"
    assert gsis["g-keys"]["Projection"]["ProjectionType"] == "KEYS_ONLY"
    lsis = _by_name(d.get("LocalSecondaryIndexes"))
    assert set(lsis) == {"by-l"}, list(lsis)
    lsi = lsis["by-l"]
    assert lsi["KeySchema"] == _schema("pk", "lk")
    assert lsi["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["extra"]}
    assert lsi["IndexArn"] == d["TableArn"] + "/index/by-l"

    c = ctx.ddb
    items = [
        {"pk": "p1", "sk": "a", "gk": "G1", "gs": "2", "lk": "z", "extra": "e1", "other": "o1"},
        {"pk": "p1", "sk": "b", "gk": "G1", "gs": "1", "lk": "y", "extra": "e2", "other": "o2"},
        {"pk": "p2", "sk": "a", "gk": "G2", "gs": "5", "other": "o3"},
        {"pk": "p1", "sk": "c", "other": "no index keys"},
    ]
    for it in items:
        c.put_item(TableName=name, Item={k: ({"N": v} if k == "gs" else {"S": v}) for k, v in it.items()})
    # GSI query: ordered by the index sort key, whole items (ALL)
    q = c.query(TableName=name, IndexName="by-g", KeyConditionExpression="gk = :g",
                ExpressionAttributeValues={":g": {"S": "G1"}})["Items"]
    assert [i["sk"]["S"] for i in q] == ["b", "a"], q
    assert q[0]["other"] == {"S": "o2"}
    # a sparse index: items without the index key are not in it
    s = c.scan(TableName=name, IndexName="by-g")["Items"]
    assert sorted((i["pk"]["S"], i["sk"]["S"]) for i in s) == [("p1", "a"), ("p1", "b"), ("p2", "a")], s
    # KEYS_ONLY: table keys plus index keys
    q = c.query(TableName=name, IndexName="g-keys", KeyConditionExpression="gk = :g",
                ExpressionAttributeValues={":g": {"S": "G2"}})["Items"]
    assert q == [{"pk": {"S": "p2"}, "sk": {"S": "a"}, "gk": {"S": "G2"}}], q
    # LSI: same partition, ordered by lk, INCLUDE projection
    q = c.query(TableName=name, IndexName="by-l", KeyConditionExpression="pk = :p",
                ExpressionAttributeValues={":p": {"S": "p1"}})["Items"]
    assert [i["sk"]["S"] for i in q] == ["b", "a"], q
    assert set(q[0]) == {"pk", "sk", "lk", "extra"}, q[0]
    _expect(ctx, VE, c.query, contains="does not have the specified index", TableName=name, IndexName="nope",
            KeyConditionExpression="gk = :g", ExpressionAttributeValues={":g": {"S": "G1"}})


def test_create_table_with_stream(ctx):
    spec = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    name = ctx.table(StreamSpecification=spec)
    d = _describe(ctx, name)
    assert d["StreamSpecification"] == spec, d.get("StreamSpecification")
    assert d["LatestStreamArn"].startswith(d["TableArn"] + "/stream/"), d["LatestStreamArn"]
    assert d.get("LatestStreamLabel"), d
    assert d["LatestStreamArn"].endswith("/stream/" + d["LatestStreamLabel"])
    # StreamEnabled false is the same as no stream
    name2 = ctx.table(hint="stream-off", StreamSpecification={"StreamEnabled": False})
    d2 = _describe(ctx, name2)
    assert "LatestStreamArn" not in d2
    assert d2.get("StreamSpecification", {"StreamEnabled": False})["StreamEnabled"] is False


def test_create_table_with_tags(ctx):
    name = ctx.table(Tags=[{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "storage"}])
    arn = _describe(ctx, name)["TableArn"]
    _wait_tags(ctx, arn, {"env": "test", "team": "storage"})


def test_create_existing_table_in_use(ctx):
    name = ctx.table()
    e = _expect(ctx, "ResourceInUseException", ctx.ddb.create_table, contains="already exists", TableName=name,
                KeySchema=_schema("other"), AttributeDefinitions=_defs(("other", "N")),
                BillingMode="PAY_PER_REQUEST")
    assert name in _msg(e), _msg(e)
    d = _describe(ctx, name)
    assert d["KeySchema"] == _schema("pk")
    assert d["AttributeDefinitions"] == _defs(("pk", "S"))


def test_create_table_validation_errors(ctx):
    c = ctx.ddb
    name = ctx.table_name("invalid")

    def bad(contains=(), **kwargs):
        kwargs.setdefault("TableName", name)
        kwargs.setdefault("BillingMode", "PAY_PER_REQUEST")
        _expect(ctx, VE, c.create_table, contains=contains, **kwargs)

    # a key attribute without a definition
    bad(contains="AttributeDefinitions", KeySchema=_schema("pk"), AttributeDefinitions=_defs(("other", "S")))
    bad(KeySchema=_schema("pk", "sk"), AttributeDefinitions=_defs(("pk", "S")))
    # a definition no key or index uses
    bad(contains="AttributeDefinitions", KeySchema=_schema("pk"),
        AttributeDefinitions=_defs(("pk", "S"), ("x", "S")))
    # two HASH keys, a RANGE key alone, two RANGE keys, three keys
    bad(KeySchema=[{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "b", "KeyType": "HASH"}],
        AttributeDefinitions=_defs(("a", "S"), ("b", "S")))
    bad(KeySchema=[{"AttributeName": "a", "KeyType": "RANGE"}], AttributeDefinitions=_defs(("a", "S")))
    bad(KeySchema=[{"AttributeName": "a", "KeyType": "RANGE"}, {"AttributeName": "b", "KeyType": "RANGE"}],
        AttributeDefinitions=_defs(("a", "S"), ("b", "S")))
    bad(KeySchema=_schema("a", "b") + [{"AttributeName": "c", "KeyType": "RANGE"}],
        AttributeDefinitions=_defs(("a", "S"), ("b", "S"), ("c", "S")))
    # key types are S, N or B only
    bad(KeySchema=_schema("pk"), AttributeDefinitions=_defs(("pk", "BOOL")))
    # the same attribute defined twice
    bad(KeySchema=_schema("pk"), AttributeDefinitions=_defs(("pk", "S"), ("pk", "N")))
    # an index key without a definition
    bad(KeySchema=_schema("pk"), AttributeDefinitions=_defs(("pk", "S")),
        GlobalSecondaryIndexes=[{"IndexName": "gsi1", "KeySchema": _schema("gk"),
                                 "Projection": {"ProjectionType": "ALL"}}])
    # an LSI needs a table with a sort key and the table's partition key
    bad(KeySchema=_schema("pk"), AttributeDefinitions=_defs(("pk", "S"), ("lk", "S")),
        LocalSecondaryIndexes=[{"IndexName": "lsi1", "KeySchema": _schema("pk", "lk"),
                                "Projection": {"ProjectionType": "ALL"}}])
    bad(KeySchema=_schema("pk", "sk"), AttributeDefinitions=_defs(("pk", "S"), ("sk", "S"), ("lk", "S")),
        LocalSecondaryIndexes=[{"IndexName": "lsi1", "KeySchema": _schema("lk", "sk"),
                                "Projection": {"ProjectionType": "ALL"}}])
    _expect(ctx, RNF, c.describe_table, TableName=name)
    # bad table names (the SDK checks only the minimum length, so these reach the server)
    for bad_name in ("bad name!", "has@sign", "slash/name", "n" * 256):
        bad(TableName=bad_name, KeySchema=_schema("pk"), AttributeDefinitions=_defs(("pk", "S")))
    # too short, sent by hand since the SDK refuses it itself
    status, _, doc = _ddb_raw(ctx, "DynamoDB_20120810.CreateTable", {
        "TableName": "ab", "KeySchema": _schema("pk"), "AttributeDefinitions": _defs(("pk", "S")),
        "BillingMode": "PAY_PER_REQUEST"})
    assert status == 400 and _raw_type(doc) == VE, (status, doc)


def test_delete_table(ctx):
    name = ctx.table()
    ctx.ddb.put_item(TableName=name, Item={"pk": {"S": "k"}})
    res = ctx.ddb.delete_table(TableName=name)["TableDescription"]
    assert res["TableName"] == name
    assert res["TableStatus"] == "DELETING", res["TableStatus"]
    ctx.ddb.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    _expect(ctx, RNF, ctx.ddb.describe_table, contains="Requested resource not found", TableName=name)
    _expect(ctx, RNF, ctx.ddb.delete_table, TableName=name)
    _expect(ctx, RNF, ctx.ddb.get_item, TableName=name, Key={"pk": {"S": "k"}})
    names, _ = _all_table_names(ctx)
    assert name not in names
    # the name can be used again, and the new table starts empty
    ctx.ddb.create_table(TableName=name, KeySchema=_schema("id"), AttributeDefinitions=_defs(("id", "N")),
                         BillingMode="PAY_PER_REQUEST")
    ctx.ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    assert _describe(ctx, name)["KeySchema"] == _schema("id")
    assert ctx.ddb.scan(TableName=name)["Items"] == []


# ---------------------------------------------------------------------------
# ListTables

def test_list_tables_pagination(ctx):
    base = ctx.table_name("listpage")
    first = base + "-0"
    mine = [base + "-a", base + "-b", base + "-c"]
    for n in [first] + mine:
        ctx.ddb.create_table(TableName=n, KeySchema=_schema("pk"), AttributeDefinitions=_defs(("pk", "S")),
                             BillingMode="PAY_PER_REQUEST")
    # tables are listed in name order: the ones right after `first` are ours
    res = ctx.ddb.list_tables(ExclusiveStartTableName=first, Limit=2)
    assert res["TableNames"] == mine[:2], res
    assert res["LastEvaluatedTableName"] == mine[1], res
    res = ctx.ddb.list_tables(ExclusiveStartTableName=res["LastEvaluatedTableName"], Limit=2)
    assert res["TableNames"][0] == mine[2], res
    res = ctx.ddb.list_tables(ExclusiveStartTableName=mine[0], Limit=1)
    assert res["TableNames"] == [mine[1]] and res["LastEvaluatedTableName"] == mine[1], res
    # walking every page: no repeats, names in order, each page within its limit
    names, pages = _all_table_names(ctx, limit=3)
    assert all(len(p["TableNames"]) <= 3 for p in pages)
    assert len(names) == len(set(names)), "a table listed twice"
    assert names == sorted(names), "ListTables is not in name order"
    for p in pages:
        if p.get("LastEvaluatedTableName"):
            assert p["TableNames"] and p["LastEvaluatedTableName"] == p["TableNames"][-1], p
    assert "LastEvaluatedTableName" not in pages[-1]
    for n in [first] + mine:
        assert n in names, n
    everything, _ = _all_table_names(ctx)
    assert everything == names
    # Limit must be 1..100
    _expect(ctx, VE, ctx.ddb.list_tables, Limit=101)


# ---------------------------------------------------------------------------
# UpdateTable

def test_update_table_add_gsi_backfills_then_delete(ctx):
    name = ctx.table()
    c = ctx.ddb
    colors = {"i1": "red", "i2": "red", "i3": "blue", "i4": None, "i5": None}
    for pk, color in colors.items():
        item = {"pk": {"S": pk}, "n": {"N": pk[1:]}}
        if color:
            item["color"] = {"S": color}
        c.put_item(TableName=name, Item=item)
    res = c.update_table(
        TableName=name, AttributeDefinitions=_defs(("pk", "S"), ("color", "S")),
        GlobalSecondaryIndexUpdates=[{"Create": {
            "IndexName": "by-color", "KeySchema": _schema("color"), "Projection": {"ProjectionType": "ALL"}}}])
    g = _by_name(res["TableDescription"].get("GlobalSecondaryIndexes")).get("by-color")
    assert g is not None and g["IndexStatus"] in ("CREATING", "ACTIVE"), res["TableDescription"]

    def active():
        gsi = _by_name(_describe(ctx, name).get("GlobalSecondaryIndexes")).get("by-color")
        return gsi is not None and gsi["IndexStatus"] == "ACTIVE" and gsi
    g = _wait_for(active, what="GSI by-color ACTIVE")
    assert g["KeySchema"] == _schema("color")
    assert "color" in [a["AttributeName"] for a in _describe(ctx, name)["AttributeDefinitions"]]

    def by_color(color):
        items = c.query(TableName=name, IndexName="by-color", KeyConditionExpression="color = :c",
                        ExpressionAttributeValues={":c": {"S": color}})["Items"]
        return sorted(i["pk"]["S"] for i in items)
    # items written before the index existed were backfilled
    assert by_color("red") == ["i1", "i2"]
    assert by_color("blue") == ["i3"]
    indexed = c.scan(TableName=name, IndexName="by-color")["Items"]
    assert sorted(i["pk"]["S"] for i in indexed) == ["i1", "i2", "i3"], indexed
    # and the index follows new writes
    c.put_item(TableName=name, Item={"pk": {"S": "i6"}, "color": {"S": "blue"}})
    c.update_item(TableName=name, Key={"pk": {"S": "i1"}}, UpdateExpression="SET color = :c",
                  ExpressionAttributeValues={":c": {"S": "blue"}})
    c.delete_item(TableName=name, Key={"pk": {"S": "i3"}})
    assert by_color("red") == ["i2"]
    assert by_color("blue") == ["i1", "i6"]

    # delete the index
    c.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-color"}}])
    _wait_for(lambda: "by-color" not in _by_name(_describe(ctx, name).get("GlobalSecondaryIndexes")),
              what="GSI by-color gone")
    _expect(ctx, VE, c.query, contains="does not have the specified index", TableName=name, IndexName="by-color",
            KeyConditionExpression="color = :c", ExpressionAttributeValues={":c": {"S": "red"}})
    # the table's own items are untouched
    assert len(c.scan(TableName=name, ConsistentRead=True)["Items"]) == 5
    assert _describe(ctx, name)["TableStatus"] == "ACTIVE"


def test_update_table_errors(ctx):
    name = ctx.table()
    c = ctx.ddb
    _expect(ctx, RNF, c.update_table, TableName=ctx.table_name("absent"), BillingMode="PAY_PER_REQUEST")
    # the new index's key needs an attribute definition
    _expect(ctx, VE, c.update_table, TableName=name, GlobalSecondaryIndexUpdates=[{"Create": {
        "IndexName": "gsi1", "KeySchema": _schema("undefined_attr"), "Projection": {"ProjectionType": "ALL"}}}])
    # deleting an index that does not exist
    _expect(ctx, (RNF, VE), c.update_table, TableName=name,
            GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "nope"}}])
    assert "GlobalSecondaryIndexes" not in _describe(ctx, name)


# ---------------------------------------------------------------------------
# TTL, tags, limits, endpoints

def test_time_to_live(ctx):
    name = ctx.table()
    c = ctx.ddb
    desc = c.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    assert desc["TimeToLiveStatus"] == "DISABLED" and "AttributeName" not in desc, desc
    spec = {"Enabled": True, "AttributeName": "expires_at"}
    res = c.update_time_to_live(TableName=name, TimeToLiveSpecification=spec)
    assert res["TimeToLiveSpecification"] == spec
    desc = c.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    assert desc == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires_at"}, desc
    # enabling again (same or another attribute) is refused
    e = _expect(ctx, VE, c.update_time_to_live, TableName=name, TimeToLiveSpecification=spec)
    assert "enabled" in _msg(e).lower() or "active" in _msg(e).lower(), _msg(e)
    _expect(ctx, VE, c.update_time_to_live, TableName=name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": "other"})
    # disabling must name the current attribute
    _expect(ctx, VE, c.update_time_to_live, TableName=name,
            TimeToLiveSpecification={"Enabled": False, "AttributeName": "other"})
    # DynamoDB may refuse a second change within the hour; either way the setting is consistent
    try:
        res = c.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": False,
                                                                               "AttributeName": "expires_at"})
        assert res["TimeToLiveSpecification"] == {"Enabled": False, "AttributeName": "expires_at"}
        desc = c.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        assert desc["TimeToLiveStatus"] in ("DISABLED", "DISABLING"), desc
    except ClientError as e:
        assert e.response["Error"]["Code"] == VE, e.response
    # errors
    _expect(ctx, RNF, c.describe_time_to_live, TableName=ctx.table_name("absent"))
    _expect(ctx, RNF, c.update_time_to_live, TableName=ctx.table_name("absent"), TimeToLiveSpecification=spec)
    name2 = ctx.table(hint="ttl-never")
    _expect(ctx, VE, c.update_time_to_live, TableName=name2,
            TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires_at"})


def test_tag_untag_list_tags(ctx):
    name = ctx.table()
    c = ctx.ddb
    arn = _describe(ctx, name)["TableArn"]
    assert _tags(ctx, arn) == {}
    c.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "dev"}, {"Key": "owner", "Value": "alice"}])
    _wait_tags(ctx, arn, {"env": "dev", "owner": "alice"})
    # same key again: the value is replaced
    c.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "prod"}, {"Key": "cost", "Value": ""}])
    _wait_tags(ctx, arn, {"env": "prod", "owner": "alice", "cost": ""})
    # removing a key that is not there is fine
    c.untag_resource(ResourceArn=arn, TagKeys=["owner", "not-there"])
    _wait_tags(ctx, arn, {"env": "prod", "cost": ""})
    c.untag_resource(ResourceArn=arn, TagKeys=["env", "cost"])
    _wait_tags(ctx, arn, {})
    # a well-formed ARN of a table that does not exist
    missing = arn + "x"
    _expect(ctx, RNF, c.list_tags_of_resource, ResourceArn=missing)
    _expect(ctx, RNF, c.tag_resource, ResourceArn=missing, Tags=[{"Key": "a", "Value": "b"}])
    _expect(ctx, RNF, c.untag_resource, ResourceArn=missing, TagKeys=["a"])
    # something that is not an ARN at all (older DynamoDB said AccessDenied, newer ValidationException)
    ctx.expect_error_any([(VE, 400), ("AccessDeniedException", 400)], c.tag_resource, ResourceArn="not-an-arn",
                         Tags=[{"Key": "a", "Value": "b"}])
    assert _tags(ctx, arn) == {}


def test_describe_limits(ctx):
    res = ctx.ddb.describe_limits()
    keys = ("AccountMaxReadCapacityUnits", "AccountMaxWriteCapacityUnits",
            "TableMaxReadCapacityUnits", "TableMaxWriteCapacityUnits")
    for k in keys:
        assert isinstance(res.get(k), int) and res[k] > 0, (k, res.get(k))
    assert res["TableMaxReadCapacityUnits"] <= res["AccountMaxReadCapacityUnits"]
    assert res["TableMaxWriteCapacityUnits"] <= res["AccountMaxWriteCapacityUnits"]


def test_describe_endpoints(ctx):
    eps = ctx.ddb.describe_endpoints()["Endpoints"]
    assert len(eps) >= 1, eps
    for ep in eps:
        assert isinstance(ep["Address"], str) and ep["Address"], ep
        assert isinstance(ep["CachePeriodInMinutes"], int) and ep["CachePeriodInMinutes"] > 0, ep


# ---------------------------------------------------------------------------
# waiters, protocol and auth errors

def test_waiters_table_exists_and_not_exists(ctx):
    name = ctx.table_name()
    ctx.ddb.create_table(TableName=name, KeySchema=_schema("pk"), AttributeDefinitions=_defs(("pk", "S")),
                         BillingMode="PAY_PER_REQUEST")
    ctx.ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    assert _describe(ctx, name)["TableStatus"] == "ACTIVE"
    # the resource flavour
    res_name = ctx.table_name("resource")
    table = ctx.ddb_resource.create_table(TableName=res_name, KeySchema=_schema("id", "ts"),
                                          AttributeDefinitions=_defs(("id", "S"), ("ts", "N")),
                                          BillingMode="PAY_PER_REQUEST")
    table.wait_until_exists()
    assert table.table_status == "ACTIVE"
    assert table.key_schema == _schema("id", "ts")
    table.put_item(Item={"id": "x", "ts": 1})
    assert table.get_item(Key={"id": "x", "ts": 1}, ConsistentRead=True)["Item"] == {"id": "x", "ts": 1}
    table.delete()
    table.wait_until_not_exists()
    ctx.ddb.delete_table(TableName=name)
    ctx.ddb.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    _expect(ctx, RNF, ctx.ddb.describe_table, TableName=name)


def test_unknown_operation(ctx):
    status, hdrs, doc = _ddb_raw(ctx, "DynamoDB_20120810.NoSuchOperation", {})
    assert status == 400, (status, doc)
    assert _raw_type(doc) == "UnknownOperationException", doc
    assert hdrs.get("content-type", "").startswith("application/x-amz-json-1.0"), hdrs
    # a known operation on the same path works
    status, _, doc = _ddb_raw(ctx, "DynamoDB_20120810.ListTables", {"Limit": 1})
    assert status == 200 and "TableNames" in doc, (status, doc)


def test_malformed_json_body(ctx):
    status, _, doc = _ddb_raw(ctx, "DynamoDB_20120810.ListTables", None, raw_body=b"{not json")
    assert status == 400, (status, doc)
    assert _raw_type(doc) in ("SerializationException", VE), doc


def test_unknown_access_key(ctx):
    client = ctx.ddb_client(access_key="AKIDUNKNOWNKEY000000", secret_key="does-not-matter")
    # DynamoDB itself answers 400 here; the AWS common-errors page lists 403 for unknown keys
    e = ctx.expect_error_any([("UnrecognizedClientException", 400), ("UnrecognizedClientException", 403)],
                             client.list_tables)
    assert _msg(e), e.response
    ctx.expect_error_any([("UnrecognizedClientException", 400), ("UnrecognizedClientException", 403)],
                         client.describe_table, TableName="whatever")


def test_bad_signature(ctx):
    ak, _ = ctx.creds("root")
    client = ctx.ddb_client(access_key=ak, secret_key="not-the-right-secret")
    e = _expect(ctx, "InvalidSignatureException", client.list_tables)
    assert "signature" in _msg(e).lower(), _msg(e)
    name = ctx.table()
    _expect(ctx, "InvalidSignatureException", client.put_item, TableName=name, Item={"pk": {"S": "k"}})
    assert ctx.ddb.scan(TableName=name)["Items"] == []
