"""DynamoDB items end to end: PutItem/GetItem/UpdateItem/DeleteItem with every attribute type,
exact numbers, ProjectionExpression, the UpdateExpression language, ConditionExpression,
ReturnValues, and the validation errors (code, HTTP status, message) DynamoDB documents.

Written against DynamoDB's documented behaviour. Every error case reads the item back afterwards
to check that a rejected request changed nothing."""

import json
import time
from decimal import Decimal

from boto3.dynamodb.types import Binary
from botocore.exceptions import ClientError

from runner import has_param, sigv4_headers
from dynamo_helpers import _expect, _msg  # noqa: E402

KEY_SCHEMA_MSG = "The provided key element does not match the schema"
CCF = "ConditionalCheckFailedException"
VE = "ValidationException"


# ---------------------------------------------------------------------------
# helpers

def _new(ctx, hash_key=("pk", "S"), range_key=None, **kwargs):
    """A fresh table; returns (name, boto3 resource Table)."""
    name = ctx.table(hash_key=hash_key, range_key=range_key, **kwargs)
    return name, ctx.ddb_resource.Table(name)


def _get(table, key):
    """Strongly consistent read through the resource layer; None when absent."""
    return table.get_item(Key=key, ConsistentRead=True).get("Item")


def _raw_get(ctx, name, key):
    """Strongly consistent read through the low-level client; None when absent."""
    return ctx.ddb.get_item(TableName=name, Key=key, ConsistentRead=True).get("Item")


def _ddb_raw(ctx, operation, payload):
    """POST a hand-signed DynamoDB JSON request (independent of botocore's service model).
    Returns (status, parsed JSON body)."""
    body = json.dumps(payload).encode("utf-8")
    url = ctx.endpoint.rstrip("/") + "/"
    ak, sk = ctx.creds("root")
    headers = sigv4_headers("POST", url, ak, sk, headers={
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": "DynamoDB_20120810." + operation,
    }, body=body, region=ctx.region, service="dynamodb", send_content_sha256=False)
    status, _, data = ctx.http("POST", url, body=body, headers=headers)
    return status, (json.loads(data.decode("utf-8")) if data.strip() else {})


def _raw_type(doc):
    return doc.get("__type", "").rsplit("#", 1)[-1]


def _same_av(a, b):
    """Strict equality of two low-level AttributeValues: same type tags all the way down,
    numbers compared by value, sets compared as sets."""
    if not (isinstance(a, dict) and isinstance(b, dict) and len(a) == 1 and len(b) == 1):
        return False
    (ta, va), = a.items()
    (tb, vb), = b.items()
    if ta != tb:
        return False
    if ta == "N":
        return Decimal(va) == Decimal(vb)
    if ta == "NS":
        return len(va) == len(vb) and {Decimal(x) for x in va} == {Decimal(x) for x in vb}
    if ta in ("SS", "BS"):
        return len(va) == len(vb) and set(va) == set(vb)
    if ta == "L":
        return len(va) == len(vb) and all(_same_av(x, y) for x, y in zip(va, vb))
    if ta == "M":
        return set(va) == set(vb) and all(_same_av(va[k], vb[k]) for k in va)
    return va == vb


def _same_item(a, b):
    return a is not None and b is not None and set(a) == set(b) and all(_same_av(a[k], b[k]) for k in a)


def _eq(got, want, what=""):
    assert got == want, "%s: got %r, want %r" % (what, got, want)


# ---------------------------------------------------------------------------
# every type, put/get/delete

def test_put_get_every_type_low_level(ctx):
    name = ctx.table()
    item = {
        "pk": {"S": "every-type"},
        "s": {"S": "h\u00e9llo \u2603 \U0001F600"},
        "n": {"N": "-12.5"},
        "i": {"N": "42"},
        "b": {"B": b"\x00\x01\xfe\xff"},
        "t": {"BOOL": True},
        "f": {"BOOL": False},
        "z": {"NULL": True},
        "l": {"L": [{"S": "a"}, {"N": "1"}, {"NULL": True}, {"L": []}, {"M": {}}, {"BOOL": False},
                    {"SS": ["in-list"]}]},
        "m": {"M": {"x": {"S": "y"},
                    "inner": {"M": {"deep": {"N": "3"}, "bin": {"B": b"zz"},
                                    "lst": {"L": [{"M": {"k": {"NS": ["1", "2"]}}}]}}}}},
        "ss": {"SS": ["a", "b", "c"]},
        "ns": {"NS": ["1", "2.5", "-3"]},
        "bs": {"BS": [b"x", b"\x00y"]},
        "es": {"S": ""},   # empty strings / binaries are fine outside the key
        "eb": {"B": b""},
    }
    ctx.ddb.put_item(TableName=name, Item=item)
    got = _raw_get(ctx, name, {"pk": {"S": "every-type"}})
    assert got is not None
    assert set(got) == set(item), sorted(set(got) ^ set(item))
    for attr, av in item.items():
        assert _same_av(got[attr], av), (attr, got[attr], av)
    # eventually consistent reads see it too (poll: DynamoDB allows them to lag briefly)
    deadline = time.time() + 5
    while True:
        ev = ctx.ddb.get_item(TableName=name, Key={"pk": {"S": "every-type"}}).get("Item")
        if _same_item(ev, item) or time.time() > deadline:
            break
        time.sleep(0.2)
    assert _same_item(ev, item), ev


def test_put_get_every_type_resource(ctx):
    name, table = _new(ctx)
    item = {
        "pk": "res", "s": "text", "n": Decimal("3.25"), "i": 7, "neg": -8,
        "b": Binary(b"\x00bin"), "t": True, "f": False, "z": None,
        "l": [1, "two", [3], {"four": 4}, None, True],
        "m": {"a": {"b": {"c": [True, None, Decimal("0.5")]}}, "empty": {}},
        "ss": {"x", "y"}, "ns": {1, Decimal("2.5")}, "bs": {Binary(b"p"), Binary(b"q")},
    }
    table.put_item(Item=item)
    got = _get(table, {"pk": "res"})
    assert got == item, got
    assert got["t"] is True and got["f"] is False and got["z"] is None
    assert isinstance(got["n"], Decimal) and isinstance(got["b"], Binary)
    assert isinstance(got["ss"], set) and isinstance(got["ns"], set) and isinstance(got["bs"], set)
    assert isinstance(got["l"], list) and isinstance(got["m"]["empty"], dict)


def test_put_replaces_whole_item_and_delete(ctx):
    name, table = _new(ctx)
    table.put_item(Item={"pk": "k", "a": 1, "b": 2})
    table.put_item(Item={"pk": "k", "c": 3})
    assert _get(table, {"pk": "k"}) == {"pk": "k", "c": 3}
    res = table.get_item(Key={"pk": "missing"}, ConsistentRead=True)
    assert "Item" not in res and res["ResponseMetadata"]["HTTPStatusCode"] == 200
    table.delete_item(Key={"pk": "k"})
    assert _get(table, {"pk": "k"}) is None
    # deleting an absent item is not an error
    assert table.delete_item(Key={"pk": "k"})["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_consistent_read_sees_latest_write(ctx):
    name, table = _new(ctx)
    table.put_item(Item={"pk": "c", "v": 1})
    assert table.get_item(Key={"pk": "c"}, ConsistentRead=True)["Item"] == {"pk": "c", "v": 1}
    for i in range(2, 6):
        table.update_item(Key={"pk": "c"}, UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": i})
        assert table.get_item(Key={"pk": "c"}, ConsistentRead=True)["Item"]["v"] == i
    table.delete_item(Key={"pk": "c"})
    assert "Item" not in table.get_item(Key={"pk": "c"}, ConsistentRead=True)


def test_number_and_binary_keys(ctx):
    name = ctx.table(hash_key=("h", "N"), range_key=("r", "B"))
    c = ctx.ddb
    c.put_item(TableName=name, Item={"h": {"N": "1.50"}, "r": {"B": b"\x00\x01"}, "v": {"S": "one"}})
    # numbers compare by value: 1.50 and 1.5 address the same item
    got = _raw_get(ctx, name, {"h": {"N": "1.5"}, "r": {"B": b"\x00\x01"}})
    assert got is not None and got["v"] == {"S": "one"}
    assert Decimal(got["h"]["N"]) == Decimal("1.5") and got["r"] == {"B": b"\x00\x01"}
    assert _raw_get(ctx, name, {"h": {"N": "1.5"}, "r": {"B": b"\x00\x02"}}) is None
    assert _raw_get(ctx, name, {"h": {"N": "15"}, "r": {"B": b"\x00\x01"}}) is None
    c.put_item(TableName=name, Item={"h": {"N": "15E-1"}, "r": {"B": b"\x00\x01"}, "v": {"S": "two"}})
    items = c.scan(TableName=name, ConsistentRead=True)["Items"]
    assert len(items) == 1 and items[0]["v"] == {"S": "two"}, items


def test_missing_table_item_operations(ctx):
    name = ctx.table_name("absent")
    c = ctx.ddb
    ctx.expect_error("ResourceNotFoundException", 400, c.put_item, TableName=name, Item={"pk": {"S": "k"}})
    ctx.expect_error("ResourceNotFoundException", 400, c.get_item, TableName=name, Key={"pk": {"S": "k"}})
    ctx.expect_error("ResourceNotFoundException", 400, c.update_item, TableName=name, Key={"pk": {"S": "k"}},
                     UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": {"N": "1"}})
    ctx.expect_error("ResourceNotFoundException", 400, c.delete_item, TableName=name, Key={"pk": {"S": "k"}})


# ---------------------------------------------------------------------------
# numbers

def _digits(n, start="1234567890"):
    return (start * (n // len(start) + 1))[:n]


_EXACT_NUMBERS = [
    "3." + _digits(37, "1415926535897932384626433832795028841"),   # 38 significant digits
    _digits(38),
    "-" + _digits(38, "9876543210"),
    "0.000" + _digits(38),
    "1." + "0" * 36 + "1",
    "1E-130",
    "-1E-130",
    "9.9999999999999999999999999999999999999E+125",
    "-9.9999999999999999999999999999999999999E+125",
    "1E+125",
    "0",
    "-0.5",
    "123.456",
]


def test_numbers_keep_38_significant_digits(ctx):
    for s in _EXACT_NUMBERS:
        assert len(Decimal(s).as_tuple().digits) <= 38, s
    name, table = _new(ctx)
    item = {"pk": {"S": "nums"}}
    for i, s in enumerate(_EXACT_NUMBERS):
        item["n%d" % i] = {"N": s}
    item["set"] = {"NS": _EXACT_NUMBERS[:5]}
    item["list"] = {"L": [{"N": s} for s in _EXACT_NUMBERS]}
    ctx.ddb.put_item(TableName=name, Item=item)
    got = _raw_get(ctx, name, {"pk": {"S": "nums"}})
    for i, s in enumerate(_EXACT_NUMBERS):
        assert Decimal(got["n%d" % i]["N"]) == Decimal(s), (s, got["n%d" % i])
    assert _same_av(got["set"], item["set"]), got["set"]
    assert _same_av(got["list"], item["list"]), got["list"]
    # the resource layer (Decimal in, Decimal out). DynamoDB answers numbers in plain notation,
    # so 9.99..E+125 comes back with 126 digits, which boto3's 38-digit context refuses to read
    # (decimal.Rounded): the huge ones are read back through the client.
    tiny, huge = Decimal("1E-130"), Decimal("9.9999999999999999999999999999999999999E+125")
    neg = Decimal("-9.9999999999999999999999999999999999999E+125")
    table.put_item(Item={"pk": "res", "tiny": tiny, "pi": Decimal(_EXACT_NUMBERS[0])})
    got = _get(table, {"pk": "res"})
    assert got["tiny"] == tiny and got["pi"] == Decimal(_EXACT_NUMBERS[0])
    table.put_item(Item={"pk": "huge", "huge": huge, "neg": neg})
    got = _raw_get(ctx, name, {"pk": {"S": "huge"}})
    assert got["huge"]["N"] == "9" * 38 + "0" * 88, got["huge"]
    assert Decimal(got["huge"]["N"]) == huge and Decimal(got["neg"]["N"]) == neg


def test_number_key_keeps_38_digits(ctx):
    name = ctx.table(hash_key=("h", "N"))
    for i, s in enumerate(_EXACT_NUMBERS):
        ctx.ddb.put_item(TableName=name, Item={"h": {"N": s}, "i": {"N": str(i)}})
    for i, s in enumerate(_EXACT_NUMBERS):
        got = _raw_get(ctx, name, {"h": {"N": s}})
        assert got is not None, s
        assert Decimal(got["h"]["N"]) == Decimal(s) and got["i"] == {"N": str(i)}, (s, got)
    # one digit off in the 38th place is a different key
    assert _raw_get(ctx, name, {"h": {"N": _digits(37) + "9"}}) is None


def test_number_arithmetic_is_exact_decimal(ctx):
    name, table = _new(ctx)
    res = ctx.ddb.update_item(
        TableName=name, Key={"pk": {"S": "k"}},
        UpdateExpression="SET a = :x + :y, b = :big + :one, c = :x - :y, d = :big - :one",
        ExpressionAttributeValues={":x": {"N": "0.1"}, ":y": {"N": "0.2"},
                                   ":big": {"N": "1" + "0" * 37}, ":one": {"N": "1"}},
        ReturnValues="ALL_NEW")["Attributes"]
    assert Decimal(res["a"]["N"]) == Decimal("0.3"), res["a"]
    assert Decimal(res["b"]["N"]) == Decimal("1" + "0" * 36 + "1"), res["b"]   # 38 digits, exact
    assert Decimal(res["c"]["N"]) == Decimal("-0.1"), res["c"]
    assert Decimal(res["d"]["N"]) == Decimal("9" * 37), res["d"]
    assert _same_item(_raw_get(ctx, name, {"pk": {"S": "k"}}), dict(res))


def test_numbers_beyond_limits_rejected(ctx):
    name = ctx.table()
    c = ctx.ddb
    key = {"pk": {"S": "lim"}}
    orig = {"pk": {"S": "lim"}, "a": {"N": "1"}}
    c.put_item(TableName=name, Item=orig)
    cases = [
        ("1." + _digits(38), "significant digits"),          # 39 significant digits
        (_digits(39), "significant digits"),
        ("-" + _digits(39), "significant digits"),
        ("1E+126", "overflow"),
        ("-1E+126", "overflow"),
        ("1E-131", "underflow"),
        ("-1E-131", "underflow"),
    ]
    for s, words in cases:
        _expect(ctx, VE, c.put_item, contains=words, TableName=name,
                Item={"pk": {"S": "lim"}, "a": {"N": s}})
        _expect(ctx, VE, c.update_item, contains=words, TableName=name, Key=key,
                UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": {"N": s}})
        assert _same_item(_raw_get(ctx, name, key), orig), s
    _expect(ctx, VE, c.put_item, contains="significant digits", TableName=name,
            Item={"pk": {"S": "lim"}, "a": {"NS": ["1", _digits(39)]}})
    # arithmetic that leaves the range is refused as well
    top = "9.9999999999999999999999999999999999999E+125"
    c.put_item(TableName=name, Item={"pk": {"S": "big"}, "a": {"N": top}})
    _expect(ctx, VE, c.update_item, contains="overflow", TableName=name, Key={"pk": {"S": "big"}},
            UpdateExpression="SET a = a + :v", ExpressionAttributeValues={":v": {"N": "1E+125"}})
    got = _raw_get(ctx, name, {"pk": {"S": "big"}})
    assert Decimal(got["a"]["N"]) == Decimal(top)
    assert _same_item(_raw_get(ctx, name, key), orig)


# ---------------------------------------------------------------------------
# ProjectionExpression

def test_projection_expression_nested_paths(ctx):
    name, table = _new(ctx)
    item = {"pk": "p", "a": {"b": {"c": 1, "d": 2}, "e": [10, 20, 30]}, "f": "x",
            "l": [{"m": 1, "n": 9}, {"m": 2, "n": 8}], "status": "on", "g": 7}
    table.put_item(Item=item)

    def proj(expr, names=None):
        kw = {"Key": {"pk": "p"}, "ProjectionExpression": expr, "ConsistentRead": True}
        if names:
            kw["ExpressionAttributeNames"] = names
        return table.get_item(**kw).get("Item")

    _eq(proj("a.b.c, a.e[1], l[1].m, f"), {"a": {"b": {"c": 1}, "e": [20]}, "l": [{"m": 2}], "f": "x"})
    _eq(proj("f"), {"f": "x"})                      # the key is not added
    _eq(proj("pk, g"), {"pk": "p", "g": 7})
    _eq(proj("a.e[0], a.e[2]"), {"a": {"e": [10, 30]}})
    _eq(proj("a.b"), {"a": {"b": {"c": 1, "d": 2}}})
    _eq(proj("l[0]"), {"l": [{"m": 1, "n": 9}]})
    _eq(proj("nope, f, a.nope, a.e[7]"), {"f": "x"})
    _eq(proj("#s, #a.#b.#c", {"#s": "status", "#a": "a", "#b": "b", "#c": "d"}),
        {"status": "on", "a": {"b": {"d": 2}}})
    _eq(proj("nope"), {})                        # nothing matched: an empty Item
    # overlapping paths are refused
    _expect(ctx, VE, table.get_item, contains="overlap", Key={"pk": "p"}, ProjectionExpression="a, a.b")
    # the same projection works in Query and Scan
    q = table.query(KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": "p"},
                    ProjectionExpression="a.e[1], f")["Items"]
    assert q == [{"a": {"e": [20]}, "f": "x"}], q
    s = table.scan(ProjectionExpression="l[0].n")["Items"]
    assert s == [{"l": [{"n": 9}]}], s
    assert _get(table, {"pk": "p"}) == item


# ---------------------------------------------------------------------------
# UpdateExpression

def test_update_creates_missing_item(ctx):
    name, table = _new(ctx)
    res = table.update_item(Key={"pk": "new"}, UpdateExpression="SET a = :v",
                            ExpressionAttributeValues={":v": 1}, ReturnValues="ALL_NEW")
    assert res["Attributes"] == {"pk": "new", "a": 1}
    assert _get(table, {"pk": "new"}) == {"pk": "new", "a": 1}
    # an update that only removes does not create the item
    table.update_item(Key={"pk": "ghost"}, UpdateExpression="REMOVE a")
    assert _get(table, {"pk": "ghost"}) is None


def test_update_set_arithmetic(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    table.put_item(Item={"pk": "k", "n": 10, "m": 3, "s": "str"})
    res = table.update_item(
        Key=key, UpdateExpression="SET n = n + :one, m = m - :two, tot = n + m, d = :a - :b",
        ExpressionAttributeValues={":one": 1, ":two": 2, ":a": Decimal("7.5"), ":b": 10},
        ReturnValues="ALL_NEW")
    # operands are read from the item as it was before the update
    want = {"pk": "k", "n": 11, "m": 1, "tot": 13, "d": Decimal("-2.5"), "s": "str"}
    assert res["Attributes"] == want, res["Attributes"]
    assert _get(table, key) == want
    _expect(ctx, VE, table.update_item,
            contains="The provided expression refers to an attribute that does not exist in the item",
            Key=key, UpdateExpression="SET n = nope + :one", ExpressionAttributeValues={":one": 1})
    # a stored operand of the wrong type is found at run time, a literal one when parsing
    _expect(ctx, VE, table.update_item, contains="An operand in the update expression has an incorrect data type",
            Key=key, UpdateExpression="SET n = s + :one", ExpressionAttributeValues={":one": 1})
    _expect(ctx, VE, table.update_item, contains="Incorrect operand type for operator or function",
            Key=key, UpdateExpression="SET n = n + :str", ExpressionAttributeValues={":str": "1"})
    assert _get(table, key) == want


def test_update_if_not_exists(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    expr = "SET c = if_not_exists(c, :zero) + :one, created = if_not_exists(created, :t)"
    table.update_item(Key=key, UpdateExpression=expr,
                      ExpressionAttributeValues={":zero": 0, ":one": 1, ":t": "first"})
    assert _get(table, key) == {"pk": "k", "c": 1, "created": "first"}
    table.update_item(Key=key, UpdateExpression=expr,
                      ExpressionAttributeValues={":zero": 0, ":one": 1, ":t": "second"})
    assert _get(table, key) == {"pk": "k", "c": 2, "created": "first"}
    # if_not_exists yields the existing value when there is one
    table.update_item(Key=key, UpdateExpression="SET d = if_not_exists(c, :v), e = if_not_exists(nope, :v)",
                      ExpressionAttributeValues={":v": 100})
    assert _get(table, key) == {"pk": "k", "c": 2, "created": "first", "d": 2, "e": 100}


def test_update_list_append(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    table.put_item(Item={"pk": "k", "l": [1, 2], "s": "str"})
    table.update_item(Key=key, UpdateExpression="SET l = list_append(l, :tail)",
                      ExpressionAttributeValues={":tail": [3, 4]})
    assert _get(table, key)["l"] == [1, 2, 3, 4]
    table.update_item(Key=key, UpdateExpression="SET l = list_append(:head, l)",
                      ExpressionAttributeValues={":head": ["zero"]})
    assert _get(table, key)["l"] == ["zero", 1, 2, 3, 4]
    for want in ([{"m": 1}], [{"m": 1}, {"m": 1}]):
        table.update_item(Key=key, UpdateExpression="SET l2 = list_append(if_not_exists(l2, :empty), :tail)",
                          ExpressionAttributeValues={":empty": [], ":tail": [{"m": 1}]})
        assert _get(table, key)["l2"] == want
    before = _get(table, key)
    _expect(ctx, VE, table.update_item, contains="An operand in the update expression has an incorrect data type",
            Key=key, UpdateExpression="SET l = list_append(s, :tail)", ExpressionAttributeValues={":tail": [1]})
    assert _get(table, key) == before


def test_update_nested_map_keys_and_list_indexes(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    table.put_item(Item={"pk": "k", "m": {"a": 1, "mm": {"x": "y"}}, "l": [10, 20, 30]})
    table.update_item(
        Key=key, UpdateExpression="SET m.b = :b, m.mm.z = :z, l[1] = :v, #m.#dot = :d",
        ExpressionAttributeNames={"#m": "m", "#dot": "has.dot"},
        ExpressionAttributeValues={":b": 2, ":z": "zz", ":v": 21, ":d": "dot"})
    want = {"pk": "k", "m": {"a": 1, "b": 2, "mm": {"x": "y", "z": "zz"}, "has.dot": "dot"},
            "l": [10, 21, 30]}
    assert _get(table, key) == want
    # an index past the end appends
    table.update_item(Key=key, UpdateExpression="SET l[10] = :v", ExpressionAttributeValues={":v": 40})
    want["l"] = [10, 21, 30, 40]
    assert _get(table, key) == want
    # a list of maps, addressed through both
    table.update_item(Key=key, UpdateExpression="SET lm = :lm",
                      ExpressionAttributeValues={":lm": [{"q": [1, {"r": 2}]}]})
    table.update_item(Key=key, UpdateExpression="SET lm[0].q[1].r = :v", ExpressionAttributeValues={":v": 3})
    want["lm"] = [{"q": [1, {"r": 3}]}]
    assert _get(table, key) == want
    for expr in ("SET nope.child = :v", "SET m.a.deeper = :v", "SET nope[0] = :v", "SET m.nope.deeper = :v"):
        _expect(ctx, VE, table.update_item,
                contains="The document path provided in the update expression is invalid for update",
                Key=key, UpdateExpression=expr, ExpressionAttributeValues={":v": 1})
        assert _get(table, key) == want, expr


def test_update_remove(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    table.put_item(Item={"pk": "k", "a": 1, "b": 2, "l": [0, 1, 2, 3], "m": {"x": 1, "y": 2}})
    table.update_item(Key=key, UpdateExpression="REMOVE a, l[0], l[2], m.x")
    want = {"pk": "k", "b": 2, "l": [1, 3], "m": {"y": 2}}
    assert _get(table, key) == want
    # removing what is not there is not an error
    table.update_item(Key=key, UpdateExpression="REMOVE nope, l[9], m.nope")
    assert _get(table, key) == want


def test_update_add_and_delete(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}

    def upd(expr, **values):
        table.update_item(Key=key, UpdateExpression=expr,
                          ExpressionAttributeValues={":" + k: v for k, v in values.items()})
        return _get(table, key)

    _eq(upd("ADD cnt :v", v=1), {"pk": "k", "cnt": 1})       # ADD creates the item and the number
    assert upd("ADD cnt :v", v=5)["cnt"] == 6
    assert upd("ADD cnt :v", v=Decimal("-10.5"))["cnt"] == Decimal("-4.5")
    assert upd("ADD tags :v", v={"a", "b"})["tags"] == {"a", "b"}
    assert upd("ADD tags :v", v={"b", "c"})["tags"] == {"a", "b", "c"}
    assert upd("ADD nums :v", v={1, 2})["nums"] == {1, 2}
    assert upd("ADD nums :v", v={2, 3})["nums"] == {1, 2, 3}
    assert upd("ADD bins :v", v={Binary(b"x")})["bins"] == {Binary(b"x")}
    assert upd("DELETE tags :v", v={"a", "x"})["tags"] == {"b", "c"}   # absent elements are ignored
    assert upd("DELETE nums :v", v={1, 3})["nums"] == {2}
    got = upd("DELETE tags :v", v={"b", "c"})
    assert "tags" not in got, got                                  # an emptied set disappears
    got = upd("DELETE nope :v", v={"q"})
    assert "nope" not in got
    before = upd("SET lst = :v", v=[1])
    _expect(ctx, VE, table.update_item,
            contains="An operand in the update expression has an incorrect data type",
            Key=key, UpdateExpression="ADD lst :v", ExpressionAttributeValues={":v": 1})
    _expect(ctx, VE, table.update_item, Key=key, UpdateExpression="ADD nums :v",
            ExpressionAttributeValues={":v": {"str"}})
    _expect(ctx, VE, table.update_item, Key=key, UpdateExpression="ADD cnt :v",
            ExpressionAttributeValues={":v": "str"})
    _expect(ctx, VE, table.update_item, Key=key, UpdateExpression="DELETE cnt :v",
            ExpressionAttributeValues={":v": 1})
    assert _get(table, key) == before


def test_update_multiple_clauses(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    table.put_item(Item={"pk": "k", "a": 1, "b": "x", "c": 5, "s": {"p", "q"}})
    res = table.update_item(
        Key=key, UpdateExpression="SET a = a + :one, d = :d REMOVE b ADD c :five, s2 :ns DELETE s :p",
        ExpressionAttributeValues={":one": 1, ":d": "dee", ":five": 5, ":ns": {7, 8}, ":p": {"p"}},
        ReturnValues="ALL_NEW")
    want = {"pk": "k", "a": 2, "d": "dee", "c": 10, "s": {"q"}, "s2": {7, 8}}
    assert res["Attributes"] == want
    assert _get(table, key) == want
    # clauses in any order, keywords in any case
    table.update_item(Key=key, UpdateExpression="remove d set e = :e",
                      ExpressionAttributeValues={":e": "eee"})
    want = {"pk": "k", "a": 2, "c": 10, "s": {"q"}, "s2": {7, 8}, "e": "eee"}
    assert _get(table, key) == want
    _expect(ctx, VE, table.update_item, contains='The "SET" section can only be used once in an update expression',
            Key=key, UpdateExpression="SET a = :one SET b = :one", ExpressionAttributeValues={":one": 1})
    _expect(ctx, VE, table.update_item, contains="Two document paths overlap with each other",
            Key=key, UpdateExpression="SET a = :one REMOVE a", ExpressionAttributeValues={":one": 1})
    _expect(ctx, VE, table.update_item, contains="Two document paths overlap with each other",
            Key=key, UpdateExpression="SET a = :one, a = :two", ExpressionAttributeValues={":one": 1, ":two": 2})
    _expect(ctx, VE, table.update_item, contains="Two document paths overlap with each other",
            Key=key, UpdateExpression="SET e = :one, e.x = :two", ExpressionAttributeValues={":one": 1, ":two": 2})
    assert _get(table, key) == want


def test_update_key_attribute_rejected(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    table.put_item(Item={"pk": "k", "a": 1})
    for expr, values in (("SET pk = :v", {":v": "other"}), ("REMOVE pk", None),
                         ("SET a = :v, pk = :v", {":v": "x"})):
        kw = {"Key": key, "UpdateExpression": expr}
        if values:
            kw["ExpressionAttributeValues"] = values
        _expect(ctx, VE, table.update_item,
                contains=("Cannot update attribute pk", "This attribute is part of the key"), **kw)
    assert _get(table, key) == {"pk": "k", "a": 1}
    assert _get(table, {"pk": "other"}) is None
    cname, ctable = _new(ctx, range_key=("sk", "N"), hint="updkey-composite")
    ckey = {"pk": "k", "sk": 1}
    ctable.put_item(Item={"pk": "k", "sk": 1, "a": 1})
    _expect(ctx, VE, ctable.update_item, contains=("Cannot update attribute sk", "part of the key"),
            Key=ckey, UpdateExpression="SET sk = :v", ExpressionAttributeValues={":v": 2})
    _expect(ctx, VE, ctable.update_item, contains=("Cannot update attribute sk", "part of the key"),
            Key=ckey, UpdateExpression="ADD sk :v", ExpressionAttributeValues={":v": 2})
    assert _get(ctable, ckey) == {"pk": "k", "sk": 1, "a": 1}


# ---------------------------------------------------------------------------
# ConditionExpression

def test_condition_expression_operators(ctx):
    name, table = _new(ctx)
    item = {"pk": "c", "n": 5, "s": "hello world", "ss": {"a", "b"}, "ns": {1, 2, 3},
            "l": [1, "two", {"x": 1}], "m": {"k": "v", "n2": 10}, "b": Binary(b"abc"),
            "t": True, "z": None, "status": "open"}
    table.put_item(Item=item)
    hw = "hello world"
    cases = [
        ("n = :v", {":v": 5}, True),
        ("n = :v", {":v": 6}, False),
        ("n = :v", {":v": "5"}, False),                 # a string never equals a number
        ("n <> :v", {":v": 6}, True),
        ("n <> :v", {":v": 5}, False),
        ("n < :v", {":v": 6}, True),
        ("n < :v", {":v": 5}, False),
        ("n <= :v", {":v": 5}, True),
        ("n <= :v", {":v": 4}, False),
        ("n > :v", {":v": 4}, True),
        ("n > :v", {":v": 5}, False),
        ("n >= :v", {":v": 5}, True),
        ("n >= :v", {":v": 6}, False),
        ("n > :v", {":v": Decimal("4.99999")}, True),
        ("s < :v", {":v": "i"}, True),
        ("s > :v", {":v": "hello"}, True),
        ("b < :v", {":v": Binary(b"abd")}, True),
        ("n BETWEEN :lo AND :hi", {":lo": 1, ":hi": 5}, True),
        ("n BETWEEN :lo AND :hi", {":lo": 6, ":hi": 10}, False),
        ("s BETWEEN :lo AND :hi", {":lo": "a", ":hi": "z"}, True),
        ("n IN (:a, :b, :c)", {":a": 1, ":b": 5, ":c": 9}, True),
        ("n IN (:a, :b)", {":a": 1, ":b": 2}, False),
        ("s IN (:a)", {":a": hw}, True),
        ("n = :five AND s = :s", {":five": 5, ":s": hw}, True),
        ("n = :six AND s = :s", {":six": 6, ":s": hw}, False),
        ("n = :six OR s = :s", {":six": 6, ":s": hw}, True),
        ("n = :six OR s = :s", {":six": 6, ":s": "other"}, False),
        ("NOT n = :six", {":six": 6}, True),
        ("NOT (n = :five AND s = :s)", {":five": 5, ":s": hw}, False),
        ("(n = :six OR n = :five) AND NOT attribute_exists(nope)", {":six": 6, ":five": 5}, True),
        # AND binds tighter than OR
        ("n = :five OR n = :six AND s = :other", {":six": 6, ":five": 5, ":other": "x"}, True),
        ("attribute_exists(n)", None, True),
        ("attribute_exists(nope)", None, False),
        ("attribute_not_exists(nope)", None, True),
        ("attribute_not_exists(n)", None, False),
        ("attribute_exists(m.k)", None, True),
        ("attribute_exists(m.nope)", None, False),
        ("attribute_exists(l[2].x)", None, True),
        ("attribute_exists(l[5])", None, False),
        ("attribute_exists(z)", None, True),            # a NULL value exists
        ("attribute_type(n, :t)", {":t": "N"}, True),
        ("attribute_type(n, :t)", {":t": "S"}, False),
        ("attribute_type(s, :t)", {":t": "S"}, True),
        ("attribute_type(ss, :t)", {":t": "SS"}, True),
        ("attribute_type(ns, :t)", {":t": "NS"}, True),
        ("attribute_type(l, :t)", {":t": "L"}, True),
        ("attribute_type(m, :t)", {":t": "M"}, True),
        ("attribute_type(b, :t)", {":t": "B"}, True),
        ("attribute_type(t, :t)", {":t": "BOOL"}, True),
        ("attribute_type(z, :t)", {":t": "NULL"}, True),
        ("attribute_type(m.n2, :t)", {":t": "N"}, True),
        ("attribute_type(nope, :t)", {":t": "S"}, False),
        ("begins_with(s, :p)", {":p": "hello"}, True),
        ("begins_with(s, :p)", {":p": "world"}, False),
        ("begins_with(m.k, :p)", {":p": "v"}, True),
        ("contains(s, :p)", {":p": "o w"}, True),
        ("contains(s, :p)", {":p": "xyz"}, False),
        ("contains(ss, :p)", {":p": "a"}, True),
        ("contains(ss, :p)", {":p": "zz"}, False),
        ("contains(ns, :p)", {":p": 2}, True),
        ("contains(ns, :p)", {":p": 4}, False),
        ("contains(l, :p)", {":p": "two"}, True),
        ("contains(l, :p)", {":p": 2}, False),
        ("size(s) = :v", {":v": 11}, True),
        ("size(l) = :v", {":v": 3}, True),
        ("size(m) = :v", {":v": 2}, True),
        ("size(ss) = :v", {":v": 2}, True),
        ("size(ns) > :v", {":v": 2}, True),
        ("size(b) = :v", {":v": 3}, True),
        ("size(s) > :v", {":v": 20}, False),
        ("size(s) BETWEEN :lo AND :hi", {":lo": 10, ":hi": 12}, True),
        ("m.n2 > n", None, True),
        ("n > m.n2", None, False),
        ("l[0] = :v", {":v": 1}, True),
        ("l[2].x = :v", {":v": 1}, True),
        ("m.k = :v", {":v": "v"}, True),
        ("nope = :v", {":v": 5}, False),
        ("nope < :v", {":v": 5}, False),
        ("#st = :v", {":v": "open"}, True, {"#st": "status"}),
        ("#a.#b = :v", {":v": 10}, True, {"#a": "m", "#b": "n2"}),
    ]
    wrong = []
    for case in cases:
        expr, values, want = case[:3]
        kw = {"Item": item, "ConditionExpression": expr}
        if values:
            kw["ExpressionAttributeValues"] = values
        if len(case) > 3:
            kw["ExpressionAttributeNames"] = case[3]
        try:
            table.put_item(**kw)
            got = True
        except ClientError as e:
            if e.response["Error"]["Code"] != CCF:
                wrong.append((expr, "error %s: %s" % (e.response["Error"]["Code"], _msg(e))))
                continue
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400
            got = False
        if got != want:
            wrong.append((expr, "got %s, want %s" % (got, want)))
    assert not wrong, "\n".join("%s -> %s" % w for w in wrong)
    assert _get(table, {"pk": "c"}) == item


def test_conditional_check_failed_leaves_item(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    orig = {"pk": "k", "v": 1}
    table.put_item(Item=orig)
    e = _expect(ctx, CCF, table.put_item, contains="The conditional request failed",
                Item={"pk": "k", "v": 2}, ConditionExpression="attribute_not_exists(pk)")
    assert "Item" not in e.response
    assert _get(table, key) == orig
    _expect(ctx, CCF, table.update_item, contains="The conditional request failed", Key=key,
            UpdateExpression="SET v = :two", ConditionExpression="v = :two", ExpressionAttributeValues={":two": 2})
    assert _get(table, key) == orig
    _expect(ctx, CCF, table.delete_item, contains="The conditional request failed", Key=key,
            ConditionExpression="v > :five", ExpressionAttributeValues={":five": 5})
    assert _get(table, key) == orig
    # passing conditions
    table.update_item(Key=key, UpdateExpression="SET v = :two", ConditionExpression="v = :one",
                      ExpressionAttributeValues={":one": 1, ":two": 2})
    assert _get(table, key) == {"pk": "k", "v": 2}
    table.delete_item(Key=key, ConditionExpression="v = :two", ExpressionAttributeValues={":two": 2})
    assert _get(table, key) is None
    # create-only-if-absent, then a second one fails
    table.put_item(Item={"pk": "k", "v": 3}, ConditionExpression="attribute_not_exists(pk)")
    _expect(ctx, CCF, table.put_item, Item={"pk": "k", "v": 4}, ConditionExpression="attribute_not_exists(pk)")
    assert _get(table, key) == {"pk": "k", "v": 3}
    # against an absent item every attribute is missing: the update must not create it
    _expect(ctx, CCF, table.update_item, Key={"pk": "absent"}, UpdateExpression="SET v = :one",
            ConditionExpression="attribute_exists(pk)", ExpressionAttributeValues={":one": 1})
    _expect(ctx, CCF, table.delete_item, Key={"pk": "absent"}, ConditionExpression="attribute_exists(pk)")
    assert _get(table, {"pk": "absent"}) is None
    table.update_item(Key={"pk": "absent"}, UpdateExpression="SET v = :one",
                      ConditionExpression="attribute_not_exists(v)", ExpressionAttributeValues={":one": 1})
    assert _get(table, {"pk": "absent"}) == {"pk": "absent", "v": 1}


def test_return_values_on_condition_check_failure(ctx):
    name = ctx.table()
    c = ctx.ddb
    old = {"pk": {"S": "k"}, "s": {"S": "cat"}, "n": {"N": "1"}}
    c.put_item(TableName=name, Item=old)
    cond = {"ConditionExpression": "s = :v", "ExpressionAttributeValues": {":v": {"S": "dog"}}}
    # through the SDK, when its model knows the parameter (boto3 >= 1.28)
    if has_param(c, "PutItem", "ReturnValuesOnConditionCheckFailure"):
        e = _expect(ctx, CCF, c.put_item, TableName=name, Item={"pk": {"S": "k"}, "s": {"S": "cow"}},
                    ReturnValuesOnConditionCheckFailure="ALL_OLD", **cond)
        assert _same_item(e.response.get("Item"), old), e.response.get("Item")
        e = _expect(ctx, CCF, c.update_item, TableName=name, Key={"pk": {"S": "k"}},
                    UpdateExpression="SET n = :v", ReturnValuesOnConditionCheckFailure="ALL_OLD", **cond)
        assert _same_item(e.response.get("Item"), old), e.response.get("Item")
        e = _expect(ctx, CCF, c.delete_item, TableName=name, Key={"pk": {"S": "k"}},
                    ReturnValuesOnConditionCheckFailure="ALL_OLD", **cond)
        assert _same_item(e.response.get("Item"), old), e.response.get("Item")
        e = _expect(ctx, CCF, c.delete_item, TableName=name, Key={"pk": {"S": "k"}},
                    ReturnValuesOnConditionCheckFailure="NONE", **cond)
        assert "Item" not in e.response
        e = _expect(ctx, CCF, c.delete_item, TableName=name, Key={"pk": {"S": "absent"}},
                    ReturnValuesOnConditionCheckFailure="ALL_OLD", **cond)
        assert "Item" not in e.response
        # success: neither Item nor Attributes
        res = c.put_item(TableName=name, Item=old, ConditionExpression="s = :v",
                         ExpressionAttributeValues={":v": {"S": "cat"}},
                         ReturnValuesOnConditionCheckFailure="ALL_OLD")
        assert "Item" not in res and "Attributes" not in res
    # on the wire, whatever the SDK version
    for op, extra in (("PutItem", {"Item": {"pk": {"S": "k"}, "s": {"S": "cow"}}}),
                      ("UpdateItem", {"Key": {"pk": {"S": "k"}}, "UpdateExpression": "SET n = :v"}),
                      ("DeleteItem", {"Key": {"pk": {"S": "k"}}})):
        payload = dict(TableName=name, ReturnValuesOnConditionCheckFailure="ALL_OLD", **cond)
        payload.update(extra)
        status, doc = _ddb_raw(ctx, op, payload)
        assert status == 400, (op, status, doc)
        assert _raw_type(doc) == CCF, (op, doc)
        assert _same_item(doc.get("Item"), old), (op, doc)
        payload["ReturnValuesOnConditionCheckFailure"] = "NONE"
        status, doc = _ddb_raw(ctx, op, payload)
        assert status == 400 and _raw_type(doc) == CCF and "Item" not in doc, (op, doc)
    assert _same_item(_raw_get(ctx, name, {"pk": {"S": "k"}}), old)


# ---------------------------------------------------------------------------
# ReturnValues

def test_return_values_put_and_delete(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    table.put_item(Item={"pk": "k", "a": "hi"})
    assert "Attributes" not in table.put_item(Item={"pk": "k", "a": "hello"})
    assert "Attributes" not in table.put_item(Item={"pk": "k", "a": "again"}, ReturnValues="NONE")
    res = table.put_item(Item={"pk": "k", "a": "third"}, ReturnValues="ALL_OLD")
    assert res["Attributes"] == {"pk": "k", "a": "again"}
    assert "Attributes" not in table.put_item(Item={"pk": "new", "a": 1}, ReturnValues="ALL_OLD")
    for rv in ("ALL_NEW", "UPDATED_OLD", "UPDATED_NEW", "none", "BOGUS"):
        _expect(ctx, VE, table.put_item, Item={"pk": "k", "a": "bad"}, ReturnValues=rv)
        _expect(ctx, VE, table.delete_item, Key=key, ReturnValues=rv)
    assert _get(table, key) == {"pk": "k", "a": "third"}
    res = table.delete_item(Key=key, ReturnValues="ALL_OLD")
    assert res["Attributes"] == {"pk": "k", "a": "third"}
    assert "Attributes" not in table.delete_item(Key=key, ReturnValues="ALL_OLD")
    assert "Attributes" not in table.delete_item(Key={"pk": "new"}, ReturnValues="NONE")
    assert _get(table, {"pk": "new"}) is None


def test_return_values_update(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    table.put_item(Item={"pk": "k", "a": "hi", "b": "dog", "n": 1})

    def upd(rv, expr, **values):
        kw = {"Key": key, "UpdateExpression": expr, "ReturnValues": rv}
        if values:
            kw["ExpressionAttributeValues"] = {":" + k: v for k, v in values.items()}
        return table.update_item(**kw).get("Attributes")

    _eq(upd("NONE", "SET b = :v", v="cat"), None)
    _eq(upd("ALL_OLD", "SET b = :v", v="cow"), {"pk": "k", "a": "hi", "b": "cat", "n": 1})
    _eq(upd("UPDATED_OLD", "SET b = :v, c = :w", v="eel", w="new"), {"b": "cow"})   # c did not exist
    _eq(upd("UPDATED_OLD", "REMOVE c"), {"c": "new"})
    _eq(upd("UPDATED_OLD", "SET c = :v", v="again"), None)
    _eq(upd("ALL_NEW", "SET b = :v", v="fox"), {"pk": "k", "a": "hi", "b": "fox", "n": 1, "c": "again"})
    _eq(upd("ALL_NEW", "REMOVE c"), {"pk": "k", "a": "hi", "b": "fox", "n": 1})
    _eq(upd("UPDATED_NEW", "SET b = :v, d = :w REMOVE a", v="gnu", w="dee"), {"b": "gnu", "d": "dee"})
    _eq(upd("UPDATED_NEW", "SET n = n + :one", one=1), {"n": 2})
    _eq(upd("UPDATED_NEW", "ADD n :one", one=1), {"n": 3})
    _eq(upd("UPDATED_OLD", "ADD n :one", one=1), {"n": 3})
    _eq(upd("UPDATED_NEW", "REMOVE d"), None)
    for rv in ("none", "BOGUS"):
        _expect(ctx, VE, table.update_item, Key=key, UpdateExpression="SET b = :v",
                ExpressionAttributeValues={":v": "bad"}, ReturnValues=rv)
    assert _get(table, key) == {"pk": "k", "b": "gnu", "n": 4}
    # a new item: ALL_OLD has nothing, ALL_NEW has the whole item, UPDATED_NEW no key attributes
    res = table.update_item(Key={"pk": "n1"}, UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": 1},
                            ReturnValues="ALL_OLD")
    assert "Attributes" not in res
    res = table.update_item(Key={"pk": "n2"}, UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": 1},
                            ReturnValues="ALL_NEW")
    assert res["Attributes"] == {"pk": "n2", "a": 1}
    res = table.update_item(Key={"pk": "n3"}, UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": 1},
                            ReturnValues="UPDATED_NEW")
    assert res["Attributes"] == {"a": 1}


def test_return_values_update_nested(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    table.put_item(Item={"pk": "k", "a": {"b": "dog", "c": [1, 2, 3]}, "d": "cat"})

    def upd(rv, expr, **values):
        kw = {"Key": key, "UpdateExpression": expr, "ReturnValues": rv}
        if values:
            kw["ExpressionAttributeValues"] = {":" + k: v for k, v in values.items()}
        return table.update_item(**kw).get("Attributes")

    _eq(upd("UPDATED_OLD", "SET a.b = :v", v="hi"), {"a": {"b": "dog"}})
    _eq(upd("UPDATED_NEW", "SET a.b = :v", v="yo"), {"a": {"b": "yo"}})
    _eq(upd("UPDATED_OLD", "SET a.c[1] = :v", v=7), {"a": {"c": [2]}})
    _eq(upd("UPDATED_NEW", "SET a.c[1] = :v, a.b = :w", v=8, w="dog"), {"a": {"b": "dog", "c": [8]}})
    _eq(upd("ALL_NEW", "SET a.c[2] = :v", v=9), {"pk": "k", "a": {"b": "dog", "c": [1, 8, 9]}, "d": "cat"})
    _eq(upd("UPDATED_OLD", "SET a.x = :v", v=1), None)
    _eq(upd("UPDATED_NEW", "SET a.y = :v", v=2), {"a": {"y": 2}})
    assert _get(table, key) == {"pk": "k", "a": {"b": "dog", "c": [1, 8, 9], "x": 1, "y": 2}, "d": "cat"}


# ---------------------------------------------------------------------------
# ExpressionAttributeNames / ExpressionAttributeValues and expression errors

def test_unused_expression_attribute_values_and_names(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    orig = {"pk": "k", "a": 1}
    table.put_item(Item=orig)
    _expect(ctx, VE, table.update_item,
            contains="Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}",
            Key=key, UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": 2, ":x": 3})
    _expect(ctx, VE, table.update_item,
            contains="Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}",
            Key=key, UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": 2},
            ExpressionAttributeNames={"#n": "a"})
    _expect(ctx, VE, table.put_item,
            contains="Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}",
            Item={"pk": "k", "a": 9}, ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeValues={":x": 1})
    _expect(ctx, VE, table.delete_item,
            contains="Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}",
            Key=key, ConditionExpression="attribute_exists(#a)", ExpressionAttributeNames={"#a": "a", "#x": "b"})
    _expect(ctx, VE, table.get_item,
            contains="Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}",
            Key=key, ProjectionExpression="a", ExpressionAttributeNames={"#x": "a"})
    _expect(ctx, VE, table.update_item, contains="ExpressionAttributeValues must not be empty",
            Key=key, UpdateExpression="REMOVE b", ExpressionAttributeValues={})
    assert _get(table, key) == orig


def test_undefined_expression_attribute_placeholders(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    orig = {"pk": "k", "a": 1}
    table.put_item(Item=orig)
    value_msg = "An expression attribute value used in expression is not defined; attribute value: :nope"
    name_msg = "An expression attribute name used in the document path is not defined; attribute name: #nope"
    _expect(ctx, VE, table.update_item, contains=value_msg, Key=key,
            UpdateExpression="SET a = :v, b = :nope", ExpressionAttributeValues={":v": 2})
    _expect(ctx, VE, table.update_item, contains=value_msg, Key=key, UpdateExpression="SET a = :nope")
    _expect(ctx, VE, table.update_item, contains=name_msg, Key=key,
            UpdateExpression="SET #nope = :v", ExpressionAttributeValues={":v": 2})
    _expect(ctx, VE, table.put_item, contains=value_msg, Item={"pk": "k", "a": 9},
            ConditionExpression="a = :nope")
    _expect(ctx, VE, table.delete_item, contains=name_msg, Key=key,
            ConditionExpression="attribute_exists(#nope)")
    _expect(ctx, VE, table.get_item, contains=name_msg, Key=key, ProjectionExpression="#nope")
    assert _get(table, key) == orig


def test_reserved_word_needs_placeholder(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    orig = {"pk": "k", "status": "old", "a": 1}
    table.put_item(Item=orig)
    reserved = "Attribute name is a reserved keyword; reserved keyword: status"
    _expect(ctx, VE, table.update_item, contains=reserved, Key=key,
            UpdateExpression="SET status = :v", ExpressionAttributeValues={":v": "new"})
    _expect(ctx, VE, table.put_item, contains=reserved, Item={"pk": "k", "status": "new"},
            ConditionExpression="status = :v", ExpressionAttributeValues={":v": "old"})
    _expect(ctx, VE, table.get_item, contains=reserved, Key=key, ProjectionExpression="a, status")
    _expect(ctx, VE, table.update_item, contains="reserved keyword", Key=key,
            UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": 2},
            ConditionExpression="attribute_exists(name)")
    assert _get(table, key) == orig
    # through a placeholder it is fine
    table.update_item(Key=key, UpdateExpression="SET #s = :v", ConditionExpression="#s = :old",
                      ExpressionAttributeNames={"#s": "status"},
                      ExpressionAttributeValues={":v": "new", ":old": "old"})
    assert table.get_item(Key=key, ProjectionExpression="#s", ExpressionAttributeNames={"#s": "status"},
                          ConsistentRead=True)["Item"] == {"status": "new"}


def test_expression_syntax_errors(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    orig = {"pk": "k", "a": 1, "b": 2}
    table.put_item(Item=orig)
    syntax = "Syntax error; token:"
    for expr in ("SET a = = :v", "SET a :v", "SET a = :v,", "SETT a = :v", "SET a = :v REMOVE"):
        _expect(ctx, VE, table.update_item, contains=syntax, Key=key, UpdateExpression=expr,
                ExpressionAttributeValues={":v": 2})
    _expect(ctx, VE, table.update_item, contains=syntax, Key=key, UpdateExpression="SET a")
    _expect(ctx, VE, table.put_item, contains=syntax, Item={"pk": "k"},
            ConditionExpression="a = :v AND", ExpressionAttributeValues={":v": 1})
    _expect(ctx, VE, table.put_item, contains=syntax, Item={"pk": "k"},
            ConditionExpression="a == :v", ExpressionAttributeValues={":v": 1})
    _expect(ctx, VE, table.get_item, contains=syntax, Key=key, ProjectionExpression="a,,b")
    _expect(ctx, VE, table.update_item, contains="Invalid function name", Key=key,
            UpdateExpression="SET a = no_such_function(:v)", ExpressionAttributeValues={":v": 2})
    _expect(ctx, VE, table.update_item, Key=key, UpdateExpression="")
    assert _get(table, key) == orig


# ---------------------------------------------------------------------------
# key / value validation

def test_key_must_match_schema(ctx):
    name = ctx.table()
    c = ctx.ddb
    orig = {"pk": {"S": "k"}, "v": {"S": "x"}}
    c.put_item(TableName=name, Item=orig)
    bad_keys = [{"other": {"S": "k"}}, {"pk": {"N": "1"}}, {"pk": {"B": b"k"}},
                {"pk": {"S": "k"}, "extra": {"S": "e"}}]
    for key in bad_keys:
        _expect(ctx, VE, c.get_item, contains=KEY_SCHEMA_MSG, TableName=name, Key=key)
        _expect(ctx, VE, c.delete_item, contains=KEY_SCHEMA_MSG, TableName=name, Key=key)
        _expect(ctx, VE, c.update_item, contains=KEY_SCHEMA_MSG, TableName=name, Key=key,
                UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": {"S": "changed"}})
    _expect(ctx, VE, c.put_item, contains="Missing the key pk", TableName=name, Item={"v": {"S": "y"}})
    _expect(ctx, VE, c.put_item, contains="Type mismatch for key", TableName=name,
            Item={"pk": {"N": "1"}, "v": {"S": "y"}})
    assert _same_item(_raw_get(ctx, name, {"pk": {"S": "k"}}), orig)
    assert len(c.scan(TableName=name, ConsistentRead=True)["Items"]) == 1
    # a table with a sort key needs both parts
    cname = ctx.table(range_key=("sk", "N"), hint="keyschema-composite")
    c.put_item(TableName=cname, Item={"pk": {"S": "k"}, "sk": {"N": "1"}})
    _expect(ctx, VE, c.get_item, contains=KEY_SCHEMA_MSG, TableName=cname, Key={"pk": {"S": "k"}})
    _expect(ctx, VE, c.get_item, contains=KEY_SCHEMA_MSG, TableName=cname,
            Key={"pk": {"S": "k"}, "sk": {"S": "1"}})
    _expect(ctx, VE, c.put_item, contains="Missing the key sk", TableName=cname, Item={"pk": {"S": "k"}})
    assert c.get_item(TableName=cname, Key={"pk": {"S": "k"}, "sk": {"N": "1"}})["Item"]


def test_empty_key_values_rejected(ctx):
    c = ctx.ddb
    name = ctx.table()
    _expect(ctx, VE, c.put_item, contains="empty string", TableName=name, Item={"pk": {"S": ""}, "v": {"S": "x"}})
    _expect(ctx, VE, c.get_item, TableName=name, Key={"pk": {"S": ""}})
    _expect(ctx, VE, c.update_item, TableName=name, Key={"pk": {"S": ""}}, UpdateExpression="SET v = :v",
            ExpressionAttributeValues={":v": {"S": "x"}})
    cname = ctx.table(range_key=("sk", "S"), hint="emptykey-composite")
    _expect(ctx, VE, c.put_item, contains="empty string", TableName=cname,
            Item={"pk": {"S": "a"}, "sk": {"S": ""}})
    bname = ctx.table(hash_key=("pk", "B"), hint="emptykey-binary")
    _expect(ctx, VE, c.put_item, TableName=bname, Item={"pk": {"B": b""}})
    for t in (name, cname, bname):
        assert c.scan(TableName=t, ConsistentRead=True)["Items"] == []
    # empty strings and binaries are fine outside the key
    item = {"pk": {"S": "ok"}, "e": {"S": ""}, "eb": {"B": b""}, "m": {"M": {"e": {"S": ""}}},
            "l": {"L": [{"S": ""}]}}
    c.put_item(TableName=name, Item=item)
    assert _same_item(_raw_get(ctx, name, {"pk": {"S": "ok"}}), item)


def test_empty_sets_rejected(ctx):
    c = ctx.ddb
    name = ctx.table()
    key = {"pk": {"S": "k"}}
    orig = {"pk": {"S": "k"}, "v": {"S": "x"}}
    c.put_item(TableName=name, Item=orig)
    for av, words in (({"SS": []}, "may not be empty"), ({"NS": []}, "may not be empty"), ({"BS": []}, "empty")):
        _expect(ctx, VE, c.put_item, contains=words, TableName=name, Item={"pk": {"S": "k"}, "s": av})
        _expect(ctx, VE, c.put_item, contains=words, TableName=name,
                Item={"pk": {"S": "k"}, "m": {"M": {"inner": av}}})
        _expect(ctx, VE, c.update_item, contains=words, TableName=name, Key=key,
                UpdateExpression="SET s = :v", ExpressionAttributeValues={":v": av})
        assert _same_item(_raw_get(ctx, name, key), orig), av


def test_duplicate_set_elements_rejected(ctx):
    c = ctx.ddb
    name = ctx.table()
    key = {"pk": {"S": "k"}}
    orig = {"pk": {"S": "k"}, "v": {"S": "x"}}
    c.put_item(TableName=name, Item=orig)
    for av in ({"SS": ["a", "b", "a"]}, {"NS": ["1", "2", "1"]}, {"BS": [b"x", b"x"]}):
        _expect(ctx, VE, c.put_item, contains="contains duplicates", TableName=name,
                Item={"pk": {"S": "k"}, "s": av})
        _expect(ctx, VE, c.update_item, contains="contains duplicates", TableName=name, Key=key,
                UpdateExpression="SET s = :v", ExpressionAttributeValues={":v": av})
        _expect(ctx, VE, c.update_item, contains="contains duplicates", TableName=name, Key=key,
                UpdateExpression="ADD s2 :v", ExpressionAttributeValues={":v": av})
        assert _same_item(_raw_get(ctx, name, key), orig), av


def test_item_size_limit(ctx):
    name, table = _new(ctx)
    key = {"pk": "k"}
    table.put_item(Item={"pk": "k", "v": "small"})
    _expect(ctx, VE, table.put_item, contains="Item size has exceeded the maximum allowed size",
            Item={"pk": "k", "big": "x" * (400 * 1024)})
    _expect(ctx, VE, table.put_item, contains="Item size has exceeded the maximum allowed size",
            Item={"pk": "k", "a": "x" * (210 * 1024), "b": Binary(b"y" * (200 * 1024))})
    assert _get(table, key) == {"pk": "k", "v": "small"}
    # under the limit is fine
    near = "z" * (300 * 1024)
    table.put_item(Item={"pk": "k", "near": near})
    assert _get(table, key) == {"pk": "k", "near": near}
    # an update that would grow it past the limit is refused
    _expect(ctx, VE, table.update_item, contains="exceeded the maximum allowed size", Key=key,
            UpdateExpression="SET more = :v", ExpressionAttributeValues={":v": "m" * (150 * 1024)})
    assert _get(table, key) == {"pk": "k", "near": near}
