// Shared helpers for the wharf DynamoDB end-to-end tests (AWS SDK for JavaScript v3).
//
// Same environment contract as lib.mjs: the DynamoDB JSON API is served on the same port as
// S3, so S3_ENDPOINT is the DynamoDB endpoint too.
//   S3_ENDPOINT            e.g. http://127.0.0.1:4566 (required)
//   AWS_ACCESS_KEY_ID      default "wharf"
//   AWS_SECRET_ACCESS_KEY  default "wharf-secret"
//   WHARF_E2E=1            enables tests that need the server to enforce auth
import crypto from 'node:crypto';
import {
  DynamoDBClient,
  CreateTableCommand,
  DescribeTableCommand,
  DeleteTableCommand,
  BatchWriteItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENDPOINT, ACCESS_KEY, SECRET_KEY, REGION, sleep } from './lib.mjs';

export { ENDPOINT, ACCESS_KEY, SECRET_KEY, REGION, STRICT, NEEDS_AUTH, sleep } from './lib.mjs';
// expectS3Error only looks at err.name and err.$metadata.httpStatusCode: it fits DynamoDB too.
export { expectS3Error as expectError } from './lib.mjs';

export function makeDynamoClient(overrides = {}) {
  return new DynamoDBClient({
    endpoint: ENDPOINT,
    region: REGION,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
    maxAttempts: 1,
    ...overrides,
  });
}

// DynamoDBDocumentClient over `client` (a new DynamoDBClient when omitted).
// removeUndefinedValues is always on; pass { unmarshallOptions: { wrapNumbers: true } } to get
// NumberValue back. DynamoDBDocumentClient.from() keeps its options on the wrapped client's
// config, so give each document client with different options its own DynamoDBClient.
export function makeDocumentClient(client = makeDynamoClient(), { marshallOptions = {}, unmarshallOptions = {} } = {}) {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, ...marshallOptions },
    unmarshallOptions: { ...unmarshallOptions },
  });
}

let counter = 0;
// Table names: 3-255 characters of [a-zA-Z0-9_.-].
export function uniqueTableName(tag) {
  counter += 1;
  const rnd = crypto.randomBytes(3).toString('hex');
  return `js-${tag}-${Date.now().toString(36)}-${rnd}.${counter}`.slice(0, 255);
}

// Wait until DescribeTable says ACTIVE (and every GSI is ACTIVE); returns the Table description.
export async function waitActive(ddb, TableName, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName }));
    last = Table;
    // A missing IndexStatus counts as ACTIVE here (the index tests check the field itself).
    const gsisActive = (Table.GlobalSecondaryIndexes || []).every((g) => !g.IndexStatus || g.IndexStatus === 'ACTIVE');
    if (Table.TableStatus === 'ACTIVE' && gsisActive) return Table;
    await sleep(100);
  }
  throw new Error(`table ${TableName} not ACTIVE after ${timeoutMs} ms (last status ${last?.TableStatus})`);
}

// createTable(ddb, { tag, hash: ['pk', 'S'], range: ['sk', 'N'], gsis, lsis, attributes })
//   hash / range: [name, type]; type one of S, N, B.
//   gsis: [{ name, hash: [n, t], range?: [n, t], projection?: 'ALL' | 'KEYS_ONLY' | ['INCLUDE', [attrs]] }]
//   lsis: [{ name, range: [n, t], projection? }]   (hash key is the table's)
// Creates an on-demand (PAY_PER_REQUEST) table with a unique name, waits for ACTIVE and
// returns { TableName, created } where created is the CreateTable response.
export async function createTable(ddb, opts = {}) {
  const { tag = 't', hash = ['pk', 'S'], range, gsis = [], lsis = [] } = opts;
  const TableName = opts.TableName || uniqueTableName(tag);
  const defs = new Map();
  const addDef = ([n, t]) => {
    if (defs.has(n) && defs.get(n) !== t) throw new Error(`attribute ${n} defined as ${defs.get(n)} and ${t}`);
    defs.set(n, t);
  };
  const keySchema = (h, r) => {
    const ks = [{ AttributeName: h[0], KeyType: 'HASH' }];
    addDef(h);
    if (r) { ks.push({ AttributeName: r[0], KeyType: 'RANGE' }); addDef(r); }
    return ks;
  };
  const projection = (p = 'ALL') => (Array.isArray(p)
    ? { ProjectionType: p[0], NonKeyAttributes: p[1] }
    : { ProjectionType: p });
  const input = {
    TableName,
    KeySchema: keySchema(hash, range),
    BillingMode: 'PAY_PER_REQUEST',
  };
  if (gsis.length) {
    input.GlobalSecondaryIndexes = gsis.map((g) => ({
      IndexName: g.name, KeySchema: keySchema(g.hash, g.range), Projection: projection(g.projection),
    }));
  }
  if (lsis.length) {
    input.LocalSecondaryIndexes = lsis.map((l) => ({
      IndexName: l.name, KeySchema: keySchema(hash, l.range), Projection: projection(l.projection),
    }));
  }
  input.AttributeDefinitions = [...defs].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
  const created = await ddb.send(new CreateTableCommand(input));
  await waitActive(ddb, TableName);
  return { TableName, created };
}

// Delete a table and wait until DescribeTable no longer finds it; never throws.
export async function deleteTable(ddb, TableName, timeoutMs = 30000) {
  try {
    await ddb.send(new DeleteTableCommand({ TableName }));
  } catch { /* already gone or never made */ }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await ddb.send(new DescribeTableCommand({ TableName }));
    } catch (e) {
      if (e.name === 'ResourceNotFoundException') return;
    }
    await sleep(100);
  }
}

// Write items (low-level AttributeValue maps) with BatchWriteItem in chunks of 25, resending
// UnprocessedItems until none are left.
export async function batchPut(ddb, TableName, items) {
  for (let i = 0; i < items.length; i += 25) {
    let req = { [TableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
    for (let attempt = 0; Object.keys(req).length; attempt++) {
      if (attempt > 20) throw new Error('BatchWriteItem kept returning UnprocessedItems');
      const res = await ddb.send(new BatchWriteItemCommand({ RequestItems: req }));
      req = res.UnprocessedItems || {};
      if (Object.keys(req).length) await sleep(50 * (attempt + 1));
    }
  }
}

// Sort helper for comparing the members of a DynamoDB set (its order is not defined).
export const sorted = (a) => [...a].sort();
