"""Helpers the DynamoDB end-to-end suites share (`from dynamo_helpers import ...`)."""

import time

import boto3
from botocore.config import Config


def _wait_active(ddb, name, timeout=30):
    deadline = time.time() + timeout
    while True:
        t = ddb.describe_table(TableName=name)["Table"]
        if t["TableStatus"] == "ACTIVE":
            return t
        assert time.time() < deadline, "table %s not ACTIVE after %ds" % (name, timeout)
        time.sleep(0.1)


def _table(ctx, hash_key=("pk", "S"), range_key=None, **kw):
    name = ctx.table(hash_key=hash_key, range_key=range_key, **kw)
    _wait_active(ctx.ddb, name)
    return name


def _scan_all(ddb, table, **kw):
    items, start = [], None
    while True:
        if start:
            kw["ExclusiveStartKey"] = start
        res = ddb.scan(TableName=table, **kw)
        items.extend(res["Items"])
        start = res.get("LastEvaluatedKey")
        if not start:
            return items


def _streams(ctx):
    ak, sk = ctx.creds("root")
    cfg = Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=10, read_timeout=15)
    return boto3.session.Session().client("dynamodbstreams", endpoint_url=ctx.endpoint, region_name=ctx.region,
                                          aws_access_key_id=ak, aws_secret_access_key=sk, config=cfg)


def _msg(e):
    return e.response.get("Error", {}).get("Message", "") or ""


def _expect(ctx, code, fn, contains=(), **kwargs):
    """fn(**kwargs) must fail with `code` and HTTP 400; the message must hold every `contains`."""
    e = ctx.expect_error(code, 400, fn, **kwargs)
    if isinstance(contains, str):
        contains = (contains,)
    msg = _msg(e)
    for part in contains:
        assert part in msg, "%s: message %r does not contain %r" % (code, msg, part)
    return e
