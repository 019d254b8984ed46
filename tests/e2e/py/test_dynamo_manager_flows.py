"""The flows of the seed doc's DynamoDBManager class (boto3.resource + Key()/Attr() conditions),
end to end against wharf: a 'Users' table keyed on id, and an orders table with a sort key for
Query."""

from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.config import Config
from botocore.exceptions import ClientError


class DynamoDBManager(object):
    """The seed's DynamoDB manager, pointed at wharf (endpoint and test credentials) instead of AWS.
    Same logic: floats become Decimal on the way in and Decimals become float on the way out;
    every ClientError is caught and turned into False / None / []."""

    def __init__(self, table_name, endpoint_url, access_key, secret_key, region_name="us-east-1"):
        kw = dict(region_name=region_name, endpoint_url=endpoint_url, aws_access_key_id=access_key,
                  aws_secret_access_key=secret_key,
                  config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))
        self.table_name = table_name
        self.dynamodb = boto3.resource("dynamodb", **kw)
        self.table = self.dynamodb.Table(table_name)
        self.client = boto3.client("dynamodb", **kw)
        self.log = []             # the seed prints; keep the lines for the assertions instead
        self.last_error = None
        self.last_response = None

    def _failed(self, what, e):
        self.last_error = e
        self.log.append("%s failed: %s" % (what, e))

    def put_item(self, item):
        try:
            item = self._convert_decimals(item)
            self.table.put_item(Item=item)
            self.log.append("put ok: %r" % (item,))
            return True
        except ClientError as e:
            self._failed("put", e)
            return False

    def get_item(self, key):
        try:
            response = self.table.get_item(Key=key)
            if "Item" in response:
                return self._convert_from_decimals(response["Item"])
            return None
        except ClientError as e:
            self._failed("get", e)
            return None

    def update_item(self, key, update_expression, expression_values):
        try:
            expression_values = self._convert_decimals(expression_values)
            self.last_response = self.table.update_item(
                Key=key,
                UpdateExpression=update_expression,
                ExpressionAttributeValues=expression_values,
                ReturnValues="UPDATED_NEW")
            return True
        except ClientError as e:
            self._failed("update", e)
            return False

    def query(self, key_condition_expression, filter_expression=None):
        try:
            kwargs = {"KeyConditionExpression": key_condition_expression}
            if filter_expression:
                kwargs["FilterExpression"] = filter_expression
            response = self.table.query(**kwargs)
            return [self._convert_from_decimals(item) for item in response["Items"]]
        except ClientError as e:
            self._failed("query", e)
            return []

    def scan(self, filter_expression=None, limit=None):
        try:
            kwargs = {}
            if filter_expression:
                kwargs["FilterExpression"] = filter_expression
            if limit:
                kwargs["Limit"] = limit
            response = self.table.scan(**kwargs)
            return [self._convert_from_decimals(item) for item in response["Items"]]
        except ClientError as e:
            self._failed("scan", e)
            return []

    def delete_item(self, key):
        try:
            self.table.delete_item(Key=key)
            self.log.append("delete ok: %r" % (key,))
            return True
        except ClientError as e:
            self._failed("delete", e)
            return False

    def _convert_decimals(self, obj):
        if isinstance(obj, dict):
            return {k: self._convert_decimals(v) for k, v in obj.items()}
        elif isinstance(obj, list):
            return [self._convert_decimals(item) for item in obj]
        elif isinstance(obj, float):
            return Decimal(str(obj))
        return obj

    def _convert_from_decimals(self, obj):
        if isinstance(obj, dict):
            return {k: self._convert_from_decimals(v) for k, v in obj.items()}
        elif isinstance(obj, list):
            return [self._convert_from_decimals(item) for item in obj]
        elif isinstance(obj, Decimal):
            return float(obj)
        return obj


# ---------------------------------------------------------------------------
# helpers

def _manager(ctx, table_name):
    ak, sk = ctx.creds("root")
    return DynamoDBManager(table_name, ctx.endpoint, ak, sk, region_name=ctx.region)


def _users_table(ctx):
    return ctx.table(hash_key=("id", "S"), hint="Users")


def _orders_table(ctx):
    return ctx.table(hash_key=("customer_id", "S"), range_key=("order_date", "S"), hint="Orders")


_ORDERS = [
    {"customer_id": "c1", "order_date": "2024-01-05", "total": 50, "status": "shipped", "city": "Beijing",
     "items": ["a"], "tags": {"gift"}},
    {"customer_id": "c1", "order_date": "2024-01-20", "total": 150, "status": "pending", "city": "Shanghai",
     "items": ["a", "b"]},
    {"customer_id": "c1", "order_date": "2024-02-03", "total": 300.5, "status": "shipped", "city": "Beijing",
     "items": ["a", "b", "c"], "note": "fragile"},
    {"customer_id": "c1", "order_date": "2023-12-31", "total": 80, "status": "cancelled", "city": "Shenzhen"},
    {"customer_id": "c2", "order_date": "2024-01-10", "total": 999.99, "status": "shipped", "city": "Beijing"},
]

_USERS = [
    {"id": "user-1", "name": "Ann", "age": 22, "active": True},
    {"id": "user-2", "name": "Bo", "age": 25, "active": False},
    {"id": "user-3", "name": "Cy", "age": 30, "active": True},
    {"id": "user-4", "name": "Di", "age": 35, "active": True},
    {"id": "user-5", "name": "Ed", "age": 41, "active": False},
    {"id": "user-6", "name": "Fa", "age": 58, "active": True},
]


def _dates(items):
    return [i["order_date"] for i in items]


# ---------------------------------------------------------------------------
# tests

def test_users_seed_example(ctx):
    """The seed's own usage example: put a user into 'Users', read it back."""
    db = _manager(ctx, _users_table(ctx))
    user = {"id": "user-123", "name": "\u5f20\u4e09", "email": "zhangsan@example.com", "age": 30}
    assert db.put_item(user) is True, db.log
    got = db.get_item({"id": "user-123"})
    assert got == {"id": "user-123", "name": "\u5f20\u4e09", "email": "zhangsan@example.com", "age": 30.0}, got
    assert isinstance(got["age"], float)
    assert db.get_item({"id": "nobody"}) is None
    assert db.last_error is None, db.last_error


def test_users_float_values_become_decimal(ctx):
    name = _users_table(ctx)
    db = _manager(ctx, name)
    user = {"id": "u-float", "score": 98.6, "ratios": [0.1, 0.25, 3.0],
            "geo": {"lat": 39.9042, "lng": 116.4074, "alt": -12.5}, "age": 30}
    assert db.put_item(user) is True, db.log
    raw = ctx.ddb_resource.Table(name).get_item(Key={"id": "u-float"}, ConsistentRead=True)["Item"]
    # stored as exact decimals of the floats' shortest repr
    assert raw["score"] == Decimal("98.6") and raw["ratios"] == [Decimal("0.1"), Decimal("0.25"), Decimal("3.0")]
    assert raw["geo"] == {"lat": Decimal("39.9042"), "lng": Decimal("116.4074"), "alt": Decimal("-12.5")}
    assert db.get_item({"id": "u-float"}) == user
    # why the conversion exists: boto3 refuses raw floats before sending anything
    try:
        ctx.ddb_resource.Table(name).put_item(Item={"id": "u-raw", "score": 1.5})
    except TypeError as e:
        assert "Float types are not supported" in str(e), e
    else:
        raise AssertionError("boto3 accepted a float")
    assert db.get_item({"id": "u-raw"}) is None


def test_users_update_returns_updated_new(ctx):
    db = _manager(ctx, _users_table(ctx))
    db.put_item({"id": "user-123", "name": "Ann", "email": "ann@example.com", "age": 30})
    assert db.update_item({"id": "user-123"}, "SET age = :age, email = :email",
                          {":age": 31, ":email": "ann@new.example.com"}) is True, db.log
    assert db.last_response["Attributes"] == {"age": Decimal(31), "email": "ann@new.example.com"}
    # floats in the values go through the same conversion
    assert db.update_item({"id": "user-123"}, "SET balance = :b", {":b": 10.25}) is True
    assert db.last_response["Attributes"] == {"balance": Decimal("10.25")}
    # counters
    for n in (1, 2, 3):
        assert db.update_item({"id": "user-123"}, "SET logins = if_not_exists(logins, :zero) + :one",
                              {":zero": 0, ":one": 1}) is True
        assert db.last_response["Attributes"] == {"logins": n}
    assert db.update_item({"id": "user-123"}, "ADD visits :n REMOVE email", {":n": 5}) is True
    assert db.last_response["Attributes"] == {"visits": 5}
    assert db.get_item({"id": "user-123"}) == {"id": "user-123", "name": "Ann", "age": 31.0,
                                                "balance": 10.25, "logins": 3.0, "visits": 5.0}
    # a failing update (key attribute) is reported as False and changes nothing
    assert db.update_item({"id": "user-123"}, "SET id = :x", {":x": "other"}) is False
    assert db.last_error.response["Error"]["Code"] == "ValidationException"
    assert db.get_item({"id": "user-123"})["age"] == 31.0


def test_orders_query_key_conditions(ctx):
    db = _manager(ctx, _orders_table(ctx))
    for o in _ORDERS:
        assert db.put_item(o) is True, db.log
    c1 = Key("customer_id").eq("c1")
    # results come back in sort-key order
    assert _dates(db.query(c1)) == ["2023-12-31", "2024-01-05", "2024-01-20", "2024-02-03"]
    assert _dates(db.query(c1 & Key("order_date").begins_with("2024-01"))) == ["2024-01-05", "2024-01-20"]
    assert _dates(db.query(c1 & Key("order_date").between("2024-01-01", "2024-01-31"))) == [
        "2024-01-05", "2024-01-20"]
    assert _dates(db.query(c1 & Key("order_date").gt("2024-01-05"))) == ["2024-01-20", "2024-02-03"]
    assert _dates(db.query(c1 & Key("order_date").gte("2024-01-05"))) == ["2024-01-05", "2024-01-20", "2024-02-03"]
    assert _dates(db.query(c1 & Key("order_date").lt("2024-01-05"))) == ["2023-12-31"]
    assert _dates(db.query(c1 & Key("order_date").lte("2024-01-05"))) == ["2023-12-31", "2024-01-05"]
    assert _dates(db.query(c1 & Key("order_date").eq("2024-02-03"))) == ["2024-02-03"]
    assert _dates(db.query(Key("customer_id").eq("c2"))) == ["2024-01-10"]
    assert db.query(Key("customer_id").eq("nobody")) == []
    # Decimal -> float on the way out
    got = db.query(c1 & Key("order_date").eq("2024-02-03"))[0]
    assert got["total"] == 300.5 and isinstance(got["total"], float)
    assert got["items"] == ["a", "b", "c"] and got["note"] == "fragile"
    assert db.last_error is None, db.last_error


def test_orders_query_with_attr_filters(ctx):
    db = _manager(ctx, _orders_table(ctx))
    for o in _ORDERS:
        db.put_item(o)
    c1 = Key("customer_id").eq("c1")
    cases = [
        (Attr("status").eq("shipped"), ["2024-01-05", "2024-02-03"]),
        (Attr("status").ne("shipped"), ["2023-12-31", "2024-01-20"]),
        (Attr("total").gt(100), ["2024-01-20", "2024-02-03"]),
        (Attr("total").gte(Decimal("150")), ["2024-01-20", "2024-02-03"]),
        (Attr("total").lt(Decimal("80")), ["2024-01-05"]),
        (Attr("total").lte(80), ["2023-12-31", "2024-01-05"]),
        (Attr("total").between(60, 200), ["2023-12-31", "2024-01-20"]),
        (Attr("status").is_in(["pending", "cancelled"]), ["2023-12-31", "2024-01-20"]),
        (Attr("note").exists(), ["2024-02-03"]),
        (Attr("note").not_exists(), ["2023-12-31", "2024-01-05", "2024-01-20"]),
        (Attr("items").size().gte(2), ["2024-01-20", "2024-02-03"]),
        (Attr("items").contains("c"), ["2024-02-03"]),
        (Attr("tags").contains("gift"), ["2024-01-05"]),
        (Attr("city").begins_with("Sh"), ["2023-12-31", "2024-01-20"]),
        (Attr("city").contains("jing"), ["2024-01-05", "2024-02-03"]),
        (Attr("tags").attribute_type("SS"), ["2024-01-05"]),
        (Attr("status").ne("cancelled") & Attr("total").between(40, 200), ["2024-01-05", "2024-01-20"]),
        (Attr("status").eq("pending") | Attr("total").lt(60), ["2024-01-05", "2024-01-20"]),
        (~Attr("status").eq("shipped"), ["2023-12-31", "2024-01-20"]),
        (Attr("status").eq("nope"), []),
    ]
    wrong = []
    for cond, want in cases:
        got = _dates(db.query(c1, cond))
        if got != want:
            wrong.append("%s: got %s, want %s" % (cond.get_expression(), got, want))
    assert not wrong, "\n".join(wrong)
    assert db.last_error is None, db.last_error


def test_users_scan_filter_and_limit(ctx):
    db = _manager(ctx, _users_table(ctx))
    for u in _USERS:
        assert db.put_item(u) is True
    everyone = db.scan()
    assert sorted(u["id"] for u in everyone) == [u["id"] for u in _USERS]
    older = db.scan(Attr("age").gt(25))
    assert sorted(u["id"] for u in older) == ["user-3", "user-4", "user-5", "user-6"]
    assert all(u["age"] > 25 for u in older)
    active_30s = db.scan(Attr("active").eq(True) & Attr("age").between(30, 39))
    assert sorted(u["id"] for u in active_30s) == ["user-3", "user-4"]
    assert db.scan(Attr("name").begins_with("Zz")) == []
    # Limit caps the items read, so a page holds at most `limit` items
    assert len(db.scan(limit=2)) == 2
    assert len(db.scan(limit=100)) == 6
    # and it applies before the filter: what comes back matches the filter, no more than the limit
    page = db.scan(Attr("active").eq(True), limit=3)
    assert len(page) <= 3 and all(u["active"] is True for u in page), page
    # paging through the whole table with Limit + ExclusiveStartKey sees each user once
    table = db.table
    seen, kwargs = [], {"Limit": 2}
    for _ in range(20):
        res = table.scan(**kwargs)
        assert len(res["Items"]) <= 2
        seen.extend(i["id"] for i in res["Items"])
        if "LastEvaluatedKey" not in res:
            break
        kwargs["ExclusiveStartKey"] = res["LastEvaluatedKey"]
    assert sorted(seen) == [u["id"] for u in _USERS], seen


def test_users_delete(ctx):
    db = _manager(ctx, _users_table(ctx))
    db.put_item({"id": "user-1", "name": "Ann"})
    db.put_item({"id": "user-2", "name": "Bo"})
    assert db.delete_item({"id": "user-1"}) is True
    assert db.get_item({"id": "user-1"}) is None
    assert db.get_item({"id": "user-2"}) == {"id": "user-2", "name": "Bo"}
    # deleting again is not an error
    assert db.delete_item({"id": "user-1"}) is True
    assert [u["id"] for u in db.scan()] == ["user-2"]
    assert db.last_error is None, db.last_error


def test_errors_are_caught(ctx):
    """Every method catches ClientError: a missing table gives False / None / []."""
    db = _manager(ctx, ctx.table_name("NoSuchTable"))
    assert db.put_item({"id": "x"}) is False
    assert db.last_error.response["Error"]["Code"] == "ResourceNotFoundException"
    assert db.get_item({"id": "x"}) is None
    assert db.update_item({"id": "x"}, "SET a = :a", {":a": 1}) is False
    assert db.query(Key("id").eq("x")) == []
    assert db.scan(Attr("a").exists(), limit=5) == []
    assert db.delete_item({"id": "x"}) is False
    assert db.last_error.response["Error"]["Code"] == "ResourceNotFoundException"
    assert db.last_error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert len([line for line in db.log if "failed" in line]) == 6
    # a wrong key shape is a ValidationException, also caught
    users = _manager(ctx, _users_table(ctx))
    assert users.put_item({"user_id": "x"}) is False
    assert users.last_error.response["Error"]["Code"] == "ValidationException"
    assert users.get_item({"id": 123}) is None
    assert users.last_error.response["Error"]["Code"] == "ValidationException"
