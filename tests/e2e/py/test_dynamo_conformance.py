"""DynamoDB conformance cases ported from dynalite's test suite (github.com/mhart/dynalite,
test/*.js), whose assertions were checked against real DynamoDB.

Every case sends the exact JSON body dynalite sends, hand-signed (SigV4, service "dynamodb"),
and checks the HTTP status, the `__type` suffix after '#' and, where dynalite gives it, the
exact message. Multi-error messages ("N validation errors detected: x; y") are matched the
way dynalite's assertValidation does: the "N validation error(s) detected: " prefix must match
and every expected error must be one of the '; '-separated parts, in any order.

One test covers one operation's family of cases; mismatches are collected and reported
together as `case: expected ... got ...`.

dynalite's fixture tables are recreated here once per server (names made unique per run):
  hash   : a(S) HASH, provisioned
  hashN  : a(N) HASH, PAY_PER_REQUEST
  range  : a(S) HASH, b(S) RANGE; LSI index1 (a, c) ALL, LSI index2 (a, d) INCLUDE [c];
           GSI index3 (c) ALL, GSI index4 (c, d) INCLUDE [e]
  rangeN : a(S) HASH, b(N) RANGE
  rangeB : a(S) HASH, b(B) RANGE
A few single-error cases marked "(derived)" are not literal dynalite cases: they isolate one
constraint from a dynalite multi-error case (same wording, "1 validation error detected: ").
"""

import json
import random
import re
import string
import time

from runner import sigv4_headers

VE = "ValidationException"
RNF = "ResourceNotFoundException"
CCF = "ConditionalCheckFailedException"
RIU = "ResourceInUseException"

MAX_SIZE = 409600
NOT_FOUND = "Requested resource not found"

_STATS = {"cases": 0}


# ---------------------------------------------------------------------------
# raw signed requests

def _raw(ctx, op, payload):
    """POST `payload` (dict, dumped as JSON) as DynamoDB_20120810.<op>. Returns (status, doc)."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
    url = ctx.endpoint.rstrip("/") + "/"
    ak, sk = ctx.users["root"]
    headers = sigv4_headers("POST", url, ak, sk, headers={
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": "DynamoDB_20120810." + op,
    }, body=body, region="us-east-1", service="dynamodb", send_content_sha256=False)
    status, _hdrs, data = ctx.http("POST", url, body=body, headers=headers)
    try:
        doc = json.loads(data.decode("utf-8")) if data.strip() else {}
    except ValueError:
        doc = {"__raw__": data[:300].decode("utf-8", "replace")}
    return status, doc


def _type_of(doc):
    t = (doc or {}).get("__type", "") if isinstance(doc, dict) else ""
    return t.rsplit("#", 1)[-1]


def _message_of(doc):
    if not isinstance(doc, dict):
        return None
    if "message" in doc:
        return doc["message"]
    return doc.get("Message")


def _msg_matches(expected, got):
    """expected: None (not checked), str (exact), compiled regex (search), or list of
    str/regex (multi-error message, dynalite's assertValidation semantics)."""
    if expected is None:
        return True
    if got is None:
        return False
    if isinstance(expected, re.Pattern):
        return expected.search(got) is not None
    if isinstance(expected, (list, tuple)):
        prefix = "%d validation error%s detected: " % (len(expected), "" if len(expected) == 1 else "s")
        if not got.startswith(prefix):
            return False
        parts = got[len(prefix):].split("; ")
        for exp in expected:
            if isinstance(exp, re.Pattern):
                if not any(exp.search(p) for p in parts):
                    return False
            elif exp not in parts:
                return False
        return True
    return got == expected


def _show(expected):
    if isinstance(expected, re.Pattern):
        return "/%s/" % expected.pattern
    if isinstance(expected, (list, tuple)):
        return "%d errors %s" % (len(expected), [_show(e) for e in expected])
    return repr(expected)


def _short(v, n=300):
    r = v if isinstance(v, str) else json.dumps(v, sort_keys=True)
    return r if len(r) <= n else r[:n - 3] + "..."


class Conf(object):
    """Runs cases against one server and collects mismatches."""

    def __init__(self, ctx, family):
        self.ctx = ctx
        self.family = family
        self.failures = []
        self.cases = 0

    def call(self, op, payload):
        return _raw(self.ctx, op, payload)

    def fail(self, case, text):
        self.failures.append("%s: %s" % (case, text))

    def err(self, case, op, payload, etype, msg=None, status=400):
        """The request must fail with `status`, __type suffix `etype` and message `msg`."""
        self.cases += 1
        st, doc = self.call(op, payload)
        if op == "CreateTable" and st == 200 and isinstance(payload, dict) and payload.get("TableName"):
            # the server wrongly created the table: drop it so later cases still see it missing
            _raw(self.ctx, "DeleteTable", {"TableName": payload["TableName"]})
        got_type, got_msg = _type_of(doc), _message_of(doc)
        if st != status or got_type != etype or not _msg_matches(msg, got_msg):
            self.fail(case, "expected %s %s %s; got %s %s %r%s" % (
                status, etype, _show(msg), st, got_type or "-", got_msg,
                "" if got_type or st != 200 else " body=" + _short(doc)))
        return doc

    def ve(self, case, op, payload, msg):
        return self.err(case, op, payload, VE, msg)

    def nf(self, case, op, payload, msg=NOT_FOUND):
        return self.err(case, op, payload, RNF, msg)

    def ok(self, case, op, payload, expect=None, check=None):
        """The request must succeed (200); the body must equal `expect` (if given) and
        `check(doc)` (if given) must not raise. Returns the body (None on failure)."""
        self.cases += 1
        st, doc = self.call(op, payload)
        if st != 200:
            self.fail(case, "expected 200; got %s %s %r" % (st, _type_of(doc), _message_of(doc)))
            return None
        if expect is not None and doc != expect:
            self.fail(case, "expected body %s; got %s" % (_short(expect, 600), _short(doc, 600)))
            return doc
        if check is not None:
            try:
                check(doc)
            except AssertionError as e:
                self.fail(case, "expected %s; got %s" % (e, _short(doc, 600)))
        return doc

    def setup(self, op, payload):
        """A step that is not itself a case; raises if it fails."""
        st, doc = self.call(op, payload)
        assert st == 200, "setup %s failed: %s %s %r" % (op, st, _type_of(doc), _message_of(doc))
        return doc

    def finish(self):
        _STATS["cases"] += self.cases
        print("   %s: %d cases, %d mismatches (running total %d cases)" % (
            self.family, self.cases, len(self.failures), _STATS["cases"]))
        assert not self.failures, "%d of %d %s cases differ from dynalite/DynamoDB:\n  %s" % (
            len(self.failures), self.cases, self.family, "\n  ".join(self.failures))


def _want(cond, text):
    if not cond:
        raise AssertionError(text)


# ---------------------------------------------------------------------------
# fixtures (dynalite's helpers.js test tables)

_TABLES = {}


def _rand():
    return "".join(random.choice(string.ascii_letters + string.digits) for _ in range(10))


def _rand_num():
    # DynamoDB answers numbers normalized (no trailing zeros), so the random number is written
    # in that form: 12.340 would come back as 12.34.
    return str(random.randint(1, 2 ** 32)) + "." + str(random.randint(0, 99999)) + "1"


def _jsrep(ch, n):
    """JS `new Array(n).join(ch)`: n-1 copies."""
    return ch * max(n - 1, 0)


def _tables(ctx):
    key = ctx.endpoint
    if key in _TABLES:
        return _TABLES[key]
    names = {k: ctx.table_name("conf-" + k) for k in ("hash", "hashN", "range", "rangeN", "rangeB")}
    pt = {"ReadCapacityUnits": 10, "WriteCapacityUnits": 5}
    defs = [
        {"TableName": names["hash"],
         "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}],
         "KeySchema": [{"KeyType": "HASH", "AttributeName": "a"}],
         "ProvisionedThroughput": pt},
        {"TableName": names["hashN"],
         "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "N"}],
         "KeySchema": [{"KeyType": "HASH", "AttributeName": "a"}],
         "BillingMode": "PAY_PER_REQUEST"},
        {"TableName": names["range"],
         "AttributeDefinitions": [{"AttributeName": n, "AttributeType": "S"} for n in "abcd"],
         "KeySchema": [{"KeyType": "HASH", "AttributeName": "a"}, {"KeyType": "RANGE", "AttributeName": "b"}],
         "ProvisionedThroughput": pt,
         "LocalSecondaryIndexes": [
             {"IndexName": "index1",
              "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "c", "KeyType": "RANGE"}],
              "Projection": {"ProjectionType": "ALL"}},
             {"IndexName": "index2",
              "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "d", "KeyType": "RANGE"}],
              "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["c"]}}],
         "GlobalSecondaryIndexes": [
             {"IndexName": "index3", "KeySchema": [{"AttributeName": "c", "KeyType": "HASH"}],
              "ProvisionedThroughput": pt, "Projection": {"ProjectionType": "ALL"}},
             {"IndexName": "index4",
              "KeySchema": [{"AttributeName": "c", "KeyType": "HASH"}, {"AttributeName": "d", "KeyType": "RANGE"}],
              "ProvisionedThroughput": pt,
              "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["e"]}}]},
        {"TableName": names["rangeN"],
         "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"},
                                  {"AttributeName": "b", "AttributeType": "N"}],
         "KeySchema": [{"KeyType": "HASH", "AttributeName": "a"}, {"KeyType": "RANGE", "AttributeName": "b"}],
         "ProvisionedThroughput": pt},
        {"TableName": names["rangeB"],
         "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"},
                                  {"AttributeName": "b", "AttributeType": "B"}],
         "KeySchema": [{"KeyType": "HASH", "AttributeName": "a"}, {"KeyType": "RANGE", "AttributeName": "b"}],
         "ProvisionedThroughput": pt},
    ]
    for d in defs:
        st, doc = _raw(ctx, "CreateTable", d)
        assert st == 200, "fixture CreateTable %s failed: %s %r" % (d["TableName"], st, doc)
    for d in defs:
        deadline = time.time() + 30
        while True:
            st, doc = _raw(ctx, "DescribeTable", {"TableName": d["TableName"]})
            t = doc.get("Table", {}) if st == 200 else {}
            if t.get("TableStatus") == "ACTIVE" and all(
                    g.get("IndexStatus") == "ACTIVE" for g in t.get("GlobalSecondaryIndexes", [])):
                break
            assert time.time() < deadline, "fixture %s never became ACTIVE: %r" % (d["TableName"], doc)
            time.sleep(0.2)
    _TABLES[key] = names
    return names


def _batch_put(c, table, items):
    for i in range(0, len(items), 25):
        doc = c.setup("BatchWriteItem", {"RequestItems": {table: [
            {"PutRequest": {"Item": it}} for it in items[i:i + 25]]}})
        assert not doc.get("UnprocessedItems"), doc


def _S(v):
    return {"S": v}


# ---------------------------------------------------------------------------
# CreateTable

def _ks(*pairs):
    return [{"KeyType": t, "AttributeName": n} for n, t in pairs]


def _ad(*pairs):
    return [{"AttributeName": n, "AttributeType": t} for n, t in pairs]


PT1 = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
AB = _ad(("a", "S"), ("b", "S"))
KS_AB = _ks(("a", "HASH"), ("b", "RANGE"))


def _lsi(name, ks, proj):
    return {"IndexName": name, "KeySchema": ks, "Projection": proj}


def _gsi(name, ks, proj, pt=PT1):
    d = {"IndexName": name, "KeySchema": ks, "Projection": proj}
    if pt is not None:
        d["ProvisionedThroughput"] = pt
    return d


def test_create_table_validation(ctx):
    c = Conf(ctx, "CreateTable validation")
    op = "CreateTable"
    size_msg = "TableName must be at least 3 characters long and at most 255 characters long"
    c.ve("no TableName", op, {}, "The parameter 'TableName' is required but was not present in the request")
    c.ve("empty TableName", op, {"TableName": ""}, size_msg)
    c.ve("short TableName", op, {"TableName": "a;"}, size_msg)
    c.ve("null attributes", op, {"TableName": "abc;"}, [
        "Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null",
        "Value 'abc;' at 'tableName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        "Value null at 'keySchema' failed to satisfy constraint: Member must not be null"])
    c.ve("empty AttributeDefinitions", op, {"TableName": "abc", "AttributeDefinitions": []},
         ["Value null at 'keySchema' failed to satisfy constraint: Member must not be null"])
    c.ve("missing ProvisionedThroughput", op, {
        "TableName": "abc", "AttributeDefinitions": [], "KeySchema": _ks(("a", "HASH"))},
        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be "
        "specified when BillingMode is PROVISIONED")
    c.ve("ProvisionedThroughput with PAY_PER_REQUEST", op, {
        "TableName": "abc", "AttributeDefinitions": [], "KeySchema": _ks(("a", "HASH"), ("a", "HASH")),
        "ProvisionedThroughput": PT1, "BillingMode": "PAY_PER_REQUEST"},
        "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be "
        "specified when BillingMode is PAY_PER_REQUEST")
    c.ve("missing key attribute definitions (PAY_PER_REQUEST)", op, {
        "TableName": "abc", "AttributeDefinitions": [], "KeySchema": _ks(("a", "HASH")),
        "BillingMode": "PAY_PER_REQUEST"}, "Invalid KeySchema: Some index key attribute have no definition")
    c.ve("SS in attribute definition", op, {
        "TableName": "abc", "AttributeDefinitions": _ad(("b", "SS")),
        "KeySchema": _ks(("a", "HASH"), ("a", "HASH")), "ProvisionedThroughput": PT1},
        "1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed to "
        "satisfy constraint: Member must satisfy enum value set: [B, N, S]")
    c.ve("missing key attr definition", op, {
        "TableName": "abc", "AttributeDefinitions": _ad(("b", "S")), "KeySchema": _ks(("a", "HASH")),
        "ProvisionedThroughput": PT1},
        "One or more parameter values were invalid: Some index key attributes are not defined in "
        "AttributeDefinitions. Keys: [a], AttributeDefinitions: [b]")
    c.ve("hash and range key same name", op, {
        "TableName": "abc", "AttributeDefinitions": AB, "KeySchema": _ks(("a", "HASH"), ("a", "HASH")),
        "ProvisionedThroughput": PT1}, "Both the Hash Key and the Range Key element in the KeySchema have the same name")
    c.ve("second key not RANGE", op, {
        "TableName": "abc", "AttributeDefinitions": AB, "KeySchema": _ks(("a", "HASH"), ("b", "HASH")),
        "ProvisionedThroughput": PT1}, "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
    c.ve("first key not HASH", op, {
        "TableName": "abc", "AttributeDefinitions": AB, "KeySchema": _ks(("a", "RANGE"), ("b", "HASH")),
        "ProvisionedThroughput": PT1}, "Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    c.ve("extra attribute in definitions", op, {
        "TableName": "abc", "AttributeDefinitions": AB, "KeySchema": _ks(("a", "HASH")),
        "ProvisionedThroughput": PT1},
        "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match "
        "number of attributes defined in AttributeDefinitions")
    c.finish()


def test_create_table_index_validation(ctx):
    c = Conf(ctx, "CreateTable index validation")
    op = "CreateTable"
    inv = "One or more parameter values were invalid: "
    ALL = {"ProjectionType": "ALL"}

    def tbl(**kw):
        d = {"TableName": "abc", "AttributeDefinitions": AB, "KeySchema": KS_AB, "ProvisionedThroughput": PT1}
        d.update(kw)
        return d

    c.ve("empty LocalSecondaryIndexes", op, tbl(KeySchema=_ks(("a", "HASH")), LocalSecondaryIndexes=[]),
         inv + "List of LocalSecondaryIndexes is empty")
    c.ve("LSI without table range key", op, tbl(
        KeySchema=_ks(("a", "HASH")),
        LocalSecondaryIndexes=[_lsi("abc", [{"AttributeName": "c", "KeyType": "RANGE"}], {})]),
        inv + "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex")
    c.ve("LSI key attributes not defined", op, tbl(LocalSecondaryIndexes=[
        _lsi("abc", [{"AttributeName": "c", "KeyType": "RANGE"}, {"AttributeName": "d", "KeyType": "RANGE"}], {}),
        _lsi("abc", [{"AttributeName": "e", "KeyType": "RANGE"}], {})]),
        re.compile(r"^One or more parameter values were invalid: Some index key attributes are not defined in "
                   r"AttributeDefinitions\. Keys: \[(c, d|d, c)\], AttributeDefinitions: \[(a, b|b, a)\]$"))
    c.ve("LSI without range key", op, tbl(LocalSecondaryIndexes=[
        _lsi("abc", [{"AttributeName": "b", "KeyType": "HASH"}], {})]),
        inv + "Index KeySchema does not have a range key for index: abc")
    c.ve("LSI with different hash key", op, tbl(LocalSecondaryIndexes=[
        _lsi("abc", [{"AttributeName": "b", "KeyType": "HASH"}, {"AttributeName": "a", "KeyType": "RANGE"}], {})]),
        inv + "Index KeySchema does not have the same leading hash key as table KeySchema for index: abc. "
        "index hash key: b, table hash key: a")
    c.ve("LSI empty Projection", op, tbl(LocalSecondaryIndexes=[_lsi("abc", KS_AB, {})]),
         inv + "Unknown ProjectionType: null")
    c.ve("duplicate LSI names", op, tbl(LocalSecondaryIndexes=[_lsi("abc", KS_AB, ALL), _lsi("abc", KS_AB, ALL)]),
         inv + "Duplicate index name: abc")
    c.ve("more than five LSIs", op, tbl(LocalSecondaryIndexes=[
        _lsi(n, KS_AB, ALL) for n in ("abc", "abd", "abe", "abf", "abg", "abh")]),
        inv + "Number of LocalSecondaryIndexes exceeds per-table limit of 5")
    c.ve("empty GlobalSecondaryIndexes", op, tbl(KeySchema=_ks(("a", "HASH")), GlobalSecondaryIndexes=[]),
         inv + "List of GlobalSecondaryIndexes is empty")
    c.ve("GSI first key not HASH", op, tbl(GlobalSecondaryIndexes=[
        _gsi("abc", [{"AttributeName": "a", "KeyType": "RANGE"}], {})]),
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    c.ve("GSI KEYS_ONLY with NonKeyAttributes", op, tbl(GlobalSecondaryIndexes=[
        _gsi("abc", KS_AB, {"ProjectionType": "KEYS_ONLY", "NonKeyAttributes": ["a"]})]),
        inv + "ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified")
    c.ve("more than twenty GSIs", op, tbl(GlobalSecondaryIndexes=[
        _gsi("abc%d" % i, KS_AB, ALL) for i in range(21)]),
        inv + "GlobalSecondaryIndex count exceeds the per-table limit of 20")
    c.ve("duplicate index name across LSI and GSI", op, tbl(
        LocalSecondaryIndexes=[_lsi("abc", KS_AB, ALL)], GlobalSecondaryIndexes=[_gsi("abc", KS_AB, ALL)]),
        inv + "Duplicate index name: abc")
    c.ve("GSI ProvisionedThroughput with PAY_PER_REQUEST", op, {
        "TableName": "abc", "AttributeDefinitions": AB, "KeySchema": _ks(("a", "HASH")),
        "BillingMode": "PAY_PER_REQUEST",
        "GlobalSecondaryIndexes": [_gsi("abc", KS_AB, ALL, pt=None), _gsi("abd", KS_AB, ALL)]},
        inv + "ProvisionedThroughput should not be specified for index: abd when BillingMode is PAY_PER_REQUEST")
    c.finish()


def test_create_table_functionality(ctx):
    c = Conf(ctx, "CreateTable functionality")
    uuid_re = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$")

    def check_desc(name, expected):
        def check(doc):
            desc = doc.get("TableDescription") or {}
            bad = []
            if not uuid_re.match(str(desc.get("TableId", ""))):
                bad.append("TableId a v4 UUID")
            if not re.match(r"^arn:aws:dynamodb:us-east-1:\d+:table/%s$" % re.escape(name), str(desc.get("TableArn", ""))):
                bad.append("TableArn arn:aws:dynamodb:us-east-1:<acct>:table/" + name)
            if not (isinstance(desc.get("CreationDateTime"), (int, float))
                    and abs(desc["CreationDateTime"] - time.time()) < 60):
                bad.append("CreationDateTime = now (epoch seconds)")
            if desc.get("TableStatus") not in ("CREATING", "ACTIVE"):
                bad.append("TableStatus CREATING")
            for k, v in expected.items():
                if desc.get(k) != v:
                    bad.append("%s == %s (got %s)" % (k, _short(v), _short(desc.get(k, "<absent>"))))
            _want(not bad, "; ".join(bad))
        return check

    name = ctx.table_name("conf-create")
    table = {"TableName": name, "AttributeDefinitions": _ad(("a", "S")), "KeySchema": _ks(("a", "HASH")),
             "ProvisionedThroughput": PT1}
    exp = dict(table, ItemCount=0, TableSizeBytes=0,
               ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1, "NumberOfDecreasesToday": 0})
    c.ok("basic provisioned table description", "CreateTable", table, check=check_desc(name, exp))
    c.err("create existing table (not a dynalite case; DynamoDB's message)", "CreateTable", table, RIU,
          "Table already exists: " + name)

    name = ctx.table_name("conf-create-ppr")
    table = {"TableName": name, "AttributeDefinitions": _ad(("a", "S")), "KeySchema": _ks(("a", "HASH")),
             "BillingMode": "PAY_PER_REQUEST"}
    exp = {"TableName": name, "AttributeDefinitions": table["AttributeDefinitions"], "KeySchema": table["KeySchema"],
           "ItemCount": 0, "TableSizeBytes": 0, "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
           "TableThroughputModeSummary": {"TableThroughputMode": "PAY_PER_REQUEST"},
           "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0}}
    c.ok("basic PAY_PER_REQUEST table description", "CreateTable", table, check=check_desc(name, exp))
    c.finish()


# ---------------------------------------------------------------------------
# DescribeTable / DeleteTable / ListTables

def test_describe_delete_list_tables(ctx):
    c = Conf(ctx, "DescribeTable/DeleteTable/ListTables")
    size_msg = "TableName must be at least 3 characters long and at most 255 characters long"
    regex_msg = ("1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: "
                 "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
    for op in ("DescribeTable", "DeleteTable"):
        c.ve(op + " no TableName", op, {}, "The parameter 'TableName' is required but was not present in the request")
        c.ve(op + " short TableName", op, {"TableName": "a;"}, size_msg)
        c.ve(op + " bad TableName chars", op, {"TableName": "abc;"}, regex_msg)
        name = _rand()
        c.nf(op + " missing table", op, {"TableName": name}, "Requested resource not found: Table: %s not found" % name)

    c.ve("ListTables Limit 0", "ListTables", {"Limit": 0},
         "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
         "Member must have value greater than or equal to 1")
    c.ve("ListTables Limit 101", "ListTables", {"Limit": 101},
         "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: "
         "Member must have value less than or equal to 100")
    c.ve("ListTables short ExclusiveStartTableName and high Limit", "ListTables",
         {"ExclusiveStartTableName": "a;", "Limit": 500}, [
             "Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: "
             "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
             "Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: "
             "Member must have length greater than or equal to 3",
             "Value '500' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"])
    c.ok("ListTables null attributes", "ListTables", {"ExclusiveStartTableName": None, "Limit": None},
         check=lambda d: _want(isinstance(d.get("TableNames"), list), "TableNames list"))

    base = ctx.table_name("conf-lt")
    names = [base + "-a", base + "-b"]
    for n in names:
        c.setup("CreateTable", {"TableName": n, "AttributeDefinitions": _ad(("a", "S")),
                                "KeySchema": _ks(("a", "HASH")), "BillingMode": "PAY_PER_REQUEST"})
    before = base + "-"
    c.ok("ListTables ExclusiveStartTableName excludes itself", "ListTables", {"ExclusiveStartTableName": names[0]},
         check=lambda d: _want(names[0] not in d.get("TableNames", []) and names[1] in d.get("TableNames", []),
                               "TableNames without %s, with %s" % (names[0], names[1])))
    c.ok("ListTables ExclusiveStartTableName + Limit 1", "ListTables",
         {"ExclusiveStartTableName": before, "Limit": 1},
         expect={"TableNames": [names[0]], "LastEvaluatedTableName": names[0]})

    def no_lek(d):
        tn = d.get("TableNames", [])
        _want(len(tn) > 0, "some TableNames")
        _want(len(tn) >= 100 or "LastEvaluatedTableName" not in d, "no LastEvaluatedTableName")
    c.ok("ListTables Limit 100 has no LastEvaluatedTableName", "ListTables", {"Limit": 100}, check=no_lek)

    # DeleteTable of a table with a GSI: TableStatus DELETING, no GlobalSecondaryIndexes in the description
    name = ctx.table_name("conf-del")
    c.setup("CreateTable", {
        "TableName": name, "AttributeDefinitions": _ad(("a", "S")), "KeySchema": _ks(("a", "HASH")),
        "ProvisionedThroughput": PT1,
        "GlobalSecondaryIndexes": [_gsi("abc", [{"AttributeName": "a", "KeyType": "HASH"}],
                                        {"ProjectionType": "KEYS_ONLY"})]})

    def deleting(d):
        td = d.get("TableDescription", {})
        _want(td.get("TableStatus") == "DELETING", "TableDescription.TableStatus DELETING")
        _want("GlobalSecondaryIndexes" not in td, "no GlobalSecondaryIndexes in DeleteTable's description")
    c.ok("DeleteTable description", "DeleteTable", {"TableName": name}, check=deleting)
    deadline = time.time() + 20
    while time.time() < deadline:
        st, doc = _raw(ctx, "DescribeTable", {"TableName": name})
        if _type_of(doc) == RNF:
            break
        time.sleep(0.2)
    c.nf("DescribeTable after delete", "DescribeTable", {"TableName": name},
         "Requested resource not found: Table: %s not found" % name)
    c.finish()


# ---------------------------------------------------------------------------
# UpdateTable

def test_update_table_validation(ctx):
    t = _tables(ctx)
    c = Conf(ctx, "UpdateTable validation")
    op = "UpdateTable"
    inv = "One or more parameter values were invalid: "
    c.ve("no TableName", op, {}, "The parameter 'TableName' is required but was not present in the request")
    c.ve("short TableName", op, {"TableName": "a;"},
         "TableName must be at least 3 characters long and at most 255 characters long")
    c.ve("bad TableName chars", op, {"TableName": "abc;"},
         "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: "
         "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
    c.ve("empty ProvisionedThroughput", op, {"TableName": "abc", "ProvisionedThroughput": {}}, [
        "Value null at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: "
        "Member must not be null",
        "Value null at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: "
        "Member must not be null"])
    c.ve("empty GlobalSecondaryIndexUpdates", op, {"TableName": "abc", "GlobalSecondaryIndexUpdates": []},
         "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates "
         "or SSESpecification or ReplicaUpdates is required")
    c.ve("empty index update struct", op, {"TableName": "abc", "GlobalSecondaryIndexUpdates": [{}]},
         inv + "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
         "GlobalSecondaryIndexUpdate.Delete must not be null")
    c.ve("repeated index updates", op, {"TableName": "abc", "GlobalSecondaryIndexUpdates": [
        {"Delete": {"IndexName": "abc"}}, {"Delete": {"IndexName": "abc"}}]},
        inv + "Only one global secondary index update per index is allowed simultaneously. Index: abc")
    c.ve("ProvisionedThroughput on PAY_PER_REQUEST table", op,
         {"TableName": t["hashN"], "ProvisionedThroughput": PT1},
         inv + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
    c.ve("PROVISIONED without ProvisionedThroughput", op, {"TableName": t["hashN"], "BillingMode": "PROVISIONED"},
         inv + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED")
    name = _rand()
    c.nf("missing table", op, {"TableName": name, "ProvisionedThroughput": PT1},
         "Requested resource not found: Table: %s not found" % name)
    c.finish()


# ---------------------------------------------------------------------------
# PutItem

def test_put_item_validation(ctx):
    t = _tables(ctx)
    c = Conf(ctx, "PutItem validation")
    op = "PutItem"
    inv = "One or more parameter values were invalid: "
    c.ve("no TableName", op, {}, [
        "Value null at 'tableName' failed to satisfy constraint: Member must not be null",
        "Value null at 'item' failed to satisfy constraint: Member must not be null"])
    c.ve("incorrect attributes", op, {"TableName": "abc;", "ReturnConsumedCapacity": "hi",
                                      "ReturnItemCollectionMetrics": "hi", "ReturnValues": "hi"}, [
        "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: "
        "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
        "Value 'abc;' at 'tableName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        "Value null at 'item' failed to satisfy constraint: Member must not be null",
        "Value 'hi' at 'returnValues' failed to satisfy constraint: "
        "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
        "Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: "
        "Member must satisfy enum value set: [SIZE, NONE]"])
    c.ve("bad ReturnValues (derived)", op, {"TableName": "abc", "Item": {}, "ReturnValues": "hi"},
         "1 validation error detected: Value 'hi' at 'returnValues' failed to satisfy constraint: "
         "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]")
    for rv in ("ALL_NEW", "UPDATED_NEW"):
        c.ve("ReturnValues " + rv, op, {"TableName": "abc", "Item": {}, "ReturnValues": rv},
             "ReturnValues can only be ALL_OLD or NONE")
    c.ve("expression and non-expression", op, {
        "TableName": "abc", "Item": {"a": {}}, "Expected": {"a": {}}, "ExpressionAttributeNames": {},
        "ExpressionAttributeValues": {}, "ConditionExpression": ""},
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}")
    c.ve("ExpressionAttributeValues without ConditionExpression", op, {
        "TableName": "abc", "Item": {"a": {}}, "Expected": {"a": {}}, "ExpressionAttributeValues": {}},
        "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null")
    c.ve("empty AttributeValue in Item", op, {"TableName": "abc", "Item": {"a": {}}, "Expected": {"a": {}}},
         "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
    c.ve("empty string set in Item", op, {"TableName": "abc", "Item": {"a": {"SS": []}},
                                          "ExpressionAttributeNames": {}, "ExpressionAttributeValues": {},
                                          "ConditionExpression": ""},
         inv + "An string set  may not be empty")
    c.ve("invalid number in Item", op, {"TableName": "abc", "Item": {"a": {"S": "a", "N": "b"}}},
         "The parameter cannot be converted to a numeric value: b")
    c.ve("39-digit number in Item", op, {"TableName": "abc", "Item": {"a": {"N": "123456789012345678901234567890123456789"}}},
         "Attempting to store more than 38 significant digits in a Number")
    c.ve("number overflow in Item", op, {"TableName": "abc", "Item": {"a": {"N": "1e126"}}},
         "Number overflow. Attempting to store a number with magnitude larger than supported range")
    c.ve("multiple datatypes in Item", op, {"TableName": "abc", "Item": {"a": {"S": "a", "N": "1"}}},
         "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
    k = _rand()
    c.ve("item too big", op, {"TableName": "aaa", "Item": {"a": _S(k), "b": _S(_jsrep("a", MAX_SIZE + 1 - len(k) - 1))},
                              "Expected": {"a": {}}},
         "Item size has exceeded the maximum allowed size")
    c.nf("item just small enough (table missing)", op,
         {"TableName": "aaa", "Item": {"a": _S(k), "b": _S(_jsrep("a", MAX_SIZE + 1 - len(k) - 2))}})
    c.ve("Expected without Value or Exists", op, {"TableName": "abc", "Item": {}, "Expected": {"a": {}}},
         inv + "Value must be provided when Exists is null for Attribute: a")
    c.ve("Expected Exists false with Value", op,
         {"TableName": "abc", "Item": {}, "Expected": {"a": {"Exists": False, "Value": {"S": "a"}}}},
         inv + "Value cannot be used when Exists is false for Attribute: a")
    c.ve("Expected ComparisonOperator alone", op,
         {"TableName": "aaa", "Item": {}, "Expected": {"a": {"ComparisonOperator": "LT"}}},
         inv + "Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: a")
    c.ve("empty ConditionExpression", op, {"TableName": "abc", "Item": {}, "ConditionExpression": ""},
         "Invalid ConditionExpression: The expression can not be empty;")
    c.nf("missing table with empty Item", op, {"TableName": _rand(), "Item": {}})
    c.ve("missing hash key", op, {"TableName": t["hash"], "Item": {"b": _S("a")}},
         inv + "Missing the key a in the item")
    c.ve("wrong hash key type", op, {"TableName": t["hash"], "Item": {"a": {"N": "1"}}},
         inv + "Type mismatch for key a expected: S actual: N")
    c.ve("empty string hash key", op, {"TableName": t["hash"], "Item": {"a": _S("")}},
         "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
         "an empty string value. Key: a")
    c.ve("missing range key", op, {"TableName": t["range"], "Item": {"a": _S("a")}},
         inv + "Missing the key b in the item")
    c.ve("secondary index key of wrong type", op, {"TableName": t["range"], "Item": {"a": _S("a"), "b": _S("a"),
                                                                                     "c": {"N": "1"}}},
         re.compile(r"^One or more parameter values were invalid: Type mismatch for Index Key c Expected: S "
                    r"Actual: N IndexName: index\d$"))
    c.ve("hash key too big", op, {"TableName": t["hash"], "Item": {"a": _S((_rand() + "a" * 2047)[:2049])}},
         inv + "Size of hashkey has exceeded the maximum size limit of2048 bytes")
    c.ve("range key too big", op, {"TableName": t["range"], "Item": {"a": _S("a"), "b": _S((_rand() + "a" * 1023)[:1025])}},
         inv + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
    c.finish()


def test_put_item_functionality(ctx):
    t = _tables(ctx)
    c = Conf(ctx, "PutItem functionality")
    H = t["hash"]

    def roundtrip(case, item, stored=None):
        if c.ok(case + " (put)", "PutItem", {"TableName": H, "Item": item}, expect={}) is not None:
            c.ok(case + " (get)", "GetItem", {"TableName": H, "Key": {"a": item["a"]}, "ConsistentRead": True},
                 expect={"Item": stored or item})

    roundtrip("basic item", {"a": _S(_rand())})
    roundtrip("empty non-key values", {"a": _S(_rand()), "b": _S(""), "c": {"B": ""}, "d": {"SS": [""]},
                                       "e": {"BS": [""]}})
    item = {"a": _S(_rand()),
            "b": {"N": "0000012345678901234567890123456789012345678"},
            "c": {"N": "-00001.23456789012345678901234567890123456780000"},
            "d": {"N": "0009.99999999999999999999999999999999999990000e125"},
            "e": {"N": "-0009.99999999999999999999999999999999999990000e125"},
            "f": {"N": "0001.000e-130"},
            "g": {"N": "-0001.000e-130"}}
    stored = dict(item, b={"N": "12345678901234567890123456789012345678"},
                  c={"N": "-1.2345678901234567890123456789012345678"},
                  d={"N": "9" * 38 + "0" * 88}, e={"N": "-" + "9" * 38 + "0" * 88},
                  f={"N": "0." + "0" * 129 + "1"}, g={"N": "-0." + "0" * 129 + "1"})
    roundtrip("really long numbers are normalised", item, stored)
    roundtrip("multi attribute item", {
        "a": _S(_rand()), "b": {"N": "-56.789"}, "c": {"B": "Yg=="}, "d": {"BOOL": False}, "e": {"NULL": True},
        "f": {"SS": ["a"]}, "g": {"NS": ["-56.789"]}, "h": {"BS": ["Yg=="]},
        "i": {"L": [{"S": "a"}, {"N": "-56.789"}, {"B": "Yg=="}, {"BOOL": True}, {"NULL": True}, {"SS": ["a"]},
                    {"NS": ["-56.789"]}, {"BS": ["Yg=="]}, {"L": []}, {"M": {}}]},
        "j": {"M": {"a": {"S": "a"}, "b": {"N": "-56.789"}, "c": {"B": "Yg=="}, "d": {"BOOL": True},
                    "e": {"NULL": True}, "f": {"SS": ["a"]}, "g": {"NS": ["-56.789"]}, "h": {"BS": ["Yg=="]},
                    "i": {"L": []}, "j": {"M": {"a": {"M": {}}, "b": {"L": []}}}}}})

    c.ok("ALL_OLD with no old item", "PutItem",
         {"TableName": H, "Item": {"a": _S(_rand()), "b": _S("a")}, "ReturnValues": "ALL_OLD"}, expect={})
    item = {"a": _S(_rand()), "b": {"N": "-0015.789e6"}, "c": _S("a")}
    c.setup("PutItem", {"TableName": H, "Item": item})
    c.ok("ALL_OLD returns old (normalised) item", "PutItem",
         {"TableName": H, "Item": dict(item, b=_S("b")), "ReturnValues": "ALL_OLD"},
         expect={"Attributes": dict(item, b={"N": "-15789000"})})

    conditional = "The conditional request failed"
    c.err("attribute_exists on missing item", "PutItem", {
        "TableName": H, "Item": {"a": _S(_rand())}, "ConditionExpression": "attribute_exists(a)"}, CCF, conditional)
    c.err("Expected Value on missing item", "PutItem", {
        "TableName": H, "Item": {"a": _S(_rand())}, "Expected": {"a": {"Value": _S(_rand())}}}, CCF, conditional)
    item = {"a": _S(_rand())}
    c.setup("PutItem", {"TableName": H, "Item": item})
    c.err("Expected Exists false on existing item", "PutItem", {
        "TableName": H, "Item": item, "Expected": {"a": {"Exists": False}}}, CCF, conditional)
    c.err("attribute_not_exists(#a) on existing item", "PutItem", {
        "TableName": H, "Item": item, "ConditionExpression": "attribute_not_exists(#a)",
        "ExpressionAttributeNames": {"#a": "a"}}, CCF, conditional)
    c.ok("conditions that hold", "PutItem", {
        "TableName": H, "Item": item, "ConditionExpression": "a = :a AND attribute_not_exists(#b)",
        "ExpressionAttributeValues": {":a": item["a"]}, "ExpressionAttributeNames": {"#b": "b"}}, expect={})
    c.ok("OR of conditions, one holds", "PutItem", {
        "TableName": H, "Item": item, "Expected": {
            "a": {"ComparisonOperator": "EQ", "AttributeValueList": [item["a"]]},
            "c": {"ComparisonOperator": "EQ", "AttributeValueList": [_S(_rand())]}},
        "ConditionalOperator": "OR"}, expect={})
    c.finish()


# ---------------------------------------------------------------------------
# GetItem

def test_get_item(ctx):
    t = _tables(ctx)
    c = Conf(ctx, "GetItem")
    op = "GetItem"
    inv = "One or more parameter values were invalid: "
    c.ve("no TableName", op, {}, [
        "Value null at 'key' failed to satisfy constraint: Member must not be null",
        "Value null at 'tableName' failed to satisfy constraint: Member must not be null"])
    c.ve("expression and non-expression", op, {
        "TableName": "abc", "Key": {"a": {}}, "AttributesToGet": ["a"], "ExpressionAttributeNames": {},
        "ProjectionExpression": ""},
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}")
    c.ve("ExpressionAttributeNames without ProjectionExpression", op, {
        "TableName": "abc", "Key": {"a": {}}, "AttributesToGet": ["a"], "ExpressionAttributeNames": {}},
        "ExpressionAttributeNames can only be specified when using expressions")
    c.ve("duplicate AttributesToGet", op, {"TableName": "abc", "Key": {}, "AttributesToGet": ["a", "a"]},
         inv + "Duplicate value in attribute name: a")
    c.ve("empty ProjectionExpression", op, {"TableName": "abc", "Key": {}, "ProjectionExpression": ""},
         "Invalid ProjectionExpression: The expression can not be empty;")
    c.ve("ProjectionExpression syntax error", op, {"TableName": "abc", "Key": {}, "ProjectionExpression": "a,,b"},
         re.compile(r"^Invalid ProjectionExpression: Syntax error; "))
    c.ve("ProjectionExpression undefined name", op, {"TableName": "abc", "Key": {}, "ProjectionExpression": "a,b,a,#a"},
         "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; "
         "attribute name: #a")
    c.nf("missing table with empty Key", op, {"TableName": _rand(), "Key": {}})
    for i, key in enumerate([{}, {"a": _S("a"), "b": _S("a")}, {"a": {"N": "1"}}]):
        c.ve("Key not matching schema #%d %s" % (i, _short(key)), op, {"TableName": t["hash"], "Key": key},
             "The provided key element does not match the schema")
    c.ve("Key missing range key", op, {"TableName": t["range"], "Key": {"a": _S("a")}},
         "The provided key element does not match the schema")
    c.ve("empty string key", op, {"TableName": t["hash"], "Key": {"a": _S("")}},
         inv + "The AttributeValue for a key attribute cannot contain an empty string value. Key: a")
    c.ve("empty binary key", op, {"TableName": t["rangeB"], "Key": {"a": _S("a"), "b": {"B": ""}}},
         inv + "The AttributeValue for a key attribute cannot contain an empty binary value. Key: b")
    c.ve("hash key too big", op, {"TableName": t["hash"], "Key": {"a": _S((_rand() + "a" * 2047)[:2049])}},
         inv + "Size of hashkey has exceeded the maximum size limit of2048 bytes")
    c.ve("nested projection of key attribute", op, {
        "TableName": t["hash"], "Key": {"a": _S(_rand())}, "ProjectionExpression": "#a.b.c",
        "ExpressionAttributeNames": {"#a": "a"}},
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: a")

    # functionality
    hash_item = {"a": _S(_rand()), "b": _S("a"), "g": {"N": "23"}}
    range_item = {"a": _S(_rand()), "b": _S(_rand()), "g": {"N": "23"}}
    c.setup("PutItem", {"TableName": t["hash"], "Item": hash_item})
    c.setup("PutItem", {"TableName": t["range"], "Item": range_item})
    c.ok("missing item gives empty body", op, {"TableName": t["hash"], "Key": {"a": _S(_rand())}}, expect={})
    c.ok("item by hash key", op, {"TableName": t["hash"], "Key": {"a": hash_item["a"]}, "ConsistentRead": True},
         expect={"Item": hash_item})
    c.ok("item by hash and range key", op, {"TableName": t["range"], "Key": {"a": range_item["a"], "b": range_item["b"]},
                                            "ConsistentRead": True}, expect={"Item": range_item})
    for case, extra in [("AttributesToGet", {"AttributesToGet": ["b", "g"]}),
                        ("ProjectionExpression", {"ProjectionExpression": "b, g"}),
                        ("ProjectionExpression with names", {"ProjectionExpression": "#b, #g",
                                                             "ExpressionAttributeNames": {"#b": "b", "#g": "g"}})]:
        req = dict(extra, TableName=t["hash"], Key={"a": hash_item["a"]}, ConsistentRead=True)
        c.ok("only requested attributes: " + case, op, req, expect={"Item": {"b": hash_item["b"], "g": hash_item["g"]}})
    item = {"a": _S(_rand()), "b": {"M": {"a": _S("a"), "b": _S("b"), "c": _S("c")}},
            "c": {"L": [_S("a"), _S("b"), _S("c")]}}
    c.setup("PutItem", {"TableName": t["hash"], "Item": item})
    c.ok("only requested nested attributes", op, {
        "TableName": t["hash"], "Key": {"a": item["a"]}, "ConsistentRead": True,
        "ProjectionExpression": "b.c,c[2],b.b,c[1],c[0].a"},
        expect={"Item": {"b": {"M": {"b": _S("b"), "c": _S("c")}}, "c": {"L": [_S("b"), _S("c")]}}})
    c.finish()


# ---------------------------------------------------------------------------
# DeleteItem

def test_delete_item(ctx):
    t = _tables(ctx)
    c = Conf(ctx, "DeleteItem")
    op = "DeleteItem"
    inv = "One or more parameter values were invalid: "
    c.ve("no TableName", op, {}, [
        "Value null at 'tableName' failed to satisfy constraint: Member must not be null",
        "Value null at 'key' failed to satisfy constraint: Member must not be null"])
    c.ve("ExpressionAttributeValues without ConditionExpression", op, {
        "TableName": "abc", "Key": {}, "Expected": {}, "ExpressionAttributeValues": {}},
        "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null")
    c.ve("empty ExpressionAttributeValues", op, {"TableName": "abc", "Key": {}, "ExpressionAttributeValues": {},
                                                 "ConditionExpression": ""},
         "ExpressionAttributeValues must not be empty")
    c.ve("invalid ExpressionAttributeValues key", op, {
        "TableName": "abc", "Key": {}, "ExpressionAttributeValues": {":b": {"a": ""}, "b": _S("a")},
        "ConditionExpression": ""},
        'ExpressionAttributeValues contains invalid key: Syntax error; key: "b"')
    c.ve("empty AttributeValue in ExpressionAttributeValues", op, {
        "TableName": "abc", "Key": {}, "ExpressionAttributeValues": {":b": {}}, "ConditionExpression": ""},
        "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain "
        "exactly one of the supported datatypes for key :b")
    c.ve("ConditionExpression syntax error", op, {"TableName": "abc", "Key": {}, "ConditionExpression": "whatever"},
         re.compile(r"^Invalid ConditionExpression: Syntax error; "))
    c.ve("Expected AttributeValueList of mixed types", op, {
        "TableName": "aaa", "Key": {}, "Expected": {"a": {"ComparisonOperator": "IN",
                                                          "AttributeValueList": [_S("b"), {"N": "1"}]}}},
        inv + "AttributeValues inside AttributeValueList must be of same type")
    c.ve("Expected BETWEEN bounds in wrong order", op, {
        "TableName": "aaa", "Key": {}, "Expected": {"a": {"ComparisonOperator": "BETWEEN",
                                                          "AttributeValueList": [_S("b"), _S("a")]}}},
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound")
    c.ve("ConditionExpression BETWEEN of mixed types", op, {
        "TableName": "aaa", "Key": {}, "ConditionExpression": "a between :b and :a",
        "ExpressionAttributeValues": {":a": _S("a"), ":b": {"N": "1"}}},
        "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; "
        "lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}")
    c.ve("ConditionExpression BETWEEN bounds in wrong order", op, {
        "TableName": "aaa", "Key": {}, "ConditionExpression": "a between :b and :a",
        "ExpressionAttributeValues": {":a": _S("a"), ":b": _S("b")}},
        "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to "
        "lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}")
    c.ve("Key not matching schema", op, {"TableName": t["hash"], "Key": {"a": {"B": "abcd"}}},
         "The provided key element does not match the schema")

    H = t["hash"]
    c.ok("missing item", op, {"TableName": H, "Key": {"a": _S(_rand())}}, expect={})
    item = {"a": _S(_rand()), "b": _S("b")}
    c.setup("PutItem", {"TableName": H, "Item": item})
    c.ok("ALL_OLD returns deleted item", op, {"TableName": H, "Key": {"a": item["a"]}, "ReturnValues": "ALL_OLD"},
         expect={"Attributes": item})
    c.ok("item is gone", "GetItem", {"TableName": H, "Key": {"a": item["a"]}, "ConsistentRead": True}, expect={})
    c.err("condition on missing item", op, {"TableName": H, "Key": {"a": _S(_rand())},
                                            "ConditionExpression": "a = :a",
                                            "ExpressionAttributeValues": {":a": _S(_rand())}},
          CCF, "The conditional request failed")
    item = {"a": _S(_rand()), "b": _S(_rand())}
    c.setup("PutItem", {"TableName": H, "Item": item})
    c.err("attribute_not_exists(b) on item with b", op, {
        "TableName": H, "Key": {"a": item["a"]}, "ConditionExpression": "attribute_not_exists(b)"},
        CCF, "The conditional request failed")
    c.ok("Expected a Exists false on a different, missing key", op, {
        "TableName": H, "Key": {"a": _S(_rand())}, "Expected": {"a": {"Exists": False}}}, expect={})
    c.finish()


# ---------------------------------------------------------------------------
# UpdateItem

def test_update_item_validation(ctx):
    t = _tables(ctx)
    c = Conf(ctx, "UpdateItem validation")
    op = "UpdateItem"
    inv = "One or more parameter values were invalid: "
    c.ve("incorrect attributes", op, {"TableName": "abc;", "ReturnConsumedCapacity": "hi",
                                      "ReturnItemCollectionMetrics": "hi", "ReturnValues": "hi"}, [
        "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: "
        "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
        "Value 'abc;' at 'tableName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        "Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: "
        "Member must satisfy enum value set: [SIZE, NONE]",
        "Value 'hi' at 'returnValues' failed to satisfy constraint: "
        "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
        "Value null at 'key' failed to satisfy constraint: Member must not be null"])
    c.ve("expression and non-expression", op, {
        "TableName": "abc", "Key": {"a": {}}, "Expected": {"a": {}}, "AttributeUpdates": {},
        "ExpressionAttributeNames": {}, "ExpressionAttributeValues": {}, "ConditionExpression": "",
        "UpdateExpression": ""},
        "Can not use both expression and non-expression parameters in the same request: Non-expression "
        "parameters: {AttributeUpdates, Expected} Expression parameters: {UpdateExpression, ConditionExpression}")
    c.ve("ExpressionAttributeValues without expressions", op, {
        "TableName": "abc", "Key": {"a": {}}, "Expected": {"a": {}}, "ExpressionAttributeValues": {}},
        "ExpressionAttributeValues can only be specified when using expressions: "
        "UpdateExpression and ConditionExpression are null")
    c.ve("AttributeUpdates without value", op, {
        "TableName": "abc", "Key": {}, "Expected": {"a": {}}, "AttributeUpdates": {"a": {"x": "whatever"}}},
        inv + "Only DELETE action is allowed when no attribute value is specified")
    c.ve("DELETE action with S value", op, {
        "TableName": "abc", "Key": {}, "AttributeUpdates": {"a": {"Action": "DELETE", "Value": _S("1")}}},
        inv + "DELETE action with value is not supported for the type S")
    c.ve("ADD action with S value", op, {
        "TableName": "abc", "Key": {}, "AttributeUpdates": {"a": {"Action": "ADD", "Value": _S("1")}}},
        inv + "ADD action is not supported for the type S")
    c.ve("empty UpdateExpression", op, {"TableName": "abc", "Key": {}, "ConditionExpression": "",
                                        "UpdateExpression": ""},
         "Invalid UpdateExpression: The expression can not be empty;")
    c.ve("UpdateExpression syntax error", op, {"TableName": "abc", "Key": {}, "UpdateExpression": "set a"},
         re.compile(r"^Invalid UpdateExpression: Syntax error; "))
    c.ve("UpdateExpression SET section twice", op, {
        "TableName": "abc", "Key": {}, "UpdateExpression": "set a = #c set c = :d",
        "ExpressionAttributeValues": {":a": _S("a"), ":b": _S("a")}, "ExpressionAttributeNames": {"#a": "a", "#b": "b"}},
        'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;')
    c.ve("UpdateExpression DELETE of a string", op, {
        "TableName": "abc", "Key": {}, "UpdateExpression": "delete a.b :a",
        "ExpressionAttributeValues": {":a": _S("a"), ":b": _S("a")}},
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, "
        "operand type: STRING")
    c.ve("list_append of a string", op, {
        "TableName": "abc", "Key": {}, "UpdateExpression": "set a = list_append(:a, a)",
        "ExpressionAttributeValues": {":a": _S("a")}},
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: "
        "list_append, operand type: S")
    c.nf("missing table with empty Key", op, {"TableName": _rand(), "Key": {}})
    c.ve("Key not matching schema", op, {"TableName": t["hash"], "Key": {"b": _S("a")}},
         "The provided key element does not match the schema")
    key_msg = inv + "Cannot update attribute a. This attribute is part of the key"
    c.ve("AttributeUpdates on hash key", op, {
        "TableName": t["hash"], "Key": {"a": _S(_rand())}, "AttributeUpdates": {"a": {"Value": _S(_rand())}}}, key_msg)
    c.ve("UpdateExpression SET of hash key", op, {
        "TableName": t["hash"], "Key": {"a": _S(_rand())}, "UpdateExpression": "remove d set b = :a, a = :a",
        "ExpressionAttributeValues": {":a": {"N": "1"}}}, key_msg)
    c.ve("UpdateExpression ADD to range key", op, {
        "TableName": t["range"], "Key": {"a": _S(_rand()), "b": _S(_rand())},
        "UpdateExpression": "set d[1] = :a add b.b :a", "ExpressionAttributeValues": {":a": {"N": "1"}}},
        inv + "Cannot update attribute b. This attribute is part of the key")
    c.ve("index key of wrong type", op, {
        "TableName": t["range"], "Key": {"a": _S(_rand()), "b": _S(_rand())},
        "AttributeUpdates": {"d": {"Value": {"N": _rand_num()}}, "c": {"Value": {"N": _rand_num()}}}},
        re.compile(r"^One or more parameter values were invalid: Type mismatch for Index Key c Expected: S "
                   r"Actual: N IndexName: index\d$"))
    c.ve("reference to missing attribute", op, {
        "TableName": t["hash"], "Key": {"a": _S(_rand())}, "UpdateExpression": "set c = b"},
        "The provided expression refers to an attribute that does not exist in the item")
    c.ve("nested path in missing item", op, {
        "TableName": t["hash"], "Key": {"a": _S(_rand())}, "UpdateExpression": "set b.a = a"},
        "The document path provided in the update expression is invalid for update")
    key = {"a": _S(_rand())}
    c.setup(op, {"TableName": t["hash"], "Key": key, "UpdateExpression": "set b = :b, c = :c, d = :d",
                 "ExpressionAttributeValues": {":b": {"M": {"a": {"SS": ["1"]}}}, ":c": {"N": "1"},
                                               ":d": {"NS": ["1"]}}})
    c.ve("ADD a number to a number set", op, {
        "TableName": t["hash"], "Key": key, "UpdateExpression": "add d :a",
        "ExpressionAttributeValues": {":a": {"N": "1"}}},
        "An operand in the update expression has an incorrect data type")
    c.ve("item too big after update", op, {
        "TableName": t["hash"], "Key": {"a": _S(_rand())},
        "AttributeUpdates": {"b": {"Action": "PUT", "Value": _S(_jsrep("a", MAX_SIZE))},
                             "c": {"Action": "PUT", "Value": {"N": "1" * 38 + "0" * 88}}}},
        "Item size to update has exceeded the maximum allowed size")
    c.finish()


def test_update_item_functionality(ctx):
    t = _tables(ctx)
    c = Conf(ctx, "UpdateItem functionality")
    op = "UpdateItem"
    H = t["hash"]
    c.err("attribute_exists on missing item", op, {
        "TableName": H, "Key": {"a": _S(_rand())}, "ConditionExpression": "attribute_exists(a)"},
        CCF, "The conditional request failed")
    key = {"a": _S(_rand())}
    c.ok("no action creates item", op, {"TableName": H, "Key": key}, expect={})
    c.ok("no action created item with key only", "GetItem", {"TableName": H, "Key": key, "ConsistentRead": True},
         expect={"Item": key})
    c.ok("ALL_OLD with no old item", op, {"TableName": H, "Key": {"a": _S(_rand())}, "ReturnValues": "ALL_OLD"},
         expect={})

    key = {"a": _S(_rand())}
    c.setup(op, {"TableName": H, "Key": key, "AttributeUpdates": {"b": {"Value": _S("a")}, "c": {"Value": _S("a")}}})
    c.ok("UPDATED_OLD", op, {"TableName": H, "Key": key, "ReturnValues": "UPDATED_OLD",
                             "AttributeUpdates": {"b": {"Value": _S("b")}, "c": {"Value": _S("a")}}},
         expect={"Attributes": {"b": _S("a"), "c": _S("a")}})
    c.ok("ALL_NEW", op, {"TableName": H, "Key": key, "ReturnValues": "ALL_NEW",
                         "AttributeUpdates": {"b": {"Value": _S("c")}}},
         expect={"Attributes": {"a": key["a"], "b": _S("c"), "c": _S("a")}})
    c.ok("UPDATED_NEW", op, {"TableName": H, "Key": key, "UpdateExpression": "set b=:b,c=:c",
                             "ExpressionAttributeValues": {":b": _S("b"), ":c": _S("a")}, "ReturnValues": "UPDATED_NEW"},
         expect={"Attributes": {"b": _S("b"), "c": _S("a")}})
    c.ok("DELETE action returns remaining UPDATED_NEW", op, {
        "TableName": H, "Key": key, "AttributeUpdates": {"b": {"Action": "DELETE"}, "c": {"Value": _S("a")}},
        "ReturnValues": "UPDATED_NEW"}, expect={"Attributes": {"c": _S("a")}})

    for case, req in [
        ("AttributeUpdates", {"AttributeUpdates": {
            "b": {"Action": "DELETE"}, "c": {"Action": "DELETE", "Value": {"SS": ["a", "b"]}},
            "d": {"Action": "ADD", "Value": {"N": "5"}}, "e": {"Action": "ADD", "Value": {"SS": ["a", "b"]}},
            "f": {"Action": "ADD", "Value": {"L": [_S("a"), {"N": "1"}]}}}}),
        ("UpdateExpression", {
            "UpdateExpression": "REMOVE b DELETE c :c ADD d :d, e :e SET f = :f",
            "ExpressionAttributeValues": {":c": {"SS": ["a", "b"]}, ":d": {"N": "5"}, ":e": {"SS": ["a", "b"]},
                                          ":f": {"L": [_S("a"), {"N": "1"}]}}})]:
        key = {"a": _S(_rand())}
        new = {"d": {"N": "5"}, "e": {"SS": ["a", "b"]}, "f": {"L": [_S("a"), {"N": "1"}]}}
        c.ok("ADD/DELETE/REMOVE on missing item via " + case, op,
             dict(req, TableName=H, Key=key, ReturnValues="UPDATED_NEW"), expect={"Attributes": new})
        c.ok("ADD/DELETE/REMOVE on missing item via %s (stored)" % case, "GetItem",
             {"TableName": H, "Key": key, "ConsistentRead": True}, expect={"Item": dict(new, a=key["a"])})

    key = {"a": _S(_rand())}
    c.setup(op, {"TableName": H, "Key": key, "AttributeUpdates": {"b": {"Value": {"N": "1"}}}})
    c.ok("ADD to a number", op, {"TableName": H, "Key": key, "ReturnValues": "UPDATED_NEW",
                                 "AttributeUpdates": {"b": {"Action": "ADD", "Value": {"N": "3"}}}},
         expect={"Attributes": {"b": {"N": "4"}}})
    key = {"a": _S(_rand())}
    c.setup(op, {"TableName": H, "Key": key, "AttributeUpdates": {"b": {"Value": {"SS": ["a", "b"]}}}})
    c.ok("ADD to a string set drops duplicates", op, {
        "TableName": H, "Key": key, "ReturnValues": "UPDATED_NEW",
        "AttributeUpdates": {"b": {"Action": "ADD", "Value": {"SS": ["b", "c", "d"]}}}},
        check=lambda d: _want(sorted(d.get("Attributes", {}).get("b", {}).get("SS", [])) == ["a", "b", "c", "d"],
                              "b SS [a, b, c, d]"))
    key = {"a": _S(_rand())}
    c.setup(op, {"TableName": H, "Key": key, "AttributeUpdates": {"b": {"Value": {"L": [_S("a"), {"N": "1"}]}}}})
    c.ok("ADD to a list appends", op, {
        "TableName": H, "Key": key, "ReturnValues": "UPDATED_NEW",
        "AttributeUpdates": {"b": {"Action": "ADD", "Value": {"L": [_S("b"), {"N": "2"}]}}}},
        expect={"Attributes": {"b": {"L": [_S("a"), {"N": "1"}, _S("b"), {"N": "2"}]}}})
    key = {"a": _S(_rand())}
    c.ok("if_not_exists(b, a)", op, {"TableName": H, "Key": key, "UpdateExpression": "set b = if_not_exists(b, a)",
                                     "ReturnValues": "UPDATED_NEW"}, expect={"Attributes": {"b": key["a"]}})
    item = {"a": _S(_rand()), "active": {"BOOL": False}}
    c.setup("PutItem", {"TableName": H, "Item": item})
    c.ok("boolean condition matches", op, {
        "TableName": H, "Key": {"a": item["a"]}, "ConditionExpression": "active = :a",
        "UpdateExpression": "SET active = :b", "ExpressionAttributeValues": {":a": {"BOOL": False}, ":b": {"BOOL": True}},
        "ReturnValues": "UPDATED_NEW"}, expect={"Attributes": {"active": {"BOOL": True}}})

    key = {"a": _S(_rand())}
    c.setup(op, {"TableName": H, "Key": key, "UpdateExpression": "set b = :b, c = :c",
                 "ExpressionAttributeValues": {":b": {"M": {"a": {"N": "1"}, "b": {"N": "2"}, "c": {"N": "3"}}},
                                               ":c": {"L": [{"N": "1"}, {"N": "3"}]}}})
    c.ok("nested update", op, {
        "TableName": H, "Key": key,
        "UpdateExpression": "set b.c=((c[1])+(b.a)),b.a = a,c[1] = a, c[4] = b.a - b.b, c[2] = b.c "
                            "add c[8] :b, c[6] :a",
        "ExpressionAttributeValues": {":a": {"N": "2"}, ":b": {"SS": ["a"]}}, "ReturnValues": "UPDATED_NEW"},
        expect={"Attributes": {"b": {"M": {"a": key["a"], "c": {"N": "4"}}},
                               "c": {"L": [key["a"], {"N": "3"}, {"N": "2"}]}}})
    c.ok("nested update (stored)", "GetItem", {"TableName": H, "Key": key, "ConsistentRead": True}, expect={"Item": {
        "a": key["a"], "b": {"M": {"a": key["a"], "b": {"N": "2"}, "c": {"N": "4"}}},
        "c": {"L": [{"N": "1"}, key["a"], {"N": "3"}, {"N": "-1"}, {"N": "2"}, {"SS": ["a"]}]}}})

    key = {"a": _S(_rand()), "b": _S(_rand())}
    R = t["range"]
    c.ok("update indexed attributes", op, {"TableName": R, "Key": key, "UpdateExpression": "set c = a, d = b, e = a, f = b",
                                           "ReturnValues": "UPDATED_NEW"},
         expect={"Attributes": {"c": key["a"], "d": key["b"], "e": key["a"], "f": key["b"]}})
    full = {"a": key["a"], "b": key["b"], "c": key["a"], "d": key["b"], "e": key["a"], "f": key["b"]}
    c.ok("updated item visible in LSI index1", "Query", {
        "TableName": R, "ConsistentRead": True, "IndexName": "index1",
        "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [key["a"]]},
                          "c": {"ComparisonOperator": "EQ", "AttributeValueList": [key["a"]]}}},
        check=lambda d: _want(d.get("Items") == [full], "Items == [%s]" % _short(full)))
    c.ok("updated item projected in LSI index2", "Query", {
        "TableName": R, "ConsistentRead": True, "IndexName": "index2",
        "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [key["a"]]},
                          "d": {"ComparisonOperator": "EQ", "AttributeValueList": [key["b"]]}}},
        check=lambda d: _want(d.get("Items") == [{"a": key["a"], "b": key["b"], "c": key["a"], "d": key["b"]}],
                              "Items == [a, b, c, d only]"))
    c.setup(op, {"TableName": R, "Key": key, "UpdateExpression": "set c = b, d = a, e = b, f = a"})
    c.ok("old index entry removed after key change", "Query", {
        "TableName": R, "ConsistentRead": True, "IndexName": "index1",
        "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [key["a"]]},
                          "c": {"ComparisonOperator": "EQ", "AttributeValueList": [key["a"]]}}},
        check=lambda d: _want(d.get("Items") == [], "Items == []"))
    c.ok("GSI index4 reflects update", "Query", {
        "TableName": R, "IndexName": "index4",
        "KeyConditions": {"c": {"ComparisonOperator": "EQ", "AttributeValueList": [key["b"]]},
                          "d": {"ComparisonOperator": "EQ", "AttributeValueList": [key["a"]]}}},
        check=lambda d: _want(d.get("Items") == [{"a": key["a"], "b": key["b"], "c": key["b"], "d": key["a"],
                                                  "e": key["b"]}], "Items == [a, b, c, d, e]"))
    c.finish()


# ---------------------------------------------------------------------------
# Query

def test_query_validation(ctx):
    t = _tables(ctx)
    c = Conf(ctx, "Query validation")
    op = "Query"
    inv = "One or more parameter values were invalid: "
    c.ve("no TableName", op, {},
         "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null")
    c.ve("empty TableName", op, {"TableName": ""}, [
        "Value '' at 'tableName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"])
    c.ve("long TableName", op, {"TableName": "a" * 256},
         "1 validation error detected: Value '%s' at 'tableName' failed to satisfy constraint: "
         "Member must have length less than or equal to 255" % ("a" * 256))
    c.ve("incorrect attributes", op, {
        "TableName": "abc;", "ReturnConsumedCapacity": "hi", "AttributesToGet": [], "IndexName": "abc;",
        "Select": "hi", "Limit": -1, "KeyConditions": {"a": {}, "b": {"ComparisonOperator": ""}},
        "ConditionalOperator": "AN", "QueryFilter": {"a": {}, "b": {"ComparisonOperator": ""}}}, [
        "Value 'hi' at 'select' failed to satisfy constraint: "
        "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
        "Value 'abc;' at 'indexName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: "
        "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
        "Value null at 'queryFilter.a.member.comparisonOperator' failed to satisfy constraint: "
        "Member must not be null",
        "Value '' at 'queryFilter.b.member.comparisonOperator' failed to satisfy constraint: "
        "Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, "
        "BEGINS_WITH, GE, CONTAINS]",
        "Value 'abc;' at 'tableName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        "Value 'AN' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]",
        "Value '[]' at 'attributesToGet' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
        "Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
        "Value null at 'keyConditions.a.member.comparisonOperator' failed to satisfy constraint: "
        "Member must not be null"])
    c.ve("Limit 0 (derived)", op, {"TableName": "abc", "Limit": 0},
         "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
         "Member must have value greater than or equal to 1")
    c.ve("bad Select (derived)", op, {"TableName": "abc", "Select": "hi"},
         "1 validation error detected: Value 'hi' at 'select' failed to satisfy constraint: Member must satisfy "
         "enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]")
    c.ve("expression and non-expression", op, {
        "TableName": "abc", "ExclusiveStartKey": {"a": {}}, "Select": "SPECIFIC_ATTRIBUTES",
        "AttributesToGet": ["a", "a"], "QueryFilter": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{}]}},
        "ConditionalOperator": "OR", "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{}]}},
        "ProjectionExpression": "", "FilterExpression": "", "KeyConditionExpression": "",
        "ExpressionAttributeNames": {}, "ExpressionAttributeValues": {}},
        "Can not use both expression and non-expression parameters in the same request: Non-expression "
        "parameters: {AttributesToGet, QueryFilter, ConditionalOperator, KeyConditions} Expression parameters: "
        "{ProjectionExpression, FilterExpression, KeyConditionExpression}")
    c.ve("ExpressionAttributeValues without expressions", op, {
        "TableName": "abc", "QueryFilter": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{}]}},
        "AttributesToGet": ["a", "a"], "ExclusiveStartKey": {"a": {}}, "ConditionalOperator": "OR",
        "Select": "SPECIFIC_ATTRIBUTES", "ExpressionAttributeValues": {}},
        "ExpressionAttributeValues can only be specified when using expressions: "
        "FilterExpression and KeyConditionExpression are null")
    c.ve("QueryFilter EQ without arguments", op, {
        "TableName": "abc", "ExclusiveStartKey": {"a": {}}, "AttributesToGet": ["a", "a"],
        "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{}]}},
        "QueryFilter": {"a": {"ComparisonOperator": "EQ"}}},
        inv + "Invalid number of argument(s) for the EQ ComparisonOperator")
    c.ve("ExclusiveStartKey empty AttributeValue", op, {
        "TableName": "abc", "KeyConditions": {"a": {"ComparisonOperator": "EQ"}}, "ExclusiveStartKey": {"a": {}}},
        "The provided starting key is invalid: Supplied AttributeValue is empty, must contain exactly one of the "
        "supported datatypes")
    c.ve("empty KeyConditions", op, {"TableName": "abc", "QueryFilter": {}, "KeyConditions": {}},
         "Conditions can be of length 1 or 2 only")
    c.ve("KeyConditionExpression with three conditions", op, {
        "TableName": "abc", "KeyConditionExpression": ":a = a and b = :a and :a = c",
        "ExpressionAttributeValues": {":a": _S("a")}}, "Conditions can be of length 1 or 2 only")
    c.ve("KeyConditions LT on BOOL", op, {
        "TableName": "abc", "KeyConditions": {"a": {"ComparisonOperator": "LT", "AttributeValueList": [{"BOOL": True}]}}},
        inv + "ComparisonOperator LT is not valid for BOOL AttributeValue type")
    c.ve("KeyConditions BETWEEN bounds in wrong order", op, {
        "TableName": "abc",
        "KeyConditions": {"a": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [_S("b"), _S("a")]}}},
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound")
    c.ve("empty ExpressionAttributeNames", op, {"TableName": "abc", "KeyConditionExpression": "",
                                                "ExpressionAttributeNames": {}, "ExpressionAttributeValues": {}},
         "ExpressionAttributeNames must not be empty")
    c.ve("invalid ExpressionAttributeValues key", op, {"TableName": "abc", "KeyConditionExpression": "",
                                                       "ExpressionAttributeValues": {"a": _S("b")}},
         'ExpressionAttributeValues contains invalid key: Syntax error; key: "a"')
    c.ve("empty KeyConditionExpression", op, {
        "TableName": "abc", "KeyConditionExpression": "", "FilterExpression": "", "ProjectionExpression": "",
        "ExpressionAttributeValues": {":0": _S("b")}}, "Invalid KeyConditionExpression: The expression can not be empty;")
    c.ve("KeyConditionExpression syntax error", op, {"TableName": "abc", "FilterExpression": "",
                                                     "KeyConditionExpression": "a > 4"},
         re.compile(r"^Invalid KeyConditionExpression: Syntax error; "))
    c.ve("empty FilterExpression", op, {
        "TableName": "abc", "KeyConditionExpression": "attribute_type(a, :a)", "FilterExpression": "",
        "ProjectionExpression": "", "ExpressionAttributeValues": {":a": _S("N")}},
        "Invalid FilterExpression: The expression can not be empty;")
    c.ve("attribute_type in KeyConditionExpression", op, {
        "TableName": "abc", "KeyConditionExpression": "attribute_type(a, :a)",
        "ExpressionAttributeValues": {":a": _S("S")}}, "Invalid operator used in KeyConditionExpression: attribute_type")
    for expr, oper in [("a > b and size(b) > c or a > c", "OR"), ("attribute_exists(a)", "attribute_exists"),
                       ("a <> b", "<>")]:
        c.ve("KeyConditionExpression operator " + oper, op, {"TableName": "abc", "KeyConditionExpression": expr},
             "Invalid operator used in KeyConditionExpression: " + oper)
    c.ve("BETWEEN without key as first operand", op, {
        "TableName": "abc", "KeyConditionExpression": ":a between size(b) and size(a) and b > :b",
        "ExpressionAttributeValues": {":a": _S("1"), ":b": _S("1")}},
        "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand")
    c.ve("nested operation", op, {"TableName": "abc", "KeyConditionExpression": "a > size(b.d)"},
         "KeyConditionExpressions cannot contain nested operations")
    c.ve("multiple attribute names", op, {"TableName": "abc", "KeyConditionExpression": "begins_with(a, b)"},
         "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition")
    c.ve("no key attribute", op, {"TableName": "abc", "KeyConditionExpression": ":b > :a AND a < :b",
                                  "ExpressionAttributeValues": {":a": {"N": "1"}, ":b": {"N": "1"}}},
         "Invalid condition in KeyConditionExpression: No key attribute specified")
    c.ve("two conditions on one key", op, {
        "TableName": "abc", "KeyConditionExpression": "b > :a AND b < :a and c = :a and d = :a",
        "ExpressionAttributeValues": {":a": {"N": "1"}}}, "KeyConditionExpressions must only contain one condition per key")
    c.ve("KeyConditionExpression BETWEEN of mixed types", op, {
        "TableName": "abc", "KeyConditionExpression": "a between :b and :a",
        "ExpressionAttributeValues": {":a": _S("a"), ":b": {"N": "1"}}},
        "Invalid KeyConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; "
        "lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}")
    c.ve("KeyConditionExpression BETWEEN bounds in wrong order", op, {
        "TableName": "abc", "KeyConditionExpression": "a between :b and :a",
        "ExpressionAttributeValues": {":a": _S("a"), ":b": _S("b")}},
        "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to "
        "lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}")
    c.nf("table checked before key validity", op, {
        "TableName": "abc", "ExclusiveStartKey": {"b": _S("a")}, "KeyConditionExpression": "z = :a",
        "ExpressionAttributeValues": {":a": {"N": "1"}}})
    c.finish()


def test_query_table_validation(ctx):
    t = _tables(ctx)
    c = Conf(ctx, "Query validation against tables")
    op = "Query"
    inv = "One or more parameter values were invalid: "
    H, R = t["hash"], t["range"]
    eq_b = {"KeyConditionExpression": "a = :a", "ExpressionAttributeValues": {":a": _S("b")}}

    def q(table, **kw):
        d = {"TableName": table}
        d.update(kw)
        return d

    c.ve("unknown index", op, q(H, IndexName="whatever", ExclusiveStartKey={},
                                KeyConditions={"z": {"ComparisonOperator": "NULL"}}),
         "The table does not have the specified index: whatever")
    c.ve("ConsistentRead on GSI", op, q(R, IndexName="index3", ConsistentRead=True, ExclusiveStartKey={},
                                        KeyConditions={"z": {"ComparisonOperator": "NULL"}}),
         "Consistent reads are not supported on global secondary indexes")
    c.ve("ExclusiveStartKey with non-key attribute", op, q(
        H, ExclusiveStartKey={"b": _S("a")}, KeyConditionExpression="z = :a",
        ExpressionAttributeValues={":a": {"N": "1"}}), "The provided starting key is invalid")
    c.ve("ExclusiveStartKey of wrong type", op, q(
        H, ExclusiveStartKey={"a": {"N": "1"}}, KeyConditionExpression="z = :a",
        ExpressionAttributeValues={":a": {"N": "1"}}), "The provided key element does not match the schema")
    c.ve("hash key missing from KeyConditionExpression", op, q(
        R, KeyConditionExpression="z between :a and :b", ExpressionAttributeValues={":a": {"N": "1"}, ":b": {"N": "1"}}),
        "Query condition missed key schema element: a")
    c.ve("hash key missing from KeyConditions on GSI", op, q(
        R, IndexName="index3", KeyConditions={"z": {"ComparisonOperator": "NULL"}}),
        "Query condition missed key schema element: c")
    c.ve("ExclusiveStartKey range invalid", op, q(R, ExclusiveStartKey={"a": _S("a"), "c": {"N": "1"}}, **eq_b),
         "The provided starting key is invalid")
    c.ve("ExclusiveStartKey range of wrong type", op, q(R, ExclusiveStartKey={"a": _S("a"), "b": {"N": "1"}}, **eq_b),
         "The provided key element does not match the schema")
    c.ve("condition on non-range attribute", op, q(
        R, ExclusiveStartKey={"a": _S("a"), "b": _S("a")}, KeyConditionExpression="a = :a and c = :b",
        ExpressionAttributeValues={":a": _S("b"), ":b": {"N": "1"}}),
        "Query condition missed key schema element: b")
    for cond in ({"ComparisonOperator": "NULL"}, {"ComparisonOperator": "NE", "AttributeValueList": [{"N": "1"}]}):
        c.ve("non-indexable hash condition " + cond["ComparisonOperator"], op, q(H, KeyConditions={"a": cond}),
             "Attempted conditional constraint is not an indexable operation")
    c.ve("non-indexable range condition CONTAINS", op, q(
        R, ExclusiveStartKey={"a": _S("a"), "b": _S("a")},
        KeyConditions={"a": {"ComparisonOperator": "EQ", "AttributeValueList": [_S("b")]},
                       "b": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [_S("a")]}}),
        "Attempted conditional constraint is not an indexable operation")
    c.ve("condition value type differs from schema", op, q(
        H, KeyConditionExpression=":a > a", ExpressionAttributeValues={":a": {"N": "1"}}),
        inv + "Condition parameter type does not match schema type")
    for expr in ("a > :a", "begins_with(a, :a)", "a = :a AND b = :a"):
        c.ve("unsupported hash condition: " + expr, op, q(
            H, KeyConditionExpression=expr, ExpressionAttributeValues={":a": _S("1")}),
            "Query key condition not supported")
    c.ve("unsupported KeyConditions LE on hash", op, q(
        H, KeyConditions={"a": {"ComparisonOperator": "LE", "AttributeValueList": [_S("a")]}}),
        "Query key condition not supported")
    c.ve("ExclusiveStartKey outside hash condition", op, q(R, ExclusiveStartKey={"a": _S("a"), "b": _S("a")}, **eq_b),
         "The provided starting key is outside query boundaries based on provided conditions")
    c.ve("ExclusiveStartKey not matching range predicate", op, q(
        R, ExclusiveStartKey={"a": _S("a"), "b": _S("a")}, KeyConditionExpression="a = :a and b > :a",
        ExpressionAttributeValues={":a": _S("b")}),
        "The provided starting key does not match the range key predicate")
    c.ve("ExclusiveStartKey with hash mismatch, range ok", op, q(
        R, ExclusiveStartKey={"a": _S("a"), "b": _S("a")}, KeyConditionExpression="a = :a and b < :a",
        ExpressionAttributeValues={":a": _S("b")}),
        "The query can return at most one row and cannot be restarted")
    c.ve("hash key in QueryFilter", op, q(
        H, KeyConditions={"a": {"ComparisonOperator": "EQ", "AttributeValueList": [_S("a")]}},
        QueryFilter={"a": {"ComparisonOperator": "EQ", "AttributeValueList": [_S("a")]}}),
        "QueryFilter can only contain non-primary key attributes: Primary key attribute: a")
    c.ve("hash key in FilterExpression", op, q(
        H, FilterExpression="a = :b", KeyConditionExpression="a = :a",
        ExpressionAttributeValues={":a": _S("1"), ":b": {"N": "1"}}),
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: a")
    c.ve("range key in FilterExpression", op, q(
        R, FilterExpression="attribute_exists(b.c) AND c = :b", KeyConditionExpression="a = :a",
        ExpressionAttributeValues={":a": _S("1"), ":b": {"N": "1"}}),
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: b")
    c.ve("nested index key in FilterExpression", op, q(
        R, FilterExpression="d[1] = :b", KeyConditionExpression="a = :a",
        ExpressionAttributeValues={":a": _S("1"), ":b": {"N": "1"}}),
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: d")
    c.ve("ALL_ATTRIBUTES on non-ALL GSI", op, q(
        R, IndexName="index4", Select="ALL_ATTRIBUTES",
        ExclusiveStartKey={"a": _S("a"), "b": _S("b"), "c": _S("a"), "d": _S("b")},
        KeyConditionExpression="c = :a", FilterExpression="a = :b and a.b = :a",
        ExpressionAttributeValues={":a": _S("a"), ":b": {"N": "1"}}),
        inv + "Select type ALL_ATTRIBUTES is not supported for global secondary index index4 because its "
        "projection type is not ALL")
    c.finish()


def test_query_functionality(ctx):
    t = _tables(ctx)
    c = Conf(ctx, "Query functionality")
    op = "Query"
    R, RN, RB = t["range"], t["rangeN"], t["rangeB"]

    c.ok("empty result", op, {"TableName": t["hash"], "KeyConditionExpression": "a = :a",
                              "ExpressionAttributeValues": {":a": _S(_rand())}, "ConsistentRead": False,
                              "ReturnConsumedCapacity": "NONE", "ScanIndexForward": True, "Select": "ALL_ATTRIBUTES"},
         expect={"Count": 0, "ScannedCount": 0, "Items": []})

    a = _S(_rand())
    i1, i2, i3 = {"a": a, "b": _S("1")}, {"a": a, "b": _S("2")}, {"a": a, "b": _S("3")}
    _batch_put(c, R, [i1, i2, i3])

    def res(*items, **extra):
        d = {"Count": len(items), "ScannedCount": len(items), "Items": list(items)}
        d.update(extra)
        return d

    for case, kc, kce, exp in [
        ("EQ on hash only", {}, ("a = :a", {}), res(i1, i2, i3)),
        ("EQ", {"b": ("EQ", [i2["b"]])}, ("a = :a AND b = :b", {":b": i2["b"]}), res(i2)),
        ("LE", {"b": ("LE", [i2["b"]])}, ("a = :a AND b <= :b", {":b": i2["b"]}), res(i1, i2)),
        ("LT", {"b": ("LT", [i2["b"]])}, ("a = :a AND b < :b", {":b": i2["b"]}), res(i1)),
        ("GE", {"b": ("GE", [i2["b"]])}, ("a = :a AND b >= :b", {":b": i2["b"]}), res(i2, i3)),
        ("GT", {"b": ("GT", [i2["b"]])}, ("a = :a AND b > :b", {":b": i2["b"]}), res(i3)),
    ]:
        conds = {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [a]}}
        for k, (cop, vals) in kc.items():
            conds[k] = {"ComparisonOperator": cop, "AttributeValueList": vals}
        c.ok("KeyConditions " + case, op, {"TableName": R, "ConsistentRead": True, "KeyConditions": conds}, expect=exp)
        eav = dict(kce[1])
        eav[":a"] = a
        c.ok("KeyConditionExpression " + case, op, {"TableName": R, "ConsistentRead": True,
                                                    "KeyConditionExpression": kce[0],
                                                    "ExpressionAttributeValues": eav}, expect=exp)

    a = _S(_rand())
    items = [{"a": a, "b": _S(v)} for v in ("aaa", "aab", "abc")]
    _batch_put(c, R, items)
    c.ok("begins_with", op, {"TableName": R, "ConsistentRead": True,
                             "KeyConditionExpression": "a = :a AND begins_with(b, :b)",
                             "ExpressionAttributeValues": {":a": a, ":b": _S("aa")}}, expect=res(items[0], items[1]))
    a = _S(_rand())
    items = [{"a": a, "b": _S(v)} for v in ("aa", "ab", "abc", "ac", "aca")]
    _batch_put(c, R, items)
    c.ok("BETWEEN", op, {"TableName": R, "ConsistentRead": True,
                         "KeyConditionExpression": "a = :a AND b BETWEEN :b AND :c",
                         "ExpressionAttributeValues": {":a": a, ":b": _S("ab"), ":c": _S("ac")}},
         expect=res(items[1], items[2], items[3]))

    a = _S(_rand())
    items = [{"a": a, "b": _S("b1"), "d": _S("d1")}, {"a": a, "b": _S("b2")},
             {"a": a, "b": _S("b3"), "d": _S("d3"), "e": _S("e3")}]
    _batch_put(c, R, items)
    proj = res({"b": _S("b1"), "d": _S("d1")}, {"b": _S("b2")}, {"b": _S("b3"), "d": _S("d3")})
    c.ok("AttributesToGet", op, {"TableName": R, "ConsistentRead": True, "AttributesToGet": ["b", "d"],
                                 "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [a]}}},
         expect=proj)
    c.ok("ProjectionExpression with names", op, {
        "TableName": R, "ConsistentRead": True, "KeyConditionExpression": "a = :a",
        "ExpressionAttributeValues": {":a": a}, "ExpressionAttributeNames": {"#b": "b", "#d": "d"},
        "ProjectionExpression": "#b, #d"}, expect=proj)
    c.ok("FilterExpression counts scanned items", op, {
        "TableName": R, "ConsistentRead": True, "KeyConditionExpression": "a = :a",
        "ExpressionAttributeValues": {":a": a}, "FilterExpression": "attribute_exists(e)"},
        expect={"Count": 1, "ScannedCount": 3, "Items": [items[2]]})

    a = _S(_rand())
    items = [{"a": a, "b": _S("b1"), "c": _S("c1"), "d": _S("d1")}, {"a": a, "b": _S("b2")},
             {"a": a, "b": _S("b3"), "d": _S("d3"), "e": _S("e3"), "f": _S("f3")},
             {"a": a, "b": _S("b4"), "c": _S("c4"), "d": _S("d4"), "e": _S("e4")}]
    _batch_put(c, R, items)
    c.ok("LSI default projection (INCLUDE c)", op, {
        "TableName": R, "ConsistentRead": True, "IndexName": "index2",
        "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [a]}}},
        expect=res(items[0], {"a": a, "b": _S("b3"), "d": _S("d3")},
                   {"a": a, "b": _S("b4"), "c": _S("c4"), "d": _S("d4")}))
    c.ok("LSI Select ALL_ATTRIBUTES", op, {
        "TableName": R, "ConsistentRead": True, "IndexName": "index2", "Select": "ALL_ATTRIBUTES",
        "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [a]}}},
        expect=res(items[0], items[2], items[3]))

    a = _S(_rand())
    items = [{"a": a, "b": _S(v), "c": _S("c")} for v in ("2", "1", "3", "4", "5")]
    items[2]["d"] = _S("d")
    _batch_put(c, R, items)
    ge2 = {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [a]},
           "b": {"ComparisonOperator": "GE", "AttributeValueList": [_S("2")]}}
    c.ok("Select COUNT", op, {"TableName": R, "ConsistentRead": True, "KeyConditions": ge2, "Select": "COUNT"},
         expect={"Count": 4, "ScannedCount": 4})
    lek = {"a": a, "b": _S("3")}
    c.ok("Limit returns LastEvaluatedKey", op, {"TableName": R, "ConsistentRead": True, "KeyConditions": ge2, "Limit": 2},
         expect=res(items[0], items[2], LastEvaluatedKey=lek))
    c.ok("Limit with QueryFilter", op, {
        "TableName": R, "ConsistentRead": True, "Limit": 2, "KeyConditionExpression": "a = :a AND b >= :b",
        "FilterExpression": "d = :d", "ExpressionAttributeValues": {":a": a, ":b": _S("2"), ":d": _S("d")}},
        expect={"Count": 1, "ScannedCount": 2, "Items": [items[2]], "LastEvaluatedKey": lek})
    c.ok("Limit with Select COUNT", op, {"TableName": R, "ConsistentRead": True, "KeyConditions": ge2, "Limit": 2,
                                         "Select": "COUNT"},
         expect={"Count": 2, "ScannedCount": 2, "LastEvaluatedKey": lek})
    c.ok("ExclusiveStartKey continues", op, {"TableName": R, "ConsistentRead": True, "KeyConditions": ge2,
                                             "ExclusiveStartKey": lek},
         expect=res(items[3], items[4]))

    a = _S(_rand())
    svals = ["1", "2", "10", "a", "b", "aa", "ab", "A", "B"]
    items = [{"a": a, "b": _S(v)} for v in svals]
    _batch_put(c, R, items)
    order = [items[svals.index(v)] for v in ("1", "10", "2", "A", "B", "a", "aa", "ab", "b")]
    c.ok("string ordering", op, {"TableName": R, "ConsistentRead": True,
                                 "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [a]}}},
         expect=res(*order))
    c.ok("reverse string ordering with Limit", op, {
        "TableName": R, "ConsistentRead": True, "ScanIndexForward": False, "Limit": 2,
        "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [a]}}},
        expect=res(order[-1], order[-2], LastEvaluatedKey=order[-2]))
    c.ok("reverse with ExclusiveStartKey", op, {
        "TableName": R, "ConsistentRead": True, "ScanIndexForward": False, "ExclusiveStartKey": order[3],
        "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [a]}}},
        expect=res(order[2], order[1], order[0]))

    a = _S(_rand())
    items = [{"a": a, "b": _S(str(i + 1)), "c": _S(v)} for i, v in enumerate(svals)]
    items[0]["d"] = _S("1")
    _batch_put(c, R, items)
    by_c = {it["c"]["S"]: it for it in items}
    idx_order = [by_c[v] for v in ("1", "10", "2", "A", "B", "a", "aa", "ab", "b")]
    c.ok("LSI string ordering", op, {"TableName": R, "IndexName": "index1",
                                     "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [a]}}},
         expect=res(*idx_order))
    c.ok("LSI range condition c <= :c", op, {
        "TableName": R, "IndexName": "index1", "KeyConditionExpression": "a = :a AND c <= :c",
        "ExpressionAttributeValues": {":a": a, ":c": _S("a")}}, expect=res(*idx_order[:6]))

    a = _S(_rand())
    nvals = ["0", "99.1", "10.9", "10.1", "9.1", "9", "1.9", "1.1", "1", "0.9", "0.1", "0.09", "0.01", "-0.01",
             "-0.09", "-0.1", "-0.9", "-1", "-1.01", "-9", "-9.9", "-10.1", "-99.1"]
    items = [{"a": a, "b": {"N": v}} for v in nvals]
    _batch_put(c, RN, items)
    norder = sorted(items, key=lambda it: float(it["b"]["N"]))
    c.ok("number ordering", op, {"TableName": RN, "ConsistentRead": True,
                                 "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [a]}}},
         expect=res(*norder))
    c.ok("reverse number ordering with Limit", op, {
        "TableName": RN, "ConsistentRead": True, "ScanIndexForward": False, "Limit": 3,
        "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [a]}}},
        expect=res(norder[-1], norder[-2], norder[-3], LastEvaluatedKey=norder[-3]))

    a = _S(_rand())
    bvals = ["1Py5xA==", "JA==", "2w==", "cAeRhZE=", "6piVtA==", "MjA0", "1g==", "ER/jLQ==", "T7MzEUw=", "9FkiOH0=",
             "Iv/a", "9V0="]
    items = [{"a": a, "b": {"B": v}} for v in bvals]
    _batch_put(c, RB, items)
    border = [items[i] for i in (7, 10, 1, 5, 8, 3, 0, 6, 2, 4, 9, 11)]
    c.ok("binary ordering", op, {"TableName": RB, "ConsistentRead": True,
                                 "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [a]}}},
         expect=res(*border))

    cval = _S(_rand())
    gitems = [{"a": _S("a"), "b": _S("a"), "c": cval, "d": _S("f"), "e": _S("a"), "f": _S("a")},
              {"a": _S("b"), "b": _S("b"), "c": cval, "d": _S("a"), "e": _S("a"), "f": _S("a")},
              {"a": _S("c"), "b": _S("e"), "c": cval, "d": _S("b"), "e": _S("a"), "f": _S("a")},
              {"a": _S("c"), "b": _S("d"), "c": cval, "d": _S("c"), "e": _S("a"), "f": _S("a")},
              {"a": _S("c"), "b": _S("c"), "c": _S("c"), "d": _S("d"), "e": _S("a"), "f": _S("a")},
              {"a": _S("d"), "b": _S("a"), "c": cval, "d": _S("e"), "e": _S("a"), "f": _S("a")},
              {"a": _S("e"), "b": _S("a"), "c": cval, "d": _S("f"), "e": _S("a"), "f": _S("a")}]
    _batch_put(c, R, gitems)

    def noF(it):
        return {k: v for k, v in it.items() if k != "f"}
    conds = {"c": {"ComparisonOperator": "EQ", "AttributeValueList": [cval]},
             "d": {"ComparisonOperator": "LT", "AttributeValueList": [_S("f")]}}
    c.ok("GSI range query with Limit", op, {"TableName": R, "IndexName": "index4", "Limit": 3, "KeyConditions": conds},
         expect=res(noF(gitems[1]), noF(gitems[2]), noF(gitems[3]),
                    LastEvaluatedKey={k: gitems[3][k] for k in "abcd"}))
    c.ok("GSI reverse range query with Limit", op, {"TableName": R, "IndexName": "index4", "Limit": 3,
                                                    "ScanIndexForward": False, "KeyConditions": conds},
         expect=res(noF(gitems[5]), noF(gitems[3]), noF(gitems[2]),
                    LastEvaluatedKey={k: gitems[2][k] for k in "abcd"}))
    c.finish()


# ---------------------------------------------------------------------------
# Scan

def test_scan(ctx):
    t = _tables(ctx)
    c = Conf(ctx, "Scan")
    op = "Scan"
    H, R = t["hash"], t["range"]
    c.ve("no TableName", op, {},
         "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null")
    c.ve("incorrect attributes", op, {
        "TableName": "abc;", "ReturnConsumedCapacity": "hi", "AttributesToGet": [], "IndexName": "abc;",
        "Segment": -1, "TotalSegments": -1, "Select": "hi", "Limit": -1,
        "ScanFilter": {"a": {}, "b": {"ComparisonOperator": ""}}, "ConditionalOperator": "AN",
        "ExpressionAttributeNames": {}, "ExpressionAttributeValues": {}, "ProjectionExpression": ""}, [
        "Value 'hi' at 'select' failed to satisfy constraint: "
        "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
        "Value 'abc;' at 'indexName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        "Value '-1' at 'totalSegments' failed to satisfy constraint: Member must have value greater than or equal to 1",
        "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: "
        "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
        "Value 'abc;' at 'tableName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        "Value 'AN' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]",
        "Value null at 'scanFilter.a.member.comparisonOperator' failed to satisfy constraint: Member must not be null",
        "Value '' at 'scanFilter.b.member.comparisonOperator' failed to satisfy constraint: "
        "Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, "
        "BEGINS_WITH, GE, CONTAINS]",
        "Value '-1' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0",
        "Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"])
    c.ve("Limit 0 (derived)", op, {"TableName": "abc", "Limit": 0},
         "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
         "Member must have value greater than or equal to 1")
    c.ve("expression and non-expression", op, {
        "TableName": "abc", "ScanFilter": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{}]}},
        "Segment": 1, "Limit": 1, "AttributesToGet": ["a", "a"], "ExclusiveStartKey": {"a": {}},
        "ConditionalOperator": "OR", "Select": "SPECIFIC_ATTRIBUTES", "FilterExpression": "",
        "ProjectionExpression": "", "ExpressionAttributeNames": {}, "ExpressionAttributeValues": {}},
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: "
        "{AttributesToGet, ScanFilter, ConditionalOperator} Expression parameters: {ProjectionExpression, FilterExpression}")
    c.ve("ExpressionAttributeValues without FilterExpression", op, {
        "TableName": "abc", "ScanFilter": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{}]}},
        "Segment": 1, "Limit": 1, "AttributesToGet": ["a", "a"], "ExclusiveStartKey": {"a": {}},
        "ConditionalOperator": "OR", "Select": "SPECIFIC_ATTRIBUTES", "ExpressionAttributeValues": {}},
        "ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null")
    c.ve("ScanFilter IN on BOOL", op, {
        "TableName": "abc", "Segment": 1, "ExclusiveStartKey": {"a": {}},
        "ScanFilter": {"a": {"ComparisonOperator": "IN", "AttributeValueList": [{"BOOL": True}]}}},
        "One or more parameter values were invalid: ComparisonOperator IN is not valid for BOOL AttributeValue type")
    seg = {"FilterExpression": "", "ExpressionAttributeNames": {}, "ExpressionAttributeValues": {}}
    c.ve("Segment without TotalSegments", op, dict(seg, TableName="abc", Segment=1),
         "The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
    c.ve("TotalSegments without Segment", op, dict(seg, TableName="abc", TotalSegments=1),
         "The Segment parameter is required but was not present in the request when parameter TotalSegments is present")
    c.ve("Segment not less than TotalSegments", op, dict(seg, TableName="abc", Segment=1, TotalSegments=1),
         "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
         "Segment: 1 is not less than TotalSegments: 1")
    c.ve("empty FilterExpression", op, {"TableName": "abc", "FilterExpression": "", "ProjectionExpression": "",
                                        "ExpressionAttributeValues": {":0": _S("b")}},
         "Invalid FilterExpression: The expression can not be empty;")
    c.ve("FilterExpression syntax error", op, {"TableName": "abc", "FilterExpression": "a > 4"},
         re.compile(r"^Invalid FilterExpression: Syntax error; "))
    c.ve("FilterExpression unknown function", op, {"TableName": "abc",
                                                   "FilterExpression": "a=a and whatever((:things)) > a"},
         "Invalid FilterExpression: Invalid function name; function: whatever")
    c.ve("FilterExpression undefined name", op, {"TableName": "abc", "FilterExpression": "#4g > a"},
         "Invalid FilterExpression: An expression attribute name used in the document path is not defined; "
         "attribute name: #4g")
    c.ve("FilterExpression undefined value", op, {"TableName": "abc", "FilterExpression": ":a < :b"},
         "Invalid FilterExpression: An expression attribute value used in expression is not defined; "
         "attribute value: :a")
    c.ve("FilterExpression begins_with on a number", op, {
        "TableName": "abc", "FilterExpression": "begins_with(a, :a)", "ExpressionAttributeValues": {":a": {"N": "1"}}},
        "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: "
        "begins_with, operand type: N")
    c.ve("FilterExpression non-distinct operands", op, {
        "TableName": "abc", "FilterExpression": "#a <> a", "ExpressionAttributeNames": {"#a": "a"}},
        "Invalid FilterExpression: The first operand must be distinct from the remaining operands for this operator "
        "or function; operator: <>, first operand: [a]")
    c.nf("table checked before key validity", op, {"TableName": "abc", "ExclusiveStartKey": {"b": _S("a")}})
    c.ve("unknown index", op, {"TableName": H, "IndexName": "whatever", "FilterExpression": "attribute_exists(a.b.c)"},
         "The table does not have the specified index: whatever")
    c.ve("ExclusiveStartKey not matching schema", op, {
        "TableName": H, "FilterExpression": "attribute_exists(a.b.c)", "ExclusiveStartKey": {"a": {"N": "1"}}},
        "The provided starting key is invalid: The provided key element does not match the schema")
    c.ve("ExclusiveStartKey missing range key", op, {"TableName": R, "ExclusiveStartKey": {"a": _S("a")}},
         "The provided starting key is invalid: The provided key element does not match the schema")
    c.ve("ExclusiveStartKey invalid for LSI", op, {"TableName": R, "IndexName": "index1",
                                                   "ExclusiveStartKey": {"a": _S("a"), "b": _S("a")}},
         "The provided starting key is invalid")
    c.ve("ALL_ATTRIBUTES on non-ALL GSI", op, {
        "TableName": R, "FilterExpression": "attribute_exists(a.b.c)", "IndexName": "index4",
        "Select": "ALL_ATTRIBUTES", "ExclusiveStartKey": {"x": {"N": "1"}, "y": {"N": "1"}, "c": _S("a"), "d": _S("a")}},
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global "
        "secondary index index4 because its projection type is not ALL")
    c.ve("nested key in FilterExpression", op, {"TableName": H, "FilterExpression": "attribute_exists(#a.b.c)",
                                                "ExpressionAttributeNames": {"#a": "a"}},
         "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: a")

    # functionality
    item = {"a": _S(_rand())}
    c.setup("PutItem", {"TableName": H, "Item": item})
    for case, extra in [("ScanFilter", {"ScanFilter": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [item["a"]]}}}),
                        ("FilterExpression", {"FilterExpression": "#a = :a", "ExpressionAttributeValues": {":a": item["a"]},
                                              "ExpressionAttributeNames": {"#a": "a"}})]:
        c.ok("scan by key with " + case, op, dict(extra, TableName=H),
             check=lambda d: _want(d.get("Items") == [item] and d.get("Count") == 1 and d.get("ScannedCount", 0) > 0,
                                   "Items [item], Count 1, ScannedCount > 0"))

    name = ctx.table_name("conf-scan")
    c.setup("CreateTable", {"TableName": name, "AttributeDefinitions": _ad(("a", "S")), "KeySchema": _ks(("a", "HASH")),
                            "BillingMode": "PAY_PER_REQUEST"})
    b = _S(_rand())
    all_items = [{"a": _S(str(i)), "b": b} for i in range(5)]
    _batch_put(c, name, all_items)
    seen, pages, start = [], [], None
    for _ in range(10):
        req = {"TableName": name, "Limit": 2}
        if start:
            req["ExclusiveStartKey"] = start
        doc = c.ok("Limit 2 pagination page %d" % (len(pages) + 1), op, req)
        if doc is None:
            break
        pages.append(doc)
        seen.extend(doc.get("Items", []))
        start = doc.get("LastEvaluatedKey")
        if start is not None and doc.get("Items") and start != {"a": doc["Items"][-1]["a"]}:
            c.fail("Limit 2 pagination", "LastEvaluatedKey %s is not the last item's key" % _short(start))
        if not start:
            break
    c.cases += 1
    counts = [p.get("Count") for p in pages]
    if sorted(json.dumps(i, sort_keys=True) for i in seen) != sorted(json.dumps(i, sort_keys=True) for i in all_items) \
            or counts[:3] != [2, 2, 1] or not pages or "LastEvaluatedKey" in pages[-1]:
        c.fail("Limit 2 pagination", "expected pages of 2, 2, 1 items covering all 5 once, last without "
               "LastEvaluatedKey; got counts %s, %d items" % (counts, len(seen)))
    segs = []
    for s in (0, 1):
        doc = c.ok("parallel scan segment %d of 2" % s, op, {"TableName": name, "Segment": s, "TotalSegments": 2})
        segs.append([json.dumps(i, sort_keys=True) for i in (doc or {}).get("Items", [])])
    c.cases += 1
    if sorted(segs[0] + segs[1]) != sorted(json.dumps(i, sort_keys=True) for i in all_items):
        c.fail("parallel scan segments", "expected segments to partition the 5 items; got %s" % segs)
    c.finish()


# ---------------------------------------------------------------------------
# BatchWriteItem

def test_batch_write_item(ctx):
    t = _tables(ctx)
    c = Conf(ctx, "BatchWriteItem")
    op = "BatchWriteItem"
    map_keys = re.compile(
        r"^Value '\{.+\}' at 'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: "
        r"\[Member must have length less than or equal to 255, Member must have length greater than or equal to 3, "
        r"Member must satisfy regular expression pattern: \[a-zA-Z0-9_\.-\]\+\]$", re.S)
    map_values = re.compile(
        r"^Value '\{.+\}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
        r"\[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\]$", re.S)
    c.ve("empty body", op, {},
         "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null")
    c.ve("empty RequestItems", op, {"RequestItems": {}},
         "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: "
         "Member must have length greater than or equal to 1")
    c.ve("short table name and empty request list", op, {"RequestItems": {"a": []}}, [map_keys, map_values])
    c.ve("short table name", op, {"RequestItems": {"a": [{"PutRequest": {"Item": {"a": _S("a")}}}]}}, [map_keys])
    reqs = [{"DeleteRequest": {"Key": {"a": _S(str(i))}}} if i % 2 else {"PutRequest": {"Item": {"a": _S(str(i))}}}
            for i in range(26)]
    c.ve("26 requests", op, {"RequestItems": {"abc": reqs}}, [map_values])
    c.nf("25 requests to missing table", op, {"RequestItems": {"abc": reqs[:25]}})
    item = {"a": _S(_rand()), "c": _S("c")}
    c.nf("table checked before duplicate keys", op, {"RequestItems": {"abc": [
        {"PutRequest": {"Item": item}}, {"DeleteRequest": {"Key": {"a": item["a"]}}}]}})
    c.ve("put and delete of same key", op, {"RequestItems": {t["hash"]: [
        {"PutRequest": {"Item": item}}, {"DeleteRequest": {"Key": {"a": item["a"]}}}]}},
        "Provided list of item keys contains duplicates")
    c.ve("empty AttributeValue in Item", op, {"RequestItems": {"abc": [{"PutRequest": {"Item": {"a": {}}}}]}},
         "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
    k = _rand()
    c.ve("item too big", op, {"RequestItems": {"abc": [{"PutRequest": {"Item": {
        "a": _S(k), "b": _S(_jsrep("a", MAX_SIZE + 1 - len(k) - 1))}}}]}},
        "Item size has exceeded the maximum allowed size")
    c.nf("missing table with empty Item", op, {"RequestItems": {_rand(): [{"PutRequest": {"Item": {}}}]}})
    c.ve("Item key not matching schema", op, {"RequestItems": {t["hash"]: [{"PutRequest": {"Item": {"a": {"N": "1"}}}}]}},
         "The provided key element does not match the schema")
    c.ve("Item missing range key", op, {"RequestItems": {t["range"]: [{"PutRequest": {"Item": {"a": _S("a")}}}]}},
         "The provided key element does not match the schema")
    c.ve("secondary index key of wrong type", op, {"RequestItems": {t["range"]: [{"PutRequest": {"Item": {
        "a": _S("a"), "b": _S("a"), "c": {"N": "1"}}}}]}},
        re.compile(r"^One or more parameter values were invalid: Type mismatch for Index Key c Expected: S "
                   r"Actual: N IndexName: index\d$"))

    H, R = t["hash"], t["range"]
    i1 = {"a": _S(_rand()), "c": _S("c")}
    i2 = {"a": _S(_rand()), "b": _S(_rand()), "c": _S("c")}
    c.ok("write one item to each table", op, {"RequestItems": {H: [{"PutRequest": {"Item": i1}}],
                                                              R: [{"PutRequest": {"Item": i2}}]}},
         expect={"UnprocessedItems": {}})
    c.ok("written hash item", "GetItem", {"TableName": H, "Key": {"a": i1["a"]}, "ConsistentRead": True},
         expect={"Item": i1})
    c.ok("written range item", "GetItem", {"TableName": R, "Key": {"a": i2["a"], "b": i2["b"]}, "ConsistentRead": True},
         expect={"Item": i2})
    c.ok("delete one item from each table", op, {"RequestItems": {
        H: [{"DeleteRequest": {"Key": {"a": i1["a"]}}}], R: [{"DeleteRequest": {"Key": {"a": i2["a"], "b": i2["b"]}}}]}},
        expect={"UnprocessedItems": {}})
    c.ok("deleted hash item", "GetItem", {"TableName": H, "Key": {"a": i1["a"]}, "ConsistentRead": True}, expect={})
    c.finish()


# ---------------------------------------------------------------------------
# BatchGetItem

def test_batch_get_item(ctx):
    t = _tables(ctx)
    c = Conf(ctx, "BatchGetItem")
    op = "BatchGetItem"
    map_keys = re.compile(
        r"^Value '\{.+\}' at 'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: "
        r"\[Member must have length less than or equal to 255, Member must have length greater than or equal to 3, "
        r"Member must satisfy regular expression pattern: \[a-zA-Z0-9_\.-\]\+\]$", re.S)
    c.ve("empty body", op, {},
         "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null")
    c.ve("empty RequestItems", op, {"RequestItems": {}},
         "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: "
         "Member must have length greater than or equal to 1")
    c.ve("short table name with empty Keys", op, {"RequestItems": {"a": {"Keys": []}}}, [
        map_keys, "Value '[]' at 'requestItems.a.member.keys' failed to satisfy constraint: "
                  "Member must have length greater than or equal to 1"])
    keys = [{"a": _S(str(i))} for i in range(101)]
    c.ve("101 keys", op, {"RequestItems": {"abc": {"Keys": keys}}}, [re.compile(
        r"^Value '\[.+\]' at 'requestItems\.abc\.member\.keys' failed to satisfy constraint: "
        r"Member must have length less than or equal to 100$", re.S)])
    c.ve("101 keys over two tables", op, {"RequestItems": {"abc": {"Keys": keys[:100]}, "abd": {"Keys": [keys[100]]}}},
         "Too many items requested for the BatchGetItem call")
    c.nf("100 keys of missing table", op, {"RequestItems": {"abc": {"Keys": keys[:100]}}})
    c.ve("expression and non-expression", op, {"RequestItems": {"abc": {
        "Keys": [{}], "AttributesToGet": ["a"], "ExpressionAttributeNames": {}, "ProjectionExpression": ""}}},
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}")
    c.ve("empty ProjectionExpression", op, {"RequestItems": {"abc": {"Keys": [{}], "ProjectionExpression": ""}}},
         "Invalid ProjectionExpression: The expression can not be empty;")
    key = {"a": _S(_rand()), "b": {"N": _rand_num()}}
    c.ve("duplicate keys", op, {"RequestItems": {"abc": {"Keys": [key, {"b": key["b"], "a": key["a"]}, key]}}},
         "Provided list of item keys contains duplicates")
    c.ve("duplicate AttributesToGet", op, {"RequestItems": {"abc": {"Keys": [{}], "AttributesToGet": ["a", "a"]}}},
         "One or more parameter values were invalid: Duplicate value in attribute name: a")
    c.nf("missing table with empty key", op, {"RequestItems": {_rand(): {"Keys": [{}]}}})
    c.ve("key not matching schema", op, {"RequestItems": {t["hash"]: {"Keys": [{"a": _S("a"), "b": _S("a")}]}}},
         "The provided key element does not match the schema")
    c.ve("key missing range key", op, {"RequestItems": {t["range"]: {"Keys": [{"a": _S("a")}]}}},
         "The provided key element does not match the schema")

    H, R = t["hash"], t["range"]
    c.ok("missing keys give empty responses", op, {"RequestItems": {
        H: {"Keys": [{"a": _S(_rand())}]}, R: {"Keys": [{"a": _S(_rand()), "b": _S(_rand())}]}}},
        expect={"Responses": {H: [], R: []}, "UnprocessedKeys": {}})
    items = [{"a": _S(_rand()), "b": {"N": _rand_num()}, "c": _S("c")}, {"a": _S(_rand()), "b": {"N": _rand_num()}},
             {"a": _S(_rand())}]
    _batch_put(c, H, items)

    def same(expected):
        def check(d):
            got = (d.get("Responses") or {}).get(H, [])
            _want(sorted(json.dumps(x, sort_keys=True) for x in got) ==
                  sorted(json.dumps(x, sort_keys=True) for x in expected), "Responses[%s] == %s (any order)" % (
                      H, _short(expected)))
            _want(d.get("UnprocessedKeys") == {}, "UnprocessedKeys {}")
        return check
    ks = [{"a": items[0]["a"]}, {"a": _S(_rand())}, {"a": items[1]["a"]}, {"a": _S(_rand())}, {"a": items[2]["a"]}]
    c.ok("only existing items", op, {"RequestItems": {H: {"Keys": ks, "ConsistentRead": True}}}, check=same(items))
    c.ok("only requested attributes", op, {"RequestItems": {H: {"Keys": ks, "ConsistentRead": True,
                                                                "ProjectionExpression": "#b, #c",
                                                                "ExpressionAttributeNames": {"#b": "b", "#c": "c"}}}},
         check=same([{"b": items[0]["b"], "c": items[0]["c"]}, {"b": items[1]["b"]}, {}]))
    c.finish()
