"""Durability across restarts (wharf only): kill -9 during a write burst, clean restart."""

import hashlib
import os
import threading
import time

from botocore.exceptions import BotoCoreError, ClientError

from runner import etag_of, multipart_etag

MiB = 1024 * 1024


def _content(key):
    """Deterministic body for a key: size 1..~96 KiB, content unique to the key."""
    h = hashlib.sha256(key.encode()).digest()
    size = 1 + int.from_bytes(h[:4], "big") % (96 * 1024)
    block = (key.encode() + b"|" + h) * (size // (len(key) + 33) + 1)
    return block[:size]


def _list_all(client, bucket):
    out = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        out.extend(page.get("Contents", []))
    return out


def test_kill9_during_concurrent_puts(ctx):
    ctx.require_wharf("kills and restarts the server")
    srv = ctx.server
    b = ctx.bucket()
    keys = ["burst/%03d" % i for i in range(200)]
    todo = list(reversed(keys))
    lock = threading.Lock()
    acked, failed, bad_etags = [], [], []

    def worker():
        c = ctx.client(connect_timeout=2, read_timeout=15)
        while True:
            with lock:
                if not todo:
                    return
                k = todo.pop()
            body = _content(k)
            try:
                res = c.put_object(Bucket=b, Key=k, Body=body)
            except (ClientError, BotoCoreError, OSError) as e:
                with lock:
                    failed.append((k, repr(e)[:120]))
                continue
            with lock:
                acked.append(k)
                if res["ETag"] != etag_of(body):
                    bad_etags.append((k, res["ETag"]))

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(8)]
    for t in threads:
        t.start()
    deadline = time.time() + 30
    while time.time() < deadline:
        with lock:
            if len(acked) >= 60 or not todo:
                break
        time.sleep(0.002)
    srv.kill9()
    with lock:
        at_kill = len(acked)
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "client threads hung after the kill"
    assert bad_etags == [], bad_etags[:5]
    assert at_kill >= 60 or not failed, "fewer than 60 PUTs succeeded before the kill"
    print("   durability: %d acked (%d when killed), %d failed" % (len(acked), at_kill, len(failed)))

    srv.start()
    c = ctx.client()
    # every acknowledged PUT survived with identical bytes
    for k in acked:
        try:
            got = c.get_object(Bucket=b, Key=k)
        except ClientError as e:
            raise AssertionError("acked object %s missing after kill -9: %s" % (k, e))
        body = got["Body"].read()
        assert body == _content(k), "acked object %s lost or changed after kill -9" % k
        assert got["ETag"] == etag_of(body)
    # nothing torn: everything that exists is complete and correct, and nothing else appeared
    listed = _list_all(c, b)
    names = [o["Key"] for o in listed]
    assert len(names) == len(set(names))
    assert set(acked) <= set(names)
    assert set(names) <= set(keys), "unexpected keys after crash: %s" % sorted(set(names) - set(keys))[:5]
    for o in listed:
        want = _content(o["Key"])
        assert o["Size"] == len(want), (o["Key"], o["Size"], len(want))
        assert o["ETag"] == etag_of(want), o["Key"]
        got = c.get_object(Bucket=b, Key=o["Key"])["Body"].read()
        assert got == want, "torn object %s" % o["Key"]
    # keys that failed are either absent or complete (HEAD agrees with the listing)
    for k, _ in failed:
        try:
            h = c.head_object(Bucket=b, Key=k)
        except ClientError as e:
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 404
            assert k not in names
        else:
            assert h["ContentLength"] == len(_content(k)) and k in names
    # and the server takes writes again
    c.put_object(Bucket=b, Key="after-crash", Body=b"alive")
    assert c.get_object(Bucket=b, Key="after-crash")["Body"].read() == b"alive"


def _version(key, v):
    """Body of version v of a key: 1.5-65 KiB, so most are records in pack files (the e2e config
    seals packs at 1 MiB, and collection moves and reclaims them while the burst runs)."""
    h = hashlib.sha256(("%s@%d" % (key, v)).encode()).digest()
    size = 1500 + int.from_bytes(h[:4], "big") % (64 * 1024)
    return (h * (size // 32 + 1))[:size]


def test_kill9_during_overwrites_and_deletes(ctx):
    """Each key has one writer, so its state after the crash is exactly its last acknowledged
    operation or the one in flight when the server died: never an older version, a mix, or a
    payload lost when its pack was collected."""
    ctx.require_wharf("kills and restarts the server")
    srv = ctx.server
    b = ctx.bucket()
    keys = ["churn/%02d" % i for i in range(48)]
    setup = ctx.client()
    for k in keys:
        setup.put_object(Bucket=b, Key=k, Body=_version(k, 0))
    lock = threading.Lock()
    acked = {k: ("put", 0) for k in keys}  # the last acknowledged operation per key
    in_flight = {}
    done_ops = [0]

    def worker(mine):
        c = ctx.client(connect_timeout=2, read_timeout=15)
        v = 1
        while True:
            for k in mine:
                op = ("delete", v) if (v + len(k)) % 4 == 0 else ("put", v)
                with lock:
                    in_flight[k] = op
                try:
                    if op[0] == "put":
                        c.put_object(Bucket=b, Key=k, Body=_version(k, v))
                    else:
                        c.delete_object(Bucket=b, Key=k)
                except (ClientError, BotoCoreError, OSError):
                    return  # the server is gone: this key's op stays in flight
                with lock:
                    acked[k] = op
                    del in_flight[k]
                    done_ops[0] += 1
            v += 1

    threads = [threading.Thread(target=worker, args=(keys[i::8],), daemon=True) for i in range(8)]
    for t in threads:
        t.start()
    deadline = time.time() + 40
    while time.time() < deadline:
        with lock:
            if done_ops[0] >= 800:
                break
        time.sleep(0.01)
    srv.kill9()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "client threads hung after the kill"
    assert done_ops[0] >= 200, "too few operations before the kill: %d" % done_ops[0]
    print("   durability: %d overwrites and deletes acked before the kill" % done_ops[0])

    srv.start()
    c = ctx.client()
    for k in keys:
        allowed = [acked[k]] + ([in_flight[k]] if k in in_flight else [])
        try:
            body = c.get_object(Bucket=b, Key=k)["Body"].read()
            state = ("put", next((v for kind, v in allowed if kind == "put" and
                                  _version(k, v) == body), None))
        except ClientError as e:
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 404, e
            state = ("delete", None)
        ok = any(kind == state[0] and (kind == "delete" or v == state[1]) for kind, v in allowed)
        assert ok, "%s after kill -9: %s, expected one of %s" % (k, state, allowed)
    names = {o["Key"] for o in _list_all(c, b)}
    assert names <= set(keys), sorted(names - set(keys))[:5]


def test_clean_restart_keeps_everything(ctx):
    ctx.require_wharf("restarts the server")
    srv = ctx.server
    s3 = ctx.s3
    b = ctx.bucket()
    eu = ctx.bucket(hint="restart-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    s3.put_object(Bucket=b, Key="plain", Body=b"plain body")
    s3.put_object(Bucket=b, Key="meta", Body=b"with meta", ContentType="text/x-meta",
                  Metadata={"Alpha": "1"}, CacheControl="no-store", Tagging="t=1")
    ctx.client().put_object(Bucket=b, Key="empty", Body=b"")  # own connection (see test_keepalive_after_empty_put)
    s3.put_object(Bucket=eu, Key="eu-obj", Body=b"in eu")
    s3.put_object(Bucket=b, Key="deleted", Body=b"soon gone")
    s3.delete_object(Bucket=b, Key="deleted")
    s3.put_object(Bucket=b, Key="crc", Body=b"checksummed", ChecksumAlgorithm="SHA256")

    # a completed multipart object
    p1, p2 = os.urandom(5 * MiB), b"z"
    up = s3.create_multipart_upload(Bucket=b, Key="mp/done", ContentType="application/x-mp")["UploadId"]
    e1 = s3.upload_part(Bucket=b, Key="mp/done", UploadId=up, PartNumber=1, Body=p1)["ETag"]
    e2 = s3.upload_part(Bucket=b, Key="mp/done", UploadId=up, PartNumber=2, Body=p2)["ETag"]
    s3.complete_multipart_upload(Bucket=b, Key="mp/done", UploadId=up, MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]})
    # an in-progress one
    q1 = os.urandom(5 * MiB)
    pending = s3.create_multipart_upload(Bucket=b, Key="mp/pending", Metadata={"stage": "open"})["UploadId"]
    qe1 = s3.upload_part(Bucket=b, Key="mp/pending", UploadId=pending, PartNumber=1, Body=q1)["ETag"]
    # another user's data
    alice = ctx.client("alice")
    ab = ctx.bucket(client=alice, hint="restart-alice")
    alice.put_object(Bucket=ab, Key="a", Body=b"alice's")

    rc = srv.stop()
    assert rc == 0, "wharf should exit 0 on SIGTERM, got %r" % rc
    srv.start()

    s3 = ctx.client()
    alice = ctx.client("alice")
    names = [x["Name"] for x in s3.list_buckets()["Buckets"]]
    assert b in names and eu in names and ab not in names
    assert ab in [x["Name"] for x in alice.list_buckets()["Buckets"]]
    assert s3.get_bucket_location(Bucket=eu)["LocationConstraint"] == "eu-west-1"
    assert s3.get_bucket_location(Bucket=b).get("LocationConstraint") is None
    assert s3.get_object(Bucket=b, Key="plain")["Body"].read() == b"plain body"
    m = s3.get_object(Bucket=b, Key="meta")
    assert m["Body"].read() == b"with meta"
    assert m["ContentType"] == "text/x-meta" and m["Metadata"] == {"alpha": "1"}
    assert m["CacheControl"] == "no-store" and m["TagCount"] == 1
    assert s3.get_object_tagging(Bucket=b, Key="meta")["TagSet"] == [{"Key": "t", "Value": "1"}]
    assert s3.get_object(Bucket=b, Key="empty")["Body"].read() == b""
    ctx.expect_error("NoSuchKey", 404, s3.get_object, Bucket=b, Key="deleted")
    assert s3.get_object(Bucket=eu, Key="eu-obj")["Body"].read() == b"in eu"
    crc = s3.get_object(Bucket=b, Key="crc", ChecksumMode="ENABLED")
    assert crc["Body"].read() == b"checksummed" and crc.get("ChecksumSHA256")
    assert alice.get_object(Bucket=ab, Key="a")["Body"].read() == b"alice's"

    done = s3.get_object(Bucket=b, Key="mp/done")
    assert done["ETag"] == multipart_etag([p1, p2])
    assert done["ContentType"] == "application/x-mp"
    assert done["Body"].read() == p1 + p2

    ups = s3.list_multipart_uploads(Bucket=b).get("Uploads", [])
    assert [(u["Key"], u["UploadId"]) for u in ups] == [("mp/pending", pending)]
    parts = s3.list_parts(Bucket=b, Key="mp/pending", UploadId=pending)["Parts"]
    assert [(p["PartNumber"], p["Size"], p["ETag"]) for p in parts] == [(1, 5 * MiB, qe1)]
    qe2 = s3.upload_part(Bucket=b, Key="mp/pending", UploadId=pending, PartNumber=2, Body=b"end")["ETag"]
    s3.complete_multipart_upload(Bucket=b, Key="mp/pending", UploadId=pending, MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": qe1}, {"PartNumber": 2, "ETag": qe2}]})
    fin = s3.get_object(Bucket=b, Key="mp/pending")
    assert fin["Body"].read() == q1 + b"end"
    assert fin["Metadata"] == {"stage": "open"}
    keys = sorted(o["Key"] for o in _list_all(s3, b))
    assert keys == ["crc", "empty", "meta", "mp/done", "mp/pending", "plain"]
    # the completed upload still knows its parts
    part1 = s3.get_object(Bucket=b, Key="mp/done", PartNumber=1)
    assert part1["PartsCount"] == 2 and part1["ContentLength"] == 5 * MiB
    assert part1["Body"].read() == p1


def test_kill9_after_quiet_writes(ctx):
    # acknowledged writes (incl. deletes and overwrites) survive a crash with no burst running
    ctx.require_wharf("kills and restarts the server")
    srv = ctx.server
    s3 = ctx.s3
    b = ctx.bucket()
    for i in range(20):
        s3.put_object(Bucket=b, Key="q/%02d" % i, Body=_content("q/%02d" % i))
    s3.put_object(Bucket=b, Key="q/05", Body=b"overwritten")
    s3.delete_object(Bucket=b, Key="q/06")
    s3.delete_objects(Bucket=b, Delete={"Objects": [{"Key": "q/07"}, {"Key": "q/08"}]})
    s3.copy_object(Bucket=b, Key="q/copy", CopySource={"Bucket": b, "Key": "q/00"})
    srv.kill9()
    srv.start()
    c = ctx.client()
    keys = sorted(o["Key"] for o in _list_all(c, b))
    want = sorted(["q/%02d" % i for i in range(20) if i not in (6, 7, 8)] + ["q/copy"])
    assert keys == want
    assert c.get_object(Bucket=b, Key="q/05")["Body"].read() == b"overwritten"
    assert c.get_object(Bucket=b, Key="q/copy")["Body"].read() == _content("q/00")
    for i in (0, 1, 19):
        assert c.get_object(Bucket=b, Key="q/%02d" % i)["Body"].read() == _content("q/%02d" % i)
