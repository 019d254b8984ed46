// Elasticsearch 7.17 REST API on the search port, through the official @elastic/elasticsearch
// client (9.x, with plain application/json headers: see search_lib.mjs), as documented for
// Elasticsearch 7.17: handshake, indices, aliases, cat/cluster, documents, bulk (API and the
// helpers.bulk helper), queries, sorting and paging, _source filtering, highlighting,
// aggregations, count and error responses.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  makeElasticClient, uniqueIndex, expectError, rawRequest,
  CATALOG, CATALOG_IDS, CATALOG_MAPPINGS, CATALOG_SETTINGS, catalogBulkBody, hitIds, sortedIds, approx,
} from './search_lib.mjs';

const es = makeElasticClient();

// Indices made by a group of tests, deleted in its after().
function tracker() {
  const made = [];
  return {
    name(tag) { const n = uniqueIndex(`es-${tag}`); made.push(n); return n; },
    async cleanup() {
      for (const index of made) await es.indices.delete({ index }, { ignore: [404] }).catch(() => {});
    },
  };
}

async function createIndex(index, { mappings, settings = { number_of_shards: 1, number_of_replicas: 0 }, aliases } = {}) {
  const res = await es.indices.create({ index, mappings, settings, aliases });
  assert.equal(res.acknowledged, true);
  return res;
}

// ------------------------------------------------------------------------------- handshake
describe('handshake', () => {
  test('info() answers as Elasticsearch 7.17 with the X-Elastic-Product header', async () => {
    const res = await es.info({}, { meta: true });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['x-elastic-product'], 'Elasticsearch');
    assert.match(res.headers['content-type'], /^application\/json/);
    const info = res.body;
    assert.match(info.version.number, /^7\.17\.\d+$/);
    assert.equal(info.tagline, 'You Know, for Search');
    assert.equal(typeof info.name, 'string');
    assert.ok(info.name.length > 0);
    assert.equal(typeof info.cluster_name, 'string');
    assert.ok(info.cluster_name.length > 0);
    assert.equal(typeof info.cluster_uuid, 'string');
    assert.equal(info.version.build_flavor, 'default');
    assert.equal(info.version.build_snapshot, false);
    assert.match(info.version.lucene_version, /^8\.\d+\.\d+$/);
    assert.equal(typeof info.version.minimum_wire_compatibility_version, 'string');
    assert.equal(typeof info.version.minimum_index_compatibility_version, 'string');

    const raw = await rawRequest('GET', '/');
    assert.equal(raw.status, 200);
    assert.equal(raw.headers.get('x-elastic-product'), 'Elasticsearch');
    assert.deepEqual(raw.json.version, info.version, 'plain HTTP sees the same version');
  });

  test('ping() is true', async () => {
    assert.equal(await es.ping(), true);
  });

  test('error answers carry X-Elastic-Product too', async () => {
    const err = await expectError(() => es.indices.get({ index: uniqueIndex('es-nope') }), {
      status: 404, type: 'index_not_found_exception',
    });
    assert.equal(err.meta.headers['x-elastic-product'], 'Elasticsearch');
  });

  test('a 7.x client\'s compatible-with=7 media type is accepted', async () => {
    const vnd = 'application/vnd.elasticsearch+json; compatible-with=7';
    const res = await rawRequest('POST', '/_count', { body: { query: { match_all: {} } }, headers: { accept: vnd, 'content-type': vnd } });
    assert.equal(res.status, 200, res.text);
    assert.equal(typeof res.json.count, 'number');
    assert.equal(res.headers.get('x-elastic-product'), 'Elasticsearch');
  });
});

// --------------------------------------------------------------------------------- indices
describe('indices', () => {
  const t = tracker();
  after(() => t.cleanup());

  const mappings = {
    properties: {
      title: { type: 'text' },
      tag: { type: 'keyword' },
      stock: { type: 'integer' },
      created: { type: 'date' },
    },
  };

  test('create with mappings and settings; exists', async () => {
    const index = t.name('create');
    const res = await es.indices.create({ index, mappings, settings: { number_of_shards: 1, number_of_replicas: 0 } });
    assert.deepEqual(res, { acknowledged: true, shards_acknowledged: true, index });
    assert.equal(await es.indices.exists({ index }), true);
    assert.equal(await es.indices.exists({ index: `${index}-other` }), false);
  });

  test('get returns mappings, settings (as strings) and aliases', async () => {
    const index = t.name('get');
    await createIndex(index, { mappings, settings: { number_of_shards: 1, number_of_replicas: 0 } });
    const res = await es.indices.get({ index });
    assert.deepEqual(Object.keys(res), [index]);
    const got = res[index];
    assert.deepEqual(got.aliases, {});
    assert.deepEqual(got.mappings, mappings);
    assert.equal(got.settings.index.number_of_shards, '1');
    assert.equal(got.settings.index.number_of_replicas, '0');
    assert.equal(got.settings.index.provided_name, index);
    assert.equal(typeof got.settings.index.uuid, 'string');
    assert.match(got.settings.index.creation_date, /^\d+$/);
  });

  test('getMapping returns the mappings given at creation', async () => {
    const index = t.name('getmap');
    await createIndex(index, { mappings });
    const res = await es.indices.getMapping({ index });
    assert.deepEqual(res, { [index]: { mappings } });
  });

  test('putMapping adds a field', async () => {
    const index = t.name('putmap');
    await createIndex(index, { mappings });
    const put = await es.indices.putMapping({ index, properties: { price: { type: 'double' }, note: { type: 'text' } } });
    assert.deepEqual(put, { acknowledged: true });
    const res = await es.indices.getMapping({ index });
    assert.deepEqual(res[index].mappings.properties, {
      ...mappings.properties, price: { type: 'double' }, note: { type: 'text' },
    });
  });

  test('putMapping cannot change a field\'s type (illegal_argument_exception 400)', async () => {
    const index = t.name('putmap-conflict');
    await createIndex(index, { mappings });
    await expectError(() => es.indices.putMapping({ index, properties: { stock: { type: 'keyword' } } }), {
      status: 400, type: 'illegal_argument_exception',
      reason: 'mapper [stock] cannot be changed from type [integer] to [keyword]',
    });
    const res = await es.indices.getMapping({ index });
    assert.deepEqual(res[index].mappings.properties.stock, { type: 'integer' });
  });

  test('dynamic mapping: text+keyword, long, float, boolean, date, object', async () => {
    const index = t.name('dynamic');
    await createIndex(index);
    await es.index({ index, id: '1', document: { title: 'hello', n: 5, f: 1.5, b: true, d: '2021-05-01', o: { inner: 'x' } }, refresh: true });
    const res = await es.indices.getMapping({ index });
    const textKw = { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } };
    assert.deepEqual(res[index].mappings.properties, {
      title: textKw,
      n: { type: 'long' },
      f: { type: 'float' },
      b: { type: 'boolean' },
      d: { type: 'date' },
      o: { properties: { inner: textKw } },
    });
  });

  test('refresh reports its shards', async () => {
    const index = t.name('refresh');
    await createIndex(index);
    await es.index({ index, id: '1', document: { a: 1 } });
    const res = await es.indices.refresh({ index });
    assert.equal(res._shards.failed, 0);
    assert.equal(res._shards.successful, 1);
    const { count } = await es.count({ index });
    assert.equal(count, 1);
  });

  test('delete; the index is gone', async () => {
    const index = t.name('delete');
    await createIndex(index);
    assert.deepEqual(await es.indices.delete({ index }), { acknowledged: true });
    assert.equal(await es.indices.exists({ index }), false);
    await expectError(() => es.indices.getMapping({ index }), { status: 404, type: 'index_not_found_exception' });
  });

  test('create an existing index: resource_already_exists_exception 400', async () => {
    const index = t.name('exists-twice');
    await createIndex(index);
    const err = await expectError(() => es.indices.create({ index }), {
      status: 400, type: 'resource_already_exists_exception',
      reason: new RegExp(`^index \\[${index}/[^\\]]+\\] already exists$`),
    });
    assert.equal(err.meta.body.error.index, index);
  });

  test('delete a missing index: index_not_found_exception 404', async () => {
    const index = uniqueIndex('es-missing');
    const err = await expectError(() => es.indices.delete({ index }), {
      status: 404, type: 'index_not_found_exception', reason: `no such index [${index}]`,
    });
    assert.equal(err.meta.body.error.index, index);
    assert.equal(err.meta.body.error['resource.id'], index);
    assert.equal(err.meta.body.error['resource.type'], 'index_or_alias');
  });

  test('an uppercase index name: invalid_index_name_exception 400', async () => {
    await expectError(() => es.indices.create({ index: 'Js-Upper-Case' }), {
      status: 400, type: 'invalid_index_name_exception',
      reason: 'Invalid index name [Js-Upper-Case], must be lowercase',
    });
  });

  test('an unknown field type: mapper_parsing_exception 400', async () => {
    const index = t.name('badtype');
    await expectError(() => es.indices.create({ index, mappings: { properties: { x: { type: 'no_such_type' } } } }), {
      status: 400, type: 'mapper_parsing_exception',
      reason: /No handler for type \[no_such_type\] declared on field \[x\]/,
    });
    assert.equal(await es.indices.exists({ index }), false);
  });
});

// --------------------------------------------------------------------------------- aliases
describe('aliases', () => {
  const t = tracker();
  after(() => t.cleanup());

  test('aliases given at creation show in getAlias and indices.get', async () => {
    const index = t.name('alias-create');
    const alias = `${index}-a`;
    await createIndex(index, { aliases: { [alias]: {} } });
    assert.deepEqual(await es.indices.getAlias({ index }), { [index]: { aliases: { [alias]: {} } } });
    assert.deepEqual(await es.indices.getAlias({ name: alias }), { [index]: { aliases: { [alias]: {} } } });
    const got = await es.indices.get({ index });
    assert.deepEqual(got[index].aliases, { [alias]: {} });
  });

  test('putAlias / existsAlias / write and search through the alias / deleteAlias', async () => {
    const index = t.name('alias-put');
    const alias = `${index}-a`;
    await createIndex(index);
    assert.equal(await es.indices.existsAlias({ name: alias }), false);
    assert.deepEqual(await es.indices.putAlias({ index, name: alias }), { acknowledged: true });
    assert.equal(await es.indices.existsAlias({ name: alias }), true);

    const idx = await es.index({ index: alias, id: '1', document: { v: 'through alias' }, refresh: true });
    assert.equal(idx._index, index, 'a write through an alias reports the concrete index');
    const res = await es.search({ index: alias, query: { match_all: {} } });
    assert.equal(res.hits.total.value, 1);
    assert.equal(res.hits.hits[0]._index, index);
    assert.deepEqual(res.hits.hits[0]._source, { v: 'through alias' });

    assert.deepEqual(await es.indices.deleteAlias({ index, name: alias }), { acknowledged: true });
    assert.equal(await es.indices.existsAlias({ name: alias }), false);
    await expectError(() => es.search({ index: alias }), { status: 404, type: 'index_not_found_exception' });
  });

  test('updateAliases moves an alias from one index to another at once', async () => {
    const a = t.name('alias-a');
    const b = t.name('alias-b');
    const alias = `${a}-live`;
    await createIndex(a, { aliases: { [alias]: {} } });
    await createIndex(b);
    await es.index({ index: a, id: 'a1', document: { from: 'a' }, refresh: true });
    await es.index({ index: b, id: 'b1', document: { from: 'b' }, refresh: true });

    const res = await es.indices.updateAliases({
      actions: [{ remove: { index: a, alias } }, { add: { index: b, alias } }],
    });
    assert.deepEqual(res, { acknowledged: true });
    assert.deepEqual(await es.indices.getAlias({ name: alias }), { [b]: { aliases: { [alias]: {} } } });
    const hits = (await es.search({ index: alias })).hits.hits;
    assert.deepEqual(hitIds(hits), ['b1']);
  });
});

// ---------------------------------------------------------------------------- cat, cluster
describe('cat and cluster', () => {
  const t = tracker();
  after(() => t.cleanup());

  test('cat.indices (format=json) lists the index with string counts', async () => {
    const index = t.name('cat');
    await createIndex(index);
    await es.bulk({ refresh: true, operations: [{ index: { _index: index, _id: '1' } }, { a: 1 }, { index: { _index: index, _id: '2' } }, { a: 2 }] });
    const rows = await es.cat.indices({ index, format: 'json' });
    assert.equal(rows.length, 1);
    const row = rows[0];
    assert.equal(row.index, index);
    assert.equal(row.status, 'open');
    assert.equal(row.health, 'green');
    assert.equal(row.pri, '1');
    assert.equal(row.rep, '0');
    assert.equal(row['docs.count'], '2');
    assert.equal(typeof row.uuid, 'string');
    assert.equal(typeof row['store.size'], 'string');
  });

  test('cluster.health answers for a one-node cluster', async () => {
    const info = await es.info();
    const h = await es.cluster.health();
    assert.equal(h.cluster_name, info.cluster_name);
    assert.ok(['green', 'yellow'].includes(h.status), `status ${h.status}`);
    assert.equal(h.timed_out, false);
    assert.equal(h.number_of_nodes, 1);
    assert.equal(h.number_of_data_nodes, 1);
    assert.equal(typeof h.active_primary_shards, 'number');
    assert.equal(typeof h.active_shards_percent_as_number, 'number');
  });

  test('cluster.health of an index without replicas is green', async () => {
    const index = t.name('health');
    await createIndex(index);
    const h = await es.cluster.health({ index });
    assert.equal(h.status, 'green');
    assert.equal(h.active_primary_shards, 1);
    assert.equal(h.unassigned_shards, 0);
  });
});

// ------------------------------------------------------------------------------- documents
describe('documents', () => {
  const t = tracker();
  let index;
  before(async () => {
    index = t.name('docs');
    await createIndex(index, { mappings: { properties: { name: { type: 'text' }, stock: { type: 'integer' }, tag: { type: 'keyword' } } } });
  });
  after(() => t.cleanup());

  test('index with an id: created, version 1, seq_no and primary term', async () => {
    const res = await es.index({ index, id: 'i1', document: { name: 'first', stock: 1 } });
    assert.equal(res._index, index);
    assert.equal(res._id, 'i1');
    assert.equal(res._version, 1);
    assert.equal(res.result, 'created');
    assert.equal(res._primary_term, 1);
    assert.equal(typeof res._seq_no, 'number');
    assert.equal(res._shards.successful, 1);
    assert.equal(res._shards.failed, 0);
  });

  test('index the same id again: updated, version 2, higher seq_no', async () => {
    const a = await es.index({ index, id: 'i2', document: { name: 'v1' } });
    const b = await es.index({ index, id: 'i2', document: { name: 'v2' } });
    assert.equal(b.result, 'updated');
    assert.equal(b._version, 2);
    assert.ok(b._seq_no > a._seq_no);
    const got = await es.get({ index, id: 'i2' });
    assert.deepEqual(got._source, { name: 'v2' }, 'index replaces the whole document');
  });

  test('index without an id generates one', async () => {
    const res = await es.index({ index, document: { name: 'auto' } });
    assert.equal(res.result, 'created');
    assert.match(res._id, /^[A-Za-z0-9_-]+$/, 'a URL-safe generated id');
    const got = await es.get({ index, id: res._id });
    assert.deepEqual(got._source, { name: 'auto' });
  });

  test('get returns _source, version, seq_no and found', async () => {
    const put = await es.index({ index, id: 'g1', document: { name: 'getme', stock: 3, tag: 't' } });
    const got = await es.get({ index, id: 'g1' });
    assert.equal(got._index, index);
    assert.equal(got._id, 'g1');
    assert.equal(got.found, true);
    assert.equal(got._version, 1);
    assert.equal(got._seq_no, put._seq_no);
    assert.equal(got._primary_term, 1);
    assert.deepEqual(got._source, { name: 'getme', stock: 3, tag: 't' });
  });

  test('get with _source_includes / _source_excludes', async () => {
    await es.index({ index, id: 'g2', document: { name: 'partial', stock: 9, tag: 'x' } });
    const inc = await es.get({ index, id: 'g2', _source_includes: ['name', 'tag'] });
    assert.deepEqual(inc._source, { name: 'partial', tag: 'x' });
    const exc = await es.get({ index, id: 'g2', _source_excludes: ['name'] });
    assert.deepEqual(exc._source, { stock: 9, tag: 'x' });
  });

  test('get a missing document: 404 with found=false', async () => {
    const err = await expectError(() => es.get({ index, id: 'nope' }), { status: 404 });
    assert.equal(err.meta.body.found, false);
    assert.equal(err.meta.body._id, 'nope');
    assert.equal(err.meta.body._index, index);
    const ignored = await es.get({ index, id: 'nope' }, { ignore: [404] });
    assert.equal(ignored.found, false);
  });

  test('get from a missing index: index_not_found_exception 404', async () => {
    const missing = uniqueIndex('es-missing');
    await expectError(() => es.get({ index: missing, id: '1' }), {
      status: 404, type: 'index_not_found_exception', reason: `no such index [${missing}]`,
    });
  });

  test('exists is true for a document and false for a missing one', async () => {
    await es.index({ index, id: 'e1', document: { name: 'here' } });
    assert.equal(await es.exists({ index, id: 'e1' }), true);
    assert.equal(await es.exists({ index, id: 'e-missing' }), false);
  });

  test('delete: deleted, then not_found 404', async () => {
    await es.index({ index, id: 'd1', document: { name: 'bye' } });
    const res = await es.delete({ index, id: 'd1' });
    assert.equal(res.result, 'deleted');
    assert.equal(res._version, 2);
    assert.equal(await es.exists({ index, id: 'd1' }), false);
    const err = await expectError(() => es.delete({ index, id: 'd1' }), { status: 404 });
    assert.equal(err.meta.body.result, 'not_found');
  });

  test('create: created, then version_conflict_engine_exception 409', async () => {
    const res = await es.create({ index, id: 'c1', document: { name: 'once' } });
    assert.equal(res.result, 'created');
    assert.equal(res._version, 1);
    const err = await expectError(() => es.create({ index, id: 'c1', document: { name: 'twice' } }), {
      status: 409, type: 'version_conflict_engine_exception',
      reason: '[c1]: version conflict, document already exists (current version [1])',
    });
    assert.equal(err.meta.body.error.index, index);
    assert.deepEqual((await es.get({ index, id: 'c1' }))._source, { name: 'once' });
  });

  test('index with op_type=create on an existing id: 409', async () => {
    await es.index({ index, id: 'c2', document: { name: 'first' } });
    await expectError(() => es.index({ index, id: 'c2', op_type: 'create', document: { name: 'second' } }), {
      status: 409, type: 'version_conflict_engine_exception',
      reason: '[c2]: version conflict, document already exists (current version [1])',
    });
  });

  test('if_seq_no / if_primary_term: a match writes, a mismatch is 409', async () => {
    const first = await es.index({ index, id: 'o1', document: { name: 'v1' } });
    const second = await es.index({
      index, id: 'o1', document: { name: 'v2' }, if_seq_no: first._seq_no, if_primary_term: first._primary_term,
    });
    assert.equal(second.result, 'updated');
    assert.equal(second._version, 2);
    const stale = first._seq_no;
    await expectError(() => es.index({ index, id: 'o1', document: { name: 'v3' }, if_seq_no: stale, if_primary_term: 1 }), {
      status: 409, type: 'version_conflict_engine_exception',
      reason: `[o1]: version conflict, required seqNo [${stale}], primary term [1]. current document has seqNo [${second._seq_no}] and primary term [1]`,
    });
    assert.deepEqual((await es.get({ index, id: 'o1' }))._source, { name: 'v2' });
  });

  test('update with a partial doc merges fields', async () => {
    await es.index({ index, id: 'u1', document: { name: 'orig', stock: 1, tag: 'a' } });
    const res = await es.update({ index, id: 'u1', doc: { stock: 2, tag: 'b' } });
    assert.equal(res.result, 'updated');
    assert.equal(res._version, 2);
    assert.deepEqual((await es.get({ index, id: 'u1' }))._source, { name: 'orig', stock: 2, tag: 'b' });
  });

  test('update with an unchanged doc is a noop', async () => {
    await es.index({ index, id: 'u2', document: { name: 'same', stock: 5 } });
    const res = await es.update({ index, id: 'u2', doc: { stock: 5 } });
    assert.equal(res.result, 'noop');
    assert.equal(res._version, 1);
  });

  test('update with doc_as_upsert creates a missing document, then updates it', async () => {
    const c = await es.update({ index, id: 'u3', doc: { name: 'upserted', stock: 1 }, doc_as_upsert: true });
    assert.equal(c.result, 'created');
    assert.equal(c._version, 1);
    assert.deepEqual((await es.get({ index, id: 'u3' }))._source, { name: 'upserted', stock: 1 });
    const u = await es.update({ index, id: 'u3', doc: { stock: 2 }, doc_as_upsert: true });
    assert.equal(u.result, 'updated');
    assert.deepEqual((await es.get({ index, id: 'u3' }))._source, { name: 'upserted', stock: 2 });
  });

  test('update with upsert: the upsert document when missing, the doc when present', async () => {
    const c = await es.update({ index, id: 'u4', doc: { stock: 99 }, upsert: { name: 'fresh', stock: 0 } });
    assert.equal(c.result, 'created');
    assert.deepEqual((await es.get({ index, id: 'u4' }))._source, { name: 'fresh', stock: 0 });
    const u = await es.update({ index, id: 'u4', doc: { stock: 99 }, upsert: { name: 'fresh', stock: 0 } });
    assert.equal(u.result, 'updated');
    assert.equal(u._version, 2);
    assert.deepEqual((await es.get({ index, id: 'u4' }))._source, { name: 'fresh', stock: 99 });
  });

  test('update a missing document without upsert: document_missing_exception 404', async () => {
    await expectError(() => es.update({ index, id: 'u-missing', doc: { a: 1 } }), {
      // 7.x still names the type here ("[_doc][id]"); 8.x dropped it.
      status: 404, type: 'document_missing_exception', reason: '[_doc][u-missing]: document missing',
    });
  });

  test('mget returns docs in request order, missing ones with found=false', async () => {
    await es.index({ index, id: 'm1', document: { name: 'one' } });
    await es.index({ index, id: 'm2', document: { name: 'two' } });
    const res = await es.mget({ index, ids: ['m2', 'm-missing', 'm1'] });
    assert.equal(res.docs.length, 3);
    assert.deepEqual(res.docs.map((d) => [d._id, d.found]), [['m2', true], ['m-missing', false], ['m1', true]]);
    assert.deepEqual(res.docs[0]._source, { name: 'two' });
    assert.deepEqual(res.docs[2]._source, { name: 'one' });
    assert.equal(res.docs[0]._index, index);
    assert.equal(res.docs[0]._version, 1);
    assert.equal(res.docs[1]._source, undefined);
  });

  test('mget with docs naming their own index', async () => {
    await es.index({ index, id: 'm3', document: { name: 'three' } });
    const res = await es.mget({ docs: [{ _index: index, _id: 'm3' }, { _index: index, _id: 'm-nope' }] });
    assert.deepEqual(res.docs.map((d) => [d._index, d._id, d.found]), [[index, 'm3', true], [index, 'm-nope', false]]);
    assert.deepEqual(res.docs[0]._source, { name: 'three' });
  });

  test('a value of the wrong type: mapper_parsing_exception 400', async () => {
    const err = await expectError(() => es.index({ index, id: 'bad', document: { stock: 'lots' } }), {
      status: 400, type: 'mapper_parsing_exception',
      reason: /^failed to parse field \[stock\] of type \[integer\] in document with id 'bad'/,
    });
    assert.equal(err.meta.body.error.caused_by?.type, 'number_format_exception');
    assert.equal(await es.exists({ index, id: 'bad' }), false);
  });

  test('refresh=true makes the document searchable at once', async () => {
    await es.index({ index, id: 'r1', document: { name: 'refreshme', tag: 'refresh-tag' }, refresh: true });
    const res = await es.search({ index, query: { term: { tag: 'refresh-tag' } } });
    assert.deepEqual(hitIds(res.hits.hits), ['r1']);
  });
});

// ------------------------------------------------------------------------------------ bulk
describe('bulk', () => {
  const t = tracker();
  after(() => t.cleanup());

  test('bulk index/create/update/delete: per-item results and statuses', async () => {
    const index = t.name('bulk');
    await createIndex(index);
    await es.index({ index, id: 'gone', document: { v: 0 }, refresh: true });
    const res = await es.bulk({
      refresh: true,
      operations: [
        { index: { _index: index, _id: '1' } }, { v: 1 },
        { create: { _index: index, _id: '2' } }, { v: 2 },
        { update: { _index: index, _id: '1' } }, { doc: { w: 'x' } },
        { delete: { _index: index, _id: 'gone' } },
      ],
    });
    assert.equal(res.errors, false);
    assert.equal(typeof res.took, 'number');
    assert.equal(res.items.length, 4);
    assert.deepEqual(res.items.map((it) => Object.keys(it)[0]), ['index', 'create', 'update', 'delete']);
    assert.deepEqual(res.items.map((it) => Object.values(it)[0].status), [201, 201, 200, 200]);
    assert.deepEqual(res.items.map((it) => Object.values(it)[0].result), ['created', 'created', 'updated', 'deleted']);
    assert.deepEqual(res.items.map((it) => Object.values(it)[0]._id), ['1', '2', '1', 'gone']);
    assert.equal(res.items[0].index._index, index);
    assert.equal(res.items[2].update._version, 2);
    assert.deepEqual((await es.get({ index, id: '1' }))._source, { v: 1, w: 'x' });
    assert.equal(await es.exists({ index, id: 'gone' }), false);
    assert.equal((await es.count({ index })).count, 2);
  });

  test('bulk with a failing item: errors=true, the others still apply', async () => {
    const index = t.name('bulk-err');
    await createIndex(index);
    await es.index({ index, id: 'dup', document: { v: 0 } });
    const res = await es.bulk({
      refresh: true,
      operations: [
        { create: { _index: index, _id: 'dup' } }, { v: 1 },
        { index: { _index: index, _id: 'ok' } }, { v: 2 },
        { update: { _index: index, _id: 'missing' } }, { doc: { v: 3 } },
      ],
    });
    assert.equal(res.errors, true);
    const [dup, ok, missing] = res.items;
    assert.equal(dup.create.status, 409);
    assert.equal(dup.create.error.type, 'version_conflict_engine_exception');
    assert.equal(dup.create.error.reason, '[dup]: version conflict, document already exists (current version [1])');
    assert.equal(ok.index.status, 201);
    assert.equal(ok.index.result, 'created');
    assert.equal(missing.update.status, 404);
    assert.equal(missing.update.error.type, 'document_missing_exception');
    assert.equal((await es.count({ index })).count, 2);
  });

  test('bulk into a missing index creates it with dynamic mappings', async () => {
    const index = t.name('bulk-auto');
    const res = await es.bulk({ refresh: true, operations: [{ index: { _index: index, _id: '1' } }, { word: 'auto', n: 1 }] });
    assert.equal(res.errors, false);
    assert.equal(res.items[0].index.status, 201);
    assert.equal(await es.indices.exists({ index }), true);
    const m = await es.indices.getMapping({ index });
    assert.deepEqual(m[index].mappings.properties.n, { type: 'long' });
  });

  test('bulk with the index in the URL', async () => {
    const index = t.name('bulk-url');
    await createIndex(index);
    const res = await es.bulk({ index, refresh: true, operations: [{ index: { _id: 'a' } }, { v: 'a' }, { index: { _id: 'b' } }, { v: 'b' }] });
    assert.equal(res.errors, false);
    assert.deepEqual(res.items.map((it) => it.index._index), [index, index]);
    assert.equal((await es.count({ index })).count, 2);
  });

  test('helpers.bulk indexes 250 documents', async () => {
    const index = t.name('helper');
    await createIndex(index, { mappings: { properties: { n: { type: 'integer' }, parity: { type: 'keyword' } } } });
    const docs = Array.from({ length: 250 }, (_, i) => ({ id: `d${i}`, n: i, parity: i % 2 ? 'odd' : 'even' }));
    const dropped = [];
    const stats = await es.helpers.bulk({
      datasource: docs,
      onDocument: (doc) => ({ index: { _index: index, _id: doc.id } }),
      flushBytes: 4000,
      concurrency: 2,
      refreshOnCompletion: index,
      onDrop: (d) => dropped.push(d),
    });
    assert.deepEqual(dropped, []);
    assert.equal(stats.total, 250);
    assert.equal(stats.successful, 250);
    assert.equal(stats.failed, 0);
    assert.equal(stats.aborted, false);
    assert.equal((await es.count({ index })).count, 250);
    assert.equal((await es.count({ index, query: { term: { parity: 'odd' } } })).count, 125);
    const got = await es.get({ index, id: 'd42' });
    assert.deepEqual(got._source, { id: 'd42', n: 42, parity: 'even' });
  });

  test('helpers.bulk reports dropped documents through onDrop', async () => {
    const index = t.name('helper-drop');
    await createIndex(index, { mappings: { properties: { n: { type: 'integer' } } } });
    const dropped = [];
    const stats = await es.helpers.bulk({
      datasource: [{ n: 1 }, { n: 'not a number' }, { n: 3 }],
      onDocument: () => ({ index: { _index: index } }),
      refreshOnCompletion: index,
      onDrop: (d) => dropped.push(d),
    });
    assert.equal(stats.total, 3);
    assert.equal(stats.successful, 2);
    assert.equal(stats.failed, 1);
    assert.equal(dropped.length, 1);
    assert.equal(dropped[0].status, 400);
    assert.equal(dropped[0].error.type, 'mapper_parsing_exception');
    assert.deepEqual(dropped[0].document, { n: 'not a number' });
    assert.equal((await es.count({ index })).count, 2);
  });
});

// ---------------------------------------------------------------------------------- search
describe('search', () => {
  const t = tracker();
  let index;
  const search = (params) => es.search({ index, ...params });

  before(async () => {
    index = t.name('catalog');
    await createIndex(index, { mappings: CATALOG_MAPPINGS, settings: CATALOG_SETTINGS });
    const res = await es.bulk({ refresh: true, operations: catalogBulkBody(index) });
    assert.equal(res.errors, false);
  });
  after(() => t.cleanup());

  test('match_all: total, relation and the hit shape', async () => {
    const res = await search({ query: { match_all: {} } });
    assert.equal(res.timed_out, false);
    assert.equal(typeof res.took, 'number');
    assert.equal(res._shards.failed, 0);
    assert.deepEqual(res.hits.total, { value: 6, relation: 'eq' });
    assert.equal(res.hits.max_score, 1);
    assert.deepEqual(sortedIds(res.hits.hits), CATALOG_IDS);
    const h = res.hits.hits.find((x) => x._id === '3');
    assert.equal(h._index, index);
    assert.equal(h._score, 1);
    assert.deepEqual(h._source, CATALOG[3]);
  });

  test('match on a text field', async () => {
    const res = await search({ query: { match: { title: 'apple' } } });
    assert.deepEqual(sortedIds(res.hits.hits), ['3', '4']);
    assert.ok(res.hits.max_score > 0);
    const both = await search({ query: { match: { body: { query: 'lazy dog', operator: 'and' } } } });
    assert.deepEqual(sortedIds(both.hits.hits), ['1', '2']);
  });

  test('match is case-insensitive through the standard analyzer', async () => {
    const res = await search({ query: { match: { title: 'WIRELESS' } } });
    assert.deepEqual(sortedIds(res.hits.hits), ['5', '6']);
  });

  test('match in Chinese: "张三" finds the document named 张三 first', async () => {
    const res = await search({ query: { match: { name: '张三' } } });
    const ids = hitIds(res.hits.hits);
    assert.equal(ids[0], '1');
    assert.equal(res.hits.hits[0]._source.name, '张三');
    assert.ok(!ids.includes('2') && !ids.includes('3'), `李四 and 王五 must not match: ${ids}`);
    const all = await search({ query: { match: { name: { query: '张三', operator: 'and' } } } });
    assert.deepEqual(hitIds(all.hits.hits), ['1']);
  });

  test('match in Chinese: the standard analyzer makes each character a term', async () => {
    const res = await search({ query: { match: { name: '张' } } });
    assert.deepEqual(sortedIds(res.hits.hits), ['1', '4']);
  });

  test('match_phrase needs the words in order', async () => {
    const res = await search({ query: { match_phrase: { title: 'quick brown' } } });
    assert.deepEqual(hitIds(res.hits.hits), ['1']);
    const other = await search({ query: { match_phrase: { title: 'brown quick' } } });
    assert.deepEqual(hitIds(other.hits.hits), ['2']);
  });

  test('multi_match over several fields', async () => {
    const res = await search({ query: { multi_match: { query: 'fox mouse', fields: ['title', 'body'] } } });
    assert.deepEqual(sortedIds(res.hits.hits), ['1', '6']);
    const quiet = await search({ query: { multi_match: { query: 'quiet', fields: ['title', 'body'] } } });
    assert.deepEqual(sortedIds(quiet.hits.hits), ['5', '6']);
  });

  test('term on a keyword field is exact', async () => {
    const res = await search({ query: { term: { category: 'food' } } });
    assert.deepEqual(sortedIds(res.hits.hits), ['3', '4']);
    const upper = await search({ query: { term: { category: 'Food' } } });
    assert.deepEqual(upper.hits.total, { value: 0, relation: 'eq' });
    assert.deepEqual(upper.hits.hits, []);
  });

  test('terms matches any of the values', async () => {
    const res = await search({ query: { terms: { tags: ['green', 'office'] } } });
    assert.deepEqual(sortedIds(res.hits.hits), ['4', '5', '6']);
  });

  test('range on a number (gte/lt) and on a date', async () => {
    const num = await search({ query: { range: { price: { gte: 10, lt: 25 } } } });
    assert.deepEqual(sortedIds(num.hits.hits), ['1', '2']);
    const date = await search({ query: { range: { created: { gte: '2021-03-01', lt: '2021-04-01' } } } });
    assert.deepEqual(sortedIds(date.hits.hits), ['3', '4']);
  });

  test('bool: must, filter, must_not', async () => {
    const res = await search({
      query: {
        bool: {
          must: [{ match: { body: 'quiet' } }],
          filter: [{ term: { category: 'electronics' } }],
          must_not: [{ term: { stock: 0 } }],
        },
      },
    });
    assert.deepEqual(hitIds(res.hits.hits), ['5']);
  });

  test('bool: should with minimum_should_match inside a filter', async () => {
    const res = await search({
      query: {
        bool: {
          filter: [{ term: { category: 'food' } }],
          should: [{ term: { tags: 'red' } }, { term: { tags: 'green' } }, { term: { tags: 'sweet' } }],
          minimum_should_match: 2,
        },
      },
    });
    assert.deepEqual(hitIds(res.hits.hits), ['3']);
  });

  test('exists finds documents that have the field', async () => {
    const res = await search({ query: { exists: { field: 'rating' } } });
    assert.deepEqual(sortedIds(res.hits.hits), ['1', '3', '4', '5']);
  });

  test('ids', async () => {
    const res = await search({ query: { ids: { values: ['2', '5', 'nope'] } } });
    assert.deepEqual(sortedIds(res.hits.hits), ['2', '5']);
  });

  test('prefix on a keyword field', async () => {
    const res = await search({ query: { prefix: { category: 'elec' } } });
    assert.deepEqual(sortedIds(res.hits.hits), ['5', '6']);
    const all = await search({ query: { prefix: { sku: 'sku-00' } } });
    assert.equal(all.hits.total.value, 6);
  });

  test('wildcard with * and ?', async () => {
    const star = await search({ query: { wildcard: { category: 'f*d' } } });
    assert.deepEqual(sortedIds(star.hits.hits), ['3', '4']);
    const q = await search({ query: { wildcard: { sku: 'sku-00?' } } });
    assert.equal(q.hits.total.value, 6);
    const one = await search({ query: { wildcard: { sku: '*5' } } });
    assert.deepEqual(hitIds(one.hits.hits), ['5']);
  });

  test('sort by a field: order, sort values, null scores', async () => {
    const asc = await search({ sort: [{ price: 'asc' }] });
    assert.deepEqual(hitIds(asc.hits.hits), ['4', '3', '1', '2', '6', '5']);
    assert.deepEqual(asc.hits.hits.map((h) => h.sort), [[3], [5.5], [10], [20], [25], [45]]);
    assert.equal(asc.hits.hits[0]._score, null);
    assert.equal(asc.hits.max_score, null);
    const desc = await search({ sort: [{ price: { order: 'desc' } }] });
    assert.deepEqual(hitIds(desc.hits.hits), ['5', '6', '2', '1', '3', '4']);
  });

  test('sort on two keys breaks ties with the second', async () => {
    const res = await search({ sort: [{ stock: 'desc' }, { sku: 'asc' }] });
    assert.deepEqual(hitIds(res.hits.hits), ['4', '3', '5', '1', '2', '6']);
    assert.deepEqual(res.hits.hits[4].sort, [0, 'sku-002']);
  });

  test('from/size pages through sorted hits; total stays the full count', async () => {
    const p = await search({ sort: [{ price: 'asc' }], from: 2, size: 2 });
    assert.deepEqual(hitIds(p.hits.hits), ['1', '2']);
    assert.equal(p.hits.total.value, 6);
    const past = await search({ sort: [{ price: 'asc' }], from: 6, size: 2 });
    assert.deepEqual(past.hits.hits, []);
    assert.equal(past.hits.total.value, 6);
  });

  test('size 0 returns no hits but the total', async () => {
    const res = await search({ size: 0, query: { term: { category: 'animals' } } });
    assert.deepEqual(res.hits.hits, []);
    assert.deepEqual(res.hits.total, { value: 2, relation: 'eq' });
  });

  test('search_after walks every page', async () => {
    const sort = [{ price: 'asc' }, { sku: 'asc' }];
    const pages = [];
    let after;
    for (let i = 0; i < 5; i++) {
      const res = await search({ sort, size: 2, ...(after ? { search_after: after } : {}) });
      if (!res.hits.hits.length) break;
      pages.push(hitIds(res.hits.hits));
      after = res.hits.hits[res.hits.hits.length - 1].sort;
    }
    assert.deepEqual(pages, [['4', '3'], ['1', '2'], ['6', '5']]);
    assert.deepEqual(after, [45, 'sku-005']);
  });

  test('_source filtering: a list, includes/excludes, false', async () => {
    const list = await search({ query: { ids: { values: ['1'] } }, _source: ['name', 'price'] });
    assert.deepEqual(list.hits.hits[0]._source, { name: '张三', price: 10 });
    const ex = await search({ query: { ids: { values: ['4'] } }, _source: { excludes: ['body', 'tags', 'title', 'name'] } });
    assert.deepEqual(ex.hits.hits[0]._source, { category: 'food', price: 3, stock: 30, rating: 4.0, created: '2021-03-15T08:00:00Z', sku: 'sku-004' });
    const wild = await search({ query: { ids: { values: ['4'] } }, _source: { includes: ['s*'] } });
    assert.deepEqual(wild.hits.hits[0]._source, { stock: 30, sku: 'sku-004' });
    const none = await search({ query: { ids: { values: ['4'] } }, _source: false });
    assert.equal(none.hits.hits[0]._id, '4');
    assert.equal(none.hits.hits[0]._source, undefined);
  });

  test('highlight wraps matches in <em> by default, custom tags when asked', async () => {
    const res = await search({ query: { match: { title: 'apple' } }, highlight: { fields: { title: {} } } });
    const byId = Object.fromEntries(res.hits.hits.map((h) => [h._id, h.highlight]));
    assert.deepEqual(byId, { 3: { title: ['red <em>apple</em> pie'] }, 4: { title: ['green <em>apple</em> juice'] } });
    const custom = await search({
      query: { match: { body: 'keyboard' } },
      highlight: { pre_tags: ['['], post_tags: [']'], fields: { body: {} } },
    });
    assert.deepEqual(custom.hits.hits.map((h) => h.highlight), [{ body: ['a quiet [keyboard] for the office'] }]);
  });

  test('count, with and without a query', async () => {
    const all = await es.count({ index });
    assert.equal(all.count, 6);
    assert.equal(all._shards.failed, 0);
    const food = await es.count({ index, query: { term: { category: 'food' } } });
    assert.equal(food.count, 2);
  });

  test('aggregation: terms (count desc, key asc) with size and sum_other_doc_count', async () => {
    const res = await search({ size: 0, aggs: { tags: { terms: { field: 'tags', size: 3 } } } });
    const agg = res.aggregations.tags;
    assert.deepEqual(agg.buckets, [
      { key: 'sale', doc_count: 4 },
      { key: 'fast', doc_count: 2 },
      { key: 'office', doc_count: 2 },
    ]);
    assert.equal(agg.sum_other_doc_count, 5);
    assert.equal(agg.doc_count_error_upper_bound, 0);
  });

  test('aggregation: avg over present values only', async () => {
    const res = await search({ size: 0, aggs: { p: { avg: { field: 'price' } }, r: { avg: { field: 'rating' } } } });
    assert.ok(approx(res.aggregations.p.value, 108.5 / 6), `avg price ${res.aggregations.p.value}`);
    assert.ok(approx(res.aggregations.r.value, 4.125), `avg rating ${res.aggregations.r.value}`);
  });

  test('aggregation: stats, min, max, sum, value_count', async () => {
    const res = await search({
      size: 0,
      aggs: {
        s: { stats: { field: 'price' } },
        mn: { min: { field: 'stock' } },
        mx: { max: { field: 'stock' } },
        sm: { sum: { field: 'stock' } },
        vc: { value_count: { field: 'rating' } },
      },
    });
    const s = res.aggregations.s;
    assert.equal(s.count, 6);
    assert.equal(s.min, 3);
    assert.equal(s.max, 45);
    assert.ok(approx(s.sum, 108.5));
    assert.ok(approx(s.avg, 108.5 / 6));
    assert.equal(res.aggregations.mn.value, 0);
    assert.equal(res.aggregations.mx.value, 30);
    assert.equal(res.aggregations.sm.value, 54);
    assert.equal(res.aggregations.vc.value, 4);
  });

  test('aggregation: date_histogram by month, empty months included', async () => {
    const res = await search({ size: 0, aggs: { m: { date_histogram: { field: 'created', calendar_interval: 'month' } } } });
    assert.deepEqual(res.aggregations.m.buckets, [
      { key_as_string: '2021-01-01T00:00:00.000Z', key: Date.UTC(2021, 0, 1), doc_count: 2 },
      { key_as_string: '2021-02-01T00:00:00.000Z', key: Date.UTC(2021, 1, 1), doc_count: 0 },
      { key_as_string: '2021-03-01T00:00:00.000Z', key: Date.UTC(2021, 2, 1), doc_count: 2 },
      { key_as_string: '2021-04-01T00:00:00.000Z', key: Date.UTC(2021, 3, 1), doc_count: 2 },
    ]);
  });

  test('aggregation: date_histogram with a format and min_doc_count', async () => {
    const res = await search({
      size: 0,
      aggs: { m: { date_histogram: { field: 'created', calendar_interval: 'month', format: 'yyyy-MM', min_doc_count: 1 } } },
    });
    assert.deepEqual(res.aggregations.m.buckets.map((b) => [b.key_as_string, b.doc_count]), [
      ['2021-01', 2], ['2021-03', 2], ['2021-04', 2],
    ]);
  });

  test('aggregation: terms with sub-aggregations, ordered by a sub-aggregation', async () => {
    const res = await search({
      size: 0,
      aggs: {
        cat: {
          terms: { field: 'category', order: { avg_price: 'desc' } },
          aggs: { avg_price: { avg: { field: 'price' } }, stock: { sum: { field: 'stock' } } },
        },
      },
    });
    const got = res.aggregations.cat.buckets.map((b) => [b.key, b.doc_count, b.avg_price.value, b.stock.value]);
    assert.deepEqual(got, [
      ['electronics', 2, 35, 7],
      ['animals', 2, 15, 5],
      ['food', 2, 4.25, 42],
    ]);
  });

  test('aggregations run over the query\'s hits only', async () => {
    const res = await search({ query: { term: { category: 'food' } }, aggs: { mx: { max: { field: 'price' } } } });
    assert.equal(res.hits.total.value, 2);
    assert.equal(res.aggregations.mx.value, 5.5);
  });

  test('search a missing index: index_not_found_exception 404', async () => {
    const missing = uniqueIndex('es-missing');
    const err = await expectError(() => es.search({ index: missing, query: { match_all: {} } }), {
      status: 404, type: 'index_not_found_exception', reason: `no such index [${missing}]`,
    });
    assert.equal(err.meta.body.error.root_cause[0].type, 'index_not_found_exception');
  });

  test('an unknown query: parsing_exception 400', async () => {
    const err = await expectError(() => search({ query: { no_such_query: { field: 'x' } } }), {
      status: 400, type: 'parsing_exception', reason: /^unknown query \[no_such_query\]/,
    });
    assert.equal(err.meta.body.error.root_cause[0].type, 'parsing_exception');
  });
});
