// Shared helpers for the wharf search end-to-end tests (Elasticsearch 7.17 REST API on the search
// port), for both @elastic/elasticsearch and @opensearch-project/opensearch.
//
// Environment contract:
//   SEARCH_ENDPOINT   e.g. http://127.0.0.1:9200 (tests/e2e/harness.py --exec sets it)
//
// Client notes
//   @elastic/elasticsearch 9.x sends `Accept` / `Content-Type:
//   application/vnd.elasticsearch+json; compatible-with=9` (and `...+x-ndjson; compatible-with=9`
//   for bulk) on every request. A real Elasticsearch 7.17 only knows REST API version 7 and answers
//   such a request with 400 media_type_header_exception, so makeElasticClient() overrides both
//   headers with plain `application/json`, as a user of a 9.x client talking to a 7.17 cluster
//   must. Client-level headers win over the vendored ones (Transport: headers['content-type'] ??
//   vendored), bulk included, and Elasticsearch 7.17 takes `application/json` for _bulk too.
//   The 9.x client has no version check; its only handshake is the product check: every 2xx
//   answer must carry `X-Elastic-Product: Elasticsearch`, else it throws ProductNotSupportedError.
//
//   @opensearch-project/opensearch 2.x sends plain application/json (application/x-ndjson for bulk)
//   and does no product or version check.
import crypto from 'node:crypto';
import { Client as ElasticClient } from '@elastic/elasticsearch';
import { Client as OpenSearchClient } from '@opensearch-project/opensearch';

export const SEARCH_ENDPOINT = (process.env.SEARCH_ENDPOINT || 'http://127.0.0.1:9200').replace(/\/+$/, '');

// The headers a 7.x-era client sends: what makeElasticClient() puts in place of the 9.x vendored ones.
export const PLAIN_JSON_HEADERS = Object.freeze({ accept: 'application/json', 'content-type': 'application/json' });

// An @elastic/elasticsearch client for the search port. { vendorHeaders: true } keeps the client's
// own `compatible-with=9` media types (a real 7.17 rejects them); anything else is passed on to the
// Client constructor.
export function makeElasticClient({ vendorHeaders = false, headers = {}, ...overrides } = {}) {
  return new ElasticClient({
    node: SEARCH_ENDPOINT,
    maxRetries: 0,
    requestTimeout: 30000,
    headers: vendorHeaders ? { ...headers } : { ...PLAIN_JSON_HEADERS, ...headers },
    ...overrides,
  });
}

// An @opensearch-project/opensearch client for the search port.
export function makeOpenSearchClient(overrides = {}) {
  return new OpenSearchClient({
    node: SEARCH_ENDPOINT,
    maxRetries: 0,
    requestTimeout: 30000,
    ...overrides,
  });
}

let counter = 0;
// Index names: lowercase, no \ / * ? " < > | space , #, not starting with - _ +, at most 255 bytes.
export function uniqueIndex(tag = 'idx') {
  counter += 1;
  const rnd = crypto.randomBytes(3).toString('hex');
  return `js-${tag}-${Date.now().toString(36)}-${rnd}-${counter}`.toLowerCase().slice(0, 255);
}

// Run fn, expect it to throw an Elasticsearch error response; returns the error.
//   status: HTTP status (checked against err.meta.statusCode, and against body.status when the
//           body has one: Elasticsearch error bodies repeat the status)
//   type:   body.error.type (and body.error.root_cause[0].type when root_cause is present)
//   reason: body.error.reason, exact string or RegExp
// Works for both clients: each throws a ResponseError with .meta.statusCode and .meta.body.
export async function expectError(fn, { status, type, reason } = {}) {
  let err;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  if (!err) throw new Error(`expected an error (${status ?? ''} ${type ?? ''}) but the call succeeded`);
  const meta = err.meta || {};
  const body = meta.body;
  const httpStatus = meta.statusCode;
  const got = `${err.name} / HTTP ${httpStatus}: ${typeof body === 'object' ? JSON.stringify(body) : String(body ?? err.message)}`;
  if (err.name !== 'ResponseError') throw new Error(`expected a ResponseError, got ${got}`);
  if (status !== undefined) {
    if (httpStatus !== status) throw new Error(`expected HTTP ${status}, got ${got}`);
    if (body && typeof body === 'object' && body.status !== undefined && body.status !== status) {
      throw new Error(`expected body.status ${status}, got ${got}`);
    }
  }
  const error = body && typeof body === 'object' ? body.error : undefined;
  if (type !== undefined) {
    if (!error || typeof error !== 'object') throw new Error(`expected body.error.type ${type}, got ${got}`);
    if (error.type !== type) throw new Error(`expected body.error.type ${type}, got ${got}`);
    if (Array.isArray(error.root_cause) && error.root_cause.length && error.root_cause[0].type !== type) {
      // Elasticsearch wraps some errors (root_cause is the innermost); only mismatching top-level
      // types are failures, so accept a different root_cause when a caused_by chain explains it.
      if (!error.caused_by) throw new Error(`expected root_cause[0].type ${type}, got ${got}`);
    }
  }
  if (reason !== undefined) {
    const r = error && typeof error === 'object' ? error.reason : undefined;
    const ok = reason instanceof RegExp ? typeof r === 'string' && reason.test(r) : r === reason;
    if (!ok) throw new Error(`expected body.error.reason ${reason}, got ${got}`);
  }
  return err;
}

// Plain HTTP to the search port (no client library): for header-level checks.
export async function rawRequest(method, path, { body, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    if (!Object.keys(init.headers).some((h) => h.toLowerCase() === 'content-type')) {
      init.headers['content-type'] = 'application/json';
    }
  }
  const res = await fetch(SEARCH_ENDPOINT + path, init);
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

// ---------------------------------------------------------------------------------- fixture
// A small catalog shared by both suites' search tests. Values are chosen so that every query
// below has one exact answer (see the expectations next to each test).
export const CATALOG_MAPPINGS = Object.freeze({
  properties: {
    name: { type: 'text' },
    title: { type: 'text' },
    body: { type: 'text' },
    category: { type: 'keyword' },
    price: { type: 'double' },
    stock: { type: 'integer' },
    rating: { type: 'float' },
    tags: { type: 'keyword' },
    created: { type: 'date' },
    sku: { type: 'keyword' },
  },
});

export const CATALOG_SETTINGS = Object.freeze({ number_of_shards: 1, number_of_replicas: 0 });

// id -> document. rating is missing from 2 and 6 (exists query, avg over present values).
export const CATALOG = Object.freeze({
  1: { name: '张三', title: 'quick brown fox', body: 'the fox jumps over the lazy dog', category: 'animals', price: 10, stock: 5, rating: 4.5, tags: ['red', 'fast', 'sale'], created: '2021-01-05T10:00:00Z', sku: 'sku-001' },
  2: { name: '李四', title: 'brown quick dog', body: 'a lazy dog sleeps all day', category: 'animals', price: 20, stock: 0, tags: ['brown', 'sale'], created: '2021-01-20T10:00:00Z', sku: 'sku-002' },
  3: { name: '王五', title: 'red apple pie', body: 'bake the apple pie with cinnamon', category: 'food', price: 5.5, stock: 12, rating: 3.0, tags: ['red', 'sweet', 'sale'], created: '2021-03-02T08:00:00Z', sku: 'sku-003' },
  4: { name: '张伟', title: 'green apple juice', body: 'fresh juice made from green apples', category: 'food', price: 3, stock: 30, rating: 4.0, tags: ['green'], created: '2021-03-15T08:00:00Z', sku: 'sku-004' },
  5: { name: 'Alice Smith', title: 'wireless keyboard', body: 'a quiet keyboard for the office', category: 'electronics', price: 45, stock: 7, rating: 5.0, tags: ['office'], created: '2021-04-01T00:00:00Z', sku: 'sku-005' },
  6: { name: 'Bob Stone', title: 'wireless mouse', body: 'an ergonomic mouse with quiet buttons', category: 'electronics', price: 25, stock: 0, tags: ['office', 'fast', 'sale'], created: '2021-04-10T00:00:00Z', sku: 'sku-006' },
});

export const CATALOG_IDS = Object.freeze(Object.keys(CATALOG));

// Bulk body (action/source pairs) that indexes the catalog into `index`.
export function catalogBulkBody(index) {
  return Object.entries(CATALOG).flatMap(([id, doc]) => [{ index: { _index: index, _id: id } }, doc]);
}

// Ids of search hits, in hit order.
export const hitIds = (hits) => hits.map((h) => h._id);
// Ids of search hits, sorted (for queries whose score order is not the point).
export const sortedIds = (hits) => hitIds(hits).sort();

export const approx = (a, b, eps = 1e-6) => Math.abs(a - b) <= eps;
