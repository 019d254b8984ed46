"""Elasticsearch 7.17 Query DSL, search options, aggregations and the _analyze API on wharf's search
port, against a small fixed corpus (8 documents) whose expected results are worked out by hand in
the comments next to each assertion."""

import contextlib
import datetime

from search_helpers import approx, drop, expect_error, hit_ids, id_set, load, make_index, total

MAPPING = {"properties": {
    "title": {"type": "text"},
    "body": {"type": "text"},
    "category": {"type": "keyword"},
    "tags": {"type": "keyword"},
    "price": {"type": "integer"},
    "rating": {"type": "double"},
    "date": {"type": "date"},
    "in_stock": {"type": "boolean"},
    "likes": {"type": "long"},
    "sku": {"type": "keyword"},
}}

# indexed in this order (ties in score or sort value come back in this order)
DOCS = {
    "1": {"title": "The quick brown fox", "body": "The quick brown fox jumps over the lazy dog",
          "category": "animals", "tags": ["fox", "fast"], "price": 10, "rating": 4.5, "date": "2024-01-05",
          "in_stock": True, "likes": 16, "sku": "A1"},
    "2": {"title": "Lazy dogs sleep all day", "body": "Dogs are lazy and they sleep in the sun",
          "category": "animals", "tags": ["dog"], "price": 25, "rating": 3.0, "date": "2024-01-20",
          "in_stock": False, "likes": 4, "sku": "A2"},
    "3": {"title": "Brown bread recipe", "body": "Bake brown bread with whole wheat flour",
          "category": "food", "tags": ["bread", "baking"], "price": 5, "rating": 4.0, "date": "2024-02-03",
          "in_stock": True, "likes": 9, "sku": "B1"},
    "4": {"title": "Quick pasta dinner", "body": "A quick and easy pasta recipe for a weeknight dinner",
          "category": "food", "tags": ["pasta", "fast"], "price": 12, "rating": 4.8, "date": "2024-02-14",
          "in_stock": True, "likes": 25, "sku": "B2"},
    "5": {"title": "Elasticsearch in action", "body": "Search engines index documents for quick full text search",
          "category": "tech", "tags": ["search"], "price": 40, "rating": 4.2, "date": "2024-03-01",
          "in_stock": True, "likes": 1, "sku": "C1"},
    "6": {"title": "Learning Lucene", "body": "Lucene is a search library written in Java",
          "category": "tech", "tags": ["search", "java"], "price": 35, "rating": 3.9, "date": "2024-03-15",
          "in_stock": False, "likes": 0, "sku": "C2"},
    "7": {"title": "The brown fox and the hound", "body": "A story about a fox and a hound who became friends",
          "category": "books", "tags": ["fox", "dog"], "price": 8, "rating": 4.1, "date": "2023-12-24",
          "in_stock": True, "likes": 36, "sku": "D1"},
    "8": {"title": "Untitled note", "body": "Nothing to see here", "category": "misc", "price": 0,
          "date": "2023-11-11", "sku": "E1"},
}
ALL = set(DOCS)


@contextlib.contextmanager
def corpus(ctx):
    idx = make_index(ctx, "corpus", {"mappings": MAPPING})
    try:
        load(ctx, idx, DOCS)
        yield idx
    finally:
        drop(ctx, idx)


def _q(ctx, idx, query, **body):
    body = dict(body, query=query)
    body.setdefault("size", 20)
    return ctx.es.search(index=idx, body=body)


def _ids(ctx, idx, query, **body):
    return id_set(_q(ctx, idx, query, **body))


def _epoch_ms(day):
    d = datetime.datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc)
    return int(d.timestamp() * 1000)


# ---------------------------------------------------------------------------
# full-text queries

def test_match_single_term(ctx):
    with corpus(ctx) as idx:
        res = _q(ctx, idx, {"match": {"title": "quick"}})
        assert id_set(res) == {"1", "4"} and total(res) == 2, res
        assert res["hits"]["total"] == {"value": 2, "relation": "eq"}, res
        for h in res["hits"]["hits"]:
            assert h["_index"] == idx and h["_type"] == "_doc" and h["_score"] > 0, h
            assert h["_source"] == DOCS[h["_id"]], h
        assert res["hits"]["max_score"] == max(h["_score"] for h in res["hits"]["hits"]), res
        assert res["_shards"] == {"total": 1, "successful": 1, "skipped": 0, "failed": 0}, res
        assert res["timed_out"] is False and isinstance(res["took"], int), res
        # the query text is analyzed like the field: case does not matter
        assert _ids(ctx, idx, {"match": {"title": "QUICK"}}) == {"1", "4"}
        assert _ids(ctx, idx, {"match": {"title": "nonexistentword"}}) == set()


def test_match_operator_and_or(ctx):
    with corpus(ctx) as idx:
        # body: quick in 1,4,5; brown in 1,3
        res = _q(ctx, idx, {"match": {"body": "quick brown"}})
        assert id_set(res) == {"1", "3", "4", "5"}, res
        assert hit_ids(res)[0] == "1", "the only document with both terms ranks first: %r" % res
        res = _q(ctx, idx, {"match": {"body": {"query": "quick brown", "operator": "and"}}})
        assert hit_ids(res) == ["1"], res
        res = _q(ctx, idx, {"match": {"body": {"query": "quick brown", "operator": "OR"}}})
        assert id_set(res) == {"1", "3", "4", "5"}, res


def test_match_minimum_should_match(ctx):
    with corpus(ctx) as idx:
        # title terms matched of (quick, brown, fox): 1 -> 3, 7 -> 2 (brown fox), 3 -> 1, 4 -> 1
        q = lambda msm: {"match": {"title": {"query": "quick brown fox", "minimum_should_match": msm}}}  # noqa: E731
        assert _ids(ctx, idx, q("1")) == {"1", "3", "4", "7"}
        assert _ids(ctx, idx, q("2")) == {"1", "7"}
        assert _ids(ctx, idx, q("67%")) == {"1", "7"}   # floor(3 * 0.67) = 2
        assert _ids(ctx, idx, q("-1")) == {"1", "7"}    # all but one
        assert _ids(ctx, idx, q("100%")) == {"1"}
        assert _ids(ctx, idx, q(3)) == {"1"}


def test_match_fuzziness_auto(ctx):
    with corpus(ctx) as idx:
        assert _ids(ctx, idx, {"match": {"title": "quikc"}}) == set()
        # AUTO: 5 letters allow one edit; a transposition counts as one
        assert _ids(ctx, idx, {"match": {"title": {"query": "quikc", "fuzziness": "AUTO"}}}) == {"1", "4"}
        assert _ids(ctx, idx, {"match": {"title": {"query": "fxo", "fuzziness": "AUTO"}}}) == {"1", "7"}
        # two letters: no edits allowed under AUTO
        assert _ids(ctx, idx, {"match": {"title": {"query": "ax", "fuzziness": "AUTO"}}}) == set()
        assert _ids(ctx, idx, {"match": {"title": {"query": "quikc", "fuzziness": 0}}}) == set()
        assert _ids(ctx, idx, {"match": {"body": {"query": "lucine", "fuzziness": 1}}}) == {"6"}


def test_match_phrase_and_slop(ctx):
    with corpus(ctx) as idx:
        assert _ids(ctx, idx, {"match_phrase": {"title": "brown fox"}}) == {"1", "7"}
        assert _ids(ctx, idx, {"match_phrase": {"title": "fox brown"}}) == set()
        # body 1: "quick brown fox": quick and fox are two positions apart
        assert _ids(ctx, idx, {"match_phrase": {"body": "quick fox"}}) == set()
        assert _ids(ctx, idx, {"match_phrase": {"body": {"query": "quick fox", "slop": 1}}}) == {"1"}
        assert _ids(ctx, idx, {"match_phrase": {"body": {"query": "lazy the", "slop": 0}}}) == set()


def test_match_phrase_prefix(ctx):
    with corpus(ctx) as idx:
        assert _ids(ctx, idx, {"match_phrase_prefix": {"title": "quick pas"}}) == {"4"}
        assert _ids(ctx, idx, {"match_phrase_prefix": {"body": "brown b"}}) == {"3"}
        assert _ids(ctx, idx, {"match_phrase_prefix": {"title": "the bro"}}) == {"7"}
        assert _ids(ctx, idx, {"match_phrase_prefix": {"title": "lea"}}) == {"6"}


def test_multi_match_best_and_most_fields(ctx):
    with corpus(ctx) as idx:
        assert _ids(ctx, idx, {"multi_match": {"query": "fox", "fields": ["title", "body"]}}) == {"1", "7"}
        res = _q(ctx, idx, {"multi_match": {"query": "lucene search", "fields": ["title", "body"],
                                            "type": "most_fields"}})
        assert id_set(res) == {"5", "6"}, res
        # field boosts: title^3 makes the title match of doc 4 outrank the body-only match of doc 5
        res = _q(ctx, idx, {"multi_match": {"query": "quick", "fields": ["title^3", "body"],
                                            "type": "best_fields"}})
        assert id_set(res) == {"1", "4", "5"} and hit_ids(res)[-1] == "5", res


def test_multi_match_cross_fields(ctx):
    with corpus(ctx) as idx:
        # doc 6: "learning" only in the title, "java" only in the body
        q = {"query": "learning java", "fields": ["title", "body"], "operator": "and"}
        assert _ids(ctx, idx, {"multi_match": dict(q, type="best_fields")}) == set()
        assert _ids(ctx, idx, {"multi_match": dict(q, type="cross_fields")}) == {"6"}
        assert _ids(ctx, idx, {"multi_match": dict(q, type="most_fields")}) == set()


def test_query_string(ctx):
    with corpus(ctx) as idx:
        assert _ids(ctx, idx, {"query_string": {"query": "title:(quick OR lucene) AND category:food"}}) == {"4"}
        # default_field * : every field; fox is in 1 and 7 (title, body, tags), hound only in 7
        assert _ids(ctx, idx, {"query_string": {"query": "fox AND NOT hound"}}) == {"1"}
        assert _ids(ctx, idx, {"query_string": {"query": "price:[10 TO 25]"}}) == {"1", "2", "4"}
        assert _ids(ctx, idx, {"query_string": {"query": "price:>30"}}) == {"5", "6"}
        assert _ids(ctx, idx, {"query_string": {"query": "\"brown fox\"", "default_field": "title"}}) == {"1", "7"}
        assert _ids(ctx, idx, {"query_string": {"query": "qu*", "default_field": "title"}}) == {"1", "4"}
        assert _ids(ctx, idx, {"query_string": {"query": "quick brown", "default_field": "body",
                                                 "default_operator": "AND"}}) == {"1"}


def test_simple_query_string(ctx):
    with corpus(ctx) as idx:
        assert _ids(ctx, idx, {"simple_query_string": {"query": "\"brown fox\" | lucene",
                                                        "fields": ["title"]}}) == {"1", "6", "7"}
        assert _ids(ctx, idx, {"simple_query_string": {"query": "fox -hound", "fields": ["title", "body"],
                                                        "default_operator": "and"}}) == {"1"}
        assert _ids(ctx, idx, {"simple_query_string": {"query": "fox + hound", "fields": ["body"]}}) == {"7"}
        assert _ids(ctx, idx, {"simple_query_string": {"query": "pas*", "fields": ["title"]}}) == {"4"}
        # syntax errors are not errors here: broken syntax is treated leniently
        res = _q(ctx, idx, {"simple_query_string": {"query": "\"brown fox", "fields": ["title"]}})
        assert isinstance(total(res), int), res


# ---------------------------------------------------------------------------
# term-level queries

def test_term_and_terms(ctx):
    with corpus(ctx) as idx:
        assert _ids(ctx, idx, {"term": {"category": "food"}}) == {"3", "4"}
        assert _ids(ctx, idx, {"term": {"category": {"value": "food"}}}) == {"3", "4"}
        assert _ids(ctx, idx, {"term": {"category": "Food"}}) == set()       # keyword: exact
        assert _ids(ctx, idx, {"term": {"title": "Quick"}}) == set()         # text is indexed lowercased
        assert _ids(ctx, idx, {"term": {"title": "quick"}}) == {"1", "4"}
        assert _ids(ctx, idx, {"term": {"in_stock": False}}) == {"2", "6"}
        assert _ids(ctx, idx, {"term": {"price": 25}}) == {"2"}
        assert _ids(ctx, idx, {"terms": {"tags": ["java", "bread"]}}) == {"3", "6"}
        assert _ids(ctx, idx, {"terms": {"sku": ["A1", "C2", "Z9"]}}) == {"1", "6"}
        assert _ids(ctx, idx, {"terms": {"price": [0, 40]}}) == {"5", "8"}


def test_range_numbers(ctx):
    with corpus(ctx) as idx:
        assert _ids(ctx, idx, {"range": {"price": {"gte": 10, "lte": 25}}}) == {"1", "2", "4"}
        assert _ids(ctx, idx, {"range": {"price": {"gt": 10, "lt": 25}}}) == {"4"}
        assert _ids(ctx, idx, {"range": {"price": {"lt": 8}}}) == {"3", "8"}
        assert _ids(ctx, idx, {"range": {"rating": {"gte": 4.5}}}) == {"1", "4"}
        assert _ids(ctx, idx, {"range": {"price": {"gte": 100}}}) == set()
        res = _q(ctx, idx, {"range": {"price": {"gte": 10, "lte": 25, "boost": 2.0}}})
        assert all(h["_score"] == 2.0 for h in res["hits"]["hits"]), res


def test_range_dates(ctx):
    with corpus(ctx) as idx:
        assert _ids(ctx, idx, {"range": {"date": {"gte": "2024-02-01", "lt": "2024-03-01"}}}) == {"3", "4"}
        assert _ids(ctx, idx, {"range": {"date": {"gte": "01/02/2024", "lt": "01/03/2024",
                                                    "format": "dd/MM/yyyy"}}}) == {"3", "4"}
        # date math on an anchor date, rounded: gte rounds down -> 2024-02-01
        assert _ids(ctx, idx, {"range": {"date": {"gte": "2024-01-05||+1M/M"}}}) == {"3", "4", "5", "6"}
        # lte with rounding rounds up to the end of the unit: up to 2024-01-31T23:59:59.999
        assert _ids(ctx, idx, {"range": {"date": {"gte": "2024-01-01", "lte": "2024-01-15||/M"}}}) == {"1", "2"}
        assert _ids(ctx, idx, {"range": {"date": {"lt": "2024-01-01"}}}) == {"7", "8"}
        assert _ids(ctx, idx, {"range": {"date": {"gte": _epoch_ms("2024-03-01")}}}) == {"5", "6"}


def test_range_date_math_relative_to_now(ctx):
    now = datetime.datetime.now(datetime.timezone.utc)
    start_today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    docs = {
        "today": start_today + (now - start_today) / 2,
        "yesterday": start_today - datetime.timedelta(hours=12),
        "three_days_ago": start_today - datetime.timedelta(days=2, hours=12),
    }
    idx = make_index(ctx, "datemath", {"mappings": {"properties": {"ts": {"type": "date"}}}})
    try:
        load(ctx, idx, {k: {"ts": v.strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"} for k, v in docs.items()})
        assert _ids(ctx, idx, {"range": {"ts": {"gte": "now-1d/d"}}}) == {"today", "yesterday"}
        assert _ids(ctx, idx, {"range": {"ts": {"lt": "now/d"}}}) == {"yesterday", "three_days_ago"}
        assert _ids(ctx, idx, {"range": {"ts": {"gte": "now-7d", "lte": "now"}}}) == {"today", "yesterday",
                                                                                     "three_days_ago"}
        assert _ids(ctx, idx, {"range": {"ts": {"gt": "now+1h"}}}) == set()
        assert _ids(ctx, idx, {"range": {"ts": {"gte": "now-1d/d", "lt": "now/d"}}}) == {"yesterday"}
    finally:
        drop(ctx, idx)


def test_exists_and_ids(ctx):
    with corpus(ctx) as idx:
        assert _ids(ctx, idx, {"exists": {"field": "rating"}}) == ALL - {"8"}
        assert _ids(ctx, idx, {"exists": {"field": "tags"}}) == ALL - {"8"}
        assert _ids(ctx, idx, {"exists": {"field": "no_such_field"}}) == set()
        # a pattern names every field it matches
        assert _ids(ctx, idx, {"exists": {"field": "rat*"}}) == ALL - {"8"}
        assert _ids(ctx, idx, {"bool": {"must_not": {"exists": {"field": "in_stock"}}}}) == {"8"}
        assert _ids(ctx, idx, {"ids": {"values": ["1", "3", "99"]}}) == {"1", "3"}


def test_prefix_wildcard_regexp(ctx):
    with corpus(ctx) as idx:
        assert _ids(ctx, idx, {"prefix": {"sku": "B"}}) == {"3", "4"}
        assert _ids(ctx, idx, {"prefix": {"title": "qui"}}) == {"1", "4"}
        assert _ids(ctx, idx, {"prefix": {"sku": {"value": "b", "case_insensitive": True}}}) == {"3", "4"}
        assert _ids(ctx, idx, {"wildcard": {"sku": "?1"}}) == {"1", "3", "5", "7", "8"}
        assert _ids(ctx, idx, {"wildcard": {"title": "do*"}}) == {"2"}
        assert _ids(ctx, idx, {"wildcard": {"body": {"value": "do*"}}}) == {"1", "2", "5"}
        assert _ids(ctx, idx, {"regexp": {"sku": "[AB][12]"}}) == {"1", "2", "3", "4"}
        assert _ids(ctx, idx, {"regexp": {"title": "l.*"}}) == {"2", "6"}
        assert _ids(ctx, idx, {"regexp": {"sku": "C."}}) == {"5", "6"}


def test_fuzzy(ctx):
    with corpus(ctx) as idx:
        assert _ids(ctx, idx, {"fuzzy": {"title": "lucine"}}) == {"6"}
        assert _ids(ctx, idx, {"fuzzy": {"title": {"value": "brwn", "fuzziness": 1}}}) == {"1", "3", "7"}
        assert _ids(ctx, idx, {"fuzzy": {"title": {"value": "brwn", "fuzziness": 0}}}) == set()
        # AUTO allows no edit on two characters; one edit explicitly
        assert _ids(ctx, idx, {"fuzzy": {"sku": {"value": "A3"}}}) == set()
        assert _ids(ctx, idx, {"fuzzy": {"sku": {"value": "A3", "fuzziness": 1}}}) == {"1", "2"}


# ---------------------------------------------------------------------------
# compound queries

def test_bool_must_filter_must_not(ctx):
    with corpus(ctx) as idx:
        assert _ids(ctx, idx, {"bool": {"must": {"match": {"body": "quick"}},
                                        "filter": {"term": {"category": "food"}}}}) == {"4"}
        assert _ids(ctx, idx, {"bool": {"must": [{"match": {"title": "fox"}}],
                                        "must_not": [{"term": {"tags": "dog"}}]}}) == {"1"}
        assert _ids(ctx, idx, {"bool": {"must_not": [{"term": {"category": "food"}},
                                                     {"term": {"category": "tech"}}]}}) == {"1", "2", "7", "8"}
        # filter clauses do not score
        res = _q(ctx, idx, {"bool": {"filter": [{"range": {"price": {"gte": 30}}}]}})
        assert id_set(res) == {"5", "6"}, res
        assert all(h["_score"] == 0.0 for h in res["hits"]["hits"]) and res["hits"]["max_score"] == 0.0, res
        # must + filter: the score is the must clause's score alone
        scored = _q(ctx, idx, {"match": {"body": "quick"}})
        both = _q(ctx, idx, {"bool": {"must": {"match": {"body": "quick"}},
                                      "filter": {"range": {"price": {"gte": 0}}}}})
        assert {h["_id"]: h["_score"] for h in both["hits"]["hits"]} == {
            h["_id"]: h["_score"] for h in scored["hits"]["hits"]}, (both, scored)


def test_bool_should_and_minimum_should_match(ctx):
    with corpus(ctx) as idx:
        # only should clauses: at least one must match
        assert _ids(ctx, idx, {"bool": {"should": [{"term": {"category": "tech"}},
                                                   {"term": {"category": "books"}}]}}) == {"5", "6", "7"}
        # per doc: fast tag / in stock / price < 11 -> 1:3 2:0 3:2 4:2 5:1 6:0 7:2 8:1
        should = [{"term": {"tags": "fast"}}, {"term": {"in_stock": True}}, {"range": {"price": {"lt": 11}}}]
        assert _ids(ctx, idx, {"bool": {"should": should, "minimum_should_match": 2}}) == {"1", "3", "4", "7"}
        assert _ids(ctx, idx, {"bool": {"should": should, "minimum_should_match": 3}}) == {"1"}
        assert _ids(ctx, idx, {"bool": {"should": should, "minimum_should_match": "34%"}}) == {"1", "3", "4", "5",
                                                                                                "7", "8"}
        # with a must clause, should clauses are optional (they only add to the score)
        res = _q(ctx, idx, {"bool": {"must": {"term": {"category": "animals"}},
                                     "should": {"match": {"title": "fox"}}}})
        assert hit_ids(res) == ["1", "2"] and res["hits"]["hits"][0]["_score"] > res["hits"]["hits"][1]["_score"], res


def test_constant_score(ctx):
    with corpus(ctx) as idx:
        res = _q(ctx, idx, {"constant_score": {"filter": {"term": {"category": "food"}}, "boost": 2.5}})
        assert id_set(res) == {"3", "4"}, res
        assert [h["_score"] for h in res["hits"]["hits"]] == [2.5, 2.5] and res["hits"]["max_score"] == 2.5, res
        res = _q(ctx, idx, {"constant_score": {"filter": {"match": {"body": "quick"}}}})
        assert id_set(res) == {"1", "4", "5"} and {h["_score"] for h in res["hits"]["hits"]} == {1.0}, res


def test_function_score_field_value_factor(ctx):
    with corpus(ctx) as idx:
        res = _q(ctx, idx, {"function_score": {
            "query": {"match_all": {}},
            "field_value_factor": {"field": "likes", "modifier": "sqrt", "missing": 1},
            "boost_mode": "multiply"}})
        want = {"1": 4.0, "2": 2.0, "3": 3.0, "4": 5.0, "5": 1.0, "6": 0.0, "7": 6.0, "8": 1.0}
        got = {h["_id"]: h["_score"] for h in res["hits"]["hits"]}
        assert set(got) == set(want), res
        for k, v in want.items():
            assert approx(got[k], v, 1e-6), (k, got[k], v)
        # score order, ties (5 and 8) in index order
        assert hit_ids(res) == ["7", "4", "1", "3", "2", "5", "8", "6"], res
        res = _q(ctx, idx, {"function_score": {
            "query": {"term": {"category": "food"}},
            "field_value_factor": {"field": "price", "factor": 2.0},
            "boost_mode": "replace"}})
        assert {h["_id"]: h["_score"] for h in res["hits"]["hits"]} == {"3": 10.0, "4": 24.0}, res


def test_match_all_and_match_none(ctx):
    with corpus(ctx) as idx:
        res = _q(ctx, idx, {"match_all": {}})
        assert id_set(res) == ALL and total(res) == 8, res
        assert {h["_score"] for h in res["hits"]["hits"]} == {1.0} and res["hits"]["max_score"] == 1.0, res
        res = _q(ctx, idx, {"match_all": {"boost": 1.5}})
        assert {h["_score"] for h in res["hits"]["hits"]} == {1.5}, res
        res = _q(ctx, idx, {"match_none": {}})
        assert res["hits"]["hits"] == [] and total(res) == 0, res
        # no query at all is match_all
        res = ctx.es.search(index=idx, body={})
        assert total(res) == 8 and len(res["hits"]["hits"]) == 8, res


def test_uri_search_q(ctx):
    with corpus(ctx) as idx:
        assert id_set(ctx.es.search(index=idx, q="title:quick")) == {"1", "4"}
        assert id_set(ctx.es.search(index=idx, q="quick brown", df="body", default_operator="AND")) == {"1"}
        assert id_set(ctx.es.search(index=idx, q="category:food AND price:>10")) == {"4"}
        assert id_set(ctx.es.search(index=idx, q="tags:fox")) == {"1", "7"}
        res = ctx.es.search(index=idx, q="*:*", size=2, sort="price:desc")
        assert hit_ids(res) == ["5", "6"] and total(res) == 8, res


# ---------------------------------------------------------------------------
# paging, sorting, source filtering, totals

BY_PRICE = ["8", "3", "7", "1", "4", "2", "6", "5"]   # 0, 5, 8, 10, 12, 25, 35, 40


def test_from_size(ctx):
    with corpus(ctx) as idx:
        res = ctx.es.search(index=idx, body={"sort": [{"price": "asc"}], "from": 2, "size": 3})
        assert hit_ids(res) == ["7", "1", "4"] and total(res) == 8, res
        assert [h["sort"] for h in res["hits"]["hits"]] == [[8], [10], [12]], res
        res = ctx.es.search(index=idx, body={"sort": [{"price": "asc"}]}, from_=6, size=10)
        assert hit_ids(res) == ["6", "5"], res
        res = ctx.es.search(index=idx, body={"sort": [{"price": "asc"}], "from": 8})
        assert res["hits"]["hits"] == [] and total(res) == 8, res
        # default size is 10
        many = make_index(ctx, "many")
        try:
            load(ctx, many, {str(i): {"n": i} for i in range(15)})
            res = ctx.es.search(index=many, body={"query": {"match_all": {}}})
            assert len(res["hits"]["hits"]) == 10 and total(res) == 15, res
        finally:
            drop(ctx, many)


def test_search_after(ctx):
    with corpus(ctx) as idx:
        body = {"sort": [{"price": "asc"}, {"sku": "asc"}], "size": 3}
        pages, after = [], None
        for _ in range(5):
            b = dict(body)
            if after is not None:
                b["search_after"] = after
            res = ctx.es.search(index=idx, body=b)
            ids = hit_ids(res)
            pages.append(ids)
            if not ids:
                break
            after = res["hits"]["hits"][-1]["sort"]
        assert pages == [["8", "3", "7"], ["1", "4", "2"], ["6", "5"], []], pages
        res = ctx.es.search(index=idx, body=dict(body, search_after=[8, "D1"]))
        assert hit_ids(res) == ["1", "4", "2"] and res["hits"]["hits"][0]["sort"] == [10, "A1"], res


def test_sort_on_fields(ctx):
    with corpus(ctx) as idx:
        res = ctx.es.search(index=idx, body={"sort": [{"date": "desc"}], "size": 10})
        assert hit_ids(res) == ["6", "5", "4", "3", "2", "1", "7", "8"], res
        assert res["hits"]["hits"][0]["sort"] == [_epoch_ms("2024-03-15")], res
        assert res["hits"]["hits"][0]["_score"] is None and res["hits"]["max_score"] is None, res
        res = ctx.es.search(index=idx, body={"sort": [{"category": "asc"}, {"price": "desc"}], "size": 10})
        assert hit_ids(res) == ["2", "1", "7", "4", "3", "8", "5", "6"], res
        assert res["hits"]["hits"][0]["sort"] == ["animals", 25], res
        res = ctx.es.search(index=idx, body={"sort": ["sku"], "size": 10})
        assert hit_ids(res) == ["1", "2", "3", "4", "5", "6", "7", "8"], res
        # a missing value sorts last both ways (doc 8 has no rating)
        res = ctx.es.search(index=idx, body={"sort": [{"rating": "asc"}], "size": 10})
        assert hit_ids(res) == ["2", "6", "3", "7", "5", "1", "4", "8"], res
        res = ctx.es.search(index=idx, body={"sort": [{"rating": {"order": "desc"}}], "size": 10})
        assert hit_ids(res) == ["4", "1", "5", "7", "3", "6", "2", "8"], res
        res = ctx.es.search(index=idx, body={"sort": [{"rating": {"order": "asc", "missing": "_first"}}], "size": 3})
        assert hit_ids(res) == ["8", "2", "6"], res


def test_sort_on_score(ctx):
    with corpus(ctx) as idx:
        plain = _q(ctx, idx, {"match": {"body": "quick brown"}})
        res = _q(ctx, idx, {"match": {"body": "quick brown"}}, sort=["_score"])
        assert hit_ids(res) == hit_ids(plain), (res, plain)
        for h, p in zip(res["hits"]["hits"], plain["hits"]["hits"]):
            assert h["sort"] == [h["_score"]] and h["_score"] == p["_score"], (h, p)
        # field sort without scores, unless track_scores
        res = _q(ctx, idx, {"match": {"body": "quick brown"}}, sort=[{"price": "asc"}])
        assert hit_ids(res) == ["3", "1", "4", "5"] and all(h["_score"] is None for h in res["hits"]["hits"]), res
        res = _q(ctx, idx, {"match": {"body": "quick brown"}}, sort=[{"price": "asc"}], track_scores=True)
        scores = {h["_id"]: h["_score"] for h in plain["hits"]["hits"]}
        assert all(h["_score"] == scores[h["_id"]] for h in res["hits"]["hits"]), res
        assert res["hits"]["max_score"] == max(scores.values()), res


def test_source_filtering_in_search(ctx):
    with corpus(ctx) as idx:
        res = _q(ctx, idx, {"ids": {"values": ["1"]}}, _source=["title", "price"])
        assert res["hits"]["hits"][0]["_source"] == {"title": "The quick brown fox", "price": 10}, res
        res = _q(ctx, idx, {"ids": {"values": ["1"]}}, _source={"includes": ["t*"], "excludes": ["tags"]})
        assert res["hits"]["hits"][0]["_source"] == {"title": "The quick brown fox"}, res
        res = _q(ctx, idx, {"ids": {"values": ["1"]}}, _source={"excludes": ["body", "title", "tags"]})
        assert set(res["hits"]["hits"][0]["_source"]) == {"category", "price", "rating", "date", "in_stock",
                                                          "likes", "sku"}, res
        res = _q(ctx, idx, {"ids": {"values": ["1"]}}, _source=False)
        assert "_source" not in res["hits"]["hits"][0], res
        res = ctx.es.search(index=idx, body={"query": {"ids": {"values": ["4"]}}}, _source_includes="sku")
        assert res["hits"]["hits"][0]["_source"] == {"sku": "B2"}, res


def test_docvalue_fields_and_fields_option(ctx):
    with corpus(ctx) as idx:
        res = _q(ctx, idx, {"ids": {"values": ["1"]}}, docvalue_fields=["price", "sku"], _source=False)
        assert res["hits"]["hits"][0]["fields"] == {"price": [10], "sku": ["A1"]}, res
        res = _q(ctx, idx, {"ids": {"values": ["1"]}}, fields=["tags", "price"], _source=False)
        fields = res["hits"]["hits"][0]["fields"]
        assert sorted(fields["tags"]) == ["fast", "fox"] and fields["price"] == [10], res


def test_track_total_hits(ctx):
    with corpus(ctx) as idx:
        res = _q(ctx, idx, {"match_all": {}}, size=1)
        assert res["hits"]["total"] == {"value": 8, "relation": "eq"}, res
        res = _q(ctx, idx, {"match_all": {}}, size=1, track_total_hits=3)
        assert res["hits"]["total"] == {"value": 3, "relation": "gte"}, res
        assert len(res["hits"]["hits"]) == 1, res
        res = _q(ctx, idx, {"match_all": {}}, size=1, track_total_hits=100)
        assert res["hits"]["total"] == {"value": 8, "relation": "eq"}, res
        res = _q(ctx, idx, {"match_all": {}}, size=2, track_total_hits=False)
        assert "total" not in res["hits"] and len(res["hits"]["hits"]) == 2, res
        res = _q(ctx, idx, {"match_all": {}}, size=2, track_total_hits=True)
        assert res["hits"]["total"] == {"value": 8, "relation": "eq"}, res
        res = ctx.es.search(index=idx, body={"query": {"match_all": {}}}, track_total_hits="false")
        assert "total" not in res["hits"], res


def test_size_zero_and_min_score(ctx):
    with corpus(ctx) as idx:
        res = ctx.es.search(index=idx, body={"query": {"match": {"title": "quick"}}, "size": 0})
        assert res["hits"]["hits"] == [] and total(res) == 2 and res["hits"]["max_score"] is None, res
        # scores sqrt(likes): 1 -> 4, 2 -> 2, 3 -> 3, 4 -> 5, 5 -> 1, 6 -> 0, 7 -> 6, 8 -> 1 (missing)
        res = _q(ctx, idx, {"function_score": {"query": {"match_all": {}}, "boost_mode": "replace",
                                               "field_value_factor": {"field": "likes", "modifier": "sqrt",
                                                                      "missing": 1}}}, min_score=3)
        assert hit_ids(res) == ["7", "4", "1", "3"] and total(res) == 4, res


def test_post_filter_leaves_aggregations_alone(ctx):
    with corpus(ctx) as idx:
        res = ctx.es.search(index=idx, body={"query": {"match_all": {}}, "post_filter": {"term": {"category": "food"}},
                                             "aggs": {"cats": {"terms": {"field": "category"}}}})
        assert id_set(res) == {"3", "4"} and total(res) == 2, res
        assert len(res["aggregations"]["cats"]["buckets"]) == 5, res


def test_highlighting(ctx):
    with corpus(ctx) as idx:
        res = _q(ctx, idx, {"match": {"body": "lazy"}}, highlight={"fields": {"body": {}}})
        got = {h["_id"]: h["highlight"] for h in res["hits"]["hits"]}
        assert got == {"1": {"body": ["The quick brown fox jumps over the <em>lazy</em> dog"]},
                       "2": {"body": ["Dogs are <em>lazy</em> and they sleep in the sun"]}}, res
        res = _q(ctx, idx, {"match": {"title": "pasta"}},
                 highlight={"pre_tags": ["<b>"], "post_tags": ["</b>"], "fields": {"title": {}}})
        assert res["hits"]["hits"][0]["highlight"] == {"title": ["Quick <b>pasta</b> dinner"]}, res
        # require_field_match (default true): a body query highlights nothing in the title
        res = _q(ctx, idx, {"match": {"body": "quick"}}, highlight={"fields": {"title": {}}})
        assert all("highlight" not in h for h in res["hits"]["hits"]), res
        res = _q(ctx, idx, {"match": {"body": "quick"}},
                 highlight={"require_field_match": False, "fields": {"title": {}}})
        by_id = {h["_id"]: h.get("highlight") for h in res["hits"]["hits"]}
        assert by_id == {"1": {"title": ["The <em>quick</em> brown fox"]},
                         "4": {"title": ["<em>Quick</em> pasta dinner"]}, "5": None}, res


def test_explain_in_search(ctx):
    with corpus(ctx) as idx:
        res = _q(ctx, idx, {"match": {"title": "fox"}}, explain=True)
        assert id_set(res) == {"1", "7"}, res
        for h in res["hits"]["hits"]:
            ex = h["_explanation"]
            assert approx(ex["value"], h["_score"], 1e-6), h
            assert ex["description"].startswith("weight(title:fox in "), ex
            assert isinstance(ex["details"], list) and ex["details"], ex
            assert h["_shard"] == "[%s][0]" % idx and isinstance(h["_node"], str) and h["_node"], h


def test_explain_api(ctx):
    with corpus(ctx) as idx:
        hit = _q(ctx, idx, {"match": {"title": "fox"}})["hits"]["hits"]
        score = {h["_id"]: h["_score"] for h in hit}["1"]
        res = ctx.es.explain(index=idx, id="1", body={"query": {"match": {"title": "fox"}}})
        assert res["_index"] == idx and res["_id"] == "1" and res["matched"] is True, res
        assert approx(res["explanation"]["value"], score, 1e-6), res
        res = ctx.es.explain(index=idx, id="2", body={"query": {"match": {"title": "fox"}}})
        assert res["matched"] is False and res["explanation"]["value"] == 0.0, res


def test_count_api(ctx):
    with corpus(ctx) as idx:
        res = ctx.es.count(index=idx)
        assert res == {"count": 8, "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0}}, res
        assert ctx.es.count(index=idx, body={"query": {"term": {"category": "food"}}})["count"] == 2
        assert ctx.es.count(index=idx, q="tags:fox")["count"] == 2
        assert ctx.es.count(index=idx, body={"query": {"range": {"price": {"gte": 100}}}})["count"] == 0


# ---------------------------------------------------------------------------
# aggregations

def _aggs(ctx, idx, aggs, query=None):
    body = {"size": 0, "aggs": aggs}
    if query is not None:
        body["query"] = query
    res = ctx.es.search(index=idx, body=body)
    assert res["hits"]["hits"] == [], res
    return res["aggregations"]


def test_terms_aggregation(ctx):
    with corpus(ctx) as idx:
        a = _aggs(ctx, idx, {"cats": {"terms": {"field": "category"}}})["cats"]
        assert a == {"doc_count_error_upper_bound": 0, "sum_other_doc_count": 0, "buckets": [
            {"key": "animals", "doc_count": 2}, {"key": "food", "doc_count": 2}, {"key": "tech", "doc_count": 2},
            {"key": "books", "doc_count": 1}, {"key": "misc", "doc_count": 1}]}, a
        a = _aggs(ctx, idx, {"tags": {"terms": {"field": "tags"}}})["tags"]
        assert [(b["key"], b["doc_count"]) for b in a["buckets"]] == [
            ("dog", 2), ("fast", 2), ("fox", 2), ("search", 2), ("baking", 1), ("bread", 1), ("java", 1),
            ("pasta", 1)], a
        a = _aggs(ctx, idx, {"tags": {"terms": {"field": "tags", "size": 2}}})["tags"]
        assert [b["key"] for b in a["buckets"]] == ["dog", "fast"] and a["sum_other_doc_count"] == 8, a
        a = _aggs(ctx, idx, {"tags": {"terms": {"field": "tags", "order": {"_key": "asc"}, "size": 3}}})["tags"]
        assert [b["key"] for b in a["buckets"]] == ["baking", "bread", "dog"], a
        a = _aggs(ctx, idx, {"tags": {"terms": {"field": "tags", "min_doc_count": 2}}})["tags"]
        assert [b["key"] for b in a["buckets"]] == ["dog", "fast", "fox", "search"], a


def test_terms_aggregation_on_numbers_and_booleans(ctx):
    with corpus(ctx) as idx:
        a = _aggs(ctx, idx, {"stock": {"terms": {"field": "in_stock"}}})["stock"]
        assert a["buckets"] == [{"key": 1, "key_as_string": "true", "doc_count": 5},
                                {"key": 0, "key_as_string": "false", "doc_count": 2}], a
        a = _aggs(ctx, idx, {"p": {"terms": {"field": "price", "size": 3, "order": {"_key": "desc"}}}})["p"]
        assert a["buckets"] == [{"key": 40, "doc_count": 1}, {"key": 35, "doc_count": 1},
                                {"key": 25, "doc_count": 1}], a


def test_range_aggregation(ctx):
    with corpus(ctx) as idx:
        a = _aggs(ctx, idx, {"r": {"range": {"field": "price", "ranges": [
            {"to": 10}, {"from": 10, "to": 30}, {"from": 30}]}}})["r"]
        assert a["buckets"] == [
            {"key": "*-10.0", "to": 10.0, "doc_count": 3},
            {"key": "10.0-30.0", "from": 10.0, "to": 30.0, "doc_count": 3},
            {"key": "30.0-*", "from": 30.0, "doc_count": 2}], a
        a = _aggs(ctx, idx, {"r": {"range": {"field": "price", "keyed": True, "ranges": [
            {"key": "cheap", "to": 10}, {"key": "pricey", "from": 30}]}}})["r"]
        assert a["buckets"] == {"cheap": {"to": 10.0, "doc_count": 3},
                                "pricey": {"from": 30.0, "doc_count": 2}}, a


def test_date_range_aggregation(ctx):
    with corpus(ctx) as idx:
        a = _aggs(ctx, idx, {"d": {"date_range": {"field": "date", "ranges": [
            {"to": "2024-01-01"}, {"from": "2024-01-01", "to": "2024-03-01"}, {"from": "2024-03-01"}]}}})["d"]
        jan, mar = float(_epoch_ms("2024-01-01")), float(_epoch_ms("2024-03-01"))
        assert a["buckets"] == [
            {"key": "*-2024-01-01T00:00:00.000Z", "to": jan, "to_as_string": "2024-01-01T00:00:00.000Z",
             "doc_count": 2},
            {"key": "2024-01-01T00:00:00.000Z-2024-03-01T00:00:00.000Z", "from": jan,
             "from_as_string": "2024-01-01T00:00:00.000Z", "to": mar, "to_as_string": "2024-03-01T00:00:00.000Z",
             "doc_count": 4},
            {"key": "2024-03-01T00:00:00.000Z-*", "from": mar, "from_as_string": "2024-03-01T00:00:00.000Z",
             "doc_count": 2}], a


def test_histogram_aggregation(ctx):
    with corpus(ctx) as idx:
        a = _aggs(ctx, idx, {"h": {"histogram": {"field": "price", "interval": 10}}})["h"]
        assert a["buckets"] == [{"key": 0.0, "doc_count": 3}, {"key": 10.0, "doc_count": 2},
                                {"key": 20.0, "doc_count": 1}, {"key": 30.0, "doc_count": 1},
                                {"key": 40.0, "doc_count": 1}], a
        # empty buckets inside the range are kept (min_doc_count 0), dropped with min_doc_count 1
        a = _aggs(ctx, idx, {"h": {"histogram": {"field": "price", "interval": 20}}},
                  query={"terms": {"price": [0, 40]}})["h"]
        assert a["buckets"] == [{"key": 0.0, "doc_count": 1}, {"key": 20.0, "doc_count": 0},
                                {"key": 40.0, "doc_count": 1}], a
        a = _aggs(ctx, idx, {"h": {"histogram": {"field": "price", "interval": 20, "min_doc_count": 1}}},
                  query={"terms": {"price": [0, 40]}})["h"]
        assert [b["key"] for b in a["buckets"]] == [0.0, 40.0], a


def test_date_histogram_aggregation(ctx):
    with corpus(ctx) as idx:
        a = _aggs(ctx, idx, {"m": {"date_histogram": {"field": "date", "calendar_interval": "month"}}})["m"]
        months = [("2023-11-01", 1), ("2023-12-01", 1), ("2024-01-01", 2), ("2024-02-01", 2), ("2024-03-01", 2)]
        assert a["buckets"] == [{"key_as_string": d + "T00:00:00.000Z", "key": _epoch_ms(d), "doc_count": n}
                                for d, n in months], a
        a = _aggs(ctx, idx, {"y": {"date_histogram": {"field": "date", "calendar_interval": "year",
                                                      "format": "yyyy"}}})["y"]
        assert a["buckets"] == [{"key_as_string": "2023", "key": _epoch_ms("2023-01-01"), "doc_count": 2},
                                {"key_as_string": "2024", "key": _epoch_ms("2024-01-01"), "doc_count": 6}], a


def test_filter_and_filters_aggregations(ctx):
    with corpus(ctx) as idx:
        a = _aggs(ctx, idx, {"stock": {"filter": {"term": {"in_stock": True}},
                                       "aggs": {"avg_price": {"avg": {"field": "price"}}}}})["stock"]
        assert a == {"doc_count": 5, "avg_price": {"value": 15.0}}, a   # (10+5+12+40+8)/5
        a = _aggs(ctx, idx, {"f": {"filters": {"filters": {
            "food": {"term": {"category": "food"}}, "cheap": {"range": {"price": {"lt": 10}}}}}}})["f"]
        assert a == {"buckets": {"cheap": {"doc_count": 3}, "food": {"doc_count": 2}}}, a
        a = _aggs(ctx, idx, {"f": {"filters": {"filters": [{"term": {"category": "tech"}},
                                                           {"match": {"body": "fox"}}]}}})["f"]
        assert a == {"buckets": [{"doc_count": 2}, {"doc_count": 2}]}, a


def test_metric_aggregations(ctx):
    with corpus(ctx) as idx:
        a = _aggs(ctx, idx, {
            "avg": {"avg": {"field": "price"}}, "sum": {"sum": {"field": "price"}},
            "min": {"min": {"field": "price"}}, "max": {"max": {"field": "price"}},
            "stats": {"stats": {"field": "price"}}, "count": {"value_count": {"field": "rating"}},
            "avg_rating": {"avg": {"field": "rating"}}})
        assert a["avg"] == {"value": 16.875}, a          # 135 / 8
        assert a["sum"] == {"value": 135.0}, a
        assert a["min"] == {"value": 0.0} and a["max"] == {"value": 40.0}, a
        assert a["stats"] == {"count": 8, "min": 0.0, "max": 40.0, "avg": 16.875, "sum": 135.0}, a
        assert a["count"] == {"value": 7}, a
        assert approx(a["avg_rating"]["value"], 28.5 / 7, 1e-9), a
        # on an empty set
        a = _aggs(ctx, idx, {"avg": {"avg": {"field": "price"}}, "sum": {"sum": {"field": "price"}},
                             "min": {"min": {"field": "price"}}}, query={"term": {"sku": "nope"}})
        assert a == {"avg": {"value": None}, "sum": {"value": 0.0}, "min": {"value": None}}, a


def test_min_max_on_dates(ctx):
    with corpus(ctx) as idx:
        a = _aggs(ctx, idx, {"first": {"min": {"field": "date"}}, "last": {"max": {"field": "date"}}})
        assert a["first"] == {"value": float(_epoch_ms("2023-11-11")),
                              "value_as_string": "2023-11-11T00:00:00.000Z"}, a
        assert a["last"] == {"value": float(_epoch_ms("2024-03-15")),
                             "value_as_string": "2024-03-15T00:00:00.000Z"}, a


def test_cardinality_aggregation(ctx):
    with corpus(ctx) as idx:
        a = _aggs(ctx, idx, {"c": {"cardinality": {"field": "category"}}, "t": {"cardinality": {"field": "tags"}},
                             "p": {"cardinality": {"field": "price"}}})
        assert a == {"c": {"value": 5}, "t": {"value": 8}, "p": {"value": 8}}, a


def test_top_hits_and_sub_aggregations(ctx):
    with corpus(ctx) as idx:
        a = _aggs(ctx, idx, {"cats": {"terms": {"field": "category"}, "aggs": {
            "avg_price": {"avg": {"field": "price"}},
            "top": {"top_hits": {"size": 1, "sort": [{"price": "desc"}], "_source": ["sku"]}}}}})["cats"]
        rows = [(b["key"], b["doc_count"], b["avg_price"]["value"]) for b in a["buckets"]]
        assert rows == [("animals", 2, 17.5), ("food", 2, 8.5), ("tech", 2, 37.5), ("books", 1, 8.0),
                        ("misc", 1, 0.0)], a
        tops = [(b["key"], [h["_id"] for h in b["top"]["hits"]["hits"]]) for b in a["buckets"]]
        assert tops == [("animals", ["2"]), ("food", ["4"]), ("tech", ["5"]), ("books", ["7"]), ("misc", ["8"])], a
        first = a["buckets"][0]["top"]["hits"]
        assert first["total"] == {"value": 2, "relation": "eq"} and first["max_score"] is None, first
        h = first["hits"][0]
        assert h["_source"] == {"sku": "A2"} and h["sort"] == [25] and h["_score"] is None, h
        assert h["_index"] == idx, h
        # ordering buckets by a sub-aggregation
        a = _aggs(ctx, idx, {"cats": {"terms": {"field": "category", "order": {"avg_price": "desc"}},
                                      "aggs": {"avg_price": {"avg": {"field": "price"}}}}})["cats"]
        assert [b["key"] for b in a["buckets"]] == ["tech", "animals", "food", "books", "misc"], a


def test_size_zero_search_still_scores_for_top_hits(ctx):
    # A search without hits skips scoring unless an aggregation reads scores: top_hits does,
    # and its scores are those of the same documents in an ordinary search.
    with corpus(ctx) as idx:
        query = {"match": {"title": "quick"}}
        scored = {h["_id"]: h["_score"] for h in _q(ctx, idx, query)["hits"]["hits"]}
        a = _aggs(ctx, idx, {"cats": {"terms": {"field": "category"},
                                      "aggs": {"top": {"top_hits": {"size": 1}}}}}, query=query)
        tops = [b["top"]["hits"]["hits"][0] for b in a["cats"]["buckets"]]
        assert tops and all(h["_score"] == scored[h["_id"]] > 0 for h in tops), (tops, scored)
        plain = ctx.es.search(index=idx, body={"size": 0, "query": query})
        assert plain["hits"]["max_score"] is None and total(plain) == 2, plain


def test_aggregations_follow_the_query(ctx):
    with corpus(ctx) as idx:
        res = ctx.es.search(index=idx, body={"query": {"term": {"category": "food"}}, "size": 1,
                                             "aggs": {"avg": {"avg": {"field": "price"}},
                                                      "tags": {"terms": {"field": "tags"}}}})
        assert total(res) == 2 and len(res["hits"]["hits"]) == 1, res
        aggs = res["aggregations"]
        assert aggs["avg"] == {"value": 8.5}, aggs
        assert [(b["key"], b["doc_count"]) for b in aggs["tags"]["buckets"]] == [
            ("baking", 1), ("bread", 1), ("fast", 1), ("pasta", 1)], aggs


# ---------------------------------------------------------------------------
# _analyze

def _tokens(ctx, body, index=None):
    res = ctx.es.indices.analyze(body=body, index=index)
    return [(t["token"], t["start_offset"], t["end_offset"], t["type"], t["position"]) for t in res["tokens"]]


def test_analyze_standard(ctx):
    res = ctx.es.indices.analyze(body={"analyzer": "standard", "text": "Hello World"})
    assert res == {"tokens": [
        {"token": "hello", "start_offset": 0, "end_offset": 5, "type": "<ALPHANUM>", "position": 0},
        {"token": "world", "start_offset": 6, "end_offset": 11, "type": "<ALPHANUM>", "position": 1}]}, res
    assert _tokens(ctx, {"analyzer": "standard", "text": "张三"}) == [
        ("张", 0, 1, "<IDEOGRAPHIC>", 0), ("三", 1, 2, "<IDEOGRAPHIC>", 1)]
    assert _tokens(ctx, {"analyzer": "standard", "text": "Hello 世界 2024"}) == [
        ("hello", 0, 5, "<ALPHANUM>", 0), ("世", 6, 7, "<IDEOGRAPHIC>", 1), ("界", 7, 8, "<IDEOGRAPHIC>", 2),
        ("2024", 9, 13, "<NUM>", 3)]
    # the default analyzer (none named) is standard; it keeps stop words
    assert [t[0] for t in _tokens(ctx, {"text": "The Quick-Brown fox's"})] == ["the", "quick", "brown", "fox's"]


def test_analyze_simple_whitespace_keyword(ctx):
    assert _tokens(ctx, {"analyzer": "simple", "text": "Hello, World-2024 Foo's"}) == [
        ("hello", 0, 5, "word", 0), ("world", 7, 12, "word", 1), ("foo", 18, 21, "word", 2),
        ("s", 22, 23, "word", 3)]
    assert _tokens(ctx, {"analyzer": "whitespace", "text": "Hello, World-2024"}) == [
        ("Hello,", 0, 6, "word", 0), ("World-2024", 7, 17, "word", 1)]
    assert _tokens(ctx, {"analyzer": "keyword", "text": "New York City"}) == [("New York City", 0, 13, "word", 0)]


def test_analyze_english(ctx):
    # stop words go (keeping their positions), words are stemmed
    assert _tokens(ctx, {"analyzer": "english", "text": "The foxes are running"}) == [
        ("fox", 4, 9, "<ALPHANUM>", 1), ("run", 14, 21, "<ALPHANUM>", 3)]
    assert [t[0] for t in _tokens(ctx, {"analyzer": "english", "text": "jumped over the lazy dogs"})] == [
        "jump", "over", "lazi", "dog"]


def test_analyze_cjk_bigrams(ctx):
    assert _tokens(ctx, {"analyzer": "cjk", "text": "张三李四"}) == [
        ("张三", 0, 2, "<DOUBLE>", 0), ("三李", 1, 3, "<DOUBLE>", 1), ("李四", 2, 4, "<DOUBLE>", 2)]


def test_analyze_with_tokenizer_and_filters(ctx):
    assert [t[0] for t in _tokens(ctx, {"tokenizer": "standard", "filter": ["lowercase"],
                                        "text": "Quick FOX"})] == ["quick", "fox"]
    assert [t[0] for t in _tokens(ctx, {"tokenizer": "whitespace", "filter": ["uppercase"],
                                        "text": "a b"})] == ["A", "B"]
    assert [t[0] for t in _tokens(ctx, {"tokenizer": "keyword", "filter": ["lowercase"],
                                        "text": "Mixed Case"})] == ["mixed case"]
    assert [t[0] for t in _tokens(ctx, {"tokenizer": "standard",
                                        "filter": ["lowercase", {"type": "stop", "stopwords": ["b"]}],
                                        "text": "A B C"})] == ["a", "c"]


def test_analyze_with_field_analyzer(ctx):
    idx = make_index(ctx, "analyze", {"mappings": {"properties": {"en": {"type": "text", "analyzer": "english"},
                                                                  "std": {"type": "text"},
                                                                  "kw": {"type": "keyword"}}}})
    try:
        assert [t[0] for t in _tokens(ctx, {"field": "en", "text": "The Running Dogs"}, index=idx)] == ["run", "dog"]
        assert [t[0] for t in _tokens(ctx, {"field": "std", "text": "The Running Dogs"}, index=idx)] == [
            "the", "running", "dogs"]
        assert [t[0] for t in _tokens(ctx, {"field": "kw", "text": "The Running Dogs"}, index=idx)] == [
            "The Running Dogs"]
        # the english analyzer at search time: "runs" finds "running"
        ctx.es.index(index=idx, id="1", body={"en": "running dogs"}, refresh="true")
        assert hit_ids(ctx.es.search(index=idx, body={"query": {"match": {"en": "runs"}}})) == ["1"]
        assert hit_ids(ctx.es.search(index=idx, body={"query": {"match": {"std": "runs"}}})) == []
    finally:
        drop(ctx, idx)


def test_analyze_unknown_analyzer(ctx):
    expect_error(lambda: ctx.es.indices.analyze(body={"analyzer": "no_such_analyzer", "text": "x"}), 400,
                 "illegal_argument_exception", "failed to find global analyzer [no_such_analyzer]")
    idx = make_index(ctx, "analyze")
    try:
        expect_error(lambda: ctx.es.indices.analyze(index=idx, body={"analyzer": "no_such_analyzer", "text": "x"}),
                     400, "illegal_argument_exception", "failed to find analyzer [no_such_analyzer]")
    finally:
        drop(ctx, idx)


def test_aggregations_over_indices_with_different_mappings(ctx):
    """A field has another slot (and type) in each index: every aggregation reads each document's
    value through its own index's mapping."""
    a = make_index(ctx, "agg_a", {"mappings": {"properties": {"brand": {"type": "keyword"}, "qty": {"type": "long"},
                                                              "price": {"type": "double"}}}})
    b = make_index(ctx, "agg_b", {"mappings": {"properties": {"price": {"type": "double"},
                                                              "qty": {"type": "double"}}}})
    try:
        load(ctx, a, {"1": {"brand": "x", "qty": 1, "price": 10.0}, "2": {"brand": "y", "qty": 2, "price": 30.0}})
        load(ctx, b, {"3": {"price": 50.0, "qty": 2.5}, "4": {"price": 70.0, "qty": 1}})
        res = ctx.es.search(index="%s,%s" % (a, b), body={"size": 0, "aggs": {
            "avg_price": {"avg": {"field": "price"}},
            "ranges": {"range": {"field": "price", "ranges": [{"to": 40}, {"from": 40}]}},
            "histo": {"histogram": {"field": "price", "interval": 50}},
            "qty": {"terms": {"field": "qty"}}}})
        aggs = res["aggregations"]
        assert aggs["avg_price"]["value"] == 40.0, aggs
        assert [r["doc_count"] for r in aggs["ranges"]["buckets"]] == [2, 2], aggs
        assert [(h["key"], h["doc_count"]) for h in aggs["histo"]["buckets"]] == [(0.0, 2), (50.0, 2)], aggs
        assert sorted((t["key"], t["doc_count"]) for t in aggs["qty"]["buckets"]) == [(1.0, 2), (2.0, 1), (2.5, 1)], aggs
    finally:
        drop(ctx, a, b)


def test_epoch_second_dates_index_and_query_as_seconds(ctx):
    """A number in an epoch_second date field is seconds: indexed, queried (term and range) and
    aggregated alike."""
    name = make_index(ctx, "epoch_s", {"mappings": {"properties": {"t": {"type": "date", "format": "epoch_second"}}}})
    try:
        load(ctx, name, {"1": {"t": 1000}, "2": {"t": 2000}, "3": {"t": "3000"}})
        res = ctx.es.search(index=name, body={"query": {"range": {"t": {"gte": 1500, "lt": 3000}}}})
        assert hit_ids(res) == ["2"], res
        res = ctx.es.search(index=name, body={"query": {"term": {"t": 1000}}})
        assert hit_ids(res) == ["1"], res
        res = ctx.es.search(index=name, body={"size": 0, "aggs": {"r": {"date_range": {
            "field": "t", "ranges": [{"from": 1000, "to": 2500}]}}, "m": {"max": {"field": "t"}}}})
        assert res["aggregations"]["r"]["buckets"][0]["doc_count"] == 2, res
        assert res["aggregations"]["m"]["value"] == 3000000.0, res
        assert res["aggregations"]["m"]["value_as_string"] == "3000", res
    finally:
        drop(ctx, name)
