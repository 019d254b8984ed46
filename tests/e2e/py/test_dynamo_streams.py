"""DynamoDB Streams (DynamoDBStreams_20120810 on the same endpoint): ListStreams, DescribeStream,
GetShardIterator (TRIM_HORIZON, LATEST, AT/AFTER_SEQUENCE_NUMBER), GetRecords, the four view types,
and enabling/disabling a stream with UpdateTable."""

import datetime
import time

from dynamo_helpers import _streams, _wait_active  # noqa: E402


def _stream_table(ctx, view="NEW_AND_OLD_IMAGES", range_key=None):
    """A table with a stream of this view type; returns (name, stream arn)."""
    spec = {"StreamEnabled": True, "StreamViewType": view}
    t = ctx.table(range_key=range_key, StreamSpecification=spec)
    desc = _wait_active(ctx.ddb, t)
    assert desc["StreamSpecification"] == spec, desc.get("StreamSpecification")
    assert desc["LatestStreamArn"] and desc["LatestStreamLabel"]
    assert desc["LatestStreamArn"].startswith(desc["TableArn"] + "/stream/"), (desc["LatestStreamArn"],
                                                                              desc["TableArn"])
    assert desc["LatestStreamArn"].endswith("/stream/" + desc["LatestStreamLabel"])
    return t, desc["LatestStreamArn"]


def _shards(sc, arn):
    shards, start = [], None
    for _ in range(100):
        kw = {"StreamArn": arn}
        if start:
            kw["ExclusiveStartShardId"] = start
        d = sc.describe_stream(**kw)["StreamDescription"]
        shards.extend(d.get("Shards", []))
        start = d.get("LastEvaluatedShardId")
        if not start:
            break
    # parents before children
    ordered, left = [], list(shards)
    while left:
        ids = {s["ShardId"] for s in left}
        ready = [s for s in left if s.get("ParentShardId") not in ids]
        assert ready, "shard parent cycle: %s" % shards
        ordered.extend(ready)
        left = [s for s in left if s not in ready]
    return ordered


def _drain(sc, iterator, limit=None, max_calls=200):
    out = []
    for _ in range(max_calls):
        kw = {"ShardIterator": iterator}
        if limit:
            kw["Limit"] = limit
        r = sc.get_records(**kw)
        out.extend(r["Records"])
        iterator = r.get("NextShardIterator")
        if not iterator or not r["Records"]:
            break
    return out, iterator


def _poll(sc, iterator, want, timeout=10):
    """Records from an iterator (following NextShardIterator) until at least `want` arrived."""
    got, deadline = [], time.time() + timeout
    while len(got) < want and iterator and time.time() < deadline:
        r = sc.get_records(ShardIterator=iterator)
        got.extend(r["Records"])
        iterator = r.get("NextShardIterator")
        if len(got) < want and not r["Records"]:
            time.sleep(0.1)
    return got, iterator


def _read_all(sc, arn, want, timeout=15):
    """Every record in the stream (all shards from TRIM_HORIZON); polls until at least `want`."""
    deadline = time.time() + timeout
    while True:
        recs = []
        for shard in _shards(sc, arn):
            it = sc.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                       ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            recs.extend(_drain(sc, it)[0])
        if len(recs) >= want or time.time() > deadline:
            return recs
        time.sleep(0.2)


def _open_shard(sc, arn):
    shards = _shards(sc, arn)
    open_ = [s for s in shards if "EndingSequenceNumber" not in s.get("SequenceNumberRange", {})]
    assert open_, "no open shard: %s" % shards
    return open_[-1]["ShardId"]


def _seq(r):
    return int(r["dynamodb"]["SequenceNumber"])


def _names(recs):
    return [r["eventName"] for r in recs]


def _assert_increasing(recs):
    seqs = [_seq(r) for r in recs]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), "sequence numbers must increase: %s" % seqs


# ---------------------------------------------------------------------------

def test_stream_insert_modify_remove_records(ctx):
    ddb, sc = ctx.ddb, _streams(ctx)
    t, arn = _stream_table(ctx, range_key=("sk", "N"))
    key = {"pk": {"S": "a"}, "sk": {"N": "1"}}
    ddb.put_item(TableName=t, Item=dict(key, v={"N": "1"}, s={"S": "first"}))
    ddb.update_item(TableName=t, Key=key, UpdateExpression="SET v = v + :one REMOVE s",
                    ExpressionAttributeValues={":one": {"N": "1"}})
    ddb.put_item(TableName=t, Item={"pk": {"S": "b"}, "sk": {"N": "2"}})
    ddb.delete_item(TableName=t, Key=key)

    # ListStreams, filtered by table
    streams = sc.list_streams(TableName=t)["Streams"]
    assert len(streams) == 1, streams
    assert streams[0]["StreamArn"] == arn and streams[0]["TableName"] == t
    assert arn.endswith("/" + streams[0]["StreamLabel"])
    # DescribeStream
    d = sc.describe_stream(StreamArn=arn)["StreamDescription"]
    assert d["StreamArn"] == arn and d["TableName"] == t
    assert d["StreamStatus"] == "ENABLED" and d["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert d["StreamLabel"] == streams[0]["StreamLabel"]
    assert d["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
    assert isinstance(d["CreationRequestDateTime"], datetime.datetime)
    assert d["Shards"], d
    for s in d["Shards"]:
        assert s["ShardId"] and int(s["SequenceNumberRange"]["StartingSequenceNumber"]) >= 0

    recs = _read_all(sc, arn, 4)
    assert _names(recs) == ["INSERT", "MODIFY", "INSERT", "REMOVE"], _names(recs)
    _assert_increasing(recs)
    assert len({r["eventID"] for r in recs}) == 4
    now = ctx.now()
    for r in recs:
        assert r["eventSource"] == "aws:dynamodb" and r["awsRegion"] == ctx.region and r["eventVersion"]
        assert "userIdentity" not in r, "a user's write has no userIdentity"
        db = r["dynamodb"]
        assert db["StreamViewType"] == "NEW_AND_OLD_IMAGES" and db["SizeBytes"] > 0
        assert abs((now - db["ApproximateCreationDateTime"]).total_seconds()) < 600
    ins, mod, ins2, rem = (r["dynamodb"] for r in recs)
    assert ins["Keys"] == key and mod["Keys"] == key and rem["Keys"] == key
    assert ins2["Keys"] == {"pk": {"S": "b"}, "sk": {"N": "2"}}
    assert ins["NewImage"] == dict(key, v={"N": "1"}, s={"S": "first"}) and "OldImage" not in ins
    assert mod["OldImage"] == dict(key, v={"N": "1"}, s={"S": "first"})
    assert mod["NewImage"] == dict(key, v={"N": "2"})
    assert rem["OldImage"] == dict(key, v={"N": "2"}) and "NewImage" not in rem
    assert ins2["NewImage"] == {"pk": {"S": "b"}, "sk": {"N": "2"}}

    # reading one record per call gives the same sequence
    shard = _shards(sc, arn)[0]["ShardId"]
    it = sc.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    one_by_one, it = _drain(sc, it, limit=1)
    assert [r["eventID"] for r in one_by_one] == [r["eventID"] for r in recs]
    # an open shard's iterator keeps going: later writes show up on it
    assert it, "an open shard always returns a NextShardIterator"
    ddb.put_item(TableName=t, Item={"pk": {"S": "c"}, "sk": {"N": "3"}})
    more, _ = _poll(sc, it, 1)
    assert _names(more) == ["INSERT"] and more[0]["dynamodb"]["Keys"] == {"pk": {"S": "c"}, "sk": {"N": "3"}}
    assert _seq(more[0]) > _seq(recs[-1])


def test_stream_batch_and_transaction_writes(ctx):
    ddb, sc = ctx.ddb, _streams(ctx)
    t, arn = _stream_table(ctx)
    ddb.batch_write_item(RequestItems={t: [{"PutRequest": {"Item": {"pk": {"S": "k%d" % i}}}} for i in range(3)]})
    ddb.transact_write_items(TransactItems=[
        {"Update": {"TableName": t, "Key": {"pk": {"S": "k0"}}, "UpdateExpression": "SET x = :x",
                    "ExpressionAttributeValues": {":x": {"S": "y"}}}},
        {"Delete": {"TableName": t, "Key": {"pk": {"S": "k1"}}}},
        {"ConditionCheck": {"TableName": t, "Key": {"pk": {"S": "k2"}}, "ConditionExpression": "attribute_exists(pk)"}},
    ])
    recs = _read_all(sc, arn, 5)
    got = sorted((r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in recs)
    assert got == [("INSERT", "k0"), ("INSERT", "k1"), ("INSERT", "k2"), ("MODIFY", "k0"), ("REMOVE", "k1")], got
    _assert_increasing(recs)
    by_key = {}
    for r in recs:
        by_key.setdefault(r["dynamodb"]["Keys"]["pk"]["S"], []).append(r["eventName"])
    assert by_key["k0"] == ["INSERT", "MODIFY"] and by_key["k1"] == ["INSERT", "REMOVE"], by_key


def test_stream_no_record_for_writes_that_change_nothing(ctx):
    ddb, sc = ctx.ddb, _streams(ctx)
    t, arn = _stream_table(ctx)
    item = {"pk": {"S": "a"}, "v": {"N": "1"}, "l": {"L": [{"S": "x"}]}}
    ddb.put_item(TableName=t, Item=item)
    ddb.put_item(TableName=t, Item=item)  # identical: no change
    ddb.update_item(TableName=t, Key={"pk": {"S": "a"}}, UpdateExpression="SET v = :one",
                    ExpressionAttributeValues={":one": {"N": "1"}})  # same value
    ddb.delete_item(TableName=t, Key={"pk": {"S": "nothing-here"}})  # nothing to delete
    ctx.expect_error("ConditionalCheckFailedException", 400, ddb.put_item, TableName=t,
                     Item={"pk": {"S": "a"}, "v": {"N": "9"}}, ConditionExpression="attribute_not_exists(pk)")
    ctx.expect_error("TransactionCanceledException", 400, ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": t, "Item": {"pk": {"S": "t1"}}}},
        {"ConditionCheck": {"TableName": t, "Key": {"pk": {"S": "zz"}},
                            "ConditionExpression": "attribute_exists(pk)"}}])
    ddb.update_item(TableName=t, Key={"pk": {"S": "a"}}, UpdateExpression="SET v = :two",
                    ExpressionAttributeValues={":two": {"N": "2"}})
    recs = _read_all(sc, arn, 2)
    time.sleep(0.5)
    recs = _read_all(sc, arn, 2)
    assert _names(recs) == ["INSERT", "MODIFY"], [(r["eventName"], r["dynamodb"].get("Keys")) for r in recs]
    assert recs[1]["dynamodb"]["OldImage"]["v"] == {"N": "1"} and recs[1]["dynamodb"]["NewImage"]["v"] == {"N": "2"}


def test_stream_latest_iterator_sees_only_later_writes(ctx):
    ddb, sc = ctx.ddb, _streams(ctx)
    t, arn = _stream_table(ctx)
    ddb.put_item(TableName=t, Item={"pk": {"S": "before1"}})
    ddb.put_item(TableName=t, Item={"pk": {"S": "before2"}})
    assert len(_read_all(sc, arn, 2)) == 2
    shard = _open_shard(sc, arn)
    latest = sc.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]
    r = sc.get_records(ShardIterator=latest)
    assert r["Records"] == [], r["Records"]
    it = r["NextShardIterator"]
    ddb.put_item(TableName=t, Item={"pk": {"S": "after"}})
    ddb.update_item(TableName=t, Key={"pk": {"S": "before1"}}, UpdateExpression="SET z = :z",
                    ExpressionAttributeValues={":z": {"N": "1"}})
    got, _ = _poll(sc, it, 2)
    assert [(x["eventName"], x["dynamodb"]["Keys"]["pk"]["S"]) for x in got] == [("INSERT", "after"),
                                                                                  ("MODIFY", "before1")]
    # a LATEST iterator taken now sees nothing of the above
    latest2 = sc.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]
    assert sc.get_records(ShardIterator=latest2)["Records"] == []
    # while TRIM_HORIZON sees everything
    assert len(_read_all(sc, arn, 4)) == 4


def test_stream_at_and_after_sequence_number(ctx):
    ddb, sc = ctx.ddb, _streams(ctx)
    t, arn = _stream_table(ctx)
    for i in range(5):
        ddb.put_item(TableName=t, Item={"pk": {"S": "k%d" % i}})
    recs = _read_all(sc, arn, 5)
    assert len(recs) == 5
    shard = _shards(sc, arn)[0]["ShardId"]
    seqs = [r["dynamodb"]["SequenceNumber"] for r in recs]

    def keys_from(kind, seq):
        it = sc.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=kind,
                                   SequenceNumber=seq)["ShardIterator"]
        return [r["dynamodb"]["Keys"]["pk"]["S"] for r in _drain(sc, it)[0]]

    assert keys_from("AT_SEQUENCE_NUMBER", seqs[0]) == ["k0", "k1", "k2", "k3", "k4"]
    assert keys_from("AT_SEQUENCE_NUMBER", seqs[2]) == ["k2", "k3", "k4"]
    assert keys_from("AFTER_SEQUENCE_NUMBER", seqs[2]) == ["k3", "k4"]
    assert keys_from("AT_SEQUENCE_NUMBER", seqs[4]) == ["k4"]
    assert keys_from("AFTER_SEQUENCE_NUMBER", seqs[4]) == []
    # the sequence number is required for these iterator types
    ctx.expect_error("ValidationException", 400, sc.get_shard_iterator, StreamArn=arn, ShardId=shard,
                     ShardIteratorType="AT_SEQUENCE_NUMBER")
    ctx.expect_error("ValidationException", 400, sc.get_shard_iterator, StreamArn=arn, ShardId=shard,
                     ShardIteratorType="AFTER_SEQUENCE_NUMBER")


def test_stream_view_types(ctx):
    ddb, sc = ctx.ddb, _streams(ctx)
    key = {"pk": {"S": "a"}}
    v1, v2 = dict(key, v={"N": "1"}), dict(key, v={"N": "2"})
    expected = {
        # view: [(NewImage, OldImage) for INSERT, MODIFY, REMOVE]
        "KEYS_ONLY": [(None, None), (None, None), (None, None)],
        "NEW_IMAGE": [(v1, None), (v2, None), (None, None)],
        "OLD_IMAGE": [(None, None), (None, v1), (None, v2)],
        "NEW_AND_OLD_IMAGES": [(v1, None), (v2, v1), (None, v2)],
    }
    for view, want in expected.items():
        t, arn = _stream_table(ctx, view=view)
        assert sc.describe_stream(StreamArn=arn)["StreamDescription"]["StreamViewType"] == view
        ddb.put_item(TableName=t, Item=v1)
        ddb.update_item(TableName=t, Key=key, UpdateExpression="SET v = :v",
                        ExpressionAttributeValues={":v": {"N": "2"}})
        ddb.delete_item(TableName=t, Key=key)
        recs = _read_all(sc, arn, 3)
        assert _names(recs) == ["INSERT", "MODIFY", "REMOVE"], (view, _names(recs))
        for r, (new, old) in zip(recs, want):
            db = r["dynamodb"]
            assert db["Keys"] == key and db["StreamViewType"] == view, (view, db)
            assert db.get("NewImage") == new, (view, r["eventName"], db)
            assert db.get("OldImage") == old, (view, r["eventName"], db)


def test_enable_stream_with_update_table(ctx):
    ddb, sc = ctx.ddb, _streams(ctx)
    t = ctx.table()
    desc = _wait_active(ddb, t)
    assert "LatestStreamArn" not in desc
    assert not desc.get("StreamSpecification", {}).get("StreamEnabled", False)
    assert sc.list_streams(TableName=t)["Streams"] == []
    ddb.put_item(TableName=t, Item={"pk": {"S": "before"}})

    res = ddb.update_table(TableName=t, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    td = res["TableDescription"]
    assert td["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    arn = td["LatestStreamArn"]
    desc = _wait_active(ddb, t)
    assert desc["LatestStreamArn"] == arn
    assert [s["StreamArn"] for s in sc.list_streams(TableName=t)["Streams"]] == [arn]
    ddb.put_item(TableName=t, Item={"pk": {"S": "after"}, "x": {"S": "1"}})
    ddb.delete_item(TableName=t, Key={"pk": {"S": "before"}})
    recs = _read_all(sc, arn, 2)
    assert [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in recs] == [("INSERT", "after"),
                                                                                  ("REMOVE", "before")]
    assert recs[0]["dynamodb"]["NewImage"] == {"pk": {"S": "after"}, "x": {"S": "1"}}
    # a table can have one enabled stream
    ctx.expect_error("ValidationException", 400, ddb.update_table, TableName=t,
                     StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})


def test_disable_and_reenable_stream(ctx):
    ddb, sc = ctx.ddb, _streams(ctx)
    t, arn = _stream_table(ctx, view="NEW_IMAGE")
    ddb.put_item(TableName=t, Item={"pk": {"S": "one"}})
    ddb.put_item(TableName=t, Item={"pk": {"S": "two"}})
    ddb.delete_item(TableName=t, Key={"pk": {"S": "two"}})
    assert len(_read_all(sc, arn, 3)) == 3
    # disabling: the table no longer reports an enabled stream, the old records stay readable
    ddb.update_table(TableName=t, StreamSpecification={"StreamEnabled": False})
    desc = _wait_active(ddb, t)
    assert not desc.get("StreamSpecification", {}).get("StreamEnabled", False), desc.get("StreamSpecification")
    deadline = time.time() + 30
    while True:
        status = sc.describe_stream(StreamArn=arn)["StreamDescription"]["StreamStatus"]
        if status == "DISABLED":
            break
        assert status == "DISABLING" and time.time() < deadline, status
        time.sleep(0.2)
    ddb.put_item(TableName=t, Item={"pk": {"S": "while-disabled"}})
    time.sleep(0.5)
    recs = _read_all(sc, arn, 3)
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in recs] == ["one", "two", "two"], \
        "a disabled stream keeps its records and takes no new ones: %s" % [
            (r["eventName"], r["dynamodb"]["Keys"]) for r in recs]
    # enabling again makes a new stream
    time.sleep(0.01)
    res = ddb.update_table(TableName=t, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    arn2 = res["TableDescription"]["LatestStreamArn"]
    assert arn2 != arn
    _wait_active(ddb, t)
    ddb.put_item(TableName=t, Item={"pk": {"S": "again"}})
    recs = _read_all(sc, arn2, 1)
    assert [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in recs] == [("INSERT", "again")]
    assert "NewImage" not in recs[0]["dynamodb"]
    assert arn2 in [s["StreamArn"] for s in sc.list_streams(TableName=t)["Streams"]]


def test_stream_errors(ctx):
    ddb, sc = ctx.ddb, _streams(ctx)
    t, arn = _stream_table(ctx)
    missing = arn.replace(t, ctx.table_name("missing"))
    ctx.expect_error("ResourceNotFoundException", 400, sc.describe_stream, StreamArn=missing)
    shard = _shards(sc, arn)[0]["ShardId"]
    ctx.expect_error("ResourceNotFoundException", 400, sc.get_shard_iterator, StreamArn=missing, ShardId=shard,
                     ShardIteratorType="TRIM_HORIZON")
    ctx.expect_error("ResourceNotFoundException", 400, sc.get_shard_iterator, StreamArn=arn,
                     ShardId="shardId-00000000000000000000-deadbeef", ShardIteratorType="TRIM_HORIZON")
    # a shard iterator that is not one
    ctx.expect_error(None, 400, sc.get_records, ShardIterator="x" * 40)
    # ListStreams of a table that does not exist
    ctx.expect_error("ResourceNotFoundException", 400, sc.list_streams, TableName=ctx.table_name("missing"))
