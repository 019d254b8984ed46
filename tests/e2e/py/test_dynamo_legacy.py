"""DynamoDB legacy (pre-expression) parameters: AttributesToGet, KeyConditions, QueryFilter,
ScanFilter, Expected, AttributeUpdates, ConditionalOperator; mixing them with expressions."""

from dynamo_helpers import _scan_all, _table  # noqa: E402


def _cond(op, *values):
    c = {"ComparisonOperator": op}
    if values:
        c["AttributeValueList"] = list(values)
    return c


def N(x):
    return {"N": str(x)}


def S(x):
    return {"S": x}


def _scan_keys(ddb, table, **kw):
    return sorted(i["pk"]["S"] for i in _scan_all(ddb, table, **kw))


ROWS = {
    "a": {"n": N(1), "s": S("apple"), "tags": {"SS": ["red", "green"]}, "opt": S("x")},
    "b": {"n": N(5), "s": S("banana"), "tags": {"SS": ["yellow"]}},
    "c": {"n": N(10), "s": S("cherry"), "tags": {"SS": ["red"]}, "opt": S("y")},
    "d": {"n": N(-3), "s": S("apricot"), "tags": {"SS": ["green"]}},
    "e": {"n": N("7.5"), "s": S("date"), "tags": {"SS": ["brown", "red"]}},
}


def _filled(ctx):
    ddb = ctx.ddb
    t = _table(ctx)
    for pk, attrs in ROWS.items():
        ddb.put_item(TableName=t, Item=dict(attrs, pk=S(pk)))
    return t


def test_get_item_and_scan_attributes_to_get(ctx):
    ddb = ctx.ddb
    t = _filled(ctx)
    res = ddb.get_item(TableName=t, Key={"pk": S("a")}, AttributesToGet=["s", "opt", "nothing"])
    assert res["Item"] == {"s": S("apple"), "opt": S("x")}
    res = ddb.get_item(TableName=t, Key={"pk": S("b")}, AttributesToGet=["opt"])
    assert res.get("Item") == {}, res
    res = ddb.scan(TableName=t, AttributesToGet=["pk", "n"])
    assert sorted((i["pk"]["S"], i["n"]["N"]) for i in res["Items"]) == \
        sorted((k, v["n"]["N"]) for k, v in ROWS.items())
    assert all(set(i) == {"pk", "n"} for i in res["Items"])
    res = ddb.scan(TableName=t, AttributesToGet=["s"], Select="SPECIFIC_ATTRIBUTES")
    assert sorted(i["s"]["S"] for i in res["Items"]) == sorted(v["s"]["S"] for v in ROWS.values())
    res = ddb.batch_get_item(RequestItems={t: {"Keys": [{"pk": S("c")}, {"pk": S("zz")}], "AttributesToGet": ["opt"]}})
    assert res["Responses"][t] == [{"opt": S("y")}]
    # Select ALL_ATTRIBUTES with AttributesToGet is contradictory
    ctx.expect_error("ValidationException", 400, ddb.scan, TableName=t, AttributesToGet=["s"], Select="ALL_ATTRIBUTES")


def test_scan_filter_comparison_operators(ctx):
    ddb = ctx.ddb
    t = _filled(ctx)

    def sf(**conds):
        return _scan_keys(ddb, t, ScanFilter=conds)

    assert sf(n=_cond("EQ", N(5))) == ["b"]
    assert sf(n=_cond("EQ", N("5.0"))) == ["b"]
    assert sf(s=_cond("EQ", S("cherry"))) == ["c"]
    assert sf(n=_cond("NE", N(5))) == ["a", "c", "d", "e"]
    assert sf(n=_cond("LT", N(5))) == ["a", "d"]
    assert sf(n=_cond("LE", N(5))) == ["a", "b", "d"]
    assert sf(n=_cond("GT", N(5))) == ["c", "e"]
    assert sf(n=_cond("GE", N(5))) == ["b", "c", "e"]
    assert sf(n=_cond("GE", N("7.5"))) == ["c", "e"]
    assert sf(s=_cond("LT", S("b"))) == ["a", "d"]
    assert sf(n=_cond("BETWEEN", N(1), N("7.5"))) == ["a", "b", "e"]
    assert sf(n=_cond("BETWEEN", N(-10), N(0))) == ["d"]
    assert sf(s=_cond("BETWEEN", S("b"), S("d"))) == ["b", "c"]
    assert sf(s=_cond("BEGINS_WITH", S("ap"))) == ["a", "d"]
    assert sf(s=_cond("BEGINS_WITH", S("z"))) == []
    assert sf(s=_cond("CONTAINS", S("an"))) == ["b"]
    assert sf(tags=_cond("CONTAINS", S("red"))) == ["a", "c", "e"]
    assert sf(tags=_cond("NOT_CONTAINS", S("red"))) == ["b", "d"]
    assert sf(s=_cond("NOT_CONTAINS", S("a"))) == ["c"]
    assert sf(opt=_cond("NOT_NULL")) == ["a", "c"]
    assert sf(opt=_cond("NULL")) == ["b", "d", "e"]
    assert sf(nothing=_cond("NULL")) == ["a", "b", "c", "d", "e"]
    assert sf(s=_cond("IN", S("apple"), S("date"), S("zzz"))) == ["a", "e"]
    assert sf(n=_cond("IN", N(10), N("-3"))) == ["c", "d"]
    # a comparison with a value of another type never matches
    assert sf(n=_cond("EQ", S("5"))) == []
    assert sf(s=_cond("GT", N(0))) == []
    # several conditions: AND by default, OR with ConditionalOperator
    assert sf(n=_cond("GT", N(0)), tags=_cond("CONTAINS", S("red"))) == ["a", "c", "e"]
    assert _scan_keys(ddb, t, ScanFilter={"n": _cond("LT", N(0)), "s": _cond("BEGINS_WITH", S("ch"))},
                      ConditionalOperator="OR") == ["c", "d"]
    assert _scan_keys(ddb, t, ScanFilter={"n": _cond("LT", N(0)), "s": _cond("BEGINS_WITH", S("ch"))},
                      ConditionalOperator="AND") == []
    # counts with a filter
    res = ddb.scan(TableName=t, ScanFilter={"opt": _cond("NOT_NULL")}, Select="COUNT")
    assert res["Count"] == 2 and res["ScannedCount"] == 5


def test_scan_filter_validation(ctx):
    ddb = ctx.ddb
    t = _filled(ctx)
    V = "ValidationException"
    for bad in (_cond("BETWEEN", N(1)), _cond("EQ", N(1), N(2)), _cond("EQ"), _cond("NULL", N(1)),
                _cond("BEGINS_WITH", N(1))):
        ctx.expect_error(V, 400, ddb.scan, TableName=t, ScanFilter={"n": bad})


def test_query_key_conditions_and_query_filter(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "S"))
    for sk in ("a1", "a2", "b1", "b2", "c1"):
        ddb.put_item(TableName=t, Item={"pk": S("p"), "sk": S(sk), "n": N(int(sk[1]) * (ord(sk[0]) - 96)),
                                        "odd": {"BOOL": sk[1] == "1"}})
    ddb.put_item(TableName=t, Item={"pk": S("q"), "sk": S("a1")})

    def query(sk_cond=None, **kw):
        kc = {"pk": _cond("EQ", S("p"))}
        if sk_cond:
            kc["sk"] = sk_cond
        res = ddb.query(TableName=t, KeyConditions=kc, **kw)
        assert "LastEvaluatedKey" not in res or "Limit" in kw
        return [i["sk"]["S"] for i in res["Items"] if "sk" in i], res

    assert query()[0] == ["a1", "a2", "b1", "b2", "c1"]
    assert query(_cond("EQ", S("b1")))[0] == ["b1"]
    assert query(_cond("BEGINS_WITH", S("a")))[0] == ["a1", "a2"]
    assert query(_cond("BETWEEN", S("a2"), S("b2")))[0] == ["a2", "b1", "b2"]
    assert query(_cond("GE", S("b")))[0] == ["b1", "b2", "c1"]
    assert query(_cond("GT", S("b1")))[0] == ["b2", "c1"]
    assert query(_cond("LT", S("b")))[0] == ["a1", "a2"]
    assert query(_cond("LE", S("b1")))[0] == ["a1", "a2", "b1"]
    assert query(_cond("GE", S("a")), ScanIndexForward=False)[0] == ["c1", "b2", "b1", "a2", "a1"]
    # QueryFilter on non-key attributes, with counts
    sks, res = query(QueryFilter={"odd": _cond("EQ", {"BOOL": True})})
    assert sks == ["a1", "b1", "c1"] and res["Count"] == 3 and res["ScannedCount"] == 5
    # n: a1=1 a2=2 b1=2 b2=4 c1=3
    sks, _ = query(QueryFilter={"odd": _cond("EQ", {"BOOL": True}), "n": _cond("GE", N(3))}, ConditionalOperator="OR")
    assert sks == ["a1", "b1", "b2", "c1"]
    sks, _ = query(QueryFilter={"odd": _cond("EQ", {"BOOL": True}), "n": _cond("GE", N(3))})
    assert sks == ["c1"]
    # AttributesToGet in a query
    _, res = query(_cond("EQ", S("a2")), AttributesToGet=["n"], Select="SPECIFIC_ATTRIBUTES")
    assert res["Items"] == [{"n": N(2)}]
    _, res = query(_cond("EQ", S("a2")), AttributesToGet=["sk", "n"])
    assert res["Items"] == [{"sk": S("a2"), "n": N(2)}]
    # paging with KeyConditions
    sks, res = query(Limit=2)
    assert sks == ["a1", "a2"] and res["LastEvaluatedKey"] == {"pk": S("p"), "sk": S("a2")}
    res = ddb.query(TableName=t, KeyConditions={"pk": _cond("EQ", S("p"))}, Limit=2,
                    ExclusiveStartKey=res["LastEvaluatedKey"])
    assert [i["sk"]["S"] for i in res["Items"]] == ["b1", "b2"]
    V = "ValidationException"
    # the hash key needs EQ; key conditions only on key attributes; a QueryFilter not on keys
    ctx.expect_error(V, 400, ddb.query, TableName=t, KeyConditions={"pk": _cond("GT", S("a"))})
    ctx.expect_error(V, 400, ddb.query, TableName=t, KeyConditions={"sk": _cond("EQ", S("a1"))})
    ctx.expect_error(V, 400, ddb.query, TableName=t,
                     KeyConditions={"pk": _cond("EQ", S("p")), "n": _cond("EQ", N(1))})
    ctx.expect_error(V, 400, ddb.query, TableName=t, KeyConditions={"pk": _cond("EQ", S("p")),
                                                                    "sk": _cond("CONTAINS", S("a"))})
    ctx.expect_error(V, 400, ddb.query, TableName=t, KeyConditions={"pk": _cond("EQ", S("p"))},
                     QueryFilter={"sk": _cond("EQ", S("a1"))})


def test_put_and_delete_with_expected(ctx):
    ddb = ctx.ddb
    t = _table(ctx)
    CCF = "ConditionalCheckFailedException"
    ddb.put_item(TableName=t, Item={"pk": S("k"), "v": N(1)}, Expected={"pk": {"Exists": False}})
    ctx.expect_error(CCF, 400, ddb.put_item, TableName=t, Item={"pk": S("k"), "v": N(99)},
                     Expected={"pk": {"Exists": False}})
    # Value alone implies Exists true
    ddb.put_item(TableName=t, Item={"pk": S("k"), "v": N(2)}, Expected={"v": {"Value": N(1)}})
    ctx.expect_error(CCF, 400, ddb.put_item, TableName=t, Item={"pk": S("k"), "v": N(99)},
                     Expected={"v": {"Value": N(1)}})
    ddb.put_item(TableName=t, Item={"pk": S("k"), "v": N(3)}, Expected={"v": {"Value": N(2), "Exists": True}})
    # ComparisonOperator form
    ddb.put_item(TableName=t, Item={"pk": S("k"), "v": N(4), "s": S("hello")},
                 Expected={"v": _cond("GT", N(2)), "s": _cond("NULL")})
    ctx.expect_error(CCF, 400, ddb.put_item, TableName=t, Item={"pk": S("k"), "v": N(99)},
                     Expected={"v": _cond("LT", N(4))})
    ddb.put_item(TableName=t, Item={"pk": S("k"), "v": N(5), "s": S("hello")},
                 Expected={"s": _cond("BEGINS_WITH", S("he")), "v": _cond("BETWEEN", N(4), N(4))})
    # several expectations: AND by default, OR with ConditionalOperator
    exp = {"v": {"Value": N(5)}, "s": {"Value": S("nope")}}
    ctx.expect_error(CCF, 400, ddb.put_item, TableName=t, Item={"pk": S("k"), "v": N(99)}, Expected=exp)
    ddb.put_item(TableName=t, Item={"pk": S("k"), "v": N(6)}, Expected=exp, ConditionalOperator="OR")
    assert ddb.get_item(TableName=t, Key={"pk": S("k")})["Item"] == {"pk": S("k"), "v": N(6)}
    # ReturnValues works with Expected
    res = ddb.put_item(TableName=t, Item={"pk": S("k"), "v": N(7)}, Expected={"v": {"Exists": True, "Value": N(6)}},
                       ReturnValues="ALL_OLD")
    assert res["Attributes"] == {"pk": S("k"), "v": N(6)}
    # DeleteItem with Expected
    ctx.expect_error(CCF, 400, ddb.delete_item, TableName=t, Key={"pk": S("k")}, Expected={"v": {"Value": N(1)}})
    ctx.expect_error(CCF, 400, ddb.delete_item, TableName=t, Key={"pk": S("k")}, Expected={"v": {"Exists": False}})
    ctx.expect_error(CCF, 400, ddb.delete_item, TableName=t, Key={"pk": S("missing")},
                     Expected={"pk": {"Exists": True, "Value": S("missing")}})
    ddb.delete_item(TableName=t, Key={"pk": S("k")}, Expected={"v": _cond("IN", N(1), N(7))})
    assert "Item" not in ddb.get_item(TableName=t, Key={"pk": S("k")})
    V = "ValidationException"
    # Exists true needs a Value; Exists false takes none; Value and ComparisonOperator do not mix
    ctx.expect_error(V, 400, ddb.put_item, TableName=t, Item={"pk": S("z")}, Expected={"v": {"Exists": True}})
    ctx.expect_error(V, 400, ddb.put_item, TableName=t, Item={"pk": S("z")},
                     Expected={"v": {"Exists": False, "Value": N(1)}})
    ctx.expect_error(V, 400, ddb.put_item, TableName=t, Item={"pk": S("z")},
                     Expected={"v": {"Value": N(1), "ComparisonOperator": "EQ", "AttributeValueList": [N(1)]}})
    assert "Item" not in ddb.get_item(TableName=t, Key={"pk": S("z")})


def test_update_item_attribute_updates(ctx):
    ddb = ctx.ddb
    t = _table(ctx)
    key = {"pk": S("u")}
    # ADD on a missing item creates it
    res = ddb.update_item(TableName=t, Key=key, ReturnValues="ALL_NEW", AttributeUpdates={
        "count": {"Action": "ADD", "Value": N(5)},
        "tags": {"Action": "ADD", "Value": {"SS": ["a", "b"]}},
        "name": {"Action": "PUT", "Value": S("first")},
    })
    a = res["Attributes"]
    assert a["pk"] == S("u") and a["count"] == N(5) and a["name"] == S("first")
    assert sorted(a["tags"]["SS"]) == ["a", "b"]
    # ADD increments, ADD to a set unions, DELETE from a set removes, DELETE without a value removes the attribute,
    # PUT is the default action
    ddb.update_item(TableName=t, Key=key, AttributeUpdates={"gone": {"Value": S("soon")}, "n2": {"Value": N(1)}})
    res = ddb.update_item(TableName=t, Key=key, ReturnValues="UPDATED_OLD", AttributeUpdates={
        "count": {"Action": "ADD", "Value": N(-2)},
        "tags": {"Action": "ADD", "Value": {"SS": ["c"]}},
        "gone": {"Action": "DELETE"},
        "name": {"Action": "PUT", "Value": S("second")},
    })
    old = res["Attributes"]
    assert old["count"] == N(5) and old["name"] == S("first") and old["gone"] == S("soon")
    ddb.update_item(TableName=t, Key=key, AttributeUpdates={"tags": {"Action": "DELETE", "Value": {"SS": ["a", "zz"]}}})
    item = ddb.get_item(TableName=t, Key=key)["Item"]
    assert item["count"] == N(3) and item["name"] == S("second") and "gone" not in item
    assert sorted(item["tags"]["SS"]) == ["b", "c"]
    # deleting every element of a set removes the attribute
    ddb.update_item(TableName=t, Key=key, AttributeUpdates={"tags": {"Action": "DELETE", "Value": {"SS": ["b", "c"]}}})
    assert "tags" not in ddb.get_item(TableName=t, Key=key)["Item"]
    # with Expected
    ctx.expect_error("ConditionalCheckFailedException", 400, ddb.update_item, TableName=t, Key=key,
                     AttributeUpdates={"count": {"Action": "ADD", "Value": N(100)}},
                     Expected={"count": _cond("GT", N(10))})
    res = ddb.update_item(TableName=t, Key=key, AttributeUpdates={"count": {"Action": "ADD", "Value": N(100)}},
                          Expected={"count": {"Value": N(3)}, "name": {"Exists": False}}, ConditionalOperator="OR",
                          ReturnValues="UPDATED_NEW")
    assert res["Attributes"] == {"count": N(103)}
    # PUT on a missing item creates it
    ddb.update_item(TableName=t, Key={"pk": S("new")}, AttributeUpdates={"x": {"Action": "PUT", "Value": S("y")}})
    assert ddb.get_item(TableName=t, Key={"pk": S("new")})["Item"] == {"pk": S("new"), "x": S("y")}
    V = "ValidationException"
    # key attributes cannot be updated; ADD needs a number or set; DELETE with a value needs a set
    ctx.expect_error(V, 400, ddb.update_item, TableName=t, Key=key, AttributeUpdates={"pk": {"Value": S("other")}})
    ctx.expect_error(V, 400, ddb.update_item, TableName=t, Key=key,
                     AttributeUpdates={"name": {"Action": "ADD", "Value": S("x")}})
    ctx.expect_error(V, 400, ddb.update_item, TableName=t, Key=key,
                     AttributeUpdates={"count": {"Action": "DELETE", "Value": N(1)}})
    ctx.expect_error(V, 400, ddb.update_item, TableName=t, Key=key, AttributeUpdates={"name": {"Action": "PUT"}})


def test_mixing_legacy_and_expression_parameters(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "S"))
    ddb.put_item(TableName=t, Item={"pk": S("p"), "sk": S("s"), "v": N(1)})
    key = {"pk": S("p"), "sk": S("s")}
    V = "ValidationException"
    e = ctx.expect_error(V, 400, ddb.get_item, TableName=t, Key=key, AttributesToGet=["v"], ProjectionExpression="v")
    msg = e.response["Error"]["Message"]
    assert msg.startswith("Can not use both expression and non-expression parameters in the same request"), msg
    assert "AttributesToGet" in msg and "ProjectionExpression" in msg, msg
    kc = {"pk": _cond("EQ", S("p"))}
    kce = dict(KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("p")})
    cases = [
        (ddb.query, dict(TableName=t, KeyConditions=kc, **kce)),
        (ddb.query, dict(TableName=t, QueryFilter={"v": _cond("EQ", N(1))}, **kce)),
        (ddb.query, dict(TableName=t, KeyConditions=kc, FilterExpression="v = :one",
                         ExpressionAttributeValues={":one": N(1)})),
        (ddb.query, dict(TableName=t, AttributesToGet=["v"], ProjectionExpression="v", **kce)),
        (ddb.query, dict(TableName=t, ConditionalOperator="OR", FilterExpression="v = :one",
                         KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("p"), ":one": N(1)})),
        (ddb.scan, dict(TableName=t, ScanFilter={"v": _cond("EQ", N(1))}, FilterExpression="v = :one",
                        ExpressionAttributeValues={":one": N(1)})),
        (ddb.scan, dict(TableName=t, AttributesToGet=["v"], ProjectionExpression="v")),
        (ddb.put_item, dict(TableName=t, Item=dict(key, v=N(2)), Expected={"v": {"Value": N(1)}},
                            ConditionExpression="v = :one", ExpressionAttributeValues={":one": N(1)})),
        (ddb.delete_item, dict(TableName=t, Key=key, Expected={"v": {"Value": N(1)}},
                               ConditionExpression="attribute_exists(v)")),
        (ddb.update_item, dict(TableName=t, Key=key, AttributeUpdates={"v": {"Value": N(2)}},
                               UpdateExpression="SET w = :w", ExpressionAttributeValues={":w": N(2)})),
        (ddb.update_item, dict(TableName=t, Key=key, AttributeUpdates={"v": {"Value": N(2)}},
                               ConditionExpression="attribute_exists(v)")),
        (ddb.update_item, dict(TableName=t, Key=key, Expected={"v": {"Value": N(1)}},
                               UpdateExpression="SET w = :w", ExpressionAttributeValues={":w": N(2)})),
        # expression attribute names/values without any expression
        (ddb.get_item, dict(TableName=t, Key=key, AttributesToGet=["v"], ExpressionAttributeNames={"#v": "v"})),
        (ddb.scan, dict(TableName=t, ScanFilter={"v": _cond("EQ", N(1))}, ExpressionAttributeValues={":one": N(1)})),
    ]
    for fn, kw in cases:
        ctx.expect_error(V, 400, fn, **kw)
    assert ddb.get_item(TableName=t, Key=key)["Item"] == {"pk": S("p"), "sk": S("s"), "v": N(1)}, "nothing changed"
