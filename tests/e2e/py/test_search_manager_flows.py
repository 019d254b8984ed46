"""The flows of the seed doc's ElasticsearchManager class (elasticsearch-py 7.17 + helpers.bulk),
end to end against wharf's search port: create an index with a mapping, index documents, match on
Chinese names, bulk-index with helpers.bulk, and the seed's own usage example."""

import contextlib
import io
import time

from elasticsearch import Elasticsearch
from elasticsearch.helpers import BulkIndexError, bulk

from search_helpers import drop, hit_ids


# ---------------------------------------------------------------------------
# The seed's class, as written there (only the hosts differ: the caller passes wharf's search
# endpoint instead of the default 'localhost:9200').

# app/elasticsearch_manager.py
class ElasticsearchManager:
    """Elasticsearch管理器"""

    def __init__(self, hosts=['localhost:9200']):
        self.es = Elasticsearch(hosts)

    def create_index(self, index_name, mapping=None):
        """创建索引"""
        if not self.es.indices.exists(index=index_name):
            body = {}
            if mapping:
                body['mappings'] = mapping
            self.es.indices.create(index=index_name, body=body)
            print(f"索引创建成功: {index_name}")
            return True
        return False
    def index_document(self, index_name, doc_id, document):
        """索引文档"""
        self.es.index(index=index_name, id=doc_id, body=document)
        print(f"文档索引成功: {doc_id}")

    def search(self, index_name, query, size=10):
        """搜索文档"""
        response = self.es.search(index=index_name, body=query, size=size)
        return [hit['_source'] for hit in response['hits']['hits']]

    def bulk_index(self, index_name, documents):
        """批量索引"""
        actions = [
            {
                '_index': index_name,
                '_id': doc.get('id'),
                '_source': doc
            }
            for doc in documents
        ]
        bulk(self.es, actions)
        print(f"批量索引完成: {len(documents)} 个文档")


# ---------------------------------------------------------------------------
# helpers

def _manager(ctx):
    if not ctx.search_endpoint:
        ctx.skip("no search endpoint (set SEARCH_ENDPOINT)")
    ctx.es  # noqa: B018 - Skip early (with a reason) when elasticsearch-py is missing
    return ElasticsearchManager(hosts=[ctx.search_endpoint])


@contextlib.contextmanager
def _printed():
    """Capture what the seed prints (it reports success on stdout)."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        yield buf


def _wait_results(es_mgr, index, query, want_len, timeout=5.0):
    """The seed searches right after indexing, without a refresh: ES makes documents searchable
    at the next periodic refresh (index.refresh_interval, 1s by default), so poll like a user
    re-running the search would."""
    deadline = time.time() + timeout
    while True:
        results = es_mgr.search(index, query)
        if len(results) >= want_len or time.time() > deadline:
            return results
        time.sleep(0.2)


USER_MAPPING = {
    'properties': {
        'name': {'type': 'text', 'analyzer': 'standard'},
        'city': {'type': 'keyword'},
        'email': {'type': 'keyword'},
        'age': {'type': 'integer'},
        'score': {'type': 'float'},
        'balance': {'type': 'long'},
    }
}

PEOPLE = [
    {'id': 'p1', 'name': '张三', 'city': '北京', 'email': 'zhangsan@example.com', 'age': 30, 'score': 88.5,
     'balance': 1200},
    {'id': 'p2', 'name': '李四', 'city': '上海', 'email': 'lisi@example.com', 'age': 25, 'score': 92.0,
     'balance': 300},
    {'id': 'p3', 'name': '王五', 'city': '北京', 'email': 'wangwu@example.com', 'age': 41, 'score': 75.25,
     'balance': 50000},
    {'id': 'p4', 'name': '赵六', 'city': '深圳', 'email': 'zhaoliu@example.com', 'age': 35, 'score': 60.0,
     'balance': 0},
]


# ---------------------------------------------------------------------------
# tests

def test_seed_usage_example(ctx):
    """The seed's __main__ block, step by step (on a fresh index name instead of 'users')."""
    es = _manager(ctx)
    users = ctx.index_name("users")
    try:
        mapping = {
            'properties': {
                'name': {'type': 'text'},
                'age': {'type': 'integer'}
            }
        }
        with _printed() as out:
            assert es.create_index(users, mapping) is True
            es.index_document(users, '1', {'name': '张三', 'age': 30})
        assert out.getvalue().splitlines() == ["索引创建成功: %s" % users, "文档索引成功: 1"], out.getvalue()
        query = {'query': {'match': {'name': '张三'}}}
        results = _wait_results(es, users, query, 1)
        assert results == [{'name': '张三', 'age': 30}], results
        got = es.es.indices.get_mapping(index=users)
        assert got == {users: {'mappings': {'properties': {'name': {'type': 'text'},
                                                            'age': {'type': 'integer'}}}}}, got
    finally:
        drop(ctx, users)


def test_create_index_with_mapping(ctx):
    es = _manager(ctx)
    name = ctx.index_name("people")
    try:
        with _printed() as out:
            assert es.create_index(name, USER_MAPPING) is True
        assert out.getvalue() == "索引创建成功: %s\n" % name
        assert es.es.indices.exists(index=name) is True
        props = es.es.indices.get_mapping(index=name)[name]['mappings']['properties']
        assert props == USER_MAPPING['properties'], props
        # the default settings of a 7.x index: one primary, one replica
        idx = es.es.indices.get_settings(index=name)[name]['settings']['index']
        assert idx['number_of_shards'] == '1' and idx['number_of_replicas'] == '1', idx
        assert idx['provided_name'] == name, idx
    finally:
        drop(ctx, name)


def test_create_index_twice_returns_false(ctx):
    es = _manager(ctx)
    name = ctx.index_name("people")
    try:
        assert es.create_index(name, USER_MAPPING) is True
        with _printed() as out:
            assert es.create_index(name, {'properties': {'other': {'type': 'keyword'}}}) is False
        assert out.getvalue() == "", "nothing is created (or printed) the second time"
        props = es.es.indices.get_mapping(index=name)[name]['mappings']['properties']
        assert 'other' not in props and set(props) == set(USER_MAPPING['properties']), props
    finally:
        drop(ctx, name)


def test_index_document_and_get(ctx):
    es = _manager(ctx)
    name = ctx.index_name("people")
    try:
        es.create_index(name, USER_MAPPING)
        for p in PEOPLE:
            es.index_document(name, p['id'], {k: v for k, v in p.items() if k != 'id'})
        got = es.es.get(index=name, id='p3')
        assert got['found'] is True and got['_id'] == 'p3' and got['_version'] == 1, got
        assert got['_source'] == {'name': '王五', 'city': '北京', 'email': 'wangwu@example.com', 'age': 41,
                                  'score': 75.25, 'balance': 50000}, got
        # re-indexing the same id replaces the document and bumps the version
        es.index_document(name, 'p3', {'name': '王五', 'age': 42})
        got = es.es.get(index=name, id='p3')
        assert got['_version'] == 2 and got['_source'] == {'name': '王五', 'age': 42}, got
    finally:
        drop(ctx, name)


def test_search_chinese_name_matches_only_that_person(ctx):
    es = _manager(ctx)
    name = ctx.index_name("people")
    try:
        es.create_index(name, USER_MAPPING)
        for p in PEOPLE:
            es.index_document(name, p['id'], p)
        es.es.indices.refresh(index=name)
        results = es.search(name, {'query': {'match': {'name': '张三'}}})
        assert [r['id'] for r in results] == ['p1'], results
        assert results[0]['name'] == '张三' and results[0]['age'] == 30
        results = es.search(name, {'query': {'match': {'name': '李四'}}})
        assert [r['id'] for r in results] == ['p2'], results
        assert es.search(name, {'query': {'match': {'name': '孙七'}}}) == []
    finally:
        drop(ctx, name)


def test_chinese_match_is_per_character_with_standard_analyzer(ctx):
    """The standard analyzer makes one token per CJK character, so a match query for 张三 (OR of
    张 and 三) also finds 张伟, ranked after the exact name; operator=and needs both characters."""
    es = _manager(ctx)
    name = ctx.index_name("people")
    try:
        es.create_index(name, USER_MAPPING)
        es.bulk_index(name, PEOPLE + [{'id': 'p5', 'name': '张伟', 'age': 28}])
        es.es.indices.refresh(index=name)
        res = es.es.search(index=name, body={'query': {'match': {'name': '张三'}}})
        assert hit_ids(res) == ['p1', 'p5'], res
        assert res['hits']['hits'][0]['_score'] > res['hits']['hits'][1]['_score'] > 0, res
        results = es.search(name, {'query': {'match': {'name': {'query': '张三', 'operator': 'and'}}}})
        assert [r['id'] for r in results] == ['p1'], results
        results = es.search(name, {'query': {'match_phrase': {'name': '三张'}}})
        assert results == [], results
    finally:
        drop(ctx, name)


def test_bulk_index_with_helpers(ctx):
    es = _manager(ctx)
    name = ctx.index_name("people")
    try:
        es.create_index(name, USER_MAPPING)
        with _printed() as out:
            es.bulk_index(name, PEOPLE)
        assert out.getvalue() == "批量索引完成: 4 个文档\n", out.getvalue()
        es.es.indices.refresh(index=name)
        assert es.es.count(index=name)['count'] == 4
        # '_id' came from each document's 'id'; the whole dict (with 'id') is the source
        got = es.es.get(index=name, id='p4')
        assert got['_source'] == PEOPLE[3], got
        # keyword and numeric fields from the mapping
        res = es.es.search(index=name, body={'query': {'term': {'city': '北京'}}, 'sort': [{'age': 'asc'}]})
        assert hit_ids(res) == ['p1', 'p3'], res
        res = es.es.search(index=name, body={'query': {'range': {'balance': {'gte': 300, 'lt': 50000}}},
                                              'sort': [{'balance': 'desc'}]})
        assert hit_ids(res) == ['p1', 'p2'], res
        res = es.es.search(index=name, body={'query': {'range': {'score': {'gt': 80}}}, 'sort': ['_doc']})
        assert sorted(hit_ids(res)) == ['p1', 'p2'], res
        # bulk again with the same ids: documents are replaced, not duplicated
        es.bulk_index(name, [dict(p, age=p['age'] + 1) for p in PEOPLE])
        es.es.indices.refresh(index=name)
        assert es.es.count(index=name)['count'] == 4
        assert es.es.get(index=name, id='p1')['_source']['age'] == 31
        assert es.es.get(index=name, id='p1')['_version'] == 2
    finally:
        drop(ctx, name)


def test_bulk_index_reports_rejected_documents(ctx):
    """helpers.bulk raises BulkIndexError listing the failed items (here a non-numeric age for
    an integer field); the valid documents of the same request are indexed."""
    es = _manager(ctx)
    name = ctx.index_name("people")
    try:
        es.create_index(name, USER_MAPPING)
        docs = [PEOPLE[0], {'id': 'bad', 'name': '坏人', 'age': 'abc'}, PEOPLE[1]]
        try:
            with _printed():
                es.bulk_index(name, docs)
        except BulkIndexError as e:
            errors = e.errors
        else:
            raise AssertionError("bulk with a bad document did not raise BulkIndexError")
        assert len(errors) == 1, errors
        item = errors[0]['index']
        assert item['_id'] == 'bad' and item['status'] == 400, item
        assert item['error']['type'] == 'mapper_parsing_exception', item
        assert item['error']['reason'].startswith(
            "failed to parse field [age] of type [integer] in document with id 'bad'"), item
        es.es.indices.refresh(index=name)
        assert es.es.count(index=name)['count'] == 2
        assert es.es.exists(index=name, id='bad') is False
    finally:
        drop(ctx, name)


def test_search_size_limits_results(ctx):
    es = _manager(ctx)
    name = ctx.index_name("people")
    try:
        es.create_index(name, USER_MAPPING)
        es.bulk_index(name, [{'id': 'n%02d' % i, 'name': '用户%d' % i, 'age': 20 + i} for i in range(15)])
        es.es.indices.refresh(index=name)
        q = {'query': {'match_all': {}}, 'sort': [{'age': 'asc'}]}
        assert [r['id'] for r in es.search(name, q)] == ['n%02d' % i for i in range(10)]  # default size=10
        assert [r['id'] for r in es.search(name, q, size=3)] == ['n00', 'n01', 'n02']
        assert len(es.search(name, q, size=100)) == 15
        assert es.search(name, q, size=0) == []
    finally:
        drop(ctx, name)
