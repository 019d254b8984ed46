// Elasticsearch 7.17 REST API on the search port, through @opensearch-project/opensearch 2.x
// (the client of the OpenSearch fork of Elasticsearch 7.10; its requests are plain 7.x REST with
// application/json bodies). Answers are { body, statusCode, headers }. Covers the handshake,
// indices, documents, bulk (API and helpers.bulk), the common queries, aggregations, count and
// error responses.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  makeOpenSearchClient, uniqueIndex, expectError,
  CATALOG, CATALOG_IDS, CATALOG_MAPPINGS, CATALOG_SETTINGS, catalogBulkBody, hitIds, sortedIds, approx,
} from './search_lib.mjs';

const os = makeOpenSearchClient();

const made = [];
function indexName(tag) { const n = uniqueIndex(`os-${tag}`); made.push(n); return n; }
after(async () => {
  for (const index of made) await os.indices.delete({ index }, { ignore: [404] }).catch(() => {});
});

async function createIndex(index, body = { settings: { number_of_shards: 1, number_of_replicas: 0 } }) {
  const res = await os.indices.create({ index, body });
  assert.equal(res.statusCode, 200);
  return res;
}

// ------------------------------------------------------------------------------- handshake
describe('handshake', () => {
  test('info() answers as Elasticsearch 7.17', async () => {
    const res = await os.info();
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['x-elastic-product'], 'Elasticsearch');
    assert.match(res.body.version.number, /^7\.17\.\d+$/);
    assert.equal(res.body.tagline, 'You Know, for Search');
    assert.equal(res.body.version.distribution, undefined, 'Elasticsearch has no version.distribution (OpenSearch says "opensearch")');
    assert.equal(typeof res.body.cluster_name, 'string');
  });

  test('ping() is true', async () => {
    const res = await os.ping();
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, true);
  });

  test('cluster.health', async () => {
    const res = await os.cluster.health();
    assert.ok(['green', 'yellow'].includes(res.body.status), `status ${res.body.status}`);
    assert.equal(res.body.number_of_nodes, 1);
    assert.equal(res.body.timed_out, false);
  });
});

// --------------------------------------------------------------------------------- indices
describe('indices', () => {
  const mappings = { properties: { title: { type: 'text' }, n: { type: 'integer' } } };

  test('create with mappings and settings; exists; get', async () => {
    const index = indexName('create');
    const res = await os.indices.create({ index, body: { mappings, settings: { number_of_shards: 1, number_of_replicas: 0 } } });
    assert.deepEqual(res.body, { acknowledged: true, shards_acknowledged: true, index });
    assert.equal((await os.indices.exists({ index })).body, true);
    assert.equal((await os.indices.exists({ index: `${index}-no` })).body, false);
    const got = (await os.indices.get({ index })).body[index];
    assert.deepEqual(got.mappings, mappings);
    assert.equal(got.settings.index.number_of_shards, '1');
    assert.equal(got.settings.index.number_of_replicas, '0');
  });

  test('putMapping then getMapping', async () => {
    const index = indexName('mapping');
    await createIndex(index, { mappings });
    const put = await os.indices.putMapping({ index, body: { properties: { tag: { type: 'keyword' } } } });
    assert.deepEqual(put.body, { acknowledged: true });
    const res = await os.indices.getMapping({ index });
    assert.deepEqual(res.body, { [index]: { mappings: { properties: { ...mappings.properties, tag: { type: 'keyword' } } } } });
  });

  test('aliases: putAlias, getAlias, search through the alias', async () => {
    const index = indexName('alias');
    const alias = `${index}-a`;
    await createIndex(index);
    assert.deepEqual((await os.indices.putAlias({ index, name: alias })).body, { acknowledged: true });
    assert.deepEqual((await os.indices.getAlias({ name: alias })).body, { [index]: { aliases: { [alias]: {} } } });
    await os.index({ index: alias, id: '1', body: { via: 'alias' }, refresh: true });
    const res = await os.search({ index: alias, body: { query: { match_all: {} } } });
    assert.deepEqual(hitIds(res.body.hits.hits), ['1']);
    assert.equal(res.body.hits.hits[0]._index, index);
  });

  test('cat.indices (format=json)', async () => {
    const index = indexName('cat');
    await createIndex(index);
    await os.index({ index, id: '1', body: { a: 1 }, refresh: true });
    const res = await os.cat.indices({ index, format: 'json' });
    assert.equal(res.body.length, 1);
    assert.equal(res.body[0].index, index);
    assert.equal(res.body[0].status, 'open');
    assert.equal(res.body[0]['docs.count'], '1');
  });

  test('delete; a second delete is index_not_found_exception 404', async () => {
    const index = indexName('delete');
    await createIndex(index);
    assert.deepEqual((await os.indices.delete({ index })).body, { acknowledged: true });
    assert.equal((await os.indices.exists({ index })).body, false);
    await expectError(() => os.indices.delete({ index }), {
      status: 404, type: 'index_not_found_exception', reason: `no such index [${index}]`,
    });
  });

  test('create an existing index: resource_already_exists_exception 400', async () => {
    const index = indexName('twice');
    await createIndex(index);
    await expectError(() => os.indices.create({ index }), {
      status: 400, type: 'resource_already_exists_exception',
      reason: new RegExp(`^index \\[${index}/[^\\]]+\\] already exists$`),
    });
  });
});

// ------------------------------------------------------------------------------- documents
describe('documents', () => {
  let index;
  before(async () => {
    index = indexName('docs');
    await createIndex(index, { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: { properties: { n: { type: 'integer' } } } });
  });

  test('index, get, exists', async () => {
    const put = await os.index({ index, id: 'a', body: { name: 'alpha', n: 1 } });
    assert.equal(put.statusCode, 201);
    assert.equal(put.body.result, 'created');
    assert.equal(put.body._version, 1);
    const got = await os.get({ index, id: 'a' });
    assert.equal(got.body.found, true);
    assert.equal(got.body._seq_no, put.body._seq_no);
    assert.deepEqual(got.body._source, { name: 'alpha', n: 1 });
    assert.equal((await os.exists({ index, id: 'a' })).body, true);
    assert.equal((await os.exists({ index, id: 'zz' })).body, false);
  });

  test('get a missing document: 404, found=false', async () => {
    const res = await os.get({ index, id: 'missing' }, { ignore: [404] });
    assert.equal(res.statusCode, 404);
    assert.equal(res.body.found, false);
    assert.equal(res.body._id, 'missing');
  });

  test('update: partial doc, doc_as_upsert, upsert', async () => {
    await os.index({ index, id: 'u', body: { name: 'x', n: 1 } });
    const u = await os.update({ index, id: 'u', body: { doc: { n: 2 } } });
    assert.equal(u.body.result, 'updated');
    assert.equal(u.body._version, 2);
    assert.deepEqual((await os.get({ index, id: 'u' })).body._source, { name: 'x', n: 2 });

    const d = await os.update({ index, id: 'dau', body: { doc: { n: 5 }, doc_as_upsert: true } });
    assert.equal(d.body.result, 'created');
    assert.deepEqual((await os.get({ index, id: 'dau' })).body._source, { n: 5 });

    const up = await os.update({ index, id: 'ups', body: { doc: { n: 9 }, upsert: { n: 0, fresh: true } } });
    assert.equal(up.body.result, 'created');
    assert.deepEqual((await os.get({ index, id: 'ups' })).body._source, { n: 0, fresh: true });
  });

  test('delete; mget mixes found and missing', async () => {
    await os.index({ index, id: 'm1', body: { n: 1 } });
    await os.index({ index, id: 'm2', body: { n: 2 } });
    const del = await os.delete({ index, id: 'm2' });
    assert.equal(del.body.result, 'deleted');
    const res = await os.mget({ index, body: { ids: ['m1', 'm2'] } });
    assert.deepEqual(res.body.docs.map((x) => [x._id, x.found]), [['m1', true], ['m2', false]]);
    assert.deepEqual(res.body.docs[0]._source, { n: 1 });
  });

  test('create twice: version_conflict_engine_exception 409', async () => {
    await os.create({ index, id: 'c', body: { n: 1 } });
    await expectError(() => os.create({ index, id: 'c', body: { n: 2 } }), {
      status: 409, type: 'version_conflict_engine_exception',
      reason: '[c]: version conflict, document already exists (current version [1])',
    });
  });

  test('if_seq_no mismatch: version_conflict_engine_exception 409', async () => {
    const first = await os.index({ index, id: 'o', body: { n: 1 } });
    const second = await os.index({ index, id: 'o', body: { n: 2 }, if_seq_no: first.body._seq_no, if_primary_term: 1 });
    assert.equal(second.body._version, 2);
    await expectError(() => os.index({ index, id: 'o', body: { n: 3 }, if_seq_no: first.body._seq_no, if_primary_term: 1 }), {
      status: 409, type: 'version_conflict_engine_exception',
      reason: new RegExp(`^\\[o\\]: version conflict, required seqNo \\[${first.body._seq_no}\\], primary term \\[1\\]`),
    });
  });

  test('a value of the wrong type: mapper_parsing_exception 400', async () => {
    await expectError(() => os.index({ index, id: 'bad', body: { n: 'many' } }), {
      status: 400, type: 'mapper_parsing_exception',
      reason: /^failed to parse field \[n\] of type \[integer\] in document with id 'bad'/,
    });
  });
});

// ------------------------------------------------------------------------------------ bulk
describe('bulk', () => {
  test('bulk with a mix of operations and one failing item', async () => {
    const index = indexName('bulk');
    await createIndex(index);
    const res = await os.bulk({
      refresh: true,
      body: [
        { index: { _index: index, _id: '1' } }, { v: 1 },
        { create: { _index: index, _id: '1' } }, { v: 3 },
        { update: { _index: index, _id: '1' } }, { doc: { w: 2 } },
        { index: { _index: index, _id: '2' } }, { v: 2 },
        { delete: { _index: index, _id: '2' } },
      ],
    });
    assert.equal(res.body.errors, true);
    assert.deepEqual(res.body.items.map((it) => Object.values(it)[0].status), [201, 409, 200, 201, 200]);
    assert.equal(res.body.items[1].create.error.type, 'version_conflict_engine_exception');
    assert.deepEqual((await os.get({ index, id: '1' })).body._source, { v: 1, w: 2 });
    assert.equal((await os.count({ index })).body.count, 1);
  });

  test('helpers.bulk indexes 120 documents', async () => {
    const index = indexName('helper');
    await createIndex(index);
    const docs = Array.from({ length: 120 }, (_, i) => ({ k: `k${i}`, i }));
    const dropped = [];
    const stats = await os.helpers.bulk({
      datasource: docs,
      onDocument: (doc) => ({ index: { _index: index, _id: doc.k } }),
      flushBytes: 2000,
      refreshOnCompletion: index,
      onDrop: (d) => dropped.push(d),
    });
    assert.deepEqual(dropped, []);
    assert.equal(stats.total, 120);
    assert.equal(stats.successful, 120);
    assert.equal(stats.failed, 0);
    assert.equal((await os.count({ index })).body.count, 120);
    assert.deepEqual((await os.get({ index, id: 'k7' })).body._source, { k: 'k7', i: 7 });
  });
});

// ---------------------------------------------------------------------------------- search
describe('search', () => {
  let index;
  const search = async (body) => (await os.search({ index, body })).body;

  before(async () => {
    index = indexName('catalog');
    await createIndex(index, { mappings: CATALOG_MAPPINGS, settings: CATALOG_SETTINGS });
    const res = await os.bulk({ refresh: true, body: catalogBulkBody(index) });
    assert.equal(res.body.errors, false);
  });

  test('match_all', async () => {
    const res = await search({ query: { match_all: {} } });
    assert.deepEqual(res.hits.total, { value: 6, relation: 'eq' });
    assert.deepEqual(sortedIds(res.hits.hits), CATALOG_IDS);
    assert.deepEqual(res.hits.hits.find((h) => h._id === '5')._source, CATALOG[5]);
  });

  test('match, including Chinese "张三"', async () => {
    assert.deepEqual(sortedIds((await search({ query: { match: { title: 'apple' } } })).hits.hits), ['3', '4']);
    const zh = await search({ query: { match: { name: '张三' } } });
    assert.equal(zh.hits.hits[0]._id, '1');
    assert.equal(zh.hits.hits[0]._source.name, '张三');
    assert.ok(!hitIds(zh.hits.hits).includes('2'), '李四 must not match');
  });

  test('match_phrase and multi_match', async () => {
    assert.deepEqual(hitIds((await search({ query: { match_phrase: { title: 'quick brown' } } })).hits.hits), ['1']);
    const mm = await search({ query: { multi_match: { query: 'fox mouse', fields: ['title', 'body'] } } });
    assert.deepEqual(sortedIds(mm.hits.hits), ['1', '6']);
  });

  test('term, terms, range, exists, ids, prefix, wildcard', async () => {
    const ids = async (query) => sortedIds((await search({ query, size: 20 })).hits.hits);
    assert.deepEqual(await ids({ term: { category: 'food' } }), ['3', '4']);
    assert.deepEqual(await ids({ terms: { tags: ['green', 'office'] } }), ['4', '5', '6']);
    assert.deepEqual(await ids({ range: { price: { gte: 10, lt: 25 } } }), ['1', '2']);
    assert.deepEqual(await ids({ exists: { field: 'rating' } }), ['1', '3', '4', '5']);
    assert.deepEqual(await ids({ ids: { values: ['2', '5', 'nope'] } }), ['2', '5']);
    assert.deepEqual(await ids({ prefix: { category: 'elec' } }), ['5', '6']);
    assert.deepEqual(await ids({ wildcard: { category: 'f*d' } }), ['3', '4']);
  });

  test('bool with must, filter and must_not', async () => {
    const res = await search({
      query: { bool: { must: [{ match: { body: 'quiet' } }], filter: [{ term: { category: 'electronics' } }], must_not: [{ term: { stock: 0 } }] } },
    });
    assert.deepEqual(hitIds(res.hits.hits), ['5']);
  });

  test('sort, from/size, search_after, _source filtering', async () => {
    const page = await search({ sort: [{ price: 'asc' }], from: 1, size: 3, _source: ['price'] });
    assert.deepEqual(hitIds(page.hits.hits), ['3', '1', '2']);
    assert.deepEqual(page.hits.hits.map((h) => h._source), [{ price: 5.5 }, { price: 10 }, { price: 20 }]);
    assert.deepEqual(page.hits.hits.map((h) => h.sort), [[5.5], [10], [20]]);
    const next = await search({ sort: [{ price: 'asc' }, { sku: 'asc' }], size: 10, search_after: [20, 'sku-002'] });
    assert.deepEqual(hitIds(next.hits.hits), ['6', '5']);
  });

  test('highlight', async () => {
    const res = await search({ query: { match: { title: 'keyboard' } }, highlight: { fields: { title: {} } } });
    assert.deepEqual(res.hits.hits.map((h) => [h._id, h.highlight]), [['5', { title: ['wireless <em>keyboard</em>'] }]]);
  });

  test('aggregations: terms with an avg sub-aggregation, stats, date_histogram', async () => {
    const res = await search({
      size: 0,
      aggs: {
        cat: { terms: { field: 'category' }, aggs: { avg_price: { avg: { field: 'price' } } } },
        price: { stats: { field: 'price' } },
        months: { date_histogram: { field: 'created', calendar_interval: 'month' } },
      },
    });
    const a = res.aggregations;
    assert.deepEqual(a.cat.buckets.map((b) => [b.key, b.doc_count, b.avg_price.value]), [
      ['animals', 2, 15], ['electronics', 2, 35], ['food', 2, 4.25],
    ]);
    assert.equal(a.price.count, 6);
    assert.equal(a.price.min, 3);
    assert.equal(a.price.max, 45);
    assert.ok(approx(a.price.sum, 108.5));
    assert.deepEqual(a.months.buckets.map((b) => [b.key_as_string, b.doc_count]), [
      ['2021-01-01T00:00:00.000Z', 2], ['2021-02-01T00:00:00.000Z', 0], ['2021-03-01T00:00:00.000Z', 2], ['2021-04-01T00:00:00.000Z', 2],
    ]);
  });

  test('count', async () => {
    assert.equal((await os.count({ index })).body.count, 6);
    assert.equal((await os.count({ index, body: { query: { range: { stock: { gt: 0 } } } } })).body.count, 4);
  });

  test('search a missing index: index_not_found_exception 404', async () => {
    const missing = uniqueIndex('os-missing');
    await expectError(() => os.search({ index: missing, body: { query: { match_all: {} } } }), {
      status: 404, type: 'index_not_found_exception', reason: `no such index [${missing}]`,
    });
  });

  test('an unknown query: parsing_exception 400', async () => {
    await expectError(() => search({ query: { no_such_query: {} } }), {
      status: 400, type: 'parsing_exception', reason: /^unknown query \[no_such_query\]/,
    });
  });
});
