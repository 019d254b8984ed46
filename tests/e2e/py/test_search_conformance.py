"""Elasticsearch REST conformance cases ported from Elasticsearch's own YAML test suite
(github.com/elastic/elasticsearch, rest-api-spec/src/main/resources/rest-api-spec/test/<dir>/<file>).

Source versions: the stored copies of elastic/elasticsearch that could be read here hold many
versions of each file but not one pinned to the 7.17 tag, so every case names the file and the
commit it was read from (docstring: `<dir>/<file> @<commit[:10]> :: "<test title>"`). Nearly all
are 7.x-era, typeless files (`skip: version: " - 6.99.99"`); a few exist here only in their
6.x typed form, and are ported the way 7.x rewrote them: `type:` dropped, `_type` is `_doc`,
`hits.total` read with `rest_total_hits_as_int=true` (each such case says "typed original").

How a YAML case is replayed (like ES's own runner, DoSection / *Assertion):
  * every `do:` is one raw HTTP request to the search port (the URL the official client builds);
    HEAD APIs (exists, indices.exists, exists_alias, ping) give `true`/`false` as their body;
  * `catch:` missing=404, conflict=409, bad_request=400, param=400 (the request without the
    required parameter is sent), request=any 4xx/5xx, `/regex/` = an error whose raw body
    matches the regex;
  * `match` compares like MatchAssertion (numbers by value, a `/regex/` string is searched with
    re.X like Java's Pattern.COMMENTS), `is_true`/`is_false` like Is{True,False}Assertion (null,
    "", "false" and "0" are false), `length`, `gt`/`gte`/`lt`/`lte`;
  * the YAML's fixed index and alias names (test_1, alias_1 ...) get a per-test prefix so cases
    can share one server; requests that the YAML sends to every index (`indices.refresh: {}`,
    `search` without an index, `_all`) are sent to the test's own indices instead. Each test
    deletes its indices afterwards. Read-only suites whose YAML `setup` is identical for every
    case (metric aggregations, exists query, match_bool_prefix) build that setup once.

Every failure message says what Elasticsearch 7.17 answers and what wharf answered.
"""

import json
import re
import urllib.error
import urllib.parse
import urllib.request

CATCH_STATUS = {"missing": 404, "conflict": 409, "bad_request": 400, "param": 400,
                "unauthorized": 401, "forbidden": 403, "request_timeout": 408, "unavailable": 503}

LONG_ID = "a" * 670  # index/10_with_id: an _id longer than 512 bytes


def _param(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return ",".join(_param(x) for x in v)
    return str(v)


def _idx(index):
    if isinstance(index, (list, tuple)):
        index = ",".join(index)
    return urllib.parse.quote(str(index), safe=",*")


def _id(doc_id):
    return urllib.parse.quote(str(doc_id), safe="")


def _ndjson(lines):
    out = []
    for line in lines:
        out.append(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False))
    return "\n".join(out) + "\n"


def _split_path(path):
    parts, cur, i = [], "", 0
    while i < len(path):
        c = path[i]
        if c == "\\" and i + 1 < len(path) and path[i + 1] == ".":
            cur += "."
            i += 2
            continue
        if c == ".":
            parts.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    parts.append(cur)
    return parts


def _is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _java_str(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _short(v, n=600):
    s = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, sort_keys=True)
    return s if len(s) <= n else s[:n] + "..."


class Resp(object):
    def __init__(self, desc, status, headers, text, body):
        self.desc = desc
        self.status = status
        self.headers = headers
        self.text = text
        self.body = body


class Y(object):
    """One ported YAML test: its name prefix, its requests and assertions on the last response."""

    def __init__(self, ctx, hint="es", keep=False):
        self.ctx = ctx
        self.p = ctx.index_name(hint)
        self.keep = keep
        self.last = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if not self.keep:
            self.cleanup()
        return False

    def n(self, name):
        """The per-test name standing for the YAML's fixed index/alias `name`."""
        return "%s-%s" % (self.p, name)

    def cleanup(self):
        try:
            self.req("DELETE", "/" + _idx(self.p + "-*"), {"expand_wildcards": "all"})
        except Exception:  # noqa: BLE001 - cleanup must not mask the real failure
            pass

    # -- transport -----------------------------------------------------------------------------
    def req(self, method, path, params=None, body=None, headers=None):
        if not self.ctx.search_endpoint:
            self.ctx.skip("no search endpoint (set SEARCH_ENDPOINT)")
        query = ""
        if params:
            query = "?" + urllib.parse.urlencode(
                [(k, _param(v)) for k, v in params.items() if v is not None])
        url = self.ctx.search_endpoint + path + query
        data, hdrs = None, {}
        if body is not None:
            if isinstance(body, bytes):
                data = body
            elif isinstance(body, str):
                data = body.encode("utf-8")
            else:
                data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            hdrs["Content-Type"] = "application/json"
        hdrs.update(headers or {})
        rq = urllib.request.Request(url, data=data, method=method)
        for k, v in hdrs.items():
            rq.add_header(k, v)
        try:
            with urllib.request.urlopen(rq, timeout=30) as r:
                status, rh, raw = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            status, rh, raw = e.code, e.headers, (e.read() if e.fp is not None else b"")
        rheaders = {}
        for k, v in rh.items():
            k = k.lower()
            rheaders[k] = rheaders[k] + ", " + v if k in rheaders else v
        text = raw.decode("utf-8", "replace")
        body_obj = text
        if text and "json" in rheaders.get("content-type", "").lower():
            try:
                body_obj = json.loads(text)
            except ValueError:
                body_obj = text
        desc = "%s %s" % (method, urllib.parse.unquote(path + query))
        return Resp(desc, status, rheaders, text, body_obj)

    def do(self, api, method, path, params=None, body=None, catch=None, ignore=(), head=False,
           headers=None):
        r = self.req(method, path, params, body, headers)
        r.desc = "%s (%s)" % (api, r.desc)
        if head:
            r.body = r.status == 200
        self.last = r
        if isinstance(ignore, int):
            ignore = (ignore,)
        if catch is None:
            ok = r.status < 300 or r.status in ignore or (head and r.status == 404)
            if not ok:
                raise AssertionError("%s: Elasticsearch 7.17 answers 2xx here; wharf answered %s: %s"
                                     % (r.desc, r.status, _short(r.text)))
        elif catch.startswith("/") and catch.endswith("/") and len(catch) > 2:
            rx = catch[1:-1]
            if r.status < 400:
                raise AssertionError("%s: Elasticsearch 7.17 fails with an error matching /%s/; "
                                     "wharf answered %s: %s" % (r.desc, rx, r.status, _short(r.text)))
            if not re.search(rx, r.text):
                raise AssertionError("%s: Elasticsearch 7.17's error body matches /%s/; wharf's %s "
                                     "body does not: %s" % (r.desc, rx, r.status, _short(r.text, 1200)))
        elif catch == "request":
            if r.status < 400:
                raise AssertionError("%s: Elasticsearch 7.17 fails this request (catch: request, "
                                     "4xx/5xx); wharf answered %s: %s" % (r.desc, r.status, _short(r.text)))
        else:
            want = CATCH_STATUS[catch]
            if r.status != want:
                raise AssertionError("%s: Elasticsearch 7.17 answers HTTP %s (catch: %s); wharf "
                                     "answered %s: %s" % (r.desc, want, catch, r.status, _short(r.text)))
        return r

    # -- assertions on the last response -------------------------------------------------------
    def val(self, path):
        obj = self.last.body
        if path in ("", "$body"):
            return obj
        for part in _split_path(path):
            if isinstance(obj, dict):
                obj = obj.get(part)
            elif isinstance(obj, list):
                try:
                    obj = obj[int(part)]
                except (ValueError, IndexError):
                    return None
            else:
                return None
        return obj

    def _fail(self, what, expected, actual):
        raise AssertionError("%s: Elasticsearch 7.17 gives %s, wharf gives %s\n  after %s -> %s: %s"
                             % (what, expected, _short(actual, 300), self.last.desc, self.last.status,
                                _short(self.last.text, 900)))

    def match(self, path, expected):
        actual = self.val(path)
        what = "match {%s}" % (path or "''")
        if isinstance(expected, str) and len(expected.strip()) > 2 and \
                expected.strip().startswith("/") and expected.strip().endswith("/"):
            rx = expected.strip()[1:-1]
            if not isinstance(actual, str) or not re.search(rx, actual, re.X):
                self._fail(what, "a string matching /%s/" % rx, actual)
            return
        if expected is None:
            if actual is not None:
                self._fail(what, "null", actual)
            return
        if _is_num(expected) and _is_num(actual):
            if float(expected) != float(actual):
                self._fail(what, repr(expected), actual)
            return
        if isinstance(expected, bool) != isinstance(actual, bool) or expected != actual:
            self._fail(what, repr(expected), actual)

    def is_true(self, path):
        actual = self.val(path)
        if actual is None or _java_str(actual).lower() in ("", "false") or _java_str(actual) == "0":
            self._fail("is_true %r" % path, "a true value", actual)

    def is_false(self, path):
        actual = self.val(path)
        if actual is not None and not (_java_str(actual).lower() in ("", "false") or _java_str(actual) == "0"):
            self._fail("is_false %r" % path, "null/false/\"\"/0", actual)

    def length(self, path, n):
        actual = self.val(path)
        if not isinstance(actual, (list, dict, str)) or len(actual) != n:
            self._fail("length {%s}" % path, "length %d" % n, actual)

    def _cmp(self, op, path, bound, fn):
        actual = self.val(path)
        if not _is_num(actual) or not fn(actual, bound):
            self._fail("%s {%s: %s}" % (op, path, bound), "a number %s %s" % (op, bound), actual)

    def gt(self, path, bound):
        self._cmp("gt", path, bound, lambda a, b: a > b)

    def gte(self, path, bound):
        self._cmp("gte", path, bound, lambda a, b: a >= b)

    def lt(self, path, bound):
        self._cmp("lt", path, bound, lambda a, b: a < b)

    def lte(self, path, bound):
        self._cmp("lte", path, bound, lambda a, b: a <= b)

    def warning(self, text):
        """ES's runner checks `warnings:` against the Warning response headers."""
        got = self.last.headers.get("warning", "")
        if text not in got:
            self._fail("warnings", "a Warning header containing %r" % text, got or "(no Warning header)")

    # -- APIs (the request the official 7.17 client sends) ---------------------------------------
    def index(self, index, body, id=None, catch=None, ignore=(), **params):
        if id is None:
            return self.do("index", "POST", "/%s/_doc" % _idx(index), params, body, catch, ignore)
        return self.do("index", "PUT", "/%s/_doc/%s" % (_idx(index), _id(id)), params, body, catch, ignore)

    def create(self, index, id, body, catch=None, ignore=(), **params):
        if id is None:  # catch: param -- the client would refuse; send it without the id
            return self.do("create", "POST", "/%s/_create" % _idx(index), params, body, catch, ignore)
        return self.do("create", "PUT", "/%s/_create/%s" % (_idx(index), _id(id)), params, body, catch, ignore)

    def get(self, index, id, catch=None, ignore=(), headers=None, **params):
        return self.do("get", "GET", "/%s/_doc/%s" % (_idx(index), _id(id)), params, None, catch, ignore,
                       headers=headers)

    def get_source(self, index, id, catch=None, ignore=(), **params):
        return self.do("get_source", "GET", "/%s/_source/%s" % (_idx(index), _id(id)), params, None, catch,
                       ignore)

    def exists(self, index, id, catch=None, **params):
        return self.do("exists", "HEAD", "/%s/_doc/%s" % (_idx(index), _id(id)), params, None, catch,
                       head=True)

    def delete(self, index, id, catch=None, ignore=(), **params):
        return self.do("delete", "DELETE", "/%s/_doc/%s" % (_idx(index), _id(id)), params, None, catch, ignore)

    def update(self, index, id, body, catch=None, ignore=(), **params):
        return self.do("update", "POST", "/%s/_update/%s" % (_idx(index), _id(id)), params, body, catch, ignore)

    def bulk(self, body, index=None, catch=None, **params):
        path = "/%s/_bulk" % _idx(index) if index else "/_bulk"
        data = body if isinstance(body, str) else _ndjson(body)
        return self.do("bulk", "POST", path, params, data, catch,
                       headers={"Content-Type": "application/x-ndjson"})

    def mget(self, body, index=None, catch=None, **params):
        path = "/%s/_mget" % _idx(index) if index else "/_mget"
        return self.do("mget", "POST", path, params, body, catch)

    def count(self, index=None, body=None, catch=None, **params):
        path = "/%s/_count" % _idx(index) if index else "/_count"
        return self.do("count", "POST" if body is not None else "GET", path, params, body, catch)

    def search(self, index=None, body=None, catch=None, **params):
        path = "/%s/_search" % _idx(index) if index else "/_search"
        return self.do("search", "POST" if body is not None else "GET", path, params, body, catch)

    def explain(self, index, id, body=None, catch=None, **params):
        return self.do("explain", "POST" if body is not None else "GET",
                       "/%s/_explain/%s" % (_idx(index), _id(id)), params, body, catch)

    def indices_create(self, index, body=None, catch=None, **params):
        return self.do("indices.create", "PUT", "/%s" % _idx(index), params, body, catch)

    def indices_delete(self, index, catch=None, ignore=(), **params):
        return self.do("indices.delete", "DELETE", "/%s" % _idx(index), params, None, catch, ignore)

    def indices_exists(self, index, catch=None, **params):
        return self.do("indices.exists", "HEAD", "/%s" % _idx(index), params, None, catch, head=True)

    def indices_get(self, index, catch=None, **params):
        return self.do("indices.get", "GET", "/%s" % _idx(index), params, None, catch)

    def get_mapping(self, index=None, catch=None, **params):
        path = "/%s/_mapping" % _idx(index) if index else "/_mapping"
        return self.do("indices.get_mapping", "GET", path, params, None, catch)

    def put_mapping(self, index, body, catch=None, **params):
        path = "/%s/_mapping" % _idx(index) if index else "/_mapping"
        return self.do("indices.put_mapping", "PUT", path, params, body, catch)

    def get_settings(self, index=None, name=None, catch=None, **params):
        path = "/%s/_settings" % _idx(index) if index else "/_settings"
        if name:
            path += "/" + _idx(name)
        return self.do("indices.get_settings", "GET", path, params, None, catch)

    def put_settings(self, body, index=None, catch=None, **params):
        path = "/%s/_settings" % _idx(index) if index else "/_settings"
        return self.do("indices.put_settings", "PUT", path, params, body, catch)

    def refresh(self, index=None, catch=None, **params):
        path = "/%s/_refresh" % _idx(index) if index else "/_refresh"
        return self.do("indices.refresh", "POST", path, params, None, catch)

    def put_alias(self, index, name, body=None, catch=None, **params):
        return self.do("indices.put_alias", "PUT", "/%s/_alias/%s" % (_idx(index), _idx(name)), params, body,
                       catch)

    def get_alias(self, index=None, name=None, catch=None, **params):
        path = ("/%s" % _idx(index) if index else "") + "/_alias" + ("/" + _idx(name) if name else "")
        return self.do("indices.get_alias", "GET", path, params, None, catch)

    def delete_alias(self, index, name, catch=None, **params):
        if index is None:  # catch: param
            return self.do("indices.delete_alias", "DELETE", "/_alias/%s" % _idx(name), params, None, catch)
        if name is None:  # catch: param
            return self.do("indices.delete_alias", "DELETE", "/%s/_alias" % _idx(index), params, None, catch)
        return self.do("indices.delete_alias", "DELETE", "/%s/_alias/%s" % (_idx(index), _idx(name)), params,
                       None, catch)

    def exists_alias(self, name, index=None, catch=None, **params):
        path = ("/%s" % _idx(index) if index else "") + "/_alias/" + _idx(name)
        return self.do("indices.exists_alias", "HEAD", path, params, None, catch, head=True)

    def update_aliases(self, body, catch=None, **params):
        return self.do("indices.update_aliases", "POST", "/_aliases", params, body, catch)

    def analyze(self, body, index=None, catch=None, **params):
        path = "/%s/_analyze" % _idx(index) if index else "/_analyze"
        return self.do("indices.analyze", "POST", path, params, body, catch)

    def cat_indices(self, index=None, catch=None, **params):
        path = "/_cat/indices" + ("/" + _idx(index) if index else "")
        return self.do("cat.indices", "GET", path, params, None, catch)

    def cluster_health(self, index=None, catch=None, **params):
        path = "/_cluster/health" + ("/" + _idx(index) if index else "")
        return self.do("cluster.health", "GET", path, params, None, catch)

    def info(self):
        return self.do("info", "GET", "/", None, None)

    def ping(self):
        return self.do("ping", "HEAD", "/", None, None, head=True)


_SHARED = {}


def shared(ctx, key, setup):
    """Build a read-only YAML `setup` once per server; returns the name function of its indices."""
    k = (key, ctx.search_endpoint)
    if k not in _SHARED:
        y = Y(ctx, hint="shared", keep=True)
        try:
            setup(y)
            _SHARED[k] = (y.n, None)
        except AssertionError as e:
            _SHARED[k] = (y.n, "shared YAML setup of %s failed: %s" % (key, e))
    n, err = _SHARED[k]
    if err:
        raise AssertionError(err)
    return n


# =============================================================================================
# info, ping

def test_info_10_info(ctx):
    """info/10_info.yml @76a6607db0 :: "Info" """
    with Y(ctx) as y:
        y.info()
        for path in ("name", "cluster_name", "cluster_uuid", "tagline", "version", "version.number"):
            y.is_true(path)


def test_info_20_lucene_version(ctx):
    """info/20_lucene_version.yml @a904232418 :: "Lucene Version" """
    with Y(ctx) as y:
        y.info()
        y.is_true("version.lucene_version")


def test_ping_10_ping(ctx):
    """ping/10_ping.yaml @47bcb049f9 :: "Ping" """
    with Y(ctx) as y:
        y.ping()
        y.is_true("")


# =============================================================================================
# index

def test_index_10_with_id(ctx):
    """index/10_with_id.yml @4c134dba2c :: "Index with ID" (typed original; 7.x typeless form)"""
    with Y(ctx) as y:
        idx = y.n("test-weird-index-中文")
        y.index(idx, {"foo": "bar"}, id=1)
        y.match("_index", idx)
        y.match("_type", "_doc")
        y.match("_id", "1")
        y.match("_version", 1)
        y.get(idx, 1)
        y.match("_index", idx)
        y.match("_type", "_doc")
        y.match("_id", "1")
        y.match("_version", 1)
        y.match("_source", {"foo": "bar"})
        y.index(y.n("idx"), {"foo": "bar"}, id=LONG_ID, catch="bad_request")


def test_index_12_result(ctx):
    """index/12_result.yml @554537ef5c :: "Index result field" (include_type_name: false dropped)"""
    with Y(ctx) as y:
        t = y.n("test_index")
        y.index(t, {"foo": "bar"}, id=1)
        y.match("result", "created")
        y.index(t, {"foo": "bar"}, id=1, op_type="index")
        y.match("result", "updated")


def test_index_15_without_id(ctx):
    """index/15_without_id.yml @fee5d48c98 :: "Index without ID" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"})
        y.is_true("_id")
        y.match("_index", t)
        y.match("_type", "_doc")
        y.match("_version", 1)
        doc_id = y.val("_id")
        y.get(t, doc_id)
        y.match("_index", t)
        y.match("_type", "_doc")
        y.match("_id", doc_id)
        y.match("_version", 1)
        y.match("_source", {"foo": "bar"})


def test_index_20_optype(ctx):
    """index/20_optype.yml @821e01d830 :: "Optype" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1, op_type="create")
        y.index(t, {"foo": "bar"}, id=1, op_type="create", catch="conflict")
        y.index(t, {"foo": "bar"}, id=1, op_type="index")
        y.match("_version", 2)


def test_index_30_cas(ctx):
    """index/30_cas.yml @bc33605f1e :: "Compare And Swap Sequence Numbers" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1)
        y.match("_version", 1)
        seqno, term = y.val("_seq_no"), y.val("_primary_term")
        y.get(t, 1)
        y.match("_seq_no", seqno)
        y.match("_primary_term", term)
        y.index(t, {"foo": "bar2"}, id=1, if_seq_no=10000, if_primary_term=term, catch="conflict")
        y.index(t, {"foo": "bar2"}, id=1, if_seq_no=seqno, if_primary_term=1000, catch="conflict")
        y.index(t, {"foo": "bar2"}, id=1, if_seq_no=seqno, if_primary_term=term)
        y.match("_version", 2)


def test_index_35_external_version(ctx):
    """index/35_external_version.yml @9cb6d0f619 :: "External version" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1, version_type="external", version=0)
        y.match("_version", 0)
        y.index(t, {"foo": "bar"}, id=1, version_type="external", version=5)
        y.match("_version", 5)
        y.index(t, {"foo": "bar"}, id=1, version_type="external", version=5, catch="conflict")
        y.index(t, {"foo": "bar"}, id=1, version_type="external", version=0, catch="conflict")
        y.index(t, {"foo": "bar"}, id=1, version_type="external", version=6)
        y.match("_version", 6)


def test_index_36_external_gte_version(ctx):
    """index/36_external_gte_version.yml @3957fa2bae :: "External GTE version" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1, version_type="external_gte", version=0)
        y.match("_version", 0)
        y.index(t, {"foo": "bar"}, id=1, version_type="external_gte", version=5)
        y.match("_version", 5)
        y.index(t, {"foo": "bar"}, id=1, version_type="external_gte", version=0, catch="conflict")
        y.index(t, {"foo": "bar2"}, id=1, version_type="external_gte", version=5)
        y.match("_version", 5)
        y.index(t, {"foo": "bar2"}, id=1, version_type="external_gte", version=6)
        y.match("_version", 6)


def _refresh_minus_one(y, t):
    y.indices_create(t, {"settings": {"index.refresh_interval": -1, "number_of_replicas": 0}})


def test_index_60_refresh(ctx):
    """index/60_refresh.yml @9b7b01025c :: "Refresh" """
    with Y(ctx) as y:
        t = y.n("test_1")
        _refresh_minus_one(y, t)
        y.index(t, {"foo": "bar"}, id=1)
        y.search(t, {"query": {"term": {"_id": 1}}}, rest_total_hits_as_int=True)
        y.match("hits.total", 0)
        y.index(t, {"foo": "bar"}, id=2, refresh=True)
        y.is_true("forced_refresh")
        y.search(t, {"query": {"term": {"_id": 2}}}, rest_total_hits_as_int=True)
        y.match("hits.total", 1)


def test_index_60_refresh_empty_string(ctx):
    """index/60_refresh.yml @9b7b01025c :: "When refresh url parameter is an empty string that means \\"refresh immediately\\"" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1, refresh="")
        y.is_true("forced_refresh")
        y.search(t, {"query": {"term": {"_id": 1}}}, rest_total_hits_as_int=True)
        y.match("hits.total", 1)


def test_index_60_refresh_wait_for(ctx):
    """index/60_refresh.yml @9b7b01025c :: "refresh=wait_for waits until changes are visible in search" """
    with Y(ctx) as y:
        t = y.n("index_60_refresh_1")
        y.index(t, {"foo": "bar"}, id="index_60_refresh_id1", refresh="wait_for")
        y.is_false("forced_refresh")
        y.search(t, {"query": {"term": {"_id": "index_60_refresh_id1"}}}, rest_total_hits_as_int=True)
        y.match("hits.total", 1)


# =============================================================================================
# create

def test_create_10_with_id(ctx):
    """create/10_with_id.yml @22433af635 :: "Create with ID" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.create(t, 1, {"foo": "bar"})
        y.match("_index", t)
        y.match("_id", "1")
        y.match("_version", 1)
        y.get(t, 1)
        y.match("_index", t)
        y.match("_id", "1")
        y.match("_version", 1)
        y.match("_source", {"foo": "bar"})
        y.create(t, 1, {"foo": "bar"}, catch="conflict")


def test_create_15_without_id(ctx):
    """create/15_without_id.yml @493a3131a2 :: "Create without ID" (catch: param)"""
    with Y(ctx) as y:
        y.create(y.n("test_1"), None, {"foo": "bar"}, catch="param")


def test_create_30_if_seq_no(ctx):
    """create/30_if_seq_no.yml @515f95f491 :: "Create with if seq no set" """
    with Y(ctx) as y:
        y.create(y.n("test"), 3, {"foo": "bar"}, if_seq_no=5, if_primary_term=1, catch="bad_request")
        y.match("status", 400)
        y.match("error.type", "action_request_validation_exception")
        y.match("error.reason", "Validation Failed: 1: create operations do not support compare and set. "
                                "use index instead;")


def test_create_30_internal_version(ctx):
    """create/30_internal_version.yml @e8b403bcc9 :: "Internal version" (typed original)"""
    with Y(ctx) as y:
        t = y.n("test_1")
        y.create(t, 1, {"foo": "bar"})
        y.match("_version", 1)
        y.create(t, 1, {"foo": "bar"}, catch="conflict")


def test_create_30_internal_version_explicit(ctx):
    """create/30_internal_version.yml @e8b403bcc9 :: "Internal versioning with explicit version" (typed original)"""
    with Y(ctx) as y:
        y.create(y.n("test"), 3, {"foo": "bar"}, version=5, catch="bad_request")
        y.match("status", 400)
        y.match("error.type", "action_request_validation_exception")
        y.match("error.reason", "Validation Failed: 1: create operations do not support explicit versions. "
                                "use index instead;")


def test_create_35_external_version(ctx):
    """create/35_external_version.yml @0ef02cc606 :: "External version" (typed original)"""
    with Y(ctx) as y:
        t = y.n("test")
        for doc_id, version in ((1, 0), (2, 5)):
            y.create(t, doc_id, {"foo": "bar"}, version_type="external", version=version, catch="bad_request")
            y.match("status", 400)
            y.match("error.type", "action_request_validation_exception")
            y.match("error.reason", "Validation Failed: 1: create operations only support internal versioning. "
                                    "use index instead;")


def test_create_60_refresh(ctx):
    """create/60_refresh.yml @6acdddce64 :: "Refresh" """
    with Y(ctx) as y:
        t = y.n("test_1")
        _refresh_minus_one(y, t)
        y.create(t, 1, {"foo": "bar"})
        y.search(t, {"query": {"term": {"_id": 1}}}, rest_total_hits_as_int=True)
        y.match("hits.total", 0)
        y.create(t, 2, {"foo": "bar"}, refresh=True)
        y.is_true("forced_refresh")
        y.search(t, {"query": {"term": {"_id": 2}}}, rest_total_hits_as_int=True)
        y.match("hits.total", 1)


def test_create_60_refresh_empty_string(ctx):
    """create/60_refresh.yml @6acdddce64 :: "When refresh url parameter is an empty string that means \\"refresh immediately\\"" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.create(t, 1, {"foo": "bar"}, refresh="")
        y.is_true("forced_refresh")
        y.search(t, {"query": {"term": {"_id": 1}}}, rest_total_hits_as_int=True)
        y.match("hits.total", 1)


def test_create_60_refresh_wait_for(ctx):
    """create/60_refresh.yml @6acdddce64 :: "refresh=wait_for waits until changes are visible in search" """
    with Y(ctx) as y:
        t = y.n("create_60_refresh_1")
        y.index(t, {"foo": "bar"}, id="create_60_refresh_id1", refresh="wait_for")
        y.is_false("forced_refresh")
        y.search(t, {"query": {"term": {"_id": "create_60_refresh_id1"}}}, rest_total_hits_as_int=True)
        y.match("hits.total", 1)


# =============================================================================================
# get

def test_get_10_basic(ctx):
    """get/10_basic.yml @28648dc781 :: "Basic" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "Hello: 中文"}, id="中文")
        y.get(t, "中文")
        y.match("_index", t)
        y.match("_type", "_doc")
        y.match("_id", "中文")
        y.match("_source", {"foo": "Hello: 中文"})


def test_get_15_default_values(ctx):
    """get/15_default_values.yml @95199dbbdb :: "Default values" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1)
        y.get(t, 1)
        y.match("_index", t)
        y.match("_type", "_doc")
        y.match("_id", "1")
        y.match("_source", {"foo": "bar"})


def test_get_20_stored_fields(ctx):
    """get/20_stored_fields.yml @409944eedf :: "Stored fields" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.indices_create(t, {"mappings": {"properties": {"foo": {"type": "keyword", "store": True},
                                                         "count": {"type": "integer", "store": True}}}})
        y.index(t, {"foo": "bar", "count": 1}, id=1)
        y.get(t, 1, stored_fields="foo")
        y.match("_index", t)
        y.match("_type", "_doc")
        y.match("_id", "1")
        y.match("fields.foo", ["bar"])
        y.is_false("_source")
        y.get(t, 1, stored_fields=["foo", "count"])
        y.match("fields.foo", ["bar"])
        y.match("fields.count", [1])
        y.is_false("_source")
        y.get(t, 1, stored_fields=["foo", "count", "_source"])
        y.match("fields.foo", ["bar"])
        y.match("fields.count", [1])
        y.match("_source.foo", "bar")


def test_get_50_with_headers(ctx):
    """get/50_with_headers.yml @fee5d48c98 :: "REST test with headers" (Accept: application/yaml)"""
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"body": "foo"}, id=1)
        y.get(t, 1, headers={"Accept": "application/yaml"})
        ctype = y.last.headers.get("content-type", "")
        if "yaml" not in ctype:
            y._fail("Content-Type for Accept: application/yaml", "application/yaml", ctype)
        try:
            import yaml
        except ImportError:
            ctx.skip("PyYAML missing: cannot read the YAML body")
        y.last.body = yaml.safe_load(y.last.text)
        y.match("_index", t)
        y.match("_type", "_doc")
        y.match("_id", "1")
        y.match("_version", 1)
        y.match("found", True)
        y.match("_source", {"body": "foo"})


def test_get_60_realtime_refresh(ctx):
    """get/60_realtime_refresh.yml @ae3226cc02 :: "Realtime Refresh" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.indices_create(t, {"settings": {"index": {"refresh_interval": -1, "number_of_replicas": 0}}})
        y.cluster_health(wait_for_status="green")
        y.index(t, {"foo": "bar"}, id=1)
        y.get(t, 1, realtime=False, catch="missing")
        y.get(t, 1, realtime=True)
        y.is_true("found")
        y.get(t, 1, realtime=False, refresh=True)
        y.is_true("found")


def test_get_70_source_filtering(ctx):
    """get/70_source_filtering.yml @3957fa2bae :: "Source filtering" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.indices_create(t, {"mappings": {"properties": {"count": {"type": "integer", "store": True}}}})
        y.index(t, {"include": {"field1": "v1", "field2": "v2"}, "count": 1}, id=1)
        y.get(t, 1, _source=False)
        y.match("_index", t)
        y.match("_id", "1")
        y.is_false("_source")
        y.get(t, 1, _source=True)
        y.match("_source.include.field1", "v1")
        y.get(t, 1, _source="include.field1")
        y.match("_source.include.field1", "v1")
        y.is_false("_source.include.field2")
        y.get(t, 1, _source_includes="include.field1")
        y.match("_source.include.field1", "v1")
        y.is_false("_source.include.field2")
        y.get(t, 1, _source_includes="include.field1,include.field2")
        y.match("_source.include.field1", "v1")
        y.match("_source.include.field2", "v2")
        y.is_false("_source.count")
        y.get(t, 1, _source_includes="include", _source_excludes="*.field2")
        y.match("_source.include.field1", "v1")
        y.is_false("_source.include.field2")
        y.is_false("_source.count")
        y.get(t, 1, stored_fields="count", _source=True)
        y.match("_index", t)
        y.match("_id", "1")
        y.match("fields.count", [1])
        y.match("_source.include.field1", "v1")


def test_get_80_missing_catch(ctx):
    """get/80_missing.yml @3957fa2bae :: "Missing document with catch" """
    with Y(ctx) as y:
        y.get(y.n("test_1"), 1, catch="missing")


def test_get_80_missing_ignore(ctx):
    """get/80_missing.yml @3957fa2bae :: "Missing document with ignore" """
    with Y(ctx) as y:
        y.get(y.n("test_1"), 1, ignore=404)
        if y.last.status != 404:
            y._fail("status", "404 (ignored by the client)", y.last.status)


def test_get_90_versions(ctx):
    """get/90_versions.yml @ae3226cc02 :: "Versions" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1)
        y.match("_version", 1)
        y.index(t, {"foo": "bar"}, id=1)
        y.match("_version", 2)
        y.get(t, 1, version=2)
        y.match("_id", "1")
        y.get(t, 1, version=1, catch="conflict")
        y.get(t, 1, version=2, version_type="external")
        y.match("_id", "1")
        y.get(t, 1, version=10, version_type="external", catch="conflict")
        y.get(t, 1, version=1, version_type="external", catch="conflict")
        y.get(t, 1, version=2, version_type="external_gte")
        y.match("_id", "1")
        y.get(t, 1, version=10, version_type="external_gte", catch="conflict")
        y.get(t, 1, version=1, version_type="external_gte", catch="conflict")


# =============================================================================================
# get_source

def test_get_source_10_basic(ctx):
    """get_source/10_basic.yml @3957fa2bae :: "Basic" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1)
        y.get_source(t, 1)
        y.match("", {"foo": "bar"})
        y.get_source(t, 1)
        y.match("", {"foo": "bar"})


def test_get_source_15_default_values(ctx):
    """get_source/15_default_values.yml @9595167842 :: "Default values" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1)
        y.get_source(t, 1)
        y.match("", {"foo": "bar"})


def test_get_source_60_realtime_refresh(ctx):
    """get_source/60_realtime_refresh.yml @6241811447 :: "Realtime" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.indices_create(t, {"settings": {"refresh_interval": -1, "number_of_replicas": 0}})
        y.cluster_health(wait_for_status="green")
        y.index(t, {"foo": "bar"}, id=1)
        y.get_source(t, 1, realtime=False, catch="missing")
        y.get_source(t, 1, realtime=True)
        y.match("", {"foo": "bar"})
        y.get_source(t, 1, realtime=False, refresh=True)
        y.match("", {"foo": "bar"})


def test_get_source_70_source_filtering(ctx):
    """get_source/70_source_filtering.yml @fee5d48c98 :: "Source filtering" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"include": {"field1": "v1", "field2": "v2"}, "count": 1}, id=1)
        y.get_source(t, 1, _source_includes="include.field1")
        y.match("include.field1", "v1")
        y.is_false("include.field2")
        y.get_source(t, 1, _source_includes="include.field1,include.field2")
        y.match("include.field1", "v1")
        y.match("include.field2", "v2")
        y.is_false("count")
        y.get_source(t, 1, _source_includes="include", _source_excludes="*.field2")
        y.match("include.field1", "v1")
        y.is_false("include.field2")
        y.is_false("count")


def test_get_source_80_missing_catch(ctx):
    """get_source/80_missing.yml @8e8ec90767 :: "Missing document with catch" """
    with Y(ctx) as y:
        y.get_source(y.n("test_1"), 1, catch="missing")


def test_get_source_80_missing_ignore(ctx):
    """get_source/80_missing.yml @8e8ec90767 :: "Missing document with ignore" """
    with Y(ctx) as y:
        y.get_source(y.n("test_1"), 1, ignore=404)
        if y.last.status != 404:
            y._fail("status", "404 (ignored by the client)", y.last.status)


def _source_disabled_setup(y):
    t = y.n("test_1")
    y.indices_create(t, {"mappings": {"_source": {"enabled": False}}})
    y.index(t, {"foo": "bar"}, id=1)
    return t


def test_get_source_85_source_missing_catch(ctx):
    """get_source/85_source_missing.yml @521249ce57 :: "Missing document source with catch" """
    with Y(ctx) as y:
        t = _source_disabled_setup(y)
        y.get_source(t, 1, catch="missing")


def test_get_source_85_source_missing_ignore(ctx):
    """get_source/85_source_missing.yml @521249ce57 :: "Missing document source with ignore" """
    with Y(ctx) as y:
        t = _source_disabled_setup(y)
        y.get_source(t, 1, ignore=404)
        if y.last.status != 404:
            y._fail("status", "404 (ignored by the client)", y.last.status)


# =============================================================================================
# exists

def test_exists_10_basic(ctx):
    """exists/10_basic.yml @d84b643964 :: "Basic" (typed original)"""
    with Y(ctx) as y:
        t = y.n("test_1")
        y.exists(t, 1)
        y.is_false("")
        y.index(t, {"foo": "bar"}, id=1)
        y.is_true("")
        y.exists(t, 1)
        y.is_true("")
        y.exists(t, 1, version=1)
        y.is_true("")


def test_exists_60_realtime_refresh(ctx):
    """exists/60_realtime_refresh.yml @8f0ae18caf :: "Realtime Refresh" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.indices_create(t, {"settings": {"index": {"refresh_interval": -1, "number_of_replicas": 0}}})
        y.cluster_health(wait_for_status="green")
        y.index(t, {"foo": "bar"}, id=1)
        y.exists(t, 1, realtime=False)
        y.is_false("")
        y.exists(t, 1, realtime=True)
        y.is_true("")
        y.exists(t, 1, realtime=False, refresh=True)
        y.is_true("")


def test_exists_70_defaults(ctx):
    """exists/70_defaults.yml @1403ec3782 :: "Client-side default type" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1)
        y.exists(t, 1)
        y.is_true("")


# =============================================================================================
# delete

def test_delete_10_basic(ctx):
    """delete/10_basic.yml @9c98e89d86 :: "Basic" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1)
        y.match("_version", 1)
        y.delete(t, 1)
        y.match("_version", 2)


def test_delete_12_result(ctx):
    """delete/12_result.yml @13616e068c :: "Delete result field" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1)
        y.delete(t, 1)
        y.match("result", "deleted")
        y.delete(t, 1, catch="missing")
        y.match("result", "not_found")


def test_delete_20_cas(ctx):
    """delete/20_cas.yml @b02c68ef91 :: "Internal version" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1)
        y.match("_seq_no", 0)
        y.delete(t, 1, if_seq_no=2, if_primary_term=1, catch="conflict")
        y.delete(t, 1, if_seq_no=0, if_primary_term=1)
        y.match("_seq_no", 1)


def test_delete_25_external_version(ctx):
    """delete/25_external_version.yml @e7b0dd5121 :: "External version" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1, version_type="external", version=5)
        y.match("_version", 5)
        y.delete(t, 1, version_type="external", version=4, catch="conflict")
        y.delete(t, 1, version_type="external", version=6)
        y.match("_version", 6)


def test_delete_26_external_gte_version(ctx):
    """delete/26_external_gte_version.yml @9c98e89d86 :: "External GTE version" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1, version_type="external_gte", version=5)
        y.match("_version", 5)
        y.delete(t, 1, version_type="external_gte", version=4, catch="conflict")
        y.delete(t, 1, version_type="external_gte", version=6)
        y.match("_version", 6)
        y.index(t, {"foo": "bar"}, id=1, version_type="external_gte", version=6)
        y.match("_version", 6)
        y.delete(t, 1, version_type="external_gte", version=6)
        y.match("_version", 6)


def test_delete_50_refresh(ctx):
    """delete/50_refresh.yml @18b5681bff :: "Refresh" (typed original)"""
    with Y(ctx) as y:
        t = y.n("test_1")
        y.indices_create(t, {"settings": {"refresh_interval": -1, "number_of_shards": 5,
                                          "number_of_replicas": 0}})
        y.cluster_health(wait_for_status="green")
        y.index(t, {"foo": "bar"}, id=1, refresh=True)
        y.index(t, {"foo": "bar"}, id=3, refresh=True)
        y.is_true("forced_refresh")
        q = {"query": {"terms": {"_id": [1, 3]}}}
        y.search(t, q, rest_total_hits_as_int=True)
        y.match("hits.total", 2)
        y.delete(t, 1)
        y.search(t, q, rest_total_hits_as_int=True)
        y.match("hits.total", 2)
        y.delete(t, 3, refresh=True)
        y.search(t, q, rest_total_hits_as_int=True)
        y.match("hits.total", 1)


def test_delete_50_refresh_empty_string(ctx):
    """delete/50_refresh.yml @18b5681bff :: "When refresh url parameter is an empty string that means \\"refresh immediately\\"" (typed original)"""
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1, refresh=True)
        y.is_true("forced_refresh")
        y.search(t, {"query": {"term": {"_id": 1}}}, rest_total_hits_as_int=True)
        y.match("hits.total", 1)
        y.delete(t, 1, refresh="")
        y.search(t, {"query": {"term": {"_id": 1}}}, rest_total_hits_as_int=True)
        y.match("hits.total", 0)


def test_delete_50_refresh_wait_for(ctx):
    """delete/50_refresh.yml @18b5681bff :: "refresh=wait_for waits until changes are visible in search" (typed original)"""
    with Y(ctx) as y:
        t = y.n("delete_50_refresh_1")
        y.index(t, {"foo": "bar"}, id="delete_50_refresh_id1", refresh=True)
        y.is_true("forced_refresh")
        q = {"query": {"term": {"_id": "delete_50_refresh_id1"}}}
        y.search(t, q, rest_total_hits_as_int=True)
        y.match("hits.total", 1)
        y.delete(t, "delete_50_refresh_id1", refresh="wait_for")
        y.is_false("forced_refresh")
        y.search(t, q, rest_total_hits_as_int=True)
        y.match("hits.total", 0)


def test_delete_60_missing_catch(ctx):
    """delete/60_missing.yml @13616e068c :: "Missing document with catch" """
    with Y(ctx) as y:
        y.delete(y.n("test_1"), 1, catch="missing")


def test_delete_60_missing_ignore(ctx):
    """delete/60_missing.yml @13616e068c :: "Missing document with ignore" """
    with Y(ctx) as y:
        y.delete(y.n("test_1"), 1, ignore=404)
        if y.last.status != 404:
            y._fail("status", "404 (ignored by the client)", y.last.status)


# =============================================================================================
# update

def test_update_10_doc(ctx):
    """update/10_doc.yml @91d56024ab :: "Partial document" (typed original)"""
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar", "count": 1, "nested": {"one": 1, "two": 2}}, id=1)
        y.update(t, 1, {"doc": {"foo": "baz", "nested": {"one": 3}}})
        y.match("_index", t)
        y.match("_type", "_doc")
        y.match("_id", "1")
        y.match("_version", 2)
        y.get(t, 1)
        y.match("_source.foo", "baz")
        y.match("_source.count", 1)
        y.match("_source.nested.one", 3)
        y.match("_source.nested.two", 2)


def test_update_12_result(ctx):
    """update/12_result.yml @26f51a11c8 :: "Update result field" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.update(t, 1, {"doc": {"foo": "bar"}, "doc_as_upsert": True})
        y.match("_version", 1)
        y.match("result", "created")
        y.update(t, 1, {"doc": {"foo": "bar"}, "doc_as_upsert": True})
        y.match("_version", 1)
        y.match("result", "noop")
        y.update(t, 1, {"doc": {"foo": "bar"}, "doc_as_upsert": True, "detect_noop": False})
        y.match("_version", 2)
        y.match("result", "updated")
        y.update(t, 1, {"doc": {"foo": "baz"}, "doc_as_upsert": True, "detect_noop": True})
        y.match("_version", 3)
        y.match("result", "updated")


def test_update_16_noop(ctx):
    """update/16_noop.yml @6b1651b00a :: "Noop" (typed original)"""
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1)
        y.match("_seq_no", 0)
        y.match("_version", 1)
        y.match("_primary_term", 1)
        y.match("result", "created")
        y.update(t, 1, {"doc": {"foo": "bar"}})
        y.match("_seq_no", 0)
        y.match("_version", 1)
        y.match("_primary_term", 1)
        y.match("result", "noop")
        y.update(t, 1, {"doc": {"foo": "bar"}, "detect_noop": False})
        y.match("_seq_no", 1)
        y.match("_primary_term", 1)
        y.match("_version", 2)
        y.match("result", "updated")


def test_update_20_doc_upsert(ctx):
    """update/20_doc_upsert.yml @5d09abb3c3 :: "Doc upsert" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.update(t, 1, {"doc": {"foo": "bar", "count": 1}, "upsert": {"foo": "baz"}})
        y.get(t, 1)
        y.match("_source.foo", "baz")
        y.is_false("_source.count")
        y.update(t, 1, {"doc": {"foo": "bar", "count": 1}, "upsert": {"foo": "baz"}})
        y.get(t, 1)
        y.match("_source.foo", "bar")
        y.match("_source.count", 1)


def test_update_22_doc_as_upsert(ctx):
    """update/22_doc_as_upsert.yml @d74fb9eb45 :: "Doc as upsert" (typed original)"""
    with Y(ctx) as y:
        t = y.n("test_1")
        y.update(t, 1, {"doc": {"foo": "bar", "count": 1}, "doc_as_upsert": True})
        y.get(t, 1)
        y.match("_source.foo", "bar")
        y.match("_source.count", 1)
        y.update(t, 1, {"doc": {"count": 2}, "doc_as_upsert": True})
        y.get(t, 1)
        y.match("_source.foo", "bar")
        y.match("_source.count", 2)


def test_update_35_if_seq_no(ctx):
    """update/35_if_seq_no.yml @2ccae88fb8 :: "Update with if_seq_no" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.update(t, 1, {"doc": {"foo": "baz"}}, if_seq_no=1, if_primary_term=1, catch="missing")
        y.index(t, {"foo": "baz"}, id=1)
        y.update(t, 1, {"doc": {"foo": "baz"}}, if_seq_no=234, if_primary_term=1, catch="conflict")
        y.update(t, 1, {"doc": {"foo": "bar"}}, if_seq_no=0, if_primary_term=1)
        y.get(t, 1)
        y.match("_source", {"foo": "bar"})
        y.bulk([{"update": {"_index": t, "_id": 1, "if_seq_no": 100, "if_primary_term": 200}},
                {"doc": {"foo": "baz"}}])
        y.match("errors", True)
        y.match("items.0.update.status", 409)


def test_update_60_refresh(ctx):
    """update/60_refresh.yml @0590e6fce3 :: "Refresh" (typed original)"""
    with Y(ctx) as y:
        t = y.n("test_1")
        _refresh_minus_one(y, t)
        y.update(t, 1, {"doc": {"foo": "baz"}, "upsert": {"foo": "bar"}})
        y.search(t, {"query": {"term": {"_id": 1}}}, rest_total_hits_as_int=True)
        y.match("hits.total", 0)
        y.update(t, 2, {"doc": {"foo": "baz"}, "upsert": {"foo": "bar"}}, refresh=True)
        y.is_true("forced_refresh")
        y.search(t, {"query": {"term": {"_id": 2}}}, rest_total_hits_as_int=True)
        y.match("hits.total", 1)


def test_update_60_refresh_empty_string(ctx):
    """update/60_refresh.yml @0590e6fce3 :: "When refresh url parameter is an empty string that means \\"refresh immediately\\"" (typed original)"""
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1, refresh=True)
        y.is_true("forced_refresh")
        y.update(t, 1, {"doc": {"cat": "dog"}}, refresh="")
        y.is_true("forced_refresh")
        y.search(t, {"query": {"term": {"cat": "dog"}}}, rest_total_hits_as_int=True)
        y.match("hits.total", 1)


def test_update_60_refresh_wait_for(ctx):
    """update/60_refresh.yml @0590e6fce3 :: "refresh=wait_for waits until changes are visible in search" (typed original)"""
    with Y(ctx) as y:
        t = y.n("update_60_refresh_1")
        y.index(t, {"foo": "bar"}, id="update_60_refresh_id1", refresh=True)
        y.is_true("forced_refresh")
        y.search(t, {"query": {"term": {"_id": "update_60_refresh_id1"}}}, rest_total_hits_as_int=True)
        y.match("hits.total", 1)
        y.update(t, "update_60_refresh_id1", {"doc": {"test": "asdf"}}, refresh="wait_for")
        y.is_false("forced_refresh")
        y.search(t, {"query": {"match": {"test": "asdf"}}}, rest_total_hits_as_int=True)
        y.match("hits.total", 1)


def test_update_80_source_filtering(ctx):
    """update/80_source_filtering.yml @b02c68ef91 :: "Source filtering" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.update(t, 1, {"doc": {"foo": "baz"}, "upsert": {"foo": "bar"}}, _source=["foo", "bar"])
        y.match("get._source.foo", "bar")
        y.is_false("get._source.bar")


def test_update_90_error(ctx):
    """update/90_error.yml @e776f8ad53 :: "Misspelled fields get \\"did you mean\\"" """
    with Y(ctx) as y:
        y.update(y.n("test"), 1, {"dac": {"foo": "baz"}, "upsert": {"foo": "bar"}},
                 catch=r"/\[UpdateRequest\] unknown field \[dac\] did you mean \[doc\]\?/")


# =============================================================================================
# bulk

def test_bulk_10_basic_array_of_objects(ctx):
    """bulk/10_basic.yml @d040a30a94 :: "Array of objects" """
    with Y(ctx) as y:
        t = y.n("test_index")
        y.bulk([{"index": {"_index": t, "_id": "test_id"}}, {"f1": "v1", "f2": 42},
                {"index": {"_index": t, "_id": "test_id2"}}, {"f1": "v2", "f2": 47}], refresh=True)
        y.count(t)
        y.match("count", 2)


def test_bulk_10_basic_empty_id(ctx):
    """bulk/10_basic.yml @d040a30a94 :: "Empty _id" """
    with Y(ctx) as y:
        t = y.n("test")
        y.bulk([{"index": {"_index": t, "_id": ""}}, {"f": 1},
                {"index": {"_index": t, "_id": "id"}}, {"f": 2},
                {"index": {"_index": t}}, {"f": 3}], refresh=True)
        y.match("errors", True)
        y.match("items.0.index.status", 400)
        y.match("items.0.index.error.type", "illegal_argument_exception")
        y.match("items.0.index.error.reason", "if _id is specified it must not be empty")
        y.match("items.1.index.result", "created")
        y.match("items.2.index.result", "created")
        y.count(t)
        y.match("count", 2)


def test_bulk_10_basic_empty_action(ctx):
    """bulk/10_basic.yml @d040a30a94 :: "empty action" """
    with Y(ctx) as y:
        t = y.n("test_index")
        body = ('{"index": {"_index": "%s", "_id": "test_id"}}\n{"f1": "v1", "f2": 42}\n{}\n' % t)
        y.bulk(body, catch=r"/Malformed action\/metadata line \[3\], expected FIELD_NAME but found \[END_OBJECT\]/")


def test_bulk_20_list_of_strings(ctx):
    """bulk/20_list_of_strings.yml @1e2238a19e :: "List of strings" """
    with Y(ctx) as y:
        t = y.n("test_index")
        y.bulk(['{"index": {"_index": "%s", "_id": "test_id"}}' % t, '{"f1": "v1", "f2": 42}',
                '{"index": {"_index": "%s", "_id": "test_id2"}}' % t, '{"f1": "v2", "f2": 47}'], refresh=True)
        y.count(t)
        y.match("count", 2)


def test_bulk_30_big_string(ctx):
    """bulk/30_big_string.yml @1854977371 :: "One big string" (include_type_name: false dropped)"""
    with Y(ctx) as y:
        t = y.n("test_index")
        y.bulk('{"index": {"_index": "%s", "_id": "test_id"}}\n{"f1": "v1", "f2": 42}\n'
               '{"index": {"_index": "%s", "_id": "test_id2"}}\n{"f1": "v2", "f2": 47}\n' % (t, t), refresh=True)
        y.count(t)
        y.match("count", 2)


def test_bulk_40_source(ctx):
    """bulk/40_source.yml @3ab8b9dd3b :: "Source filtering" """
    with Y(ctx) as y:
        t = y.n("test_index")
        y.index(t, {"foo": "bar", "bar": "foo"}, id="test_id_1", refresh=True)
        y.index(t, {"foo": "qux", "bar": "pux"}, id="test_id_2", refresh=True)
        y.index(t, {"foo": "corge", "bar": "forge"}, id="test_id_3", refresh=True)
        y.bulk('{ "update": { "_index": "%s", "_id": "test_id_1", "_source": true } }\n'
               '{ "doc": { "foo": "baz" } }\n'
               '{ "update": { "_index": "%s", "_id": "test_id_2" } }\n'
               '{ "_source": true, "doc": { "foo": "quux" } }\n' % (t, t), refresh=True)
        y.match("items.0.update.get._source.foo", "baz")
        y.match("items.1.update.get._source.foo", "quux")
        y.bulk('{ "update": { "_id": "test_id_3" } }\n{ "doc": { "foo": "garply" } }\n', index=t, _source=True)
        y.match("items.0.update.get._source.foo", "garply")
        y.bulk('{ "update": { "_index": "%s", "_id": "test_id_1", "_source": {"includes": "bar"} } }\n'
               '{ "doc": { "foo": "baz" } }\n'
               '{ "update": { "_index": "%s", "_id": "test_id_2" } }\n'
               '{ "_source": {"includes": "foo"}, "doc": { "foo": "quux" } }\n' % (t, t), refresh=True)
        y.match("items.0.update.get._source.bar", "foo")
        y.is_false("items.0.update.get._source.foo")
        y.match("items.1.update.get._source.foo", "quux")
        y.is_false("items.1.update.get._source.bar")
        y.bulk('{ "update": { "_id": "test_id_3" } }\n{ "doc": { "foo": "garply" } }\n', index=t,
               _source_includes="foo")
        y.match("items.0.update.get._source.foo", "garply")
        y.is_false("items.0.update.get._source.bar")


def _bulk_refresh(ctx, refresh, a, b):
    with Y(ctx) as y:
        t = y.n("bulk_50_refresh")
        y.bulk('{"index": {"_index": "%s", "_id": "%s"}}\n{"f1": "v1", "f2": 42}\n'
               '{"index": {"_index": "%s", "_id": "%s"}}\n{"f1": "v2", "f2": 47}\n' % (t, a, t, b), refresh=refresh)
        y.count(t)
        y.match("count", 2)


def test_bulk_50_refresh_true(ctx):
    """bulk/50_refresh.yml @b36c8407ca :: "refresh=true immediately makes changes are visible in search" """
    _bulk_refresh(ctx, True, "bulk_50_refresh_id1", "bulk_50_refresh_id2")


def test_bulk_50_refresh_empty_string(ctx):
    """bulk/50_refresh.yml @b36c8407ca :: "refresh=empty string immediately makes changes are visible in search" """
    _bulk_refresh(ctx, "", "bulk_50_refresh_id3", "bulk_50_refresh_id4")


def test_bulk_50_refresh_wait_for(ctx):
    """bulk/50_refresh.yml @b36c8407ca :: "refresh=wait_for waits until changes are visible in search" """
    _bulk_refresh(ctx, "wait_for", "bulk_50_refresh_id5", "bulk_50_refresh_id6")


def test_bulk_80_cas(ctx):
    """bulk/80_cas.yml @2c1185d1fa :: "Compare And Swap Sequence Numbers" (`_type: _doc` dropped)"""
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1)
        y.match("_version", 1)
        seqno, term = y.val("_seq_no"), y.val("_primary_term")
        y.bulk([{"index": {"_index": t, "_id": 1, "if_seq_no": 10000, "if_primary_term": term}},
                {"foo": "bar2"}])
        y.match("errors", True)
        y.match("items.0.index.status", 409)
        y.match("items.0.index.error.type", "version_conflict_engine_exception")
        y.bulk([{"index": {"_index": t, "_id": 1, "if_seq_no": seqno, "if_primary_term": term}},
                {"foo": "bar2"}])
        y.match("errors", False)
        y.match("items.0.index.status", 200)


# =============================================================================================
# mget

def test_mget_10_basic(ctx):
    """mget/10_basic.yml @95199dbbdb :: "Basic multi-get" """
    with Y(ctx) as y:
        t1, t2 = y.n("test_1"), y.n("test_2")
        y.indices_create(t2)
        y.index(t1, {"foo": "bar"}, id=1)
        y.refresh([t1, t2])
        y.mget({"docs": [{"_index": t2, "_id": 1}, {"_index": t1, "_id": 2}, {"_index": t1, "_id": 1}]})
        y.is_false("docs.0.found")
        y.match("docs.0._index", t2)
        y.match("docs.0._type", None)
        y.match("docs.0._id", "1")
        y.is_false("docs.1.found")
        y.match("docs.1._index", t1)
        y.match("docs.1._type", "_doc")
        y.match("docs.1._id", "2")
        y.is_true("docs.2.found")
        y.match("docs.2._index", t1)
        y.match("docs.2._type", "_doc")
        y.match("docs.2._id", "1")
        y.match("docs.2._version", 1)
        y.match("docs.2._source", {"foo": "bar"})


def test_mget_12_non_existent_index(ctx):
    """mget/12_non_existent_index.yml @afa12cf1f0 :: "Non-existent index" (typed original; _type checks dropped)"""
    with Y(ctx) as y:
        t1, t2 = y.n("test_1"), y.n("test_2")
        y.index(t1, {"foo": "bar"}, id=1)
        y.mget({"docs": [{"_index": t2, "_id": 1}]})
        y.is_false("docs.0.found")
        y.match("docs.0._index", t2)
        y.match("docs.0._id", "1")
        y.mget({"docs": [{"_index": t1, "_id": 1}]})
        y.is_true("docs.0.found")
        y.match("docs.0._index", t1)
        y.match("docs.0._id", "1")


def test_mget_13_missing_metadata(ctx):
    """mget/13_missing_metadata.yml @0f39276839 :: "Missing metadata" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.index(t, {"foo": "bar"}, id=1)
        y.mget({"docs": [{"_index": t}]}, catch="/action_request_validation_exception.+ id is missing/")
        y.mget({"docs": [{"_id": 1}]}, catch="/action_request_validation_exception.+ index is missing/")
        y.mget({"docs": []}, catch="/action_request_validation_exception.+ no documents to get/")
        y.mget({}, catch="/action_request_validation_exception.+ no documents to get/")
        y.mget({"docs": [{"_index": t, "_id": 1}]})
        y.is_true("docs.0.found")
        y.match("docs.0._index", t)
        y.match("docs.0._type", "_doc")
        y.match("docs.0._id", "1")
        y.match("docs.0._version", 1)
        y.match("docs.0._source", {"foo": "bar"})


def test_mget_14_alias_to_multiple_indices(ctx):
    """mget/14_alias_to_multiple_indices.yml @d4c760306b :: "Multi Get with alias that resolves to multiple indices" """
    with Y(ctx) as y:
        t1, t2, t3, al = y.n("test_1"), y.n("test_2"), y.n("test_3"), y.n("test_two_and_three")
        y.bulk('{"index": {"_index": "%s", "_id": 1}}\n{ "foo": "bar" }\n'
               '{"index": {"_index": "%s", "_id": 2}}\n{ "foo": "bar" }\n'
               '{"index": {"_index": "%s", "_id": 3}}\n{ "foo": "bar" }\n' % (t1, t2, t3), refresh=True)
        y.put_alias(t2, al)
        y.put_alias(t3, al)
        y.mget({"docs": [{"_index": t1, "_id": 1}, {"_index": al, "_id": 2}]})
        y.is_true("docs.0.found")
        y.match("docs.0._index", t1)
        y.match("docs.0._id", "1")
        y.is_false("docs.1.found")
        y.match("docs.1._index", al)
        y.match("docs.1._id", "2")
        y.match("docs.1.error.root_cause.0.type", "illegal_argument_exception")
        y.match("docs.1.error.root_cause.0.reason",
                "/[aA]lias.\\[%s\\].has.more.than.one.index.associated.with.it.\\[(%s|%s),.(%s|%s)\\],"
                ".can't.execute.a.single.index.op/" % (re.escape(al), re.escape(t2), re.escape(t3),
                                                       re.escape(t2), re.escape(t3)))


def test_mget_15_ids(ctx):
    """mget/15_ids.yml @a261e4f4d0 :: "IDs" """
    with Y(ctx) as y:
        t = y.n("test_1")
        y.indices_create(t)
        y.index(t, {"foo": "bar"}, id=1)
        y.index(t, {"foo": "baz"}, id=2)
        y.mget({"ids": [1, 3]}, index=t)
        y.is_true("docs.0.found")
        y.match("docs.0._index", t)
        y.match("docs.0._id", "1")
        y.match("docs.0._version", 1)
        y.match("docs.0._source", {"foo": "bar"})
        y.is_false("docs.1.found")
        y.match("docs.1._index", t)
        y.match("docs.1._id", "3")
        y.mget({"ids": [1, 2]}, index=t)
        y.is_true("docs.0.found")
        y.match("docs.0._index", t)
        y.match("docs.0._id", "1")
        y.match("docs.0._version", 1)
        y.match("docs.0._source", {"foo": "bar"})
        y.is_true("docs.1.found")
        y.match("docs.1._index", t)
        y.match("docs.1._id", "2")
        y.match("docs.1._version", 1)
        y.match("docs.1._source", {"foo": "baz"})
        y.mget({"ids": []}, index=t, catch="/action_request_validation_exception.+ no documents to get/")
        y.mget({}, index=t, catch="/action_request_validation_exception.+ no documents to get/")


def test_mget_17_default_index(ctx):
    """mget/17_default_index.yml @5d09abb3c3 :: "Default index/type" """
    with Y(ctx) as y:
        t1, t2 = y.n("test_1"), y.n("test_2")
        y.indices_create(t2)
        y.index(t1, {"foo": "bar"}, id=1)
        y.mget({"docs": [{"_index": t2, "_id": 1}, {"_id": 2}, {"_id": 1}]}, index=t1)
        y.is_false("docs.0.found")
        y.match("docs.0._index", t2)
        y.match("docs.0._type", None)
        y.match("docs.0._id", "1")
        y.is_false("docs.1.found")
        y.match("docs.1._index", t1)
        y.match("docs.1._type", "_doc")
        y.match("docs.1._id", "2")
        y.is_true("docs.2.found")
        y.match("docs.2._index", t1)
        y.match("docs.2._type", "_doc")
        y.match("docs.2._id", "1")
        y.match("docs.2._version", 1)
        y.match("docs.2._source", {"foo": "bar"})


def test_mget_60_realtime_refresh(ctx):
    """mget/60_realtime_refresh.yml @b4b2713622 :: "Realtime Refresh" (typed original)"""
    with Y(ctx) as y:
        t = y.n("test_1")
        y.indices_create(t, {"settings": {"index": {"refresh_interval": -1, "number_of_replicas": 0}}})
        y.cluster_health(wait_for_status="green")
        y.index(t, {"foo": "bar"}, id=1)
        y.mget({"ids": [1]}, index=t, realtime=False)
        y.is_false("docs.0.found")
        y.mget({"ids": [1]}, index=t, realtime=True)
        y.is_true("docs.0.found")
        y.mget({"ids": [1]}, index=t, realtime=False, refresh=True)
        y.is_true("docs.0.found")


def _mget_source_setup(y):
    t = y.n("test_1")
    y.index(t, {"include": {"field1": "v1", "field2": "v2"}, "count": 1}, id=1)
    y.index(t, {"include": {"field1": "v1", "field2": "v2"}, "count": 1}, id=2)
    return t


def test_mget_70_source_filtering_true_false(ctx):
    """mget/70_source_filtering.yml @409944eedf :: "Source filtering -  true/false" """
    with Y(ctx) as y:
        t = _mget_source_setup(y)
        y.mget({"docs": [{"_index": t, "_id": "1", "_source": False}, {"_index": t, "_id": "2", "_source": True}]})
        y.match("docs.0._id", "1")
        y.is_false("docs.0._source")
        y.match("docs.1._id", "2")
        y.is_true("docs.1._source")


def test_mget_70_source_filtering_include_field(ctx):
    """mget/70_source_filtering.yml @409944eedf :: "Source filtering -  include field" """
    with Y(ctx) as y:
        t = _mget_source_setup(y)
        y.mget({"docs": [{"_index": t, "_id": "1", "_source": "include.field1"},
                         {"_index": t, "_id": "2", "_source": ["include.field1"]}]})
        y.match("docs.0._source", {"include": {"field1": "v1"}})
        y.match("docs.1._source", {"include": {"field1": "v1"}})


def test_mget_70_source_filtering_include_nested_field(ctx):
    """mget/70_source_filtering.yml @409944eedf :: "Source filtering -  include nested field" """
    with Y(ctx) as y:
        t = _mget_source_setup(y)
        y.mget({"docs": [{"_index": t, "_id": "1", "_source": {"include": "include.field1"}},
                         {"_index": t, "_id": "2", "_source": {"include": ["include.field1"]}}]})
        y.match("docs.0._source", {"include": {"field1": "v1"}})
        y.match("docs.1._source", {"include": {"field1": "v1"}})


def test_mget_70_source_filtering_exclude_field(ctx):
    """mget/70_source_filtering.yml @409944eedf :: "Source filtering -  exclude field" """
    with Y(ctx) as y:
        t = _mget_source_setup(y)
        y.mget({"docs": [{"_index": t, "_id": "1", "_source": {"include": ["include"], "exclude": ["*.field2"]}}]})
        y.match("docs.0._source", {"include": {"field1": "v1"}})


def test_mget_70_source_filtering_ids_true_false(ctx):
    """mget/70_source_filtering.yml @409944eedf :: "Source filtering -  ids and true/false" """
    with Y(ctx) as y:
        t = _mget_source_setup(y)
        y.mget({"ids": [1, 2]}, index=t, _source=False)
        y.is_false("docs.0._source")
        y.is_false("docs.1._source")
        y.mget({"ids": [1, 2]}, index=t, _source=True)
        y.is_true("docs.0._source")
        y.is_true("docs.1._source")


def test_mget_70_source_filtering_ids_include_field(ctx):
    """mget/70_source_filtering.yml @409944eedf :: "Source filtering -  ids and include field" """
    with Y(ctx) as y:
        t = _mget_source_setup(y)
        y.mget({"ids": [1, 2]}, index=t, _source="include.field1")
        y.match("docs.0._source", {"include": {"field1": "v1"}})
        y.match("docs.1._source", {"include": {"field1": "v1"}})


def test_mget_70_source_filtering_ids_include_nested_field(ctx):
    """mget/70_source_filtering.yml @409944eedf :: "Source filtering -  ids and include nested field" """
    with Y(ctx) as y:
        t = _mget_source_setup(y)
        y.mget({"ids": [1, 2]}, index=t, _source_includes="include.field1,count")
        y.match("docs.0._source", {"include": {"field1": "v1"}, "count": 1})
        y.match("docs.1._source", {"include": {"field1": "v1"}, "count": 1})


def test_mget_70_source_filtering_ids_exclude_field(ctx):
    """mget/70_source_filtering.yml @409944eedf :: "Source filtering -  ids and exclude field" """
    with Y(ctx) as y:
        t = _mget_source_setup(y)
        y.mget({"ids": [1, 2]}, index=t, _source_includes="include", _source_excludes="*.field2")
        y.match("docs.0._source", {"include": {"field1": "v1"}})
        y.match("docs.1._source", {"include": {"field1": "v1"}})


# =============================================================================================
# count

def _count_setup(y):
    t = y.n("test")
    y.indices_create(t)
    y.index(t, {"foo": "bar"}, id=1)
    y.refresh([t])
    return t


def test_count_10_basic_with_body(ctx):
    """count/10_basic.yml @9b7b01025c :: "count with body" """
    with Y(ctx) as y:
        t = _count_setup(y)
        y.count(t, {"query": {"match": {"foo": "bar"}}})
        y.match("count", 1)
        y.count(t, {"query": {"match": {"foo": "test"}}})
        y.match("count", 0)


def test_count_10_basic_empty_body(ctx):
    """count/10_basic.yml @9b7b01025c :: "count with empty body" """
    with Y(ctx) as y:
        t = _count_setup(y)
        y.count(t, {})
        y.match("count", 1)
        y.count(t)
        y.match("count", 1)


def test_count_10_basic_body_without_query(ctx):
    """count/10_basic.yml @9b7b01025c :: "count body without query element" """
    with Y(ctx) as y:
        t = _count_setup(y)
        y.count(t, {"match": {"foo": "bar"}}, catch="bad_request")


def test_count_20_query_string(ctx):
    """count/20_query_string.yml @8a4ccd4c56 :: "count with query_string parameters" """
    with Y(ctx) as y:
        t = y.n("test")
        y.indices_create(t, {"mappings": {"properties": {"number": {"type": "integer"}}}})
        y.index(t, {"field": "foo bar"}, id=1)
        y.refresh([t])
        y.count(t, q="bar", df="field")
        y.match("count", 1)
        y.count(t, q="field:foo field:xyz")
        y.match("count", 1)
        y.count(t, q="field:foo field:xyz", default_operator="AND")
        y.match("count", 0)
        y.count(t, q="field:BA*")
        y.match("count", 1)
        y.count(t, q="number:foo", lenient=True)
        y.match("count", 0)
