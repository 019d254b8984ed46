// DynamoDB through @aws-sdk/lib-dynamodb (DynamoDBDocumentClient): plain JavaScript values
// marshalled by the SDK (nested maps and lists, Sets, binary, NumberValue for numbers beyond
// JavaScript's precision), and the document paginators.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  PutCommand,
  GetCommand,
  UpdateCommand,
  DeleteCommand,
  QueryCommand,
  ScanCommand,
  BatchWriteCommand,
  BatchGetCommand,
  TransactWriteCommand,
  TransactGetCommand,
  DynamoDBDocument,
  NumberValue,
  paginateQuery,
  paginateScan,
} from '@aws-sdk/lib-dynamodb';
import {
  makeDynamoClient, makeDocumentClient, createTable, deleteTable, expectError, sorted,
} from './dynamo_lib.mjs';

const ddb = makeDynamoClient();
// Each document client gets its own DynamoDBClient: DynamoDBDocumentClient.from() stores its
// translate options on the wrapped client's config, so two of them must not share one.
const doc = makeDocumentClient();
const docWrap = makeDocumentClient(makeDynamoClient(), { unmarshallOptions: { wrapNumbers: true } });

const BIG = '12345678901234567890123456789012345678'; // 38 significant digits
const BIG_FRAC = '-9876543210.9876543210987654321098765432';

describe('DynamoDBDocumentClient', () => {
  let T; // pk (S), sk (N)
  let T2; // id (S)
  before(async () => {
    ({ TableName: T } = await createTable(ddb, { tag: 'doc', hash: ['pk', 'S'], range: ['sk', 'N'] }));
    ({ TableName: T2 } = await createTable(ddb, { tag: 'doc2', hash: ['id', 'S'] }));
  });
  after(async () => { await deleteTable(ddb, T); await deleteTable(ddb, T2); });

  const get = async (Key, client = doc, TableName = T) => (await client.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item;

  test('PutCommand / GetCommand with nested maps, lists, Sets, binary, null; undefined removed', async () => {
    const bytes = new Uint8Array([0, 1, 2, 127, 128, 254, 255]);
    const item = {
      pk: 'plain', sk: 1,
      str: 'héllo ☃ 😀', emptyStr: '', num: 3.25, neg: -17, zero: 0, yes: true, no: false, nothing: null,
      skipped: undefined,
      list: [1, 'two', { three: 3, dropped: undefined }, [4, [5]], null, false],
      emptyList: [],
      map: { a: { b: { c: 'deep', n: 1e-7 } }, 'key with spaces': 'v', 'dot.key': 'd', gone: undefined },
      emptyMap: {},
      strings: new Set(['b', 'a', 'c']),
      numbers: new Set([3, 1.5, -2]),
      blobs: new Set([new Uint8Array([1]), new Uint8Array([2, 3])]),
      bin: bytes,
    };
    const put = await doc.send(new PutCommand({ TableName: T, Item: item }));
    assert.equal(put.$metadata.httpStatusCode, 200);
    const got = await get({ pk: 'plain', sk: 1 });
    const expected = structuredClone({ ...item, bin: undefined, blobs: undefined });
    delete expected.skipped; delete expected.bin; delete expected.blobs;
    delete expected.list[2].dropped; delete expected.map.gone;
    const { bin, blobs, ...rest } = got;
    assert.deepEqual(rest, expected);
    assert.ok(!('skipped' in got), 'undefined attributes are not stored');
    assert.ok(bin instanceof Uint8Array);
    assert.deepEqual([...bin], [...bytes]);
    assert.ok(blobs instanceof Set);
    assert.deepEqual(sorted([...blobs].map((b) => Buffer.from(b).toString('hex'))), ['01', '0203']);
    assert.ok(got.strings instanceof Set && got.numbers instanceof Set);
  });

  test('GetCommand: missing item, ProjectionExpression with names containing dots and spaces', async () => {
    assert.equal(await get({ pk: 'absent', sk: 0 }), undefined);
    await doc.send(new PutCommand({
      TableName: T, Item: { pk: 'proj', sk: 1, 'a.b': 'top-level name with a dot', a: { b: 'nested' }, 'x y': [10, 20, 30], other: 1 },
    }));
    const res = await doc.send(new GetCommand({
      TableName: T, Key: { pk: 'proj', sk: 1 },
      ProjectionExpression: '#ab, a.b, #xy[2]',
      ExpressionAttributeNames: { '#ab': 'a.b', '#xy': 'x y' },
    }));
    assert.deepEqual(res.Item, { 'a.b': 'top-level name with a dot', a: { b: 'nested' }, 'x y': [30] });
  });

  test('NumberValue keeps 38 significant digits; wrapNumbers gives exact strings back', async () => {
    await doc.send(new PutCommand({
      TableName: T,
      Item: {
        pk: 'bignum', sk: 1,
        big: NumberValue.from(BIG),
        frac: NumberValue.from(BIG_FRAC),
        bigint: 2n ** 100n,
        small: 7,
        set: new Set([NumberValue.from(BIG), NumberValue.from('1'), NumberValue.from('-0.5')]),
        nested: { list: [NumberValue.from('99999999999999999999999999999999999999')] },
      },
    }));
    const item = await get({ pk: 'bignum', sk: 1 }, docWrap);
    assert.ok(item.big instanceof NumberValue, 'wrapNumbers returns NumberValue');
    assert.equal(item.big.value, BIG);
    assert.equal(item.frac.value, BIG_FRAC);
    assert.equal(item.bigint.value, (2n ** 100n).toString());
    assert.equal(item.bigint.toBigInt(), 2n ** 100n);
    assert.equal(item.small.value, '7');
    assert.equal(item.sk.value, '1');
    assert.deepEqual(sorted([...item.set].map((n) => n.value)), sorted([BIG, '1', '-0.5']));
    assert.equal(item.nested.list[0].value, '99999999999999999999999999999999999999');
  });

  test('UpdateCommand: SET nested paths, list_append, ADD number and Set, DELETE from Set, REMOVE; ALL_NEW', async () => {
    await doc.send(new PutCommand({
      TableName: T,
      Item: {
        pk: 'upd', sk: 1, profile: { name: 'Ann', address: { city: 'Oslo' } }, history: ['created'],
        visits: 1, labels: new Set(['a', 'b']), scratch: 'remove me', scores: new Set([1, 2]),
      },
    }));
    const res = await doc.send(new UpdateCommand({
      TableName: T, Key: { pk: 'upd', sk: 1 },
      UpdateExpression: 'SET profile.address.city = :city, profile.tags = :tags, history = list_append(history, :h), '
        + 'nested = :obj REMOVE scratch ADD visits :inc, labels :newLabels DELETE scores :gone',
      ExpressionAttributeValues: {
        ':city': 'Bergen', ':tags': ['x', { y: null }], ':h': ['updated'], ':obj': { deep: { deeper: [1, { a: true }] } },
        ':inc': 2, ':newLabels': new Set(['c']), ':gone': new Set([2]),
      },
      ReturnValues: 'ALL_NEW',
    }));
    assert.deepEqual(res.Attributes, {
      pk: 'upd', sk: 1,
      profile: { name: 'Ann', address: { city: 'Bergen' }, tags: ['x', { y: null }] },
      history: ['created', 'updated'],
      nested: { deep: { deeper: [1, { a: true }] } },
      visits: 3,
      labels: new Set(['a', 'b', 'c']),
      scores: new Set([1]),
    });
    assert.deepEqual(await get({ pk: 'upd', sk: 1 }), res.Attributes);
  });

  test('UpdateCommand: ADD with NumberValue is exact beyond 2^53', async () => {
    const res = await docWrap.send(new UpdateCommand({
      TableName: T, Key: { pk: 'counter', sk: 1 },
      UpdateExpression: 'ADD n :inc SET f = :f',
      ExpressionAttributeValues: { ':inc': NumberValue.from('9007199254740993'), ':f': NumberValue.from('0.1') },
      ReturnValues: 'ALL_NEW',
    }));
    assert.equal(res.Attributes.n.value, '9007199254740993');
    const res2 = await docWrap.send(new UpdateCommand({
      TableName: T, Key: { pk: 'counter', sk: 1 },
      UpdateExpression: 'ADD n :inc SET f = f + :f',
      ExpressionAttributeValues: { ':inc': NumberValue.from('9007199254740993'), ':f': NumberValue.from('0.2') },
      ReturnValues: 'UPDATED_NEW',
    }));
    assert.equal(res2.Attributes.n.value, '18014398509481986');
    assert.equal(res2.Attributes.f.value, '0.3');
  });

  test('conditional writes: ConditionalCheckFailedException through the document client', async () => {
    await doc.send(new PutCommand({ TableName: T, Item: { pk: 'cond', sk: 1, version: 1 }, ConditionExpression: 'attribute_not_exists(pk)' }));
    const err = await expectError(() => doc.send(new PutCommand({
      TableName: T, Item: { pk: 'cond', sk: 1, version: 2 }, ConditionExpression: 'attribute_not_exists(pk)',
    })), { name: 'ConditionalCheckFailedException', status: 400 });
    assert.equal(err.$metadata.httpStatusCode, 400);
    await expectError(() => doc.send(new UpdateCommand({
      TableName: T, Key: { pk: 'cond', sk: 1 }, UpdateExpression: 'SET version = :n', ConditionExpression: 'version = :old',
      ExpressionAttributeValues: { ':n': 3, ':old': 2 },
    })), { name: 'ConditionalCheckFailedException', status: 400 });
    assert.equal((await get({ pk: 'cond', sk: 1 })).version, 1);
  });

  test('DeleteCommand with ConditionExpression and ReturnValues ALL_OLD', async () => {
    await doc.send(new PutCommand({ TableName: T, Item: { pk: 'del', sk: 1, tags: new Set(['t']), n: 5 } }));
    await expectError(() => doc.send(new DeleteCommand({
      TableName: T, Key: { pk: 'del', sk: 1 }, ConditionExpression: 'n > :min', ExpressionAttributeValues: { ':min': 10 },
    })), { name: 'ConditionalCheckFailedException', status: 400 });
    const res = await doc.send(new DeleteCommand({
      TableName: T, Key: { pk: 'del', sk: 1 }, ConditionExpression: 'contains(tags, :t)', ExpressionAttributeValues: { ':t': 't' },
      ReturnValues: 'ALL_OLD',
    }));
    assert.deepEqual(res.Attributes, { pk: 'del', sk: 1, tags: new Set(['t']), n: 5 });
    assert.equal(await get({ pk: 'del', sk: 1 }), undefined);
  });

  describe('query and scan', () => {
    before(async () => {
      const puts = [];
      for (let i = 0; i < 10; i++) puts.push({ PutRequest: { Item: { pk: 'q', sk: i, odd: i % 2 === 1, label: `item ${i}`, meta: { i } } } });
      await doc.send(new BatchWriteCommand({ RequestItems: { [T]: puts } }));
    });

    test('QueryCommand with KeyConditionExpression, FilterExpression, descending order', async () => {
      const res = await doc.send(new QueryCommand({
        TableName: T, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
        FilterExpression: 'odd = :odd AND meta.i <> :skip', ExpressionAttributeValues: { ':pk': 'q', ':a': 2, ':b': 8, ':odd': true, ':skip': 5 },
        ScanIndexForward: false,
      }));
      assert.deepEqual(res.Items.map((i) => i.sk), [7, 3]);
      assert.equal(res.Count, 2);
      assert.equal(res.ScannedCount, 7);
      assert.deepEqual(res.Items[0], { pk: 'q', sk: 7, odd: true, label: 'item 7', meta: { i: 7 } });
    });

    test('paginateQuery walks every page (pageSize = Limit)', async () => {
      const pages = [];
      for await (const page of paginateQuery({ client: doc, pageSize: 4 }, {
        TableName: T, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'q' },
      })) pages.push(page);
      assert.deepEqual(pages.map((p) => p.Count).slice(0, 3), [4, 4, 2]);
      assert.ok(pages.length === 3 || (pages.length === 4 && pages[3].Count === 0));
      assert.deepEqual(pages.flatMap((p) => p.Items.map((i) => i.sk)), [...Array(10).keys()]);
      assert.deepEqual(pages[0].LastEvaluatedKey, { pk: 'q', sk: 3 }, 'LastEvaluatedKey is unmarshalled too');
    });

    test('ScanCommand with FilterExpression; paginateScan walks every page', async () => {
      const res = await doc.send(new ScanCommand({
        TableName: T, FilterExpression: 'pk = :pk AND begins_with(label, :p)', ExpressionAttributeValues: { ':pk': 'q', ':p': 'item' },
      }));
      assert.deepEqual(res.Items.map((i) => i.sk).sort((a, b) => a - b), [...Array(10).keys()]);
      const seen = [];
      let pages = 0;
      for await (const page of paginateScan({ client: doc, pageSize: 3 }, {
        TableName: T, FilterExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'q' },
      })) { seen.push(...page.Items); pages += 1; }
      assert.ok(pages >= 2, `expected several pages, got ${pages}`);
      assert.deepEqual(seen.map((i) => i.sk).sort((a, b) => a - b), [...Array(10).keys()]);
      assert.equal(new Set(seen.map((i) => `${i.pk}/${i.sk}`)).size, seen.length, 'no item appears twice');
    });
  });

  test('BatchWriteCommand puts and deletes; BatchGetCommand reads them back', async () => {
    await doc.send(new PutCommand({ TableName: T2, Item: { id: 'old' } }));
    const res = await doc.send(new BatchWriteCommand({
      RequestItems: {
        [T2]: [
          ...['a', 'b', 'c'].map((id) => ({ PutRequest: { Item: { id, tags: new Set([id, 'all']), n: id.charCodeAt(0) } } })),
          { DeleteRequest: { Key: { id: 'old' } } },
        ],
        [T]: [{ PutRequest: { Item: { pk: 'batch', sk: 1, list: [{ x: 1 }] } } }],
      },
    }));
    assert.deepEqual(res.UnprocessedItems ?? {}, {});
    const got = await doc.send(new BatchGetCommand({
      RequestItems: {
        [T2]: { Keys: [{ id: 'a' }, { id: 'c' }, { id: 'old' }] },
        [T]: { Keys: [{ pk: 'batch', sk: 1 }] },
      },
    }));
    assert.deepEqual(got.UnprocessedKeys ?? {}, {});
    const t2 = [...got.Responses[T2]].sort((x, y) => x.id.localeCompare(y.id));
    assert.deepEqual(t2, [
      { id: 'a', tags: new Set(['a', 'all']), n: 97 },
      { id: 'c', tags: new Set(['c', 'all']), n: 99 },
    ]);
    assert.deepEqual(got.Responses[T], [{ pk: 'batch', sk: 1, list: [{ x: 1 }] }]);
  });

  test('TransactWriteCommand: all-or-nothing, TransactionCanceledException with CancellationReasons', async () => {
    await doc.send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: T2, Item: { id: 'acct-1', balance: 100 } } },
        { Put: { TableName: T2, Item: { id: 'acct-2', balance: 0 } } },
      ],
    }));
    const transfer = (amount) => doc.send(new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: T2, Key: { id: 'acct-1' }, UpdateExpression: 'SET balance = balance - :a',
            ConditionExpression: 'balance >= :a', ExpressionAttributeValues: { ':a': amount },
          },
        },
        { Update: { TableName: T2, Key: { id: 'acct-2' }, UpdateExpression: 'SET balance = balance + :a', ExpressionAttributeValues: { ':a': amount } } },
        { Put: { TableName: T, Item: { pk: 'ledger', sk: amount, note: `moved ${amount}` } } },
      ],
    }));
    await transfer(60);
    const err = await expectError(() => transfer(70), { name: 'TransactionCanceledException', status: 400 });
    assert.deepEqual(err.CancellationReasons.map((r) => r.Code), ['ConditionalCheckFailed', 'None', 'None']);
    assert.equal((await get({ id: 'acct-1' }, doc, T2)).balance, 40);
    assert.equal((await get({ id: 'acct-2' }, doc, T2)).balance, 60);
    assert.equal(await get({ pk: 'ledger', sk: 70 }), undefined, 'cancelled transaction wrote nothing');
    assert.deepEqual(await get({ pk: 'ledger', sk: 60 }), { pk: 'ledger', sk: 60, note: 'moved 60' });

    const tg = await doc.send(new TransactGetCommand({
      TransactItems: [
        { Get: { TableName: T2, Key: { id: 'acct-1' } } },
        { Get: { TableName: T2, Key: { id: 'nope' } } },
        { Get: { TableName: T2, Key: { id: 'acct-2' } } },
      ],
    }));
    assert.deepEqual(tg.Responses.map((r) => r.Item), [{ id: 'acct-1', balance: 40 }, undefined, { id: 'acct-2', balance: 60 }]);
  });

  test('DynamoDBDocument (method style) put / get / update / delete', async () => {
    const d = DynamoDBDocument.from(makeDynamoClient(), { marshallOptions: { removeUndefinedValues: true } });
    await d.put({ TableName: T2, Item: { id: 'method', nested: { vals: ['x', undefined, 'y'] } } });
    assert.deepEqual((await d.get({ TableName: T2, Key: { id: 'method' } })).Item, { id: 'method', nested: { vals: ['x', 'y'] } });
    const u = await d.update({
      TableName: T2, Key: { id: 'method' }, UpdateExpression: 'SET nested.vals[0] = :v', ExpressionAttributeValues: { ':v': 'X' },
      ReturnValues: 'ALL_NEW',
    });
    assert.deepEqual(u.Attributes, { id: 'method', nested: { vals: ['X', 'y'] } });
    await d.delete({ TableName: T2, Key: { id: 'method' } });
    assert.equal((await d.get({ TableName: T2, Key: { id: 'method' } })).Item, undefined);
  });

  test('ValidationException and ResourceNotFoundException through the document client', async () => {
    await expectError(() => doc.send(new PutCommand({ TableName: T, Item: { pk: 'no-sort-key' } })),
      { name: 'ValidationException', status: 400 });
    await expectError(() => doc.send(new GetCommand({ TableName: T, Key: { pk: 'x', sk: 'not a number' } })),
      { name: 'ValidationException', status: 400 });
    await expectError(() => doc.send(new UpdateCommand({
      TableName: T, Key: { pk: 'x', sk: 1 }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': 1, ':unused': 2 },
    })), { name: 'ValidationException', status: 400 });
    await expectError(() => doc.send(new GetCommand({ TableName: `${T}-missing`, Key: { pk: 'x', sk: 1 } })),
      { name: 'ResourceNotFoundException', status: 400 });
  });
});
