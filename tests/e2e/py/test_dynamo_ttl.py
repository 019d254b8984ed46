"""DynamoDB Time to Live: UpdateTimeToLive/DescribeTimeToLive, the background expirer deleting
expired items (and only those), and TTL deletions in the table's stream as service REMOVEs.

Real DynamoDB deletes expired items within days; wharf's expirer runs about every second, so the
expiry tests only run against a wharf started by the harness and poll for up to 30 s."""

import time

from dynamo_helpers import _streams, _wait_active  # noqa: E402

EXPIRY_WAIT = 30


def _table(ctx, **kw):
    name = ctx.table(**kw)
    _wait_active(ctx.ddb, name)
    return name


def _enable_ttl(ddb, table, attr="expires"):
    res = ddb.update_time_to_live(TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": attr})
    assert res["TimeToLiveSpecification"] == {"Enabled": True, "AttributeName": attr}, res
    deadline = time.time() + 30
    while True:
        d = ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
        if d["TimeToLiveStatus"] == "ENABLED":
            assert d["AttributeName"] == attr, d
            return
        assert d["TimeToLiveStatus"] == "ENABLING" and time.time() < deadline, d
        time.sleep(0.2)


def _keys(ddb, table):
    items, start = [], None
    while True:
        kw = {"TableName": table, "ConsistentRead": True}
        if start:
            kw["ExclusiveStartKey"] = start
        res = ddb.scan(**kw)
        items.extend(res["Items"])
        start = res.get("LastEvaluatedKey")
        if not start:
            return sorted(i["pk"]["S"] for i in items)


def _wait_gone(ddb, table, keys, timeout=EXPIRY_WAIT):
    deadline = time.time() + timeout
    while True:
        left = [k for k in keys if "Item" in ddb.get_item(TableName=table, Key={"pk": {"S": k}}, ConsistentRead=True)]
        if not left:
            return
        assert time.time() < deadline, "expired items still there after %ds: %s" % (timeout, left)
        time.sleep(0.5)


def _mixed_items(now):
    """Items whose 'expires' is in the past (expire) or not (stay)."""
    return {
        "past-hour": ({"N": str(now - 3600)}, True),
        "past-second": ({"N": str(now - 2)}, True),
        "past-decimal": ({"N": "%d.75" % (now - 100)}, True),
        "past-day": ({"N": str(now - 86400)}, True),
        "future": ({"N": str(now + 3600)}, False),
        "far-future": ({"N": str(now + 10 * 365 * 86400)}, False),
        "string": ({"S": str(now - 3600)}, False),
        "number-set": ({"NS": [str(now - 3600)]}, False),
        "list": ({"L": [{"N": str(now - 3600)}]}, False),
        "bool": ({"BOOL": True}, False),
        "missing": (None, False),
    }


def test_ttl_describe_and_update(ctx):
    ddb = ctx.ddb
    t = _table(ctx)
    d = ddb.describe_time_to_live(TableName=t)["TimeToLiveDescription"]
    assert d["TimeToLiveStatus"] == "DISABLED" and "AttributeName" not in d, d
    _enable_ttl(ddb, t)
    # enabling it again is rejected
    ctx.expect_error("ValidationException", 400, ddb.update_time_to_live, TableName=t,
                     TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    d = ddb.describe_time_to_live(TableName=t)["TimeToLiveDescription"]
    assert d == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}, d
    ctx.expect_error("ResourceNotFoundException", 400, ddb.describe_time_to_live, TableName=ctx.table_name("missing"))
    ctx.expect_error("ResourceNotFoundException", 400, ddb.update_time_to_live, TableName=ctx.table_name("missing"),
                     TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    # disabling a TTL that is not enabled is rejected
    t2 = _table(ctx)
    ctx.expect_error("ValidationException", 400, ddb.update_time_to_live, TableName=t2,
                     TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires"})


def test_ttl_expired_items_are_deleted(ctx):
    ctx.require_wharf("real DynamoDB deletes expired items within days, not seconds")
    ddb = ctx.ddb
    t = _table(ctx)
    control = _table(ctx)  # the same items, TTL never enabled
    now = int(time.time())
    items = _mixed_items(now)
    for name, (val, _) in items.items():
        it = {"pk": {"S": name}, "payload": {"S": "p"}}
        if val is not None:
            it["expires"] = val
        ddb.put_item(TableName=t, Item=it)
        ddb.put_item(TableName=control, Item=it)
    _enable_ttl(ddb, t)
    # an item that expires a couple of seconds from now, written after TTL was enabled
    ddb.put_item(TableName=t, Item={"pk": {"S": "soon"}, "expires": {"N": str(int(time.time()) + 2)}})
    expiring = sorted([k for k, (_, exp) in items.items() if exp] + ["soon"])
    staying = sorted(k for k, (_, exp) in items.items() if not exp)
    _wait_gone(ddb, t, expiring)
    time.sleep(2)  # a few more expirer rounds
    assert _keys(ddb, t) == staying
    assert _keys(ddb, control) == sorted(items), "a table without TTL keeps everything"
    # an update that pushes the expiry into the future keeps the item; one that pulls it into the past expires it
    ddb.update_item(TableName=t, Key={"pk": {"S": "future"}}, UpdateExpression="SET expires = :e",
                    ExpressionAttributeValues={":e": {"N": str(int(time.time()) - 10)}})
    _wait_gone(ddb, t, ["future"])
    assert _keys(ddb, t) == [k for k in staying if k != "future"]


def test_ttl_deletes_show_in_stream_as_service_removes(ctx):
    ctx.require_wharf("real DynamoDB deletes expired items within days, not seconds")
    ddb, sc = ctx.ddb, _streams(ctx)
    t = _table(ctx, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    arn = ddb.describe_table(TableName=t)["Table"]["LatestStreamArn"]
    _enable_ttl(ddb, t)
    now = int(time.time())
    expired = {"pk": {"S": "old"}, "expires": {"N": str(now - 60)}, "v": {"S": "gone soon"}}
    ddb.put_item(TableName=t, Item=expired)
    ddb.put_item(TableName=t, Item={"pk": {"S": "keep"}, "expires": {"N": str(now + 3600)}})
    ddb.put_item(TableName=t, Item={"pk": {"S": "user-deleted"}})
    ddb.delete_item(TableName=t, Key={"pk": {"S": "user-deleted"}})
    _wait_gone(ddb, t, ["old"])

    recs = []
    deadline = time.time() + 15
    while time.time() < deadline:
        recs = []
        shards = _shards(sc, arn)
        for shard in shards:
            it = sc.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            for _ in range(100):
                r = sc.get_records(ShardIterator=it)
                recs.extend(r["Records"])
                it = r.get("NextShardIterator")
                if not it or not r["Records"]:
                    break
        if len(recs) >= 5:
            break
        time.sleep(0.3)
    events = [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in recs]
    assert sorted(events) == sorted([("INSERT", "old"), ("INSERT", "keep"), ("INSERT", "user-deleted"),
                                     ("REMOVE", "user-deleted"), ("REMOVE", "old")]), events
    ttl_remove = [r for r in recs if r["eventName"] == "REMOVE" and r["dynamodb"]["Keys"]["pk"]["S"] == "old"][0]
    assert ttl_remove["userIdentity"] == {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"}, ttl_remove
    assert ttl_remove["dynamodb"]["OldImage"] == expired
    assert "NewImage" not in ttl_remove["dynamodb"]
    user_remove = [r for r in recs
                   if r["eventName"] == "REMOVE" and r["dynamodb"]["Keys"]["pk"]["S"] == "user-deleted"][0]
    assert "userIdentity" not in user_remove, "a user's delete is not marked as the service's"
    for r in recs:
        if r["eventName"] == "INSERT":
            assert "userIdentity" not in r
    seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in recs]
    assert seqs == sorted(seqs)


def _shards(sc, arn):
    shards, start = [], None
    for _ in range(100):
        kw = {"StreamArn": arn}
        if start:
            kw["ExclusiveStartShardId"] = start
        d = sc.describe_stream(**kw)["StreamDescription"]
        shards.extend(s["ShardId"] for s in d.get("Shards", []))
        start = d.get("LastEvaluatedShardId")
        if not start:
            return shards
    return shards


def test_ttl_expired_items_leave_indexes(ctx):
    ctx.require_wharf("real DynamoDB deletes expired items within days, not seconds")
    ddb = ctx.ddb
    t = _table(ctx, AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
               GlobalSecondaryIndexes=[{"IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                        "Projection": {"ProjectionType": "KEYS_ONLY"}}])
    _wait_active(ddb, t)
    _enable_ttl(ddb, t)
    now = int(time.time())
    for i in range(6):
        ddb.put_item(TableName=t, Item={"pk": {"S": "i%d" % i}, "g": {"S": "grp"},
                                        "expires": {"N": str(now - 5 if i % 2 else now + 3600)}})
    _wait_gone(ddb, t, ["i1", "i3", "i5"])
    got = ddb.query(TableName=t, IndexName="by_g", KeyConditionExpression="g = :g",
                    ExpressionAttributeValues={":g": {"S": "grp"}})["Items"]
    assert sorted(i["pk"]["S"] for i in got) == ["i0", "i2", "i4"]
