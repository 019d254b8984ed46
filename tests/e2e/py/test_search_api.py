"""Elasticsearch 7.17 REST API on wharf's search port: the handshake clients do, index management
(create/delete/exists/get, settings, mappings, refresh, _cat, cluster health, aliases), the
document APIs (index/create/get/delete/update/_mget/_bulk, versions and sequence numbers,
optimistic concurrency, refresh semantics), dynamic mapping, and the error bodies ES gives.

Every error test checks the HTTP status, error.type, error.root_cause[0].type and the reason text
Elasticsearch 7.17 uses."""

import datetime
import urllib.request
import re

from elasticsearch.exceptions import ConflictError, NotFoundError

from search_helpers import (check_error_body, drop, expect_error, expect_status, hit_ids, http, load,
                            make_index, ndjson, total)

AUTO_ID_RE = re.compile(r"^[A-Za-z0-9_-]{20}$")
INDEX_UUID_RE = re.compile(r"^[A-Za-z0-9_-]{22}$")

SHARDS_1 = {"total": 1, "successful": 1, "failed": 0}


def _uuid(ctx, name):
    return ctx.es.indices.get_settings(index=name)[name]["settings"]["index"]["uuid"]


# ---------------------------------------------------------------------------
# handshake

def test_root_info_fields(ctx):
    status, headers, body = http(ctx, "GET", "/")
    assert status == 200, (status, body)
    assert headers.get("content-type", "").startswith("application/json"), headers
    for key in ("name", "cluster_name", "cluster_uuid", "version", "tagline"):
        assert key in body, "GET / lacks %r: %r" % (key, body)
    assert body["tagline"] == "You Know, for Search", body
    v = body["version"]
    assert v["number"].startswith("7.17."), v
    assert v["build_flavor"] == "default", v
    assert v["build_snapshot"] is False, v
    assert v["lucene_version"].startswith("8.11."), v
    assert v["minimum_wire_compatibility_version"] == "6.8.0", v
    assert v["minimum_index_compatibility_version"] == "6.0.0-beta1", v
    for key in ("build_type", "build_hash", "build_date"):
        assert isinstance(v.get(key), str) and v[key], (key, v)
    assert isinstance(body["cluster_uuid"], str) and body["cluster_uuid"], body
    # the client's info() is the same document (and its product check passed to get here)
    info = ctx.es.info()
    assert info["version"]["number"] == v["number"] and info["cluster_name"] == body["cluster_name"], info


def test_product_header_on_every_response(ctx):
    missing = ctx.index_name("missing")
    good = make_index(ctx, "hdr")
    try:
        cases = [
            ("GET", "/", None, 200),
            ("HEAD", "/", None, 200),
            ("GET", "/_cluster/health", None, 200),
            ("GET", "/_cat/indices", None, 200),
            ("GET", "/%s/_search" % good, None, 200),
            ("HEAD", "/%s" % good, None, 200),
            ("HEAD", "/%s" % missing, None, 404),
            ("GET", "/%s/_doc/1" % missing, None, 404),
            ("GET", "/%s/_search" % missing, None, 404),
            ("GET", "/%s/_doc/nope" % good, None, 404),
            ("PUT", "/Bad%s" % missing, {}, 400),
            ("POST", "/%s/_search" % good, {"query": {"no_such_query": {}}}, 400),
        ]
        for method, path, body, want in cases:
            status, headers, got = http(ctx, method, path, body)
            assert status == want, "%s %s: %s %r" % (method, path, status, got)
            assert headers.get("x-elastic-product") == "Elasticsearch", (
                "%s %s (%s) lacks X-Elastic-Product: Elasticsearch: %r" % (method, path, status, headers))
    finally:
        drop(ctx, good)


def test_head_root(ctx):
    status, headers, body = http(ctx, "HEAD", "/")
    assert status == 200 and body is None, (status, body)
    assert ctx.es.ping() is True


def test_compatible_with_7_media_type(ctx):
    """elasticsearch-py 7.16+ with ELASTIC_CLIENT_APIVERSIONING=1 sends these headers."""
    name = make_index(ctx, "compat")
    try:
        mt = "application/vnd.elasticsearch+json;compatible-with=7"
        hdrs = {"Accept": mt, "Content-Type": mt}
        status, headers, body = http(ctx, "PUT", "/%s/_doc/1?refresh=true" % name, {"n": 7}, headers=hdrs)
        assert status == 201 and body["result"] == "created", (status, body)
        assert "json" in headers.get("content-type", ""), headers
        status, _, body = http(ctx, "GET", "/%s/_doc/1" % name, headers={"Accept": mt})
        assert status == 200 and body["_source"] == {"n": 7}, (status, body)
        status, _, body = http(ctx, "POST", "/%s/_search" % name, {"query": {"term": {"n": 7}}}, headers=hdrs)
        assert status == 200 and hit_ids(body) == ["1"], (status, body)
    finally:
        drop(ctx, name)


def test_compatible_with_8_media_type(ctx):
    name = make_index(ctx, "compat")
    try:
        mt = "application/vnd.elasticsearch+json; compatible-with=8"
        hdrs = {"Accept": mt, "Content-Type": mt}
        status, headers, body = http(ctx, "PUT", "/%s/_doc/1?refresh=true" % name, {"n": 8}, headers=hdrs)
        assert status == 201 and body["result"] == "created", (status, body)
        assert headers.get("x-elastic-product") == "Elasticsearch", headers
        status, _, body = http(ctx, "POST", "/%s/_search" % name, {"query": {"match_all": {}}}, headers=hdrs)
        assert status == 200 and hit_ids(body) == ["1"], (status, body)
        status, _, body = http(ctx, "GET", "/", headers={"Accept": mt})
        assert status == 200 and body["tagline"] == "You Know, for Search", (status, body)
    finally:
        drop(ctx, name)


def test_unsupported_content_type_is_406(ctx):
    name = make_index(ctx, "ctype")
    try:
        status, headers, body = http(ctx, "POST", "/%s/_search" % name, '{"query":{"match_all":{}}}',
                                     headers={"Content-Type": "text/plain"})
        assert status == 406, (status, body)
        assert body == {"error": "Content-Type header [text/plain] is not supported", "status": 406}, body
        assert headers.get("x-elastic-product") == "Elasticsearch", headers
    finally:
        drop(ctx, name)


# ---------------------------------------------------------------------------
# indices

def test_create_index_exists_get_delete(ctx):
    name = ctx.index_name("life")
    res = ctx.es.indices.create(index=name)
    assert res == {"acknowledged": True, "shards_acknowledged": True, "index": name}, res
    try:
        assert ctx.es.indices.exists(index=name) is True
        status, _, body = http(ctx, "HEAD", "/" + name)
        assert status == 200 and body is None
        got = ctx.es.indices.get(index=name)
        assert list(got) == [name] and set(got[name]) == {"aliases", "mappings", "settings"}, got
        assert got[name]["aliases"] == {} and got[name]["mappings"] == {}, got
        res = ctx.es.indices.delete(index=name)
        assert res == {"acknowledged": True}, res
        assert ctx.es.indices.exists(index=name) is False
        status, _, body = http(ctx, "HEAD", "/" + name)
        assert status == 404 and body is None
    finally:
        drop(ctx, name)


def test_default_index_settings(ctx):
    name = ctx.index_name("defaults")
    ctx.es.indices.create(index=name)
    try:
        s = ctx.es.indices.get_settings(index=name)[name]["settings"]["index"]
        assert s["number_of_shards"] == "1", s
        assert s["number_of_replicas"] == "1", s
        assert s["provided_name"] == name, s
        assert INDEX_UUID_RE.match(s["uuid"]), s
        assert s["creation_date"].isdigit(), s
        created = int(s["creation_date"]) / 1000.0
        now = datetime.datetime.now(datetime.timezone.utc).timestamp()
        assert abs(now - created) < 600, (s["creation_date"], now)
        assert re.match(r"^717\d\d99$", s["version"]["created"]), s
        flat = ctx.es.indices.get_settings(index=name, flat_settings=True)[name]["settings"]
        assert flat["index.number_of_shards"] == "1" and flat["index.uuid"] == s["uuid"], flat
        assert flat["index.provided_name"] == name, flat
    finally:
        drop(ctx, name)


def test_delete_missing_index_is_404(ctx):
    missing = ctx.index_name("missing")
    info = expect_error(lambda: ctx.es.indices.delete(index=missing), 404, "index_not_found_exception",
                        "no such index [%s]" % missing)
    assert info["error"]["reason"] == "no such index [%s]" % missing, info
    assert info["error"]["index"] == missing and info["error"]["index_uuid"] == "_na_", info
    assert info["error"]["root_cause"][0]["index"] == missing, info


def test_get_missing_index_is_404(ctx):
    missing = ctx.index_name("missing")
    info = expect_error(lambda: ctx.es.indices.get(index=missing), 404, "index_not_found_exception",
                        "no such index [%s]" % missing)
    assert info["error"]["reason"] == "no such index [%s]" % missing, info
    expect_error(lambda: ctx.es.indices.get_mapping(index=missing), 404, "index_not_found_exception",
                 "no such index [%s]" % missing)
    expect_error(lambda: ctx.es.indices.get_settings(index=missing), 404, "index_not_found_exception",
                 "no such index [%s]" % missing)


def test_create_existing_index_is_400(ctx):
    name = make_index(ctx, "twice")
    try:
        uuid = _uuid(ctx, name)
        info = expect_error(lambda: ctx.es.indices.create(index=name), 400, "resource_already_exists_exception")
        err = info["error"]
        assert err["reason"] == "index [%s/%s] already exists" % (name, uuid), err
        assert err["index"] == name and err["index_uuid"] == uuid, err
        assert err["root_cause"][0]["reason"] == err["reason"], err
    finally:
        drop(ctx, name)


def test_invalid_index_name_uppercase(ctx):
    bad = "Upper" + ctx.index_name("case")
    info = expect_error(lambda: ctx.es.indices.create(index=bad), 400, "invalid_index_name_exception")
    err = info["error"]
    assert err["reason"] == "Invalid index name [%s], must be lowercase" % bad, err
    assert err["index"] == bad and err["index_uuid"] == "_na_", err
    # indexing a document into it (index auto-creation) fails the same way
    expect_error(lambda: ctx.es.index(index=bad, id="1", body={"a": 1}), 400, "invalid_index_name_exception",
                 "Invalid index name [%s], must be lowercase" % bad)
    assert ctx.es.indices.exists(index=bad.lower()) is False


def test_invalid_index_name_characters(ctx):
    base = ctx.index_name("chars")
    cases = [
        ("_" + base, "Invalid index name [_%s], must not start with '_', '-', or '+'" % base),
        ("-" + base, "Invalid index name [-%s], must not start with '_', '-', or '+'" % base),
        (base + "#x", "Invalid index name [%s#x], must not contain '#'" % base),
        (base + "*x", "Invalid index name [%s*x], must not contain the following characters " % base),
        (base + "?x", "Invalid index name [%s?x], must not contain the following characters " % base),
    ]
    for name, reason in cases:
        status, _, body = http(ctx, "PUT", "/" + name.replace("#", "%23").replace("?", "%3F"), {})
        assert status == 400, (name, status, body)
        err = check_error_body(body, 400, "invalid_index_name_exception", reason)
        assert err["reason"].startswith(reason), (name, err)
    too_long = "a" * 256
    status, _, body = http(ctx, "PUT", "/" + too_long, {})
    check_error_body(body, 400, "invalid_index_name_exception",
                     "Invalid index name [%s], index name is too long, (256 > 255)" % too_long)


def test_settings_shards_replicas_refresh_interval(ctx):
    name = make_index(ctx, "settings", {"settings": {"number_of_shards": 2, "number_of_replicas": 0,
                                                     "refresh_interval": "30s"}})
    try:
        s = ctx.es.indices.get_settings(index=name)[name]["settings"]["index"]
        assert (s["number_of_shards"], s["number_of_replicas"], s["refresh_interval"]) == ("2", "0", "30s"), s
        flat = ctx.es.indices.get_settings(index=name, flat_settings=True)[name]["settings"]
        assert flat["index.number_of_shards"] == "2" and flat["index.refresh_interval"] == "30s", flat
        # a single setting by name
        one = ctx.es.indices.get_settings(index=name, name="index.refresh_interval")
        assert one == {name: {"settings": {"index": {"refresh_interval": "30s"}}}}, one
        # the shard count shows in every search response
        res = ctx.es.search(index=name, body={"query": {"match_all": {}}})
        assert res["_shards"] == {"total": 2, "successful": 2, "skipped": 0, "failed": 0}, res["_shards"]
    finally:
        drop(ctx, name)


def test_update_dynamic_settings(ctx):
    name = make_index(ctx, "dyn")
    try:
        res = ctx.es.indices.put_settings(index=name, body={"index": {"refresh_interval": "5s",
                                                                      "max_result_window": 500}})
        assert res == {"acknowledged": True}, res
        s = ctx.es.indices.get_settings(index=name)[name]["settings"]["index"]
        assert s["refresh_interval"] == "5s" and s["max_result_window"] == "500", s
        # null resets a setting to its default, which then no longer shows
        ctx.es.indices.put_settings(index=name, body={"index": {"refresh_interval": None}})
        s = ctx.es.indices.get_settings(index=name)[name]["settings"]["index"]
        assert "refresh_interval" not in s and s["max_result_window"] == "500", s
        # the new max_result_window is enforced
        info = expect_error(lambda: ctx.es.search(index=name, body={"from": 500, "size": 1}), 400,
                            "search_phase_execution_exception", root_type="illegal_argument_exception")
        assert info["error"]["root_cause"][0]["reason"].startswith(
            "Result window is too large, from + size must be less than or equal to: [500] but was [501]."), info
    finally:
        drop(ctx, name)


def test_update_static_setting_on_open_index_fails(ctx):
    name = make_index(ctx, "static")
    try:
        uuid = _uuid(ctx, name)
        info = expect_error(lambda: ctx.es.indices.put_settings(index=name, body={"index": {"number_of_shards": 3}}),
                            400, "illegal_argument_exception")
        assert info["error"]["reason"] == (
            "Can't update non dynamic settings [[index.number_of_shards]] for open indices [[%s/%s]]"
            % (name, uuid)), info
        s = ctx.es.indices.get_settings(index=name)[name]["settings"]["index"]
        assert s["number_of_shards"] == "1", s
    finally:
        drop(ctx, name)


def test_unknown_index_setting_rejected(ctx):
    name = ctx.index_name("unknown")
    info = expect_error(lambda: ctx.es.indices.create(index=name, body={"settings": {"index": {"foo_bar": 1}}}),
                        400, "illegal_argument_exception")
    assert info["error"]["reason"] == (
        "unknown setting [index.foo_bar] please check that any required plugins are installed, or check the "
        "breaking changes documentation for removed settings"), info
    assert ctx.es.indices.exists(index=name) is False


def test_zero_shards_rejected(ctx):
    name = ctx.index_name("zero")
    info = expect_error(lambda: ctx.es.indices.create(index=name, body={"settings": {"number_of_shards": 0}}),
                        400, "illegal_argument_exception")
    assert info["error"]["reason"] == (
        "Failed to parse value [0] for setting [index.number_of_shards] must be >= 1"), info
    assert ctx.es.indices.exists(index=name) is False


ANALYSIS = {
    "analysis": {
        "filter": {"my_stop": {"type": "stop", "stopwords": ["the", "a"]}},
        "tokenizer": {"my_comma": {"type": "pattern", "pattern": ","}},
        "analyzer": {
            "folding": {"type": "custom", "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding", "my_stop"]},
            "commas": {"type": "custom", "tokenizer": "my_comma"},
        },
    }
}


def test_custom_analyzer_from_tokenizers_and_filters(ctx):
    name = make_index(ctx, "analysis", {
        "settings": ANALYSIS,
        "mappings": {"properties": {"title": {"type": "text", "analyzer": "folding"}}}})
    try:
        s = ctx.es.indices.get_settings(index=name)[name]["settings"]["index"]["analysis"]
        assert s["analyzer"]["folding"] == {"type": "custom", "tokenizer": "standard",
                                            "filter": ["lowercase", "asciifolding", "my_stop"]}, s
        assert s["filter"]["my_stop"] == {"type": "stop", "stopwords": ["the", "a"]}, s
        assert s["tokenizer"]["my_comma"] == {"type": "pattern", "pattern": ","}, s
        res = ctx.es.indices.analyze(index=name, body={"analyzer": "folding", "text": "The Café à Déjà Vu"})
        assert res["tokens"] == [
            {"token": "cafe", "start_offset": 4, "end_offset": 8, "type": "<ALPHANUM>", "position": 1},
            {"token": "deja", "start_offset": 11, "end_offset": 15, "type": "<ALPHANUM>", "position": 3},
            {"token": "vu", "start_offset": 16, "end_offset": 18, "type": "<ALPHANUM>", "position": 4},
        ], res
        res = ctx.es.indices.analyze(index=name, body={"analyzer": "commas", "text": "red,green ,blue"})
        assert [(t["token"], t["start_offset"], t["end_offset"], t["type"]) for t in res["tokens"]] == [
            ("red", 0, 3, "word"), ("green ", 4, 10, "word"), ("blue", 11, 15, "word")], res
        # the field analyzer is used at index and at search time
        ctx.es.index(index=name, id="1", body={"title": "Déjà Vu"}, refresh="true")
        res = ctx.es.search(index=name, body={"query": {"match": {"title": "DEJA"}}})
        assert hit_ids(res) == ["1"], res
        res = ctx.es.search(index=name, body={"query": {"match": {"title": "the"}}})
        assert hit_ids(res) == [], res
    finally:
        drop(ctx, name)


def test_custom_analyzer_with_unknown_filter_rejected(ctx):
    name = ctx.index_name("badanalysis")
    body = {"settings": {"analysis": {"analyzer": {"bad": {"type": "custom", "tokenizer": "standard",
                                                           "filter": ["lowercase", "no_such_filter"]}}}}}
    expect_error(lambda: ctx.es.indices.create(index=name, body=body), 400, "illegal_argument_exception",
                 "Custom Analyzer [bad] failed to find filter under name [no_such_filter]")
    assert ctx.es.indices.exists(index=name) is False


def test_get_and_put_mapping(ctx):
    name = make_index(ctx, "mapping", {"mappings": {"properties": {"title": {"type": "text"},
                                                                   "n": {"type": "integer"}}}})
    try:
        got = ctx.es.indices.get_mapping(index=name)
        assert got == {name: {"mappings": {"properties": {"title": {"type": "text"},
                                                          "n": {"type": "integer"}}}}}, got
        res = ctx.es.indices.put_mapping(index=name, body={"properties": {"tags": {"type": "keyword"},
                                                                          "title": {"type": "text"}}})
        assert res == {"acknowledged": True}, res
        got = ctx.es.indices.get_mapping(index=name)[name]["mappings"]["properties"]
        assert got == {"title": {"type": "text"}, "n": {"type": "integer"}, "tags": {"type": "keyword"}}, got
        # a multi-field can be added to an existing field
        ctx.es.indices.put_mapping(index=name, body={"properties": {
            "title": {"type": "text", "fields": {"raw": {"type": "keyword"}}}}})
        got = ctx.es.indices.get_mapping(index=name)[name]["mappings"]["properties"]["title"]
        assert got == {"type": "text", "fields": {"raw": {"type": "keyword"}}}, got
        fm = ctx.es.indices.get_field_mapping(index=name, fields="tags")
        assert fm == {name: {"mappings": {"tags": {"full_name": "tags", "mapping": {"tags": {"type": "keyword"}}}}}}, fm
    finally:
        drop(ctx, name)


def test_put_mapping_type_change_rejected(ctx):
    name = make_index(ctx, "mapping", {"mappings": {"properties": {"title": {"type": "text"}}}})
    try:
        expect_error(lambda: ctx.es.indices.put_mapping(index=name, body={"properties": {"title": {"type": "keyword"}}}),
                     400, "illegal_argument_exception", "mapper [title] cannot be changed from type [text] to [keyword]")
        got = ctx.es.indices.get_mapping(index=name)[name]["mappings"]["properties"]
        assert got == {"title": {"type": "text"}}, got
    finally:
        drop(ctx, name)


def test_refresh_response(ctx):
    name = make_index(ctx, "refresh")
    two = make_index(ctx, "refresh", replicas=1)
    try:
        assert ctx.es.indices.refresh(index=name) == {"_shards": SHARDS_1}
        # with one (unassignable, single node) replica: two shard copies, one of them refreshed
        assert ctx.es.indices.refresh(index=two) == {"_shards": {"total": 2, "successful": 1, "failed": 0}}
        status, _, body = http(ctx, "POST", "/%s/_refresh" % name)
        assert status == 200 and body == {"_shards": SHARDS_1}, (status, body)
        expect_error(lambda: ctx.es.indices.refresh(index=ctx.index_name("missing")), 404, "index_not_found_exception")
    finally:
        drop(ctx, name, two)


CAT_INDICES_COLUMNS = ["health", "status", "index", "uuid", "pri", "rep", "docs.count", "docs.deleted",
                       "store.size", "pri.store.size"]


def test_cat_indices_text(ctx):
    name = make_index(ctx, "cat")
    try:
        load(ctx, name, {"1": {"a": 1}, "2": {"a": 2}, "3": {"a": 3}})
        uuid = _uuid(ctx, name)
        text = ctx.es.cat.indices(index=name, v=True)
        lines = text.strip("\n").split("\n")
        assert len(lines) == 2, text
        assert lines[0].split() == CAT_INDICES_COLUMNS, text
        row = lines[1].split()
        assert row[:8] == ["green", "open", name, uuid, "1", "0", "3", "0"], text
        assert re.match(r"^\d+(\.\d+)?(b|kb|mb|gb)$", row[8]) and row[8] == row[9], text
        # without v there is no header line
        text = ctx.es.cat.indices(index=name)
        assert len(text.strip("\n").split("\n")) == 1 and text.split()[2] == name, text
        # h= selects columns, in the given order
        text = ctx.es.cat.indices(index=name, h="docs.count,index")
        assert text.split() == ["3", name], text
        status, headers, body = http(ctx, "GET", "/_cat/indices/%s?v" % name)
        assert status == 200 and headers.get("content-type", "").startswith("text/plain"), (status, headers)
        assert body.split("\n")[0].split() == CAT_INDICES_COLUMNS, body
    finally:
        drop(ctx, name)


def test_cat_indices_json(ctx):
    name = make_index(ctx, "cat")
    try:
        load(ctx, name, {"1": {"a": 1}, "2": {"a": 2}})
        rows = ctx.es.cat.indices(index=name, format="json")
        assert isinstance(rows, list) and len(rows) == 1, rows
        row = rows[0]
        assert set(row) == set(CAT_INDICES_COLUMNS), row
        assert all(isinstance(v, str) for v in row.values()), row
        assert (row["health"], row["status"], row["index"], row["pri"], row["rep"], row["docs.count"],
                row["docs.deleted"]) == ("green", "open", name, "1", "0", "2", "0"), row
        assert row["uuid"] == _uuid(ctx, name), row
        rows = ctx.es.cat.indices(index=name, format="json", bytes="b")
        assert rows[0]["store.size"].isdigit() and int(rows[0]["store.size"]) > 0, rows
        rows = ctx.es.cat.indices(index=name, format="json", h="index,docs.count")
        assert rows == [{"index": name, "docs.count": "2"}], rows
        expect_error(lambda: ctx.es.cat.indices(index=ctx.index_name("missing"), format="json"), 404,
                     "index_not_found_exception")
    finally:
        drop(ctx, name)


def test_cat_health(ctx):
    cluster = ctx.es.info()["cluster_name"]
    rows = ctx.es.cat.health(format="json")
    assert isinstance(rows, list) and len(rows) == 1, rows
    row = rows[0]
    assert set(row) == {"epoch", "timestamp", "cluster", "status", "node.total", "node.data", "shards", "pri",
                        "relo", "init", "unassign", "pending_tasks", "max_task_wait_time",
                        "active_shards_percent"}, row
    assert row["cluster"] == cluster and row["status"] in ("green", "yellow"), row
    assert row["node.total"] == "1" and row["node.data"] == "1", row
    now = datetime.datetime.now(datetime.timezone.utc).timestamp()
    assert abs(int(row["epoch"]) - now) < 600, row
    assert re.match(r"^\d\d:\d\d:\d\d$", row["timestamp"]), row
    text = ctx.es.cat.health(v=True)
    assert text.split("\n")[0].split() == ["epoch", "timestamp", "cluster", "status", "node.total", "node.data",
                                          "shards", "pri", "relo", "init", "unassign", "pending_tasks",
                                          "max_task_wait_time", "active_shards_percent"], text


HEALTH_KEYS = {"cluster_name", "status", "timed_out", "number_of_nodes", "number_of_data_nodes",
               "active_primary_shards", "active_shards", "relocating_shards", "initializing_shards",
               "unassigned_shards", "delayed_unassigned_shards", "number_of_pending_tasks",
               "number_of_in_flight_fetch", "task_max_waiting_in_queue_millis",
               "active_shards_percent_as_number"}


def test_cluster_health(ctx):
    name = make_index(ctx, "health", {"settings": {"number_of_shards": 2}})
    try:
        h = ctx.es.cluster.health()
        assert set(h) == HEALTH_KEYS, h
        assert h["cluster_name"] == ctx.es.info()["cluster_name"], h
        assert h["timed_out"] is False and h["number_of_nodes"] == 1 and h["number_of_data_nodes"] == 1, h
        assert h["status"] in ("green", "yellow"), h
        h = ctx.es.cluster.health(index=name)
        assert set(h) == HEALTH_KEYS, h
        assert (h["status"], h["active_primary_shards"], h["active_shards"], h["unassigned_shards"],
                h["relocating_shards"], h["initializing_shards"]) == ("green", 2, 2, 0, 0, 0), h
        assert h["active_shards_percent_as_number"] == 100.0, h
        h = ctx.es.cluster.health(index=name, wait_for_status="green", timeout="5s")
        assert h["timed_out"] is False and h["status"] == "green", h
    finally:
        drop(ctx, name)


def test_cluster_health_single_node_replica_is_yellow(ctx):
    name = make_index(ctx, "yellow", replicas=1)
    try:
        h = ctx.es.cluster.health(index=name)
        assert (h["status"], h["active_primary_shards"], h["active_shards"], h["unassigned_shards"]) == (
            "yellow", 1, 1, 1), h
        h = ctx.es.cluster.health(index=name, level="indices")
        assert h["indices"][name] == {"status": "yellow", "number_of_shards": 1, "number_of_replicas": 1,
                                      "active_primary_shards": 1, "active_shards": 1, "relocating_shards": 0,
                                      "initializing_shards": 0, "unassigned_shards": 1}, h
        rows = ctx.es.cat.indices(index=name, format="json")
        assert rows[0]["health"] == "yellow" and rows[0]["rep"] == "1", rows
        # once the replica is dropped the index is green
        ctx.es.indices.put_settings(index=name, body={"index": {"number_of_replicas": 0}})
        h = ctx.es.cluster.health(index=name, wait_for_status="green", timeout="10s")
        assert h["status"] == "green" and h["unassigned_shards"] == 0 and h["timed_out"] is False, h
    finally:
        drop(ctx, name)


def test_multi_index_get_and_delete(ctx):
    prefix = ctx.index_name("multi")
    a, b = prefix + "-a", prefix + "-b"
    for n in (a, b):
        ctx.es.indices.create(index=n, body={"settings": {"number_of_replicas": 0}})
    try:
        got = ctx.es.indices.get(index=prefix + "-*")
        assert sorted(got) == [a, b], got
        got = ctx.es.indices.get_settings(index="%s,%s" % (a, b))
        assert sorted(got) == [a, b], got
        assert ctx.es.indices.exists(index="%s,%s" % (a, b)) is True
        assert ctx.es.indices.exists(index="%s,%s" % (a, prefix + "-missing")) is False
        assert ctx.es.indices.delete(index="%s,%s" % (a, b)) == {"acknowledged": True}
        assert ctx.es.indices.exists(index=a) is False and ctx.es.indices.exists(index=b) is False
        assert ctx.es.indices.get(index=prefix + "-*") == {}
    finally:
        drop(ctx, a, b)


def test_search_across_indices(ctx):
    prefix = ctx.index_name("across")
    a, b = prefix + "-a", prefix + "-b"
    for n in (a, b):
        ctx.es.indices.create(index=n, body={"settings": {"number_of_replicas": 0}})
    try:
        load(ctx, a, {"1": {"t": "shared word"}, "2": {"t": "only here"}})
        load(ctx, b, {"1": {"t": "shared word"}})
        res = ctx.es.search(index="%s,%s" % (a, b), body={"query": {"match": {"t": "shared"}}})
        assert sorted((h["_index"], h["_id"]) for h in res["hits"]["hits"]) == [(a, "1"), (b, "1")], res
        assert res["_shards"] == {"total": 2, "successful": 2, "skipped": 0, "failed": 0}, res
        res = ctx.es.search(index=prefix + "-*", body={"query": {"match_all": {}}})
        assert total(res) == 3, res
        assert ctx.es.count(index=prefix + "-*")["count"] == 3
        info = expect_error(lambda: ctx.es.search(index="%s,%s" % (a, prefix + "-nope")), 404,
                            "index_not_found_exception", "no such index [%s-nope]" % prefix)
        assert info["error"]["index"] == prefix + "-nope", info
    finally:
        drop(ctx, a, b)


# ---------------------------------------------------------------------------
# aliases

def test_create_index_with_aliases(ctx):
    alias = ctx.index_name("alias")
    name = make_index(ctx, "aliased", {"aliases": {alias: {}}})
    try:
        assert ctx.es.indices.get_alias(index=name) == {name: {"aliases": {alias: {}}}}
        assert ctx.es.indices.get_alias(name=alias) == {name: {"aliases": {alias: {}}}}
        assert ctx.es.indices.get(index=name)[name]["aliases"] == {alias: {}}
        # GET on the alias answers with the concrete index
        got = ctx.es.indices.get(index=alias)
        assert list(got) == [name], got
    finally:
        drop(ctx, name)


def test_alias_add_remove_and_exists(ctx):
    name = make_index(ctx, "aliased")
    a1, a2 = ctx.index_name("alias"), ctx.index_name("alias")
    try:
        assert ctx.es.indices.get_alias(index=name) == {name: {"aliases": {}}}
        res = ctx.es.indices.update_aliases(body={"actions": [{"add": {"index": name, "alias": a1}},
                                                              {"add": {"index": name, "alias": a2}}]})
        assert res == {"acknowledged": True}, res
        assert ctx.es.indices.exists_alias(name=a1) is True
        assert ctx.es.indices.exists_alias(index=name, name=a2) is True
        status, _, body = http(ctx, "HEAD", "/_alias/" + a1)
        assert status == 200 and body is None
        assert ctx.es.indices.get_alias(index=name) == {name: {"aliases": {a1: {}, a2: {}}}}
        # remove one with _aliases, the other with DELETE /{index}/_alias/{name}
        res = ctx.es.indices.update_aliases(body={"actions": [{"remove": {"index": name, "alias": a1}}]})
        assert res == {"acknowledged": True}, res
        assert ctx.es.indices.exists_alias(name=a1) is False
        res = ctx.es.indices.delete_alias(index=name, name=a2)
        assert res == {"acknowledged": True}, res
        assert ctx.es.indices.get_alias(index=name) == {name: {"aliases": {}}}
        # put_alias (PUT /{index}/_alias/{name})
        assert ctx.es.indices.put_alias(index=name, name=a1) == {"acknowledged": True}
        assert ctx.es.indices.get_alias(name=a1) == {name: {"aliases": {a1: {}}}}
    finally:
        drop(ctx, name)


def test_missing_alias_is_404(ctx):
    name = make_index(ctx, "aliased")
    alias, missing = ctx.index_name("alias"), ctx.index_name("nope")
    try:
        ctx.es.indices.put_alias(index=name, name=alias)
        info = expect_status(lambda: ctx.es.indices.get_alias(name=missing), 404)
        assert info == {"error": "alias [%s] missing" % missing, "status": 404}, info
        # one found, one missing: 404 with the found ones alongside the message
        info = expect_status(lambda: ctx.es.indices.get_alias(name="%s,%s" % (alias, missing)), 404)
        assert info == {"error": "alias [%s] missing" % missing, "status": 404,
                        name: {"aliases": {alias: {}}}}, info
        assert ctx.es.indices.exists_alias(name=missing) is False
        status, _, body = http(ctx, "HEAD", "/_alias/" + missing)
        assert status == 404 and body is None
        info = expect_status(lambda: ctx.es.indices.delete_alias(index=name, name=missing), 404)
        assert info["error"]["type"] == "aliases_not_found_exception", info
        assert info["error"]["reason"] == "aliases [%s] missing" % missing, info
    finally:
        drop(ctx, name)


def test_search_and_index_through_alias(ctx):
    alias = ctx.index_name("alias")
    name = make_index(ctx, "aliased", {"aliases": {alias: {}}})
    try:
        res = ctx.es.index(index=alias, id="1", body={"title": "via alias"}, refresh="true")
        assert res["_index"] == name and res["result"] == "created", res
        got = ctx.es.get(index=alias, id="1")
        assert got["_index"] == name and got["_source"] == {"title": "via alias"}, got
        res = ctx.es.search(index=alias, body={"query": {"match": {"title": "alias"}}})
        assert hit_ids(res) == ["1"] and res["hits"]["hits"][0]["_index"] == name, res
        assert ctx.es.count(index=alias)["count"] == 1
    finally:
        drop(ctx, name)


def test_alias_replacing_an_index_and_its_errors(ctx):
    """An alias takes an index's name only in the request that removes that index, and
    remove_index names concrete indices: a refused request changes nothing."""
    old, new = make_index(ctx, "aliased"), make_index(ctx, "aliased")
    try:
        load(ctx, old, {"1": {"v": "old"}})
        load(ctx, new, {"2": {"v": "new"}})
        info = expect_status(lambda: ctx.es.indices.update_aliases(body={"actions": [
            {"add": {"index": new, "alias": old}}]}), 400)
        assert info["error"]["type"] == "invalid_alias_name_exception", info
        assert info["error"]["reason"] == ("Invalid alias name [%s]: an index or data stream exists with the same "
                                           "name as the alias" % old), info
        assert ctx.es.indices.get_alias(index=new) == {new: {"aliases": {}}}, "nothing applied"
        res = ctx.es.indices.update_aliases(body={"actions": [{"add": {"index": new, "alias": old}},
                                                              {"remove_index": {"index": old}}]})
        assert res == {"acknowledged": True}, res
        assert ctx.es.indices.get_alias(name=old) == {new: {"aliases": {old: {}}}}
        assert hit_ids(ctx.es.search(index=old, body={"query": {"match_all": {}}})) == ["2"]
        # remove_index through the alias: refused, the index stays
        info = expect_status(lambda: ctx.es.indices.update_aliases(body={"actions": [
            {"remove_index": {"index": old}}]}), 400)
        assert info["error"]["type"] == "illegal_argument_exception", info
        assert info["error"]["reason"] == ("The provided expression [%s] matches an alias, specify the "
                                           "corresponding concrete indices instead." % old), info
        assert ctx.es.indices.exists(index=new) is True
        # One refused action refuses the request: the index the first action names stays.
        other = make_index(ctx, "aliased")
        try:
            expect_status(lambda: ctx.es.indices.update_aliases(body={"actions": [
                {"remove_index": {"index": other}}, {"remove": {"index": new, "alias": "nope"}}]}), 404)
            assert ctx.es.indices.exists(index=other) is True
        finally:
            drop(ctx, other)
    finally:
        drop(ctx, new)


def test_filtered_alias(ctx):
    name = make_index(ctx, "aliased", {"mappings": {"properties": {"color": {"type": "keyword"}}}})
    red = ctx.index_name("red")
    try:
        load(ctx, name, {"1": {"color": "red"}, "2": {"color": "blue"}, "3": {"color": "red"}})
        ctx.es.indices.update_aliases(body={"actions": [
            {"add": {"index": name, "alias": red, "filter": {"term": {"color": "red"}}}}]})
        got = ctx.es.indices.get_alias(name=red)
        assert got == {name: {"aliases": {red: {"filter": {"term": {"color": "red"}}}}}}, got
        res = ctx.es.search(index=red, body={"query": {"match_all": {}}, "sort": ["_doc"]})
        assert sorted(hit_ids(res)) == ["1", "3"] and total(res) == 2, res
        assert ctx.es.count(index=red)["count"] == 2
        assert ctx.es.count(index=name)["count"] == 3
    finally:
        drop(ctx, name)


# ---------------------------------------------------------------------------
# documents

def test_index_with_id_response_shape(ctx):
    name = ctx.index_name("docs")
    ctx.es.indices.create(index=name)  # default settings: 1 primary + 1 replica
    try:
        res = ctx.es.index(index=name, id="1", body={"title": "hello"})
        assert res == {"_index": name, "_type": "_doc", "_id": "1", "_version": 1, "result": "created",
                       "_shards": {"total": 2, "successful": 1, "failed": 0}, "_seq_no": 0,
                       "_primary_term": 1}, res
        res = ctx.es.index(index=name, id="1", body={"title": "hello again"})
        assert (res["_version"], res["result"], res["_seq_no"]) == (2, "updated", 1), res
    finally:
        drop(ctx, name)


def test_index_put_and_post_with_id(ctx):
    name = make_index(ctx, "docs")
    try:
        status, headers, body = http(ctx, "PUT", "/%s/_doc/1" % name, {"v": 1})
        assert status == 201 and body["result"] == "created" and body["_id"] == "1", (status, body)
        assert headers.get("location") == "/%s/_doc/1" % name, headers
        status, _, body = http(ctx, "POST", "/%s/_doc/1" % name, {"v": 2})
        assert status == 200 and body["result"] == "updated" and body["_version"] == 2, (status, body)
        status, _, body = http(ctx, "POST", "/%s/_doc/2" % name, {"v": 3})
        assert status == 201 and body["result"] == "created" and body["_version"] == 1, (status, body)
        assert ctx.es.get(index=name, id="1")["_source"] == {"v": 2}
        # ids are opaque strings: spaces, unicode and slashes round-trip (URL-encoded in the path)
        for doc_id in ("with space", "中文", "a/b"):
            res = ctx.es.index(index=name, id=doc_id, body={"id": doc_id})
            assert res["_id"] == doc_id, res
            assert ctx.es.get(index=name, id=doc_id)["_source"] == {"id": doc_id}
    finally:
        drop(ctx, name)


def test_index_auto_generated_id(ctx):
    name = make_index(ctx, "docs")
    try:
        res = ctx.es.index(index=name, body={"title": "auto"})
        assert AUTO_ID_RE.match(res["_id"]), res
        assert (res["result"], res["_version"], res["_seq_no"]) == ("created", 1, 0), res
        status, headers, body = http(ctx, "POST", "/%s/_doc" % name, {"title": "auto 2"})
        assert status == 201 and AUTO_ID_RE.match(body["_id"]) and body["_id"] != res["_id"], (status, body)
        assert headers.get("location") == "/%s/_doc/%s" % (name, body["_id"]), headers
        got = ctx.es.get(index=name, id=body["_id"])
        assert got["_source"] == {"title": "auto 2"}, got
    finally:
        drop(ctx, name)


def test_create_conflict_is_409(ctx):
    name = make_index(ctx, "docs")
    try:
        res = ctx.es.create(index=name, id="1", body={"v": 1})
        assert (res["result"], res["_version"]) == ("created", 1), res
        info = expect_error(lambda: ctx.es.create(index=name, id="1", body={"v": 2}), 409,
                            "version_conflict_engine_exception")
        err = info["error"]
        assert err["reason"] == "[1]: version conflict, document already exists (current version [1])", err
        assert err["index"] == name and err["shard"] == "0" and err["index_uuid"] == _uuid(ctx, name), err
        # op_type=create on the index API is the same operation
        expect_error(lambda: ctx.es.index(index=name, id="1", body={"v": 3}, op_type="create"), 409,
                     "version_conflict_engine_exception",
                     "[1]: version conflict, document already exists (current version [1])")
        status, _, body = http(ctx, "PUT", "/%s/_create/1" % name, {"v": 4})
        assert status == 409, (status, body)
        check_error_body(body, 409, "version_conflict_engine_exception", "document already exists")
        assert ctx.es.get(index=name, id="1")["_source"] == {"v": 1}
    finally:
        drop(ctx, name)


def test_create_endpoint_put_and_post(ctx):
    name = make_index(ctx, "docs")
    try:
        status, headers, body = http(ctx, "POST", "/%s/_create/p1" % name, {"v": 1})
        assert status == 201 and body["result"] == "created" and body["_version"] == 1, (status, body)
        status, _, body = http(ctx, "PUT", "/%s/_doc/p2?op_type=create" % name, {"v": 2})
        assert status == 201 and body["result"] == "created", (status, body)
        status, _, body = http(ctx, "POST", "/%s/_create/p1" % name, {"v": 3})
        check_error_body(body, 409, "version_conflict_engine_exception",
                         "[p1]: version conflict, document already exists (current version [1])")
        assert status == 409
    finally:
        drop(ctx, name)


DOC = {"name": "Ann", "age": 30, "email": "ann@example.com", "address": {"city": "Paris", "zip": "75001"}}


def test_get_document_shape(ctx):
    name = make_index(ctx, "docs")
    try:
        ctx.es.index(index=name, id="1", body=DOC)
        got = ctx.es.get(index=name, id="1")
        assert got == {"_index": name, "_type": "_doc", "_id": "1", "_version": 1, "_seq_no": 0,
                       "_primary_term": 1, "found": True, "_source": DOC}, got
        status, headers, body = http(ctx, "GET", "/%s/_doc/1" % name)
        assert status == 200 and body == got, (status, body)
        assert ctx.es.get_source(index=name, id="1") == DOC
    finally:
        drop(ctx, name)


def test_get_missing_document(ctx):
    name = make_index(ctx, "docs")
    try:
        try:
            ctx.es.get(index=name, id="nope")
        except NotFoundError as e:
            assert e.info == {"_index": name, "_type": "_doc", "_id": "nope", "found": False}, e.info
        else:
            raise AssertionError("GET of a missing document did not 404")
        status, _, body = http(ctx, "GET", "/%s/_source/nope" % name)
        assert status == 404, (status, body)
        missing = ctx.index_name("missing")
        info = expect_error(lambda: ctx.es.get(index=missing, id="1"), 404, "index_not_found_exception",
                            "no such index [%s]" % missing)
        assert info["error"]["index"] == missing and info["error"]["index_uuid"] == "_na_", info
    finally:
        drop(ctx, name)


def test_get_source_filtering(ctx):
    name = make_index(ctx, "docs")
    try:
        ctx.es.index(index=name, id="1", body=DOC)
        got = ctx.es.get(index=name, id="1", _source_includes="name,age")
        assert got["_source"] == {"name": "Ann", "age": 30}, got
        got = ctx.es.get(index=name, id="1", _source_excludes="email,address")
        assert got["_source"] == {"name": "Ann", "age": 30}, got
        got = ctx.es.get(index=name, id="1", _source_includes="address.city")
        assert got["_source"] == {"address": {"city": "Paris"}}, got
        got = ctx.es.get(index=name, id="1", _source_includes="a*", _source_excludes="address.zip")
        assert got["_source"] == {"age": 30, "address": {"city": "Paris"}}, got
        got = ctx.es.get(index=name, id="1", _source="false")
        assert "_source" not in got and got["found"] is True and got["_version"] == 1, got
        got = ctx.es.get(index=name, id="1", _source="name")
        assert got["_source"] == {"name": "Ann"}, got
        assert ctx.es.get_source(index=name, id="1", _source_includes="email") == {"email": "ann@example.com"}
    finally:
        drop(ctx, name)


def test_search_hits_carry_source_as_indexed(ctx):
    """A hit's _source (and GET's, _source's and _mget's) is the document's JSON byte for byte as
    it was sent (spacing, number spelling, escapes), as Elasticsearch returns it; pretty-printed,
    YAML, filtered and _msearch answers carry the same document."""
    name = make_index(ctx, "srcbytes")
    raw = '{ "price" : 1.50,\n  "tags": ["a" ,"b"], "name":"caf\\u00e9", "n": 1e2 }'
    line = '{"qty":3,  "note":"x"}'
    try:
        status, _, _ = http(ctx, "PUT", "/%s/_doc/1" % name, raw)
        assert status == 201, status
        status, _, _ = http(ctx, "POST", "/%s/_bulk?refresh=true" % name,
                            '{"index":{"_id":"2"}}\n' + line + "\n",
                            headers={"Content-Type": "application/x-ndjson"})
        assert status == 200, status
        def text_of(method, path, body=None):
            req = urllib.request.Request(ctx.search_endpoint + path, data=body, method=method,
                                         headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.read().decode("utf-8")

        text = text_of("POST", "/%s/_search" % name, b'{"sort": ["_doc"]}')
        assert '"_source":' + raw in text, text
        assert '"_source":' + line in text, text
        assert '"_source":' + raw in text_of("GET", "/%s/_doc/1" % name)
        assert text_of("GET", "/%s/_source/2" % name) == line
        text = text_of("POST", "/%s/_mget" % name, b'{"ids": ["2", "1"]}')
        assert '"_source":' + line in text and '"_source":' + raw in text, text
        want = {"price": 1.5, "tags": ["a", "b"], "name": "caf\u00e9", "n": 100.0}
        status, _, body = http(ctx, "GET", "/%s/_search?pretty&q=_id:1" % name)
        assert status == 200 and body["hits"]["hits"][0]["_source"] == want, body
        status, _, body = http(ctx, "GET", "/%s/_search?format=yaml&q=_id:1" % name)
        assert status == 200 and "price:" in body and '"a"' in body, body
        status, _, body = http(ctx, "POST", "/%s/_search" % name,
                               {"query": {"ids": {"values": ["1"]}}, "_source": ["price"]})
        assert body["hits"]["hits"][0]["_source"] == {"price": 1.5}, body
        status, _, body = http(ctx, "POST", "/_msearch",
                               '{"index": "%s"}\n{"query": {"ids": {"values": ["2"]}}}\n' % name,
                               headers={"Content-Type": "application/x-ndjson"})
        assert body["responses"][0]["hits"]["hits"][0]["_source"] == {"qty": 3, "note": "x"}, body
    finally:
        drop(ctx, name)


def test_head_document_exists(ctx):
    name = make_index(ctx, "docs")
    try:
        ctx.es.index(index=name, id="1", body={"a": 1})
        assert ctx.es.exists(index=name, id="1") is True
        assert ctx.es.exists(index=name, id="2") is False
        status, _, body = http(ctx, "HEAD", "/%s/_doc/1" % name)
        assert status == 200 and body is None
        status, _, body = http(ctx, "HEAD", "/%s/_doc/2" % name)
        assert status == 404 and body is None
        assert ctx.es.exists_source(index=name, id="1") is True
    finally:
        drop(ctx, name)


def test_delete_document(ctx):
    name = make_index(ctx, "docs")
    try:
        ctx.es.index(index=name, id="1", body={"a": 1})
        res = ctx.es.delete(index=name, id="1")
        assert res == {"_index": name, "_type": "_doc", "_id": "1", "_version": 2, "result": "deleted",
                       "_shards": SHARDS_1, "_seq_no": 1, "_primary_term": 1}, res
        assert ctx.es.exists(index=name, id="1") is False
        try:
            ctx.es.delete(index=name, id="1")
        except NotFoundError as e:
            assert e.info["result"] == "not_found" and e.info["_id"] == "1", e.info
            assert e.info["_index"] == name and e.info["_type"] == "_doc", e.info
        else:
            raise AssertionError("deleting a missing document did not 404")
        status, _, body = http(ctx, "DELETE", "/%s/_doc/never" % name)
        assert status == 404 and body["result"] == "not_found", (status, body)
    finally:
        drop(ctx, name)


def test_update_partial_document(ctx):
    name = make_index(ctx, "docs")
    try:
        ctx.es.index(index=name, id="1", body=DOC)
        res = ctx.es.update(index=name, id="1", body={"doc": {"age": 31, "address": {"zip": "75002"},
                                                             "tags": ["x"]}})
        assert res == {"_index": name, "_type": "_doc", "_id": "1", "_version": 2, "result": "updated",
                       "_shards": SHARDS_1, "_seq_no": 1, "_primary_term": 1}, res
        got = ctx.es.get(index=name, id="1")["_source"]
        # objects are merged recursively, other fields are kept
        assert got == {"name": "Ann", "age": 31, "email": "ann@example.com",
                       "address": {"city": "Paris", "zip": "75002"}, "tags": ["x"]}, got
        # _source in the update response when asked for
        res = ctx.es.update(index=name, id="1", body={"doc": {"age": 32}}, _source="true")
        assert res["get"]["_source"]["age"] == 32 and res["get"]["found"] is True, res
    finally:
        drop(ctx, name)


def test_update_noop(ctx):
    name = make_index(ctx, "docs")
    try:
        ctx.es.index(index=name, id="1", body={"a": 1, "b": 2})
        res = ctx.es.update(index=name, id="1", body={"doc": {"a": 1}})
        assert res["result"] == "noop" and res["_version"] == 1, res
        assert res["_shards"] == {"total": 0, "successful": 0, "failed": 0}, res
        res = ctx.es.update(index=name, id="1", body={"doc": {"a": 1}, "detect_noop": False})
        assert res["result"] == "updated" and res["_version"] == 2, res
    finally:
        drop(ctx, name)


def test_update_doc_as_upsert(ctx):
    name = make_index(ctx, "docs")
    try:
        res = ctx.es.update(index=name, id="u1", body={"doc": {"n": 1}, "doc_as_upsert": True})
        assert (res["result"], res["_version"]) == ("created", 1), res
        assert ctx.es.get(index=name, id="u1")["_source"] == {"n": 1}
        res = ctx.es.update(index=name, id="u1", body={"doc": {"m": 2}, "doc_as_upsert": True})
        assert (res["result"], res["_version"]) == ("updated", 2), res
        assert ctx.es.get(index=name, id="u1")["_source"] == {"n": 1, "m": 2}
        status, _, body = http(ctx, "POST", "/%s/_update/u2" % name, {"doc": {"z": 0}, "doc_as_upsert": True})
        assert status == 201 and body["result"] == "created", (status, body)
    finally:
        drop(ctx, name)


def test_update_with_upsert_document(ctx):
    name = make_index(ctx, "docs")
    try:
        res = ctx.es.update(index=name, id="c", body={"doc": {"count": 5}, "upsert": {"count": 1, "new": True}})
        assert res["result"] == "created", res
        assert ctx.es.get(index=name, id="c")["_source"] == {"count": 1, "new": True}
        res = ctx.es.update(index=name, id="c", body={"doc": {"count": 5}, "upsert": {"count": 1}})
        assert res["result"] == "updated" and res["_version"] == 2, res
        assert ctx.es.get(index=name, id="c")["_source"] == {"count": 5, "new": True}
    finally:
        drop(ctx, name)


def test_update_missing_document_is_404(ctx):
    name = make_index(ctx, "docs")
    try:
        info = expect_error(lambda: ctx.es.update(index=name, id="nope", body={"doc": {"a": 1}}), 404,
                            "document_missing_exception", "[_doc][nope]: document missing")
        err = info["error"]
        assert err["reason"] == "[_doc][nope]: document missing", err
        assert err["index"] == name and err["shard"] == "0", err
        assert ctx.es.exists(index=name, id="nope") is False
    finally:
        drop(ctx, name)


def test_update_with_script_is_a_clear_400(ctx):
    """Scripts are not supported by wharf: the request must fail with a 400 ES error body that says
    so, and the document must stay as it was."""
    name = make_index(ctx, "docs")
    try:
        ctx.es.index(index=name, id="1", body={"n": 1})
        status, _, body = http(ctx, "POST", "/%s/_update/1" % name,
                               {"script": {"source": "ctx._source.n += params.d", "params": {"d": 2}}})
        assert status == 400, (status, body)
        err = body.get("error") if isinstance(body, dict) else None
        assert isinstance(err, dict) and isinstance(err.get("type"), str) and err["type"], body
        assert body.get("status") == 400, body
        assert err["root_cause"][0]["type"] == err["type"] or err.get("caused_by"), body
        assert "script" in err["reason"].lower(), body
        assert ctx.es.get(index=name, id="1")["_source"] == {"n": 1}
        assert ctx.es.get(index=name, id="1")["_version"] == 1
    finally:
        drop(ctx, name)


def test_update_without_doc_or_script_is_validation_error(ctx):
    name = make_index(ctx, "docs")
    try:
        ctx.es.index(index=name, id="1", body={"n": 1})
        status, _, body = http(ctx, "POST", "/%s/_update/1" % name, {})
        assert status == 400, (status, body)
        err = check_error_body(body, 400, "action_request_validation_exception")
        assert err["reason"] == "Validation Failed: 1: script or doc is missing;", err
    finally:
        drop(ctx, name)


def test_mget_docs_form(ctx):
    name = make_index(ctx, "docs")
    try:
        ctx.es.index(index=name, id="1", body={"a": 1, "b": 2})
        ctx.es.index(index=name, id="2", body={"a": 3, "b": 4})
        res = ctx.es.mget(body={"docs": [{"_index": name, "_id": "1"},
                                         {"_index": name, "_id": "nope"},
                                         {"_index": name, "_id": "2", "_source": ["b"]}]})
        docs = res["docs"]
        assert len(docs) == 3, res
        assert docs[0] == {"_index": name, "_type": "_doc", "_id": "1", "_version": 1, "_seq_no": 0,
                           "_primary_term": 1, "found": True, "_source": {"a": 1, "b": 2}}, docs[0]
        assert docs[1] == {"_index": name, "_type": "_doc", "_id": "nope", "found": False}, docs[1]
        assert docs[2]["found"] is True and docs[2]["_source"] == {"b": 4}, docs[2]
        # index in the path, per-document index omitted
        res = ctx.es.mget(index=name, body={"docs": [{"_id": "2"}, {"_id": "1"}]})
        assert [d["_id"] for d in res["docs"]] == ["2", "1"] and res["docs"][0]["_source"] == {"a": 3, "b": 4}
        # a missing index is reported per document
        missing = ctx.index_name("missing")
        res = ctx.es.mget(body={"docs": [{"_index": missing, "_id": "1"}, {"_index": name, "_id": "1"}]})
        bad = res["docs"][0]
        assert bad["_index"] == missing and bad["_id"] == "1", bad
        assert bad["error"]["type"] == "index_not_found_exception", bad
        assert bad["error"]["reason"] == "no such index [%s]" % missing, bad
        assert res["docs"][1]["found"] is True, res
    finally:
        drop(ctx, name)


def test_mget_ids_form(ctx):
    name = make_index(ctx, "docs")
    try:
        load(ctx, name, {"1": {"n": 1}, "2": {"n": 2}, "3": {"n": 3}})
        res = ctx.es.mget(index=name, body={"ids": ["3", "1", "9"]})
        assert [(d["_id"], d["found"]) for d in res["docs"]] == [("3", True), ("1", True), ("9", False)], res
        assert [d.get("_source") for d in res["docs"]] == [{"n": 3}, {"n": 1}, None], res
        res = ctx.es.mget(index=name, body={"ids": ["2"]}, _source="false")
        assert "_source" not in res["docs"][0] and res["docs"][0]["found"] is True, res
    finally:
        drop(ctx, name)


def test_mget_without_documents_is_validation_error(ctx):
    name = make_index(ctx, "docs")
    try:
        info = expect_error(lambda: ctx.es.mget(index=name, body={"ids": []}), 400,
                            "action_request_validation_exception")
        assert info["error"]["reason"] == "Validation Failed: 1: no documents to get;", info
        info = expect_error(lambda: ctx.es.mget(index=name, body={"docs": []}), 400,
                            "action_request_validation_exception")
        assert info["error"]["reason"] == "Validation Failed: 1: no documents to get;", info
    finally:
        drop(ctx, name)


def _item(entry):
    ((op, body),) = entry.items()
    return op, body


def test_bulk_index_create_update_delete(ctx):
    name = make_index(ctx, "bulk")
    try:
        res = ctx.es.bulk(body=[
            {"index": {"_index": name, "_id": "1"}}, {"n": 1},
            {"create": {"_index": name, "_id": "2"}}, {"n": 2},
            {"index": {"_index": name}}, {"n": 3},
            {"update": {"_index": name, "_id": "1"}}, {"doc": {"m": 1}},
            {"delete": {"_index": name, "_id": "2"}},
        ], refresh="true")
        assert res["errors"] is False and isinstance(res["took"], int), res
        items = [_item(i) for i in res["items"]]
        assert [op for op, _ in items] == ["index", "create", "index", "update", "delete"], items
        assert [(b["status"], b["result"], b["_version"]) for _, b in items] == [
            (201, "created", 1), (201, "created", 1), (201, "created", 1), (200, "updated", 2),
            (200, "deleted", 2)], items
        assert [b["_seq_no"] for _, b in items] == [0, 1, 2, 3, 4], items
        for _, b in items:
            assert b["_index"] == name and b["_type"] == "_doc" and b["_primary_term"] == 1, b
            assert b["_shards"] == SHARDS_1, b
        assert items[0][1]["_id"] == "1" and AUTO_ID_RE.match(items[2][1]["_id"]), items
        assert ctx.es.get(index=name, id="1")["_source"] == {"n": 1, "m": 1}
        assert ctx.es.exists(index=name, id="2") is False
        assert ctx.es.count(index=name)["count"] == 2
    finally:
        drop(ctx, name)


def test_bulk_item_failures_set_errors_true(ctx):
    name = make_index(ctx, "bulk", {"mappings": {"properties": {"n": {"type": "long"}}}})
    try:
        ctx.es.index(index=name, id="1", body={"n": 1})
        res = ctx.es.bulk(body=[
            {"create": {"_index": name, "_id": "1"}}, {"n": 10},
            {"update": {"_index": name, "_id": "missing"}}, {"doc": {"n": 11}},
            {"index": {"_index": name, "_id": "bad"}}, {"n": "not a number"},
            {"delete": {"_index": name, "_id": "never"}},
            {"index": {"_index": name, "_id": "ok"}}, {"n": 12},
        ])
        assert res["errors"] is True, res
        items = [_item(i) for i in res["items"]]
        assert [(op, b["status"]) for op, b in items] == [
            ("create", 409), ("update", 404), ("index", 400), ("delete", 404), ("index", 201)], items
        err = items[0][1]["error"]
        assert err["type"] == "version_conflict_engine_exception", err
        assert err["reason"] == "[1]: version conflict, document already exists (current version [1])", err
        assert err["index"] == name and err["shard"] == "0", err
        err = items[1][1]["error"]
        assert err["type"] == "document_missing_exception" and err["reason"] == "[_doc][missing]: document missing", err
        err = items[2][1]["error"]
        assert err["type"] == "mapper_parsing_exception", err
        assert err["reason"].startswith("failed to parse field [n] of type [long] in document with id 'bad'"), err
        # deleting a missing document is not an error, just not_found
        assert "error" not in items[3][1] and items[3][1]["result"] == "not_found", items[3]
        assert items[4][1]["result"] == "created", items[4]
        assert ctx.es.get(index=name, id="1")["_source"] == {"n": 1}
        assert ctx.es.exists(index=name, id="ok") is True and ctx.es.exists(index=name, id="bad") is False
    finally:
        drop(ctx, name)


def test_bulk_raw_ndjson(ctx):
    name = make_index(ctx, "bulk")
    try:
        body = ndjson([{"index": {"_id": "a"}}, {"v": 1}, {"index": {"_id": "b"}}, {"v": 2}])
        status, _, res = http(ctx, "POST", "/%s/_bulk?refresh=true" % name, body,
                              headers={"Content-Type": "application/x-ndjson"})
        assert status == 200 and res["errors"] is False, (status, res)
        assert [_item(i)[1]["_index"] for i in res["items"]] == [name, name], res
        assert ctx.es.count(index=name)["count"] == 2
        # the last line must end with a newline
        status, _, res = http(ctx, "POST", "/%s/_bulk" % name, body.rstrip("\n"),
                              headers={"Content-Type": "application/x-ndjson"})
        assert status == 400, (status, res)
        check_error_body(res, 400, "illegal_argument_exception", "The bulk request must be terminated by a newline")
        # an unknown action
        status, _, res = http(ctx, "POST", "/%s/_bulk" % name, ndjson([{"bogus": {"_id": "c"}}, {"v": 3}]),
                              headers={"Content-Type": "application/x-ndjson"})
        assert status == 400, (status, res)
        check_error_body(res, 400, "illegal_argument_exception", "Malformed action/metadata line [1]")
        # no requests at all (just a newline)
        status, _, res = http(ctx, "POST", "/%s/_bulk" % name, "\n", headers={"Content-Type": "application/x-ndjson"})
        assert status == 400, (status, res)
        err = check_error_body(res, 400, "action_request_validation_exception")
        assert err["reason"] == "Validation Failed: 1: no requests added;", err
    finally:
        drop(ctx, name)


def test_versions_and_sequence_numbers(ctx):
    name = make_index(ctx, "seq")
    try:
        a1 = ctx.es.index(index=name, id="a", body={"v": 1})
        b1 = ctx.es.index(index=name, id="b", body={"v": 1})
        a2 = ctx.es.index(index=name, id="a", body={"v": 2})
        assert [(r["_id"], r["_version"], r["_seq_no"], r["_primary_term"]) for r in (a1, b1, a2)] == [
            ("a", 1, 0, 1), ("b", 1, 1, 1), ("a", 2, 2, 1)]
        got = ctx.es.get(index=name, id="a")
        assert (got["_version"], got["_seq_no"], got["_primary_term"]) == (2, 2, 1), got
        u = ctx.es.update(index=name, id="b", body={"doc": {"v": 2}})
        assert (u["_version"], u["_seq_no"]) == (2, 3), u
        d = ctx.es.delete(index=name, id="a")
        assert (d["_version"], d["_seq_no"]) == (3, 4), d
        # seq_no_primary_term in search hits
        ctx.es.indices.refresh(index=name)
        res = ctx.es.search(index=name, body={"seq_no_primary_term": True, "version": True})
        (hit,) = res["hits"]["hits"]
        assert (hit["_id"], hit["_version"], hit["_seq_no"], hit["_primary_term"]) == ("b", 2, 3, 1), hit
    finally:
        drop(ctx, name)


def test_version_continues_after_delete(ctx):
    """The delete tombstone keeps the version (index.gc_deletes, 60s): re-creating the document
    continues from it instead of starting again at 1."""
    name = make_index(ctx, "seq")
    try:
        assert ctx.es.index(index=name, id="1", body={"v": 1})["_version"] == 1
        assert ctx.es.delete(index=name, id="1")["_version"] == 2
        res = ctx.es.index(index=name, id="1", body={"v": 2})
        assert (res["result"], res["_version"]) == ("created", 3), res
    finally:
        drop(ctx, name)


def test_if_seq_no_and_primary_term(ctx):
    name = make_index(ctx, "occ")
    try:
        ctx.es.index(index=name, id="x", body={"v": 0})     # seq 0
        ctx.es.index(index=name, id="y", body={"v": 0})     # seq 1
        res = ctx.es.index(index=name, id="x", body={"v": 1}, if_seq_no=0, if_primary_term=1)
        assert (res["result"], res["_version"], res["_seq_no"]) == ("updated", 2, 2), res
        info = expect_error(lambda: ctx.es.index(index=name, id="x", body={"v": 2}, if_seq_no=0, if_primary_term=1),
                            409, "version_conflict_engine_exception")
        assert info["error"]["reason"] == (
            "[x]: version conflict, required seqNo [0], primary term [1]. current document has seqNo [2] and "
            "primary term [1]"), info
        info = expect_error(lambda: ctx.es.index(index=name, id="x", body={"v": 2}, if_seq_no=2, if_primary_term=2),
                            409, "version_conflict_engine_exception")
        assert info["error"]["reason"] == (
            "[x]: version conflict, required seqNo [2], primary term [2]. current document has seqNo [2] and "
            "primary term [1]"), info
        expect_error(lambda: ctx.es.delete(index=name, id="x", if_seq_no=1, if_primary_term=1), 409,
                     "version_conflict_engine_exception",
                     "[x]: version conflict, required seqNo [1], primary term [1]. current document has seqNo [2]")
        expect_error(lambda: ctx.es.update(index=name, id="x", body={"doc": {"v": 9}}, if_seq_no=1, if_primary_term=1),
                     409, "version_conflict_engine_exception",
                     "[x]: version conflict, required seqNo [1], primary term [1]. current document has seqNo [2]")
        assert ctx.es.get(index=name, id="x")["_source"] == {"v": 1}
        res = ctx.es.delete(index=name, id="x", if_seq_no=2, if_primary_term=1)
        assert res["result"] == "deleted", res
    finally:
        drop(ctx, name)


def test_if_seq_no_on_missing_document(ctx):
    name = make_index(ctx, "occ")
    try:
        info = expect_error(lambda: ctx.es.index(index=name, id="ghost", body={"v": 1}, if_seq_no=0,
                                                 if_primary_term=1), 409, "version_conflict_engine_exception")
        assert info["error"]["reason"] == (
            "[ghost]: version conflict, required seqNo [0], primary term [1]. but no document was found"), info
        assert ctx.es.exists(index=name, id="ghost") is False
    finally:
        drop(ctx, name)


def test_internal_version_is_not_for_concurrency_control(ctx):
    name = make_index(ctx, "occ")
    try:
        ctx.es.index(index=name, id="1", body={"v": 1})
        info = expect_error(lambda: ctx.es.index(index=name, id="1", body={"v": 2}, version=1), 400,
                            "action_request_validation_exception")
        assert info["error"]["reason"] == (
            "Validation Failed: 1: internal versioning can not be used for optimistic concurrency control. "
            "Please use `if_seq_no` and `if_primary_term` instead;"), info
        assert ctx.es.get(index=name, id="1")["_version"] == 1
    finally:
        drop(ctx, name)


def test_version_type_external(ctx):
    name = make_index(ctx, "ext")
    try:
        res = ctx.es.index(index=name, id="1", body={"v": "a"}, version=5, version_type="external")
        assert (res["result"], res["_version"]) == ("created", 5), res
        info = expect_error(lambda: ctx.es.index(index=name, id="1", body={"v": "b"}, version=3,
                                                 version_type="external"),
                            409, "version_conflict_engine_exception")
        assert info["error"]["reason"] == (
            "[1]: version conflict, current version [5] is higher or equal to the one provided [3]"), info
        expect_error(lambda: ctx.es.index(index=name, id="1", body={"v": "c"}, version=5, version_type="external"),
                     409, "version_conflict_engine_exception",
                     "[1]: version conflict, current version [5] is higher or equal to the one provided [5]")
        res = ctx.es.index(index=name, id="1", body={"v": "d"}, version=10, version_type="external")
        assert (res["result"], res["_version"]) == ("updated", 10), res
        # external_gte accepts an equal version
        res = ctx.es.index(index=name, id="1", body={"v": "e"}, version=10, version_type="external_gte")
        assert (res["result"], res["_version"]) == ("updated", 10), res
        got = ctx.es.get(index=name, id="1")
        assert got["_version"] == 10 and got["_source"] == {"v": "e"}, got
    finally:
        drop(ctx, name)


def test_refresh_true_forces_a_refresh(ctx):
    name = make_index(ctx, "refresh", {"settings": {"refresh_interval": "-1"}})
    try:
        res = ctx.es.index(index=name, id="1", body={"t": "visible now"}, refresh="true")
        assert res.get("forced_refresh") is True, res
        assert total(ctx.es.search(index=name, body={"query": {"match": {"t": "visible"}}})) == 1
        res = ctx.es.bulk(body=[{"index": {"_index": name, "_id": "2"}}, {"t": "visible too"}], refresh="true")
        assert _item(res["items"][0])[1].get("forced_refresh") is True, res
        assert total(ctx.es.search(index=name, body={"query": {"match": {"t": "visible"}}})) == 2
    finally:
        drop(ctx, name)


def test_refresh_wait_for(ctx):
    name = make_index(ctx, "refresh")  # default refresh_interval: 1s
    try:
        res = ctx.es.index(index=name, id="1", body={"t": "waited"}, refresh="wait_for")
        assert res["result"] == "created" and not res.get("forced_refresh"), res
        assert total(ctx.es.search(index=name, body={"query": {"match": {"t": "waited"}}})) == 1
        ctx.es.update(index=name, id="1", body={"doc": {"t": "changed"}}, refresh="wait_for")
        assert total(ctx.es.search(index=name, body={"query": {"match": {"t": "changed"}}})) == 1
        ctx.es.delete(index=name, id="1", refresh="wait_for")
        assert total(ctx.es.search(index=name, body={"query": {"match_all": {}}})) == 0
    finally:
        drop(ctx, name)


def test_refresh_false_not_searchable_but_realtime_get(ctx):
    name = make_index(ctx, "refresh", {"settings": {"refresh_interval": "-1"}})
    try:
        res = ctx.es.index(index=name, id="1", body={"t": "hidden"}, refresh="false")
        assert "forced_refresh" not in res, res
        assert total(ctx.es.search(index=name, body={"query": {"match": {"t": "hidden"}}})) == 0
        assert ctx.es.count(index=name)["count"] == 0
        # GET is realtime: it sees the document before any refresh
        got = ctx.es.get(index=name, id="1")
        assert got["found"] is True and got["_source"] == {"t": "hidden"}, got
        assert ctx.es.mget(index=name, body={"ids": ["1"]})["docs"][0]["found"] is True
        # unless realtime=false, which reads the last refreshed view
        try:
            ctx.es.get(index=name, id="1", realtime="false")
        except NotFoundError:
            pass
        else:
            raise AssertionError("realtime=false GET saw an unrefreshed document")
        ctx.es.indices.refresh(index=name)
        assert total(ctx.es.search(index=name, body={"query": {"match": {"t": "hidden"}}})) == 1
        assert ctx.es.count(index=name)["count"] == 1
    finally:
        drop(ctx, name)


# ---------------------------------------------------------------------------
# dynamic mapping

KW256 = {"keyword": {"type": "keyword", "ignore_above": 256}}


def test_dynamic_mapping_types(ctx):
    name = make_index(ctx, "dynamic")
    try:
        ctx.es.index(index=name, id="1", body={
            "title": "hello world", "count": 5, "price": 9.99, "active": True, "tags": ["a", "b"],
            "nums": [1, 2], "numeric_string": "123", "nothing": None, "empty": []})
        props = ctx.es.indices.get_mapping(index=name)[name]["mappings"]["properties"]
        assert props == {
            "title": {"type": "text", "fields": KW256},
            "count": {"type": "long"},
            "price": {"type": "float"},
            "active": {"type": "boolean"},
            "tags": {"type": "text", "fields": KW256},
            "nums": {"type": "long"},
            "numeric_string": {"type": "text", "fields": KW256},
        }, props
        # the keyword sub-field is usable right away
        ctx.es.indices.refresh(index=name)
        res = ctx.es.search(index=name, body={"query": {"term": {"title.keyword": "hello world"}}})
        assert hit_ids(res) == ["1"], res
    finally:
        drop(ctx, name)


def test_dynamic_date_detection(ctx):
    name = make_index(ctx, "dynamic")
    try:
        ctx.es.index(index=name, id="1", body={"day": "2024-01-15", "ts": "2024-01-15T10:20:30Z",
                                               "slashed": "2024/01/15", "not_a_date": "15-01-2024"})
        props = ctx.es.indices.get_mapping(index=name)[name]["mappings"]["properties"]
        assert props["day"]["type"] == "date" and props["ts"]["type"] == "date", props
        assert props["slashed"]["type"] == "date", props
        assert props["not_a_date"] == {"type": "text", "fields": KW256}, props
        ctx.es.indices.refresh(index=name)
        res = ctx.es.search(index=name, body={"query": {"range": {"day": {"gte": "2024-01-01", "lt": "2024-02-01"}}}})
        assert hit_ids(res) == ["1"], res
        # date_detection: false keeps them strings
        off = make_index(ctx, "nodates", {"mappings": {"date_detection": False}})
        try:
            ctx.es.index(index=off, id="1", body={"day": "2024-01-15"})
            props = ctx.es.indices.get_mapping(index=off)[off]["mappings"]
            assert props["date_detection"] is False and props["properties"]["day"] == {"type": "text",
                                                                                        "fields": KW256}, props
        finally:
            drop(ctx, off)
    finally:
        drop(ctx, name)


def test_dynamic_object_mapping(ctx):
    name = make_index(ctx, "dynamic")
    try:
        ctx.es.index(index=name, id="1", body={"user": {"name": "ann", "age": 3, "geo": {"lat": 1.5}}})
        props = ctx.es.indices.get_mapping(index=name)[name]["mappings"]["properties"]
        assert props == {"user": {"properties": {
            "name": {"type": "text", "fields": KW256},
            "age": {"type": "long"},
            "geo": {"properties": {"lat": {"type": "float"}}}}}}, props
        ctx.es.indices.refresh(index=name)
        res = ctx.es.search(index=name, body={"query": {"match": {"user.name": "ann"}}})
        assert hit_ids(res) == ["1"], res
        res = ctx.es.search(index=name, body={"query": {"range": {"user.geo.lat": {"gt": 1}}}})
        assert hit_ids(res) == ["1"], res
    finally:
        drop(ctx, name)


def test_strict_dynamic_mapping(ctx):
    name = make_index(ctx, "strict", {"mappings": {"dynamic": "strict", "properties": {"a": {"type": "keyword"}}}})
    try:
        ctx.es.index(index=name, id="1", body={"a": "x"})
        expect_error(lambda: ctx.es.index(index=name, id="2", body={"a": "y", "extra": 1}), 400,
                     "strict_dynamic_mapping_exception",
                     "mapping set to strict, dynamic introduction of [extra] within [_doc] is not allowed")
        assert ctx.es.exists(index=name, id="2") is False
    finally:
        drop(ctx, name)


def test_mapper_parsing_exception_on_contradicting_document(ctx):
    name = make_index(ctx, "conflict")
    try:
        ctx.es.index(index=name, id="1", body={"age": 5})
        info = expect_error(lambda: ctx.es.index(index=name, id="2", body={"age": "abc"}), 400,
                            "mapper_parsing_exception")
        err = info["error"]
        assert err["reason"] == ("failed to parse field [age] of type [long] in document with id '2'. "
                                 "Preview of field's value: 'abc'"), err
        assert err["caused_by"] == {"type": "illegal_argument_exception",
                                    "reason": "For input string: \"abc\""}, err
        assert ctx.es.exists(index=name, id="2") is False
        props = ctx.es.indices.get_mapping(index=name)[name]["mappings"]["properties"]
        assert props == {"age": {"type": "long"}}, props
    finally:
        drop(ctx, name)


def test_numeric_strings_are_coerced(ctx):
    name = make_index(ctx, "coerce", {"mappings": {"properties": {"age": {"type": "long"}}}})
    try:
        res = ctx.es.index(index=name, id="1", body={"age": "7"}, refresh="true")
        assert res["result"] == "created", res
        assert ctx.es.get(index=name, id="1")["_source"] == {"age": "7"}  # _source is kept as sent
        res = ctx.es.search(index=name, body={"query": {"range": {"age": {"gte": 7, "lte": 7}}}})
        assert hit_ids(res) == ["1"], res
        # the same field with coerce disabled
        strict = make_index(ctx, "nocoerce", {"mappings": {"properties": {"age": {"type": "long", "coerce": False}}}})
        try:
            expect_error(lambda: ctx.es.index(index=strict, id="1", body={"age": "7"}), 400,
                         "mapper_parsing_exception",
                         "failed to parse field [age] of type [long] in document with id '1'")
        finally:
            drop(ctx, strict)
    finally:
        drop(ctx, name)


def test_object_and_concrete_value_contradiction(ctx):
    name = make_index(ctx, "objects")
    try:
        ctx.es.index(index=name, id="1", body={"obj": {"a": 1}, "name": "x"})
        expect_error(lambda: ctx.es.index(index=name, id="2", body={"obj": "flat"}), 400, "mapper_parsing_exception",
                     "object mapping for [obj] tried to parse field [obj] as object, but found a concrete value")
        expect_error(lambda: ctx.es.index(index=name, id="3", body={"name": {"first": "y"}}), 400,
                     "mapper_parsing_exception",
                     "failed to parse field [name] of type [text] in document with id '3'")
        assert ctx.es.exists(index=name, id="2") is False and ctx.es.exists(index=name, id="3") is False
    finally:
        drop(ctx, name)


# ---------------------------------------------------------------------------
# errors

def test_search_missing_index(ctx):
    missing = ctx.index_name("missing")
    info = expect_error(lambda: ctx.es.search(index=missing, body={"query": {"match_all": {}}}), 404,
                        "index_not_found_exception")
    err = info["error"]
    assert err["reason"] == "no such index [%s]" % missing, err
    assert err["index"] == missing and err["index_uuid"] == "_na_", err
    assert err["resource.type"] == "index_or_alias" and err["resource.id"] == missing, err
    # ignore_unavailable / wildcards that match nothing are not errors
    res = ctx.es.search(index=missing, ignore_unavailable=True)
    assert total(res) == 0 and res["_shards"]["total"] == 0, res
    res = ctx.es.search(index=missing + "-*")
    assert total(res) == 0 and res["hits"]["hits"] == [], res
    expect_error(lambda: ctx.es.count(index=missing), 404, "index_not_found_exception",
                 "no such index [%s]" % missing)


def test_parsing_exception_unknown_query(ctx):
    name = make_index(ctx, "errors")
    try:
        status, _, body = http(ctx, "POST", "/%s/_search" % name, '{"query":{"zzqq_unknown":{}}}')
        assert status == 400, (status, body)
        err = check_error_body(body, 400, "parsing_exception", "unknown query [zzqq_unknown]")
        assert err["reason"].startswith("unknown query [zzqq_unknown]"), err
        assert err["line"] == 1 and isinstance(err["col"], int) and err["col"] > 0, err
        rc = err["root_cause"][0]
        assert rc["line"] == 1 and rc["col"] == err["col"], rc
        assert err["caused_by"]["type"] == "named_object_not_found_exception", err
        # the same through the client
        expect_error(lambda: ctx.es.search(index=name, body={"query": {"zzqq_unknown": {}}}), 400, "parsing_exception",
                     "unknown query [zzqq_unknown]")
    finally:
        drop(ctx, name)


def test_parsing_exception_unknown_search_key_and_multiple_fields(ctx):
    name = make_index(ctx, "errors")
    try:
        info = expect_error(lambda: ctx.es.search(index=name, body={"querry": {"match_all": {}}}), 400,
                            "parsing_exception")
        assert info["error"]["reason"] == "Unknown key for a START_OBJECT in [querry].", info
        assert info["error"]["line"] == 1, info
        info = expect_error(lambda: ctx.es.search(index=name, body={"query": {"match": {"a": "x", "b": "y"}}}),
                            400, "parsing_exception")
        assert info["error"]["reason"] == "[match] query doesn't support multiple fields, found [a] and [b]", info
    finally:
        drop(ctx, name)


def test_illegal_argument_sort_on_text_field(ctx):
    name = make_index(ctx, "errors", {"mappings": {"properties": {"title": {"type": "text"}}}})
    try:
        load(ctx, name, {"1": {"title": "a"}})
        info = expect_error(lambda: ctx.es.search(index=name, body={"sort": [{"title": "asc"}]}), 400,
                            "search_phase_execution_exception", root_type="illegal_argument_exception")
        err = info["error"]
        assert err["reason"] == "all shards failed" and err["phase"] == "query" and err["grouped"] is True, err
        assert err["root_cause"][0]["reason"].startswith(
            "Text fields are not optimised for operations that require per-document field data like "
            "aggregations and sorting, so these operations are disabled by default. Please use a keyword "
            "field instead. Alternatively, set fielddata=true on [title]"), err
        assert err["caused_by"]["type"] == "illegal_argument_exception", err
        (failed,) = err["failed_shards"]
        assert failed["shard"] == 0 and failed["index"] == name, failed
        assert failed["reason"]["type"] == "illegal_argument_exception", failed
    finally:
        drop(ctx, name)


def test_illegal_argument_result_window(ctx):
    name = make_index(ctx, "errors")
    try:
        info = expect_error(lambda: ctx.es.search(index=name, body={"from": 10000, "size": 1}), 400,
                            "search_phase_execution_exception", root_type="illegal_argument_exception")
        assert info["error"]["root_cause"][0]["reason"] == (
            "Result window is too large, from + size must be less than or equal to: [10000] but was [10001]. "
            "See the scroll api for a more efficient way to request large data sets. This limit can be set by "
            "changing the [index.max_result_window] index level setting."), info
        # exactly at the limit is fine
        res = ctx.es.search(index=name, body={"from": 9999, "size": 1})
        assert res["hits"]["hits"] == [], res
    finally:
        drop(ctx, name)


def test_conflict_error_class_for_409(ctx):
    """elasticsearch-py maps 409 to ConflictError (what applications catch)."""
    name = make_index(ctx, "errors")
    try:
        ctx.es.create(index=name, id="1", body={})
        try:
            ctx.es.create(index=name, id="1", body={})
        except ConflictError as e:
            assert e.status_code == 409 and e.error == "version_conflict_engine_exception", e
        else:
            raise AssertionError("second create did not raise ConflictError")
    finally:
        drop(ctx, name)


def test_aggregation_and_search_option_errors(ctx):
    """Options wharf reads but refuses in a form: Elasticsearch's 400 shape, nothing half done."""
    name = make_index(ctx, "agg_err", {"mappings": {"properties": {"n": {"type": "long"}, "k": {"type": "keyword"}}}})
    try:
        load(ctx, name, {"1": {"n": 1, "k": "a"}})
        cases = [
            ({"aggs": {"h": {"histogram": {"field": "n", "interval": 1, "order": {"_score": "asc"}}}}},
             "Invalid histogram order key [_score]"),
            ({"aggs": {"t": {"terms": {"field": "k", "include": {"partition": 0}}}}},
             "Missing [partition] or [num_partitions] parameter for partition-based include"),
            ({"aggs": {"t": {"terms": {"field": "k", "include": {"partition": 3, "num_partitions": 2}}}}},
             "[partition] must be between 0 and [num_partitions] - 1"),
            ({"aggs": {"t": {"terms": {"field": "k", "include": "a(["}}}}, "invalid regular expression [a([]"),
            ({"query": {"match_all": {}}, "rescore": {"window_size": 5, "query": {"rescore_query": {"match_all": {}}}}},
             "[rescore] is not supported by wharf"),
            ({"track_total_hits": -5}, "[track_total_hits] parameter must be positive or equals to -1, got -5"),
        ]
        for body, reason in cases:
            info = expect_status(lambda: ctx.es.search(index=name, body=body), 400)
            # a shard-level failure comes wrapped in search_phase_execution_exception, as in Elasticsearch
            cause = info["error"]["root_cause"][0]
            assert cause["type"] == "illegal_argument_exception", (body, info)
            assert reason in cause["reason"], (body, info)
            assert info["status"] == 400, info
    finally:
        drop(ctx, name)
