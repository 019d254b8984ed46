"""DynamoDB durability across kill -9 (wharf only): acknowledged writes survive, and a GSI agrees
exactly with its table after the restart."""

import hashlib
import threading
import time

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from dynamo_helpers import _scan_all  # noqa: E402


def _client(ctx, service="dynamodb", connect_timeout=2, read_timeout=15):
    ak, sk = ctx.creds("root")
    cfg = Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=connect_timeout,
                 read_timeout=read_timeout)
    return boto3.session.Session().client(service, endpoint_url=ctx.endpoint, region_name=ctx.region,
                                          aws_access_key_id=ak, aws_secret_access_key=sk, config=cfg)


def _wait_active(ddb, name, timeout=30):
    deadline = time.time() + timeout
    while True:
        t = ddb.describe_table(TableName=name)["Table"]
        if t["TableStatus"] == "ACTIVE" and all(g.get("IndexStatus") == "ACTIVE"
                                                for g in t.get("GlobalSecondaryIndexes", [])):
            return t
        assert time.time() < deadline, "table %s not ACTIVE after %ds" % (name, timeout)
        time.sleep(0.1)


GROUPS = ["g0", "g1", "g2", "g3"]


def _gsi_table(ctx, **kw):
    t = ctx.table(AttributeDefinitions=[{"AttributeName": "grp", "AttributeType": "S"},
                                        {"AttributeName": "seq", "AttributeType": "N"}],
                  GlobalSecondaryIndexes=[{"IndexName": "by_grp",
                                           "KeySchema": [{"AttributeName": "grp", "KeyType": "HASH"},
                                                         {"AttributeName": "seq", "KeyType": "RANGE"}],
                                           "Projection": {"ProjectionType": "ALL"}}], **kw)
    _wait_active(ctx.ddb, t)
    return t


def _item(i, version=0):
    """Deterministic item for index i: 1..~6 KB, content unique to (i, version)."""
    k = "item-%03d" % i
    h = hashlib.sha256(("%s/%d" % (k, version)).encode()).hexdigest()
    size = 1000 + int(h[:4], 16) % 5000
    return {"pk": {"S": k}, "grp": {"S": GROUPS[(i + version) % len(GROUPS)]}, "seq": {"N": str(i)},
            "ver": {"N": str(version)}, "body": {"S": (h * (size // 64 + 1))[:size]},
            "meta": {"M": {"h": {"S": h[:16]}, "l": {"L": [{"N": str(i)}, {"BOOL": True}]}}}}


def _query_all(ddb, table, **kw):
    items, start = [], None
    while True:
        if start:
            kw["ExclusiveStartKey"] = start
        res = ddb.query(TableName=table, **kw)
        items.extend(res["Items"])
        start = res.get("LastEvaluatedKey")
        if not start:
            return items


def _assert_gsi_matches_table(ddb, t):
    table_items = {i["pk"]["S"]: i for i in _scan_all(ddb, t, ConsistentRead=True)}
    index_items = {}
    for g in GROUPS:
        got = _query_all(ddb, t, IndexName="by_grp", KeyConditionExpression="grp = :g",
                         ExpressionAttributeValues={":g": {"S": g}})
        seqs = [int(i["seq"]["N"]) for i in got]
        assert seqs == sorted(seqs), "index order broken in %s" % g
        for i in got:
            assert i["grp"]["S"] == g
            assert i["pk"]["S"] not in index_items, "%s is in the index twice" % i["pk"]["S"]
            index_items[i["pk"]["S"]] = i
    want = {k: v for k, v in table_items.items() if "grp" in v and "seq" in v}
    missing = sorted(set(want) - set(index_items))
    extra = sorted(set(index_items) - set(want))
    assert not missing and not extra, "GSI differs from the table: missing %s, extra %s" % (missing[:5], extra[:5])
    for k, v in want.items():
        assert index_items[k] == v, "GSI copy of %s differs from the table item" % k
    scanned = _scan_all(ddb, t, IndexName="by_grp")
    assert sorted(i["pk"]["S"] for i in scanned) == sorted(want), "Scan of the GSI differs from the table"
    return table_items


def test_kill9_during_concurrent_put_items(ctx):
    ctx.require_wharf("kills and restarts the server")
    srv = ctx.server
    t = _gsi_table(ctx)
    n = 400
    todo = list(reversed(range(n)))
    lock = threading.Lock()
    acked, failed = [], []

    def worker():
        c = _client(ctx)
        while True:
            with lock:
                if not todo:
                    return
                i = todo.pop()
            try:
                c.put_item(TableName=t, Item=_item(i))
            except (ClientError, BotoCoreError, OSError) as e:
                with lock:
                    failed.append((i, repr(e)[:120]))
                continue
            with lock:
                acked.append(i)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(8)]
    for th in threads:
        th.start()
    deadline = time.time() + 30
    while time.time() < deadline:
        with lock:
            if len(acked) >= 80 or not todo:
                break
        time.sleep(0.002)
    srv.kill9()
    with lock:
        at_kill = len(acked)
    for th in threads:
        th.join(60)
    assert not any(th.is_alive() for th in threads), "client threads hung after the kill"
    assert at_kill >= 80 or not failed, "fewer than 80 PutItems succeeded before the kill"
    print("   ddb durability: %d acked (%d when killed), %d failed" % (len(acked), at_kill, len(failed)))

    srv.start()
    ddb = _client(ctx, connect_timeout=10)
    desc = _wait_active(ddb, t)
    assert [g["IndexName"] for g in desc["GlobalSecondaryIndexes"]] == ["by_grp"]
    for i in acked:
        got = ddb.get_item(TableName=t, Key={"pk": {"S": "item-%03d" % i}}, ConsistentRead=True).get("Item")
        assert got is not None, "acknowledged item-%03d lost after kill -9" % i
        assert got == _item(i), "acknowledged item-%03d changed after kill -9" % i
    table_items = _assert_gsi_matches_table(ddb, t)
    # nothing torn, nothing unexpected: every item there is one we wrote, whole
    for k, v in table_items.items():
        i = int(k.split("-")[1])
        assert v == _item(i), "torn item %s" % k
    assert set(int(k.split("-")[1]) for k in table_items) >= set(acked)
    # and the table and its index take writes again
    ddb.put_item(TableName=t, Item=_item(n + 1))
    got = _query_all(ddb, t, IndexName="by_grp", KeyConditionExpression="grp = :g AND seq = :s",
                     ExpressionAttributeValues={":g": _item(n + 1)["grp"], ":s": {"N": str(n + 1)}})
    assert got == [_item(n + 1)]


def test_kill9_after_quiet_writes(ctx):
    # acknowledged updates (moving items in the index), deletes, batches and transactions survive a crash
    ctx.require_wharf("kills and restarts the server")
    srv = ctx.server
    ddb = ctx.ddb
    t = _gsi_table(ctx, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    ddb.update_time_to_live(TableName=t, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    model = {}
    for i in range(40):
        ddb.put_item(TableName=t, Item=_item(i))
        model[i] = _item(i)
    for i in range(0, 40, 3):  # move to another group (and change the body)
        ddb.put_item(TableName=t, Item=_item(i, version=1))
        model[i] = _item(i, version=1)
    for i in range(1, 40, 5):  # drop out of the index
        ddb.update_item(TableName=t, Key={"pk": {"S": "item-%03d" % i}}, UpdateExpression="REMOVE grp")
        del model[i]["grp"]
    for i in (2, 7, 12):
        ddb.delete_item(TableName=t, Key={"pk": {"S": "item-%03d" % i}})
        del model[i]
    ddb.batch_write_item(RequestItems={t: [{"PutRequest": {"Item": _item(i, version=2)}} for i in range(40, 50)]
                                       + [{"DeleteRequest": {"Key": {"pk": {"S": "item-%03d" % 4}}}}]})
    for i in range(40, 50):
        model[i] = _item(i, version=2)
    del model[4]
    ddb.transact_write_items(TransactItems=[
        {"Update": {"TableName": t, "Key": {"pk": {"S": "item-005"}}, "UpdateExpression": "SET grp = :g, seq = :s",
                    "ExpressionAttributeValues": {":g": {"S": "g3"}, ":s": {"N": "-5"}}}},
        {"Delete": {"TableName": t, "Key": {"pk": {"S": "item-008"}}}},
        {"Put": {"TableName": t, "Item": _item(60, version=3)}},
    ])
    model[5]["grp"], model[5]["seq"] = {"S": "g3"}, {"N": "-5"}
    del model[8]
    model[60] = _item(60, version=3)
    before = ddb.describe_table(TableName=t)["Table"]

    srv.kill9()
    srv.start()
    ddb = _client(ctx, connect_timeout=10)
    after = _wait_active(ddb, t)
    for k in ("KeySchema", "TableArn", "LatestStreamArn", "StreamSpecification", "BillingModeSummary"):
        assert after.get(k) == before.get(k), (k, after.get(k), before.get(k))
    assert sorted(a["AttributeName"] for a in after["AttributeDefinitions"]) == ["grp", "pk", "seq"]
    assert [(g["IndexName"], g["KeySchema"]) for g in after["GlobalSecondaryIndexes"]] == \
        [(g["IndexName"], g["KeySchema"]) for g in before["GlobalSecondaryIndexes"]]
    ttl = ddb.describe_time_to_live(TableName=t)["TimeToLiveDescription"]
    assert ttl.get("AttributeName") == "expires" and ttl["TimeToLiveStatus"] in ("ENABLED", "ENABLING"), ttl
    table_items = _assert_gsi_matches_table(ddb, t)
    assert sorted(table_items) == sorted("item-%03d" % i for i in model)
    for i, want in model.items():
        assert table_items["item-%03d" % i] == want, "item-%03d differs after kill -9" % i


def test_kill9_keeps_stream_records(ctx):
    ctx.require_wharf("kills and restarts the server")
    srv = ctx.server
    ddb = ctx.ddb
    t = ctx.table(StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    arn = _wait_active(ddb, t)["LatestStreamArn"]
    for i in range(20):
        ddb.put_item(TableName=t, Item={"pk": {"S": "k%02d" % i}})
    ddb.delete_item(TableName=t, Key={"pk": {"S": "k03"}})

    def records():
        sc = _client(ctx, "dynamodbstreams", connect_timeout=10)
        out = []
        shards = sc.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
        for sh in shards:
            it = sc.get_shard_iterator(StreamArn=arn, ShardId=sh["ShardId"],
                                       ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            for _ in range(100):
                r = sc.get_records(ShardIterator=it)
                out.extend(r["Records"])
                it = r.get("NextShardIterator")
                if not it or not r["Records"]:
                    break
        return [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"], int(r["dynamodb"]["SequenceNumber"]))
                for r in out]

    deadline = time.time() + 15
    while len(records()) < 21 and time.time() < deadline:
        time.sleep(0.2)
    before = records()
    assert len(before) == 21, before
    srv.kill9()
    srv.start()
    after = records()
    assert after[:21] == before, "stream records changed across kill -9"
    # new records continue after the old ones
    ddb = _client(ctx, connect_timeout=10)
    ddb.put_item(TableName=t, Item={"pk": {"S": "after"}})
    deadline = time.time() + 15
    while True:
        after = records()
        if len(after) >= 22 or time.time() > deadline:
            break
        time.sleep(0.2)
    assert after[:21] == before and [a[:2] for a in after[21:]] == [("INSERT", "after")], after[21:]
    assert after[21][2] > before[-1][2], "sequence numbers must keep increasing after a restart"
