"""Helpers the Elasticsearch-API (search port) end-to-end suites share (`from search_helpers import ...`).

Everything here is written against Elasticsearch 7.17's wire format: error bodies are
{"error": {"root_cause": [{"type", "reason", ...}], "type", "reason", ...}, "status": N}
(a few APIs, e.g. a missing alias, answer {"error": "<text>", "status": N} instead)."""

import json
import re
import time
import urllib.error
import urllib.request

# The suites drive the server with elasticsearch-py (Debian's, for /usr/bin/python3). Importing it
# here makes a python without it skip these suites as a whole (runner.OPTIONAL_CLIENTS) instead
# of failing them one by one.
import elasticsearch  # noqa: F401


# ---------------------------------------------------------------------------
# raw HTTP

def http(ctx, method, path, body=None, headers=None, timeout=30):
    """A plain urllib request to the search port, bypassing elasticsearch-py.

    body: dict/list -> JSON (Content-Type application/json unless `headers` says otherwise);
    str/bytes are sent as they are (ndjson for _bulk, broken JSON, ...).
    Returns (status, headers with lower-case names, parsed JSON body / text / None when empty)."""
    if not ctx.search_endpoint:
        ctx.skip("no search endpoint (set SEARCH_ENDPOINT)")
    url = ctx.search_endpoint + path
    data = None
    hdrs = {}
    if body is not None:
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode("utf-8")
        elif isinstance(body, str):
            data = body.encode("utf-8")
        else:
            data = body
        hdrs["Content-Type"] = "application/json"
    for k, v in (headers or {}).items():
        for existing in [h for h in hdrs if h.lower() == k.lower()]:
            del hdrs[existing]
        hdrs[k] = v
    req = urllib.request.Request(url, data=data, method=method)
    for k, v in hdrs.items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            status, rh, raw = r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        status, rh, raw = e.code, e.headers, (e.read() if e.fp is not None else b"")
    rheaders = {k.lower(): v for k, v in rh.items()}
    return status, rheaders, _decode(raw, rheaders.get("content-type", ""))


def _decode(raw, content_type):
    if not raw:
        return None
    text = raw.decode("utf-8", "replace")
    if "json" in content_type.lower():
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def ndjson(lines):
    """_bulk / _msearch body: one JSON document per line, newline-terminated."""
    return "".join(json.dumps(line) + "\n" for line in lines)


# ---------------------------------------------------------------------------
# error checks

def check_error_body(body, status, err_type, reason=None, root_type=None):
    """An ES 7 error body: {"error": {"root_cause": [...], "type", "reason"}, "status"}.

    reason: a substring the top-level reason must contain, or a compiled regex it must match
    (search), or None. root_type: root_cause[0].type (default: err_type). Returns error dict."""
    assert isinstance(body, dict), "error body is not a JSON object: %r" % (body,)
    assert body.get("status") == status, "body status %r != %r: %r" % (body.get("status"), status, body)
    err = body.get("error")
    assert isinstance(err, dict), "error is not an object: %r" % (body,)
    assert err.get("type") == err_type, "error.type %r != %r: %r" % (err.get("type"), err_type, body)
    rc = err.get("root_cause")
    assert isinstance(rc, list) and rc, "error.root_cause missing or empty: %r" % (body,)
    want_root = root_type or err_type
    assert rc[0].get("type") == want_root, "root_cause[0].type %r != %r: %r" % (rc[0].get("type"), want_root, body)
    assert isinstance(rc[0].get("reason"), str) and rc[0]["reason"], "root_cause[0].reason missing: %r" % (body,)
    got = err.get("reason")
    assert isinstance(got, str) and got, "error.reason missing: %r" % (body,)
    if reason is not None:
        if hasattr(reason, "search"):
            assert reason.search(got), "reason %r does not match %r" % (got, reason.pattern)
        else:
            assert reason in got, "reason %r does not contain %r" % (got, reason)
    if want_root == err_type and not root_type:
        assert rc[0].get("reason") == got, "root cause reason %r != reason %r" % (rc[0].get("reason"), got)
    return err


def expect_error(fn, status, err_type, reason=None, root_type=None):
    """fn() (an elasticsearch-py call) must raise TransportError with this HTTP status and an ES
    error body of this type (see check_error_body). Returns the parsed error body (e.info)."""
    from elasticsearch.exceptions import TransportError
    try:
        res = fn()
    except TransportError as e:
        assert e.status_code == status, "expected HTTP %s %s, got %s %r (%r)" % (
            status, err_type, e.status_code, e.error, e.info)
        assert e.error == err_type, "expected error %r, got %r (%r)" % (err_type, e.error, e.info)
        check_error_body(e.info, status, err_type, reason, root_type)
        return e.info
    raise AssertionError("expected HTTP %s %s, got success: %r" % (status, err_type, res))


def expect_status(fn, status):
    """fn() must raise TransportError with this status; returns e.info whatever its shape."""
    from elasticsearch.exceptions import TransportError
    try:
        res = fn()
    except TransportError as e:
        assert e.status_code == status, "expected HTTP %s, got %s %r (%r)" % (status, e.status_code, e.error, e.info)
        return e.info
    raise AssertionError("expected HTTP %s, got success: %r" % (status, res))


# ---------------------------------------------------------------------------
# indices

def make_index(ctx, hint="idx", body=None, replicas=0):
    """Create a fresh index (1 shard, `replicas` replicas unless body sets them); returns its name."""
    name = ctx.index_name(hint)
    body = json.loads(json.dumps(body or {}))
    settings = body.setdefault("settings", {})
    flat = settings.get("index", settings)
    if replicas is not None:
        flat.setdefault("number_of_replicas", replicas)
    flat.setdefault("number_of_shards", 1)
    res = ctx.es.indices.create(index=name, body=body)
    assert res == {"acknowledged": True, "shards_acknowledged": True, "index": name}, res
    return name


def drop(ctx, *names):
    """Delete indices, ignoring the ones that are already gone."""
    for name in names:
        try:
            ctx.es.indices.delete(index=name, ignore=[404])
        except Exception:  # noqa: BLE001 - cleanup must not mask the real failure
            pass


def load(ctx, index, docs, refresh="true"):
    """Bulk-index {id: source} (in the dict's order) and refresh; asserts no item failed."""
    body = []
    for doc_id, src in docs.items():
        body.append({"index": {"_index": index, "_id": doc_id}})
        body.append(src)
    res = ctx.es.bulk(body=body, refresh=refresh)
    assert res["errors"] is False, [i for i in res["items"] if i["index"].get("error")]
    assert len(res["items"]) == len(docs), res
    return res


def hit_ids(res):
    return [h["_id"] for h in res["hits"]["hits"]]


def id_set(res):
    return set(hit_ids(res))


def total(res):
    return res["hits"]["total"]["value"]


def search(ctx, index, body=None, **params):
    return ctx.es.search(index=index, body=body or {}, **params)


def wait_search_ready(ctx, timeout=30.0):
    """After a (re)start: poll GET / on the search port until it answers 200."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            status, _, _ = http(ctx, "GET", "/", timeout=3)
            if status == 200:
                return
            last = "status %s" % status
        except OSError as e:
            last = str(e)
        time.sleep(0.1)
    raise AssertionError("search port not answering after %.0fs (%s)" % (timeout, last))


def approx(a, b, rel=1e-6, abs_=1e-9):
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))


UUID_RE = re.compile(r"^[A-Za-z0-9_-]{20,22}$")
