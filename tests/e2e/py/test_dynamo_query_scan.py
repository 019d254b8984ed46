"""DynamoDB Query and Scan: key conditions on S/N/B sort keys, filters, order, paging, Select,
projections, parallel scan, the 1 MB page limit and validation errors."""

import random
from decimal import Decimal
from dynamo_helpers import _table# noqa: E402


def _put_all(ddb, table, items):
    for it in items:
        ddb.put_item(TableName=table, Item=it)


def _query(ddb, table, kce, values, names=None, **kw):
    """One Query call that must be the whole result (no LastEvaluatedKey)."""
    kw = dict(kw)
    if names:
        kw["ExpressionAttributeNames"] = names
    res = ddb.query(TableName=table, KeyConditionExpression=kce, ExpressionAttributeValues=values, **kw)
    assert "LastEvaluatedKey" not in res, res.get("LastEvaluatedKey")
    assert res["Count"] == len(res["Items"])
    return res["Items"]


def _page_all(fn, **kw):
    """Call fn (query or scan) with ExclusiveStartKey until there is no LastEvaluatedKey.
    Returns (items, pages)."""
    items, pages, start = [], [], None
    for _ in range(1000):
        call = dict(kw)
        if start is not None:
            call["ExclusiveStartKey"] = start
        res = fn(**call)
        pages.append(res)
        assert res["Count"] == len(res.get("Items", []))
        items.extend(res.get("Items", []))
        start = res.get("LastEvaluatedKey")
        if not start:
            return items, pages
    raise AssertionError("paging did not end after 1000 pages")


def _s(items, attr="sk"):
    return [it[attr]["S"] for it in items]


def _n(items, attr="sk"):
    return [Decimal(it[attr]["N"]) for it in items]


def _b(items, attr="sk"):
    return [bytes(it[attr]["B"]) for it in items]


def _key_of(it):
    return tuple(sorted((k, repr(v)) for k, v in it.items() if k in ("pk", "sk")))


# ---------------------------------------------------------------------------
# Key conditions

STR_SKS = ["a", "ab", "abc", "abd", "b", "ba", "c", "d"]


def test_query_string_sort_key_conditions(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "S"))
    order = list(STR_SKS)
    random.shuffle(order)
    for sk in order:
        ddb.put_item(TableName=t, Item={"pk": {"S": "p"}, "sk": {"S": sk}, "v": {"S": "p-" + sk}})
        # a neighbouring partition whose items must never leak into queries on "p"
        ddb.put_item(TableName=t, Item={"pk": {"S": "p2"}, "sk": {"S": sk}})
    ddb.put_item(TableName=t, Item={"pk": {"S": "o"}, "sk": {"S": "a"}})

    def q(cond, **vals):
        values = {":p": {"S": "p"}}
        values.update({":" + k: {"S": v} for k, v in vals.items()})
        items = _query(ddb, t, "pk = :p" + (" AND " + cond if cond else ""), values)
        assert all(it["pk"] == {"S": "p"} for it in items)
        return _s(items)

    assert q("") == STR_SKS
    assert q("sk = :v", v="abc") == ["abc"]
    assert q("sk = :v", v="zz") == []
    assert q("sk < :v", v="b") == ["a", "ab", "abc", "abd"]
    assert q("sk <= :v", v="b") == ["a", "ab", "abc", "abd", "b"]
    assert q("sk > :v", v="b") == ["ba", "c", "d"]
    assert q("sk >= :v", v="b") == ["b", "ba", "c", "d"]
    assert q("sk BETWEEN :lo AND :hi", lo="ab", hi="b") == ["ab", "abc", "abd", "b"]
    assert q("sk BETWEEN :lo AND :hi", lo="abc", hi="abc") == ["abc"]
    assert q("begins_with(sk, :v)", v="ab") == ["ab", "abc", "abd"]
    assert q("begins_with(sk, :v)", v="b") == ["b", "ba"]
    assert q("begins_with(sk, :v)", v="x") == []
    # operands may be written the other way round and through attribute-name placeholders
    items = _query(ddb, t, "#h = :p AND #r > :v", {":p": {"S": "p"}, ":v": {"S": "c"}},
                   names={"#h": "pk", "#r": "sk"})
    assert _s(items) == ["d"]
    items = _query(ddb, t, ":p = pk AND :v < sk", {":p": {"S": "p"}, ":v": {"S": "c"}})
    assert _s(items) == ["d"]
    # whole items come back
    items = _query(ddb, t, "pk = :p AND sk = :s", {":p": {"S": "p"}, ":s": {"S": "ba"}})
    assert items == [{"pk": {"S": "p"}, "sk": {"S": "ba"}, "v": {"S": "p-ba"}}]
    # another partition
    assert _s(_query(ddb, t, "pk = :p", {":p": {"S": "o"}})) == ["a"]
    assert _query(ddb, t, "pk = :p", {":p": {"S": "nothing"}}) == []


NUMS = ["-10", "-1.5", "0", "2", "10", "100"]


def test_query_number_sort_key_numeric_order(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "N"))
    order = list(NUMS)
    random.shuffle(order)
    for n in order:
        ddb.put_item(TableName=t, Item={"pk": {"S": "p"}, "sk": {"N": n}})
    ddb.put_item(TableName=t, Item={"pk": {"S": "other"}, "sk": {"N": "5"}})

    def q(cond, **vals):
        values = {":p": {"S": "p"}}
        values.update({":" + k: {"N": v} for k, v in vals.items()})
        return _n(_query(ddb, t, "pk = :p" + (" AND " + cond if cond else ""), values))

    D = Decimal
    want = [D(x) for x in NUMS]
    assert q("") == want, "numbers sort numerically (not as strings)"
    assert q("sk = :v", v="-1.5") == [D("-1.5")]
    assert q("sk = :v", v="2.0") == [D("2")], "2.0 and 2 are the same number"
    assert q("sk < :v", v="0") == [D("-10"), D("-1.5")]
    assert q("sk <= :v", v="2") == [D("-10"), D("-1.5"), D("0"), D("2")]
    assert q("sk > :v", v="-1.5") == [D("0"), D("2"), D("10"), D("100")]
    assert q("sk >= :v", v="10") == [D("10"), D("100")]
    assert q("sk > :v", v="-2") == [D("-1.5"), D("0"), D("2"), D("10"), D("100")]
    assert q("sk < :v", v="-1.4") == [D("-10"), D("-1.5")]
    assert q("sk BETWEEN :lo AND :hi", lo="-2", hi="10") == [D("-1.5"), D("0"), D("2"), D("10")]
    assert q("sk BETWEEN :lo AND :hi", lo="-10", hi="-10") == [D("-10")]
    assert q("sk BETWEEN :lo AND :hi", lo="3", hi="9.99") == []
    assert q("sk > :v", v="1e2") == []
    assert q("sk >= :v", v="1e2") == [D("100")]
    res = ddb.query(TableName=t, KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"S": "p"}}, ScanIndexForward=False)
    assert _n(res["Items"]) == list(reversed(want))


BINS = [b"\x00", b"\x00\x01", b"\x01\x02", b"\x01\x02\x03", b"\x01\xff", b"\x7f", b"\x80", b"\xfe\x00",
        b"\xff"]


def test_query_binary_sort_key(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "B"))
    order = list(BINS)
    random.shuffle(order)
    for v in order:
        ddb.put_item(TableName=t, Item={"pk": {"S": "p"}, "sk": {"B": v}})

    def q(cond, **vals):
        values = {":p": {"S": "p"}}
        values.update({":" + k: {"B": v} for k, v in vals.items()})
        return _b(_query(ddb, t, "pk = :p" + (" AND " + cond if cond else ""), values))

    assert q("") == BINS, "binary sorts as unsigned bytes"
    assert q("sk = :v", v=b"\x01\x02") == [b"\x01\x02"]
    assert q("sk < :v", v=b"\x01") == [b"\x00", b"\x00\x01"]
    assert q("sk <= :v", v=b"\x01\x02") == [b"\x00", b"\x00\x01", b"\x01\x02"]
    assert q("sk > :v", v=b"\x7f") == [b"\x80", b"\xfe\x00", b"\xff"], "0x80 and above are not negative"
    assert q("sk >= :v", v=b"\xfe") == [b"\xfe\x00", b"\xff"]
    assert q("sk BETWEEN :lo AND :hi", lo=b"\x01", hi=b"\x7f") == [b"\x01\x02", b"\x01\x02\x03", b"\x01\xff",
                                                                   b"\x7f"]
    assert q("begins_with(sk, :v)", v=b"\x01") == [b"\x01\x02", b"\x01\x02\x03", b"\x01\xff"]
    assert q("begins_with(sk, :v)", v=b"\x01\x02") == [b"\x01\x02", b"\x01\x02\x03"]
    assert q("begins_with(sk, :v)", v=b"\x00") == [b"\x00", b"\x00\x01"]
    res = ddb.query(TableName=t, KeyConditionExpression="pk = :p", ScanIndexForward=False,
                    ExpressionAttributeValues={":p": {"S": "p"}})
    assert _b(res["Items"]) == list(reversed(BINS))


def test_query_number_partition_key(ctx):
    ddb = ctx.ddb
    t = _table(ctx, hash_key=("id", "N"))
    for i in ("1", "1.5", "-3", "100"):
        ddb.put_item(TableName=t, Item={"id": {"N": i}, "v": {"S": "v" + i}})
    items = _query(ddb, t, "id = :i", {":i": {"N": "1.50"}})
    assert [it["v"]["S"] for it in items] == ["v1.5"]
    items = _query(ddb, t, "id = :i", {":i": {"N": "-3"}})
    assert [it["v"]["S"] for it in items] == ["v-3"]
    assert _query(ddb, t, "id = :i", {":i": {"N": "2"}}) == []


# ---------------------------------------------------------------------------
# Filters, order, Select, projections

def _numbered(ddb, t, n, pk="p"):
    items = []
    for i in range(n):
        it = {"pk": {"S": pk}, "sk": {"S": "k%03d" % i}, "i": {"N": str(i)},
              "odd": {"BOOL": i % 2 == 1}, "tag": {"S": "t%d" % (i % 3)}}
        items.append(it)
    order = list(items)
    random.shuffle(order)
    _put_all(ddb, t, order)
    return items


def test_query_filter_expression_and_counts(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "S"))
    _numbered(ddb, t, 10)
    res = ddb.query(TableName=t, KeyConditionExpression="pk = :p", FilterExpression="odd = :t",
                    ExpressionAttributeValues={":p": {"S": "p"}, ":t": {"BOOL": True}})
    assert _s(res["Items"]) == ["k001", "k003", "k005", "k007", "k009"]
    assert res["Count"] == 5 and res["ScannedCount"] == 10
    # filter with functions and boolean logic, key condition narrowing the range first
    res = ddb.query(TableName=t, KeyConditionExpression="pk = :p AND sk >= :from",
                    FilterExpression="(#t IN (:t0, :t1) AND i > :two) OR attribute_not_exists(nothing_here) "
                                     "AND i = :nine",
                    ExpressionAttributeNames={"#t": "tag"},
                    ExpressionAttributeValues={":p": {"S": "p"}, ":from": {"S": "k002"},
                                               ":t0": {"S": "t0"}, ":t1": {"S": "t1"},
                                               ":two": {"N": "2"}, ":nine": {"N": "9"}})
    # i in 2..9; tag t0/t1 and i > 2 -> 3,4,6,7,9; OR (i = 9)
    assert _s(res["Items"]) == ["k003", "k004", "k006", "k007", "k009"]
    assert res["ScannedCount"] == 8 and res["Count"] == 5
    # nothing matches the filter: no items, but the scan still counted them
    res = ddb.query(TableName=t, KeyConditionExpression="pk = :p", FilterExpression="i > :big",
                    ExpressionAttributeValues={":p": {"S": "p"}, ":big": {"N": "1000"}})
    assert res["Items"] == [] and res["Count"] == 0 and res["ScannedCount"] == 10


def test_query_scan_index_forward_false(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "S"))
    items = _numbered(ddb, t, 12)
    res = ddb.query(TableName=t, KeyConditionExpression="pk = :p", ScanIndexForward=False,
                    ExpressionAttributeValues={":p": {"S": "p"}})
    assert _s(res["Items"]) == list(reversed(_s(items)))
    # descending with a range condition and a limit: the highest keys first
    res = ddb.query(TableName=t, KeyConditionExpression="pk = :p AND sk < :s", ScanIndexForward=False,
                    Limit=3, ExpressionAttributeValues={":p": {"S": "p"}, ":s": {"S": "k008"}})
    assert _s(res["Items"]) == ["k007", "k006", "k005"]
    assert res["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"S": "k005"}}
    res = ddb.query(TableName=t, KeyConditionExpression="pk = :p AND sk < :s", ScanIndexForward=False,
                    Limit=3, ExclusiveStartKey=res["LastEvaluatedKey"],
                    ExpressionAttributeValues={":p": {"S": "p"}, ":s": {"S": "k008"}})
    assert _s(res["Items"]) == ["k004", "k003", "k002"]


def test_query_limit_paging(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "S"))
    items = _numbered(ddb, t, 23)
    _numbered(ddb, t, 4, pk="zz")
    for fwd in (True, False):
        got, pages = _page_all(ddb.query, TableName=t, KeyConditionExpression="pk = :p", Limit=5,
                               ScanIndexForward=fwd, ExpressionAttributeValues={":p": {"S": "p"}})
        want = _s(items) if fwd else list(reversed(_s(items)))
        assert _s(got) == want, "paged union must equal the full result in order"
        assert len(set(_s(got))) == len(got), "no duplicates across pages"
        assert len(pages) in (5, 6), len(pages)
        for p in pages[:4]:
            assert p["Count"] == 5 and p["ScannedCount"] == 5
            lek = p["LastEvaluatedKey"]
            assert set(lek) == {"pk", "sk"}, "LastEvaluatedKey holds only the key attributes"
            assert lek == {"pk": p["Items"][-1]["pk"], "sk": p["Items"][-1]["sk"]}
        assert pages[4]["Count"] == 3
    # Limit is applied before the filter: a page may hold fewer matches than Limit
    got, pages = _page_all(ddb.query, TableName=t, KeyConditionExpression="pk = :p", Limit=4,
                           FilterExpression="odd = :t",
                           ExpressionAttributeValues={":p": {"S": "p"}, ":t": {"BOOL": True}})
    assert _s(got) == ["k%03d" % i for i in range(1, 23, 2)]
    assert all(p["ScannedCount"] <= 4 for p in pages)
    assert all(p["Count"] <= 2 for p in pages)
    assert sum(p["ScannedCount"] for p in pages) == 23
    # Limit larger than the result: one page, no LastEvaluatedKey
    res = ddb.query(TableName=t, KeyConditionExpression="pk = :p", Limit=100,
                    ExpressionAttributeValues={":p": {"S": "p"}})
    assert res["Count"] == 23 and "LastEvaluatedKey" not in res


def test_query_select_count(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "S"))
    _numbered(ddb, t, 9)
    res = ddb.query(TableName=t, KeyConditionExpression="pk = :p", Select="COUNT",
                    ExpressionAttributeValues={":p": {"S": "p"}})
    assert res["Count"] == 9 and res["ScannedCount"] == 9
    assert "Items" not in res, "Select COUNT returns no Items"
    res = ddb.query(TableName=t, KeyConditionExpression="pk = :p", Select="COUNT",
                    FilterExpression="odd = :f",
                    ExpressionAttributeValues={":p": {"S": "p"}, ":f": {"BOOL": False}})
    assert res["Count"] == 5 and res["ScannedCount"] == 9 and "Items" not in res
    res = ddb.query(TableName=t, KeyConditionExpression="pk = :p", Select="COUNT", Limit=4,
                    ExpressionAttributeValues={":p": {"S": "p"}})
    assert res["Count"] == 4 and res["ScannedCount"] == 4 and "LastEvaluatedKey" in res
    res = ddb.scan(TableName=t, Select="COUNT")
    assert res["Count"] == 9 and res["ScannedCount"] == 9 and "Items" not in res
    res = ddb.scan(TableName=t, Select="COUNT", FilterExpression="i >= :n",
                   ExpressionAttributeValues={":n": {"N": "7"}})
    assert res["Count"] == 2 and res["ScannedCount"] == 9


def test_query_projection_expression(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "S"))
    full = {"pk": {"S": "p"}, "sk": {"S": "s1"}, "name": {"S": "widget"}, "price": {"N": "9.5"},
            "nested": {"M": {"a": {"N": "1"}, "b": {"N": "2"}, "deep": {"M": {"x": {"S": "X"}}}}},
            "lst": {"L": [{"S": "zero"}, {"S": "one"}, {"S": "two"}]},
            "tags": {"SS": ["red", "blue"]}}
    ddb.put_item(TableName=t, Item=full)
    ddb.put_item(TableName=t, Item={"pk": {"S": "p"}, "sk": {"S": "s2"}, "price": {"N": "1"}})

    items = _query(ddb, t, "pk = :p", {":p": {"S": "p"}}, ProjectionExpression="sk, price")
    assert items == [{"sk": {"S": "s1"}, "price": {"N": "9.5"}}, {"sk": {"S": "s2"}, "price": {"N": "1"}}]
    # keys are not added unless asked for; missing attributes are simply absent
    items = _query(ddb, t, "pk = :p", {":p": {"S": "p"}}, ProjectionExpression="#n, tags",
                   names={"#n": "name"})
    assert len(items) == 2 and items[1] == {}, items
    assert set(items[0]) == {"name", "tags"} and items[0]["name"] == {"S": "widget"}
    assert sorted(items[0]["tags"]["SS"]) == ["blue", "red"]
    # document paths
    items = _query(ddb, t, "pk = :p AND sk = :s", {":p": {"S": "p"}, ":s": {"S": "s1"}},
                   ProjectionExpression="nested.a, nested.deep.x, lst[1], pk")
    assert items == [{"pk": {"S": "p"}, "nested": {"M": {"a": {"N": "1"}, "deep": {"M": {"x": {"S": "X"}}}}},
                      "lst": {"L": [{"S": "one"}]}}], items
    # Select SPECIFIC_ATTRIBUTES together with a projection is the same thing
    items = _query(ddb, t, "pk = :p", {":p": {"S": "p"}}, ProjectionExpression="price",
                   Select="SPECIFIC_ATTRIBUTES")
    assert items == [{"price": {"N": "9.5"}}, {"price": {"N": "1"}}]
    # Scan honours it too
    res = ddb.scan(TableName=t, ProjectionExpression="sk")
    assert sorted(_s(res["Items"])) == ["s1", "s2"] and all(set(i) == {"sk"} for i in res["Items"])


# ---------------------------------------------------------------------------
# Scan

def test_scan_filter_limit_paging(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "S"))
    all_items = []
    for pk in ("a", "b", "c", "d"):
        all_items += _numbered(ddb, t, 11, pk=pk)
    res = ddb.scan(TableName=t)
    assert res["Count"] == 44 and res["ScannedCount"] == 44 and "LastEvaluatedKey" not in res
    assert sorted(_key_of(i) for i in res["Items"]) == sorted(_key_of(i) for i in all_items)

    got, pages = _page_all(ddb.scan, TableName=t, Limit=6)
    assert len(got) == 44 and len({_key_of(i) for i in got}) == 44, "no duplicates, nothing lost"
    assert all(p["ScannedCount"] <= 6 for p in pages)
    assert len(pages) in (8, 9)
    for p in pages:
        if "LastEvaluatedKey" in p:
            assert set(p["LastEvaluatedKey"]) == {"pk", "sk"}

    want = sorted(_key_of(i) for i in all_items if int(i["i"]["N"]) % 3 == 0 or i["pk"]["S"] == "d")
    got, pages = _page_all(ddb.scan, TableName=t, Limit=7,
                           FilterExpression="tag = :t0 OR pk = :d",
                           ExpressionAttributeValues={":t0": {"S": "t0"}, ":d": {"S": "d"}})
    assert sorted(_key_of(i) for i in got) == want
    assert sum(p["ScannedCount"] for p in pages) == 44
    assert sum(p["Count"] for p in pages) == len(want)


def test_parallel_scan_segments(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "S"))
    all_items = []
    for n in range(30):
        all_items += _numbered(ddb, t, 2, pk="part-%02d" % n)
    everything = sorted(_key_of(i) for i in all_items)
    for total in (1, 2, 4, 7):
        segs = []
        for seg in range(total):
            got, _ = _page_all(ddb.scan, TableName=t, Segment=seg, TotalSegments=total, Limit=5)
            segs.append([_key_of(i) for i in got])
        union = sorted(k for s in segs for k in s)
        assert union == everything, "union of %d segments is the table" % total
        for a in range(total):
            for b in range(a + 1, total):
                assert not set(segs[a]) & set(segs[b]), "segments %d and %d overlap" % (a, b)
    # a filter within a segment
    res0 = ddb.scan(TableName=t, Segment=0, TotalSegments=2, FilterExpression="i = :z",
                    ExpressionAttributeValues={":z": {"N": "0"}})
    res1 = ddb.scan(TableName=t, Segment=1, TotalSegments=2, FilterExpression="i = :z",
                    ExpressionAttributeValues={":z": {"N": "0"}})
    assert res0["Count"] + res1["Count"] == 30
    assert res0["ScannedCount"] + res1["ScannedCount"] == 60


def test_scan_and_query_1mb_page_limit(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "S"))
    blob = "x" * (100 * 1000)
    n = 30
    for i in range(n):
        ddb.put_item(TableName=t, Item={"pk": {"S": "big"}, "sk": {"S": "%03d" % i},
                                        "payload": {"S": blob[:-3] + "%03d" % i}})
    first = ddb.scan(TableName=t)
    assert "LastEvaluatedKey" in first, "a 3 MB table cannot come back in one Scan page"
    assert 5 <= first["Count"] <= 11, first["Count"]
    got, pages = _page_all(ddb.scan, TableName=t)
    assert [i["sk"]["S"] for i in got] == ["%03d" % i for i in range(n)]
    assert all(i["payload"]["S"].endswith(i["sk"]["S"]) and len(i["payload"]["S"]) == len(blob) for i in got)
    assert 3 <= len(pages) <= 7, len(pages)
    assert all(p["Count"] <= 11 for p in pages)

    first = ddb.query(TableName=t, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "big"}})
    assert "LastEvaluatedKey" in first and 5 <= first["Count"] <= 11
    got, pages = _page_all(ddb.query, TableName=t, KeyConditionExpression="pk = :p",
                           ExpressionAttributeValues={":p": {"S": "big"}})
    assert [i["sk"]["S"] for i in got] == ["%03d" % i for i in range(n)]
    # the limit is on data read, not returned: a filter that matches nothing still pages
    res = ddb.scan(TableName=t, FilterExpression="sk = :none", ExpressionAttributeValues={":none": {"S": "zzz"}})
    assert res["Count"] == 0 and "LastEvaluatedKey" in res and res["ScannedCount"] < n
    # Select COUNT obeys the same 1 MB limit
    res = ddb.scan(TableName=t, Select="COUNT")
    assert res["ScannedCount"] < n and "LastEvaluatedKey" in res


# ---------------------------------------------------------------------------
# Errors

def test_query_key_condition_validation_errors(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "N"))
    ddb.put_item(TableName=t, Item={"pk": {"S": "p"}, "sk": {"N": "1"}, "other": {"S": "o"}})
    V = "ValidationException"

    def bad(kce, values, **kw):
        ctx.expect_error(V, 400, ddb.query, TableName=t, KeyConditionExpression=kce,
                         ExpressionAttributeValues=values, **kw)

    # condition on a non-key attribute
    bad("pk = :p AND other = :o", {":p": {"S": "p"}, ":o": {"S": "o"}})
    bad("other = :o", {":o": {"S": "o"}})
    # the partition key needs an equality condition
    bad("sk = :s", {":s": {"N": "1"}})
    bad("pk > :p", {":p": {"S": "p"}})
    bad("begins_with(pk, :p)", {":p": {"S": "p"}})
    bad("pk BETWEEN :a AND :b", {":a": {"S": "a"}, ":b": {"S": "z"}})
    # OR, NOT, <> are not key conditions
    bad("pk = :p OR sk = :s", {":p": {"S": "p"}, ":s": {"N": "1"}})
    bad("pk = :p AND sk <> :s", {":p": {"S": "p"}, ":s": {"N": "1"}})
    # two conditions on the same key
    bad("pk = :p AND sk > :a AND sk < :b", {":p": {"S": "p"}, ":a": {"N": "0"}, ":b": {"N": "5"}})
    # begins_with needs a string or binary key
    bad("pk = :p AND begins_with(sk, :s)", {":p": {"S": "p"}, ":s": {"N": "1"}})
    # operand type must match the key's type
    bad("pk = :p AND sk = :s", {":p": {"S": "p"}, ":s": {"S": "1"}})
    bad("pk = :p", {":p": {"N": "1"}})
    # an unused value, an undefined value
    bad("pk = :p", {":p": {"S": "p"}, ":unused": {"S": "x"}})
    ctx.expect_error(V, 400, ddb.query, TableName=t, KeyConditionExpression="pk = :nope",
                     ExpressionAttributeValues={":p": {"S": "p"}})
    # a syntax error
    bad("pk = = :p", {":p": {"S": "p"}})
    # no key condition at all
    ctx.expect_error(V, 400, ddb.query, TableName=t)
    # a filter may not name key attributes in a Query
    bad("pk = :p", {":p": {"S": "p"}, ":s": {"N": "1"}}, FilterExpression="sk = :s")
    # reserved words must go through a placeholder
    bad("pk = :p", {":p": {"S": "p"}}, ProjectionExpression="name")
    # and the good form works
    res = ddb.query(TableName=t, KeyConditionExpression="pk = :p AND sk = :s",
                    ExpressionAttributeValues={":p": {"S": "p"}, ":s": {"N": "1"}})
    assert res["Count"] == 1


def test_select_and_segment_validation_errors(ctx):
    ddb = ctx.ddb
    t = _table(ctx, range_key=("sk", "S"))
    ddb.put_item(TableName=t, Item={"pk": {"S": "p"}, "sk": {"S": "s"}, "a": {"S": "x"}})
    V = "ValidationException"
    q = dict(TableName=t, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}})
    ctx.expect_error(V, 400, ddb.query, Select="SPECIFIC_ATTRIBUTES", **q)
    ctx.expect_error(V, 400, ddb.scan, TableName=t, Select="SPECIFIC_ATTRIBUTES")
    ctx.expect_error(V, 400, ddb.query, Select="ALL_ATTRIBUTES", ProjectionExpression="a", **q)
    ctx.expect_error(V, 400, ddb.query, Select="COUNT", ProjectionExpression="a", **q)
    # ALL_PROJECTED_ATTRIBUTES is for indexes only
    ctx.expect_error(V, 400, ddb.query, Select="ALL_PROJECTED_ATTRIBUTES", **q)
    ctx.expect_error(V, 400, ddb.scan, TableName=t, Segment=2, TotalSegments=2)
    ctx.expect_error(V, 400, ddb.scan, TableName=t, Segment=5, TotalSegments=3)
    ctx.expect_error(V, 400, ddb.scan, TableName=t, Segment=0)
    ctx.expect_error(V, 400, ddb.scan, TableName=t, TotalSegments=2)
    # ExclusiveStartKey must be a key of this table
    ctx.expect_error(V, 400, ddb.scan, TableName=t, ExclusiveStartKey={"other": {"S": "x"}})
    ctx.expect_error(V, 400, ddb.query, ExclusiveStartKey={"pk": {"S": "p"}}, **q)
    assert ddb.query(Select="ALL_ATTRIBUTES", **q)["Items"][0]["a"] == {"S": "x"}


def test_query_and_scan_missing_table(ctx):
    ddb = ctx.ddb
    name = ctx.table_name("never-created")
    e = ctx.expect_error("ResourceNotFoundException", 400, ddb.query, TableName=name,
                         KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}})
    assert e.response["Error"]["Message"]
    ctx.expect_error("ResourceNotFoundException", 400, ddb.scan, TableName=name)
    ctx.expect_error("ResourceNotFoundException", 400, ddb.scan, TableName=name, Segment=0, TotalSegments=2)
