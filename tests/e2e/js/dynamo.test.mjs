// DynamoDB JSON API through the low-level @aws-sdk/client-dynamodb, as documented for Amazon
// DynamoDB: tables, items, update/condition expressions, query/scan paging, batches,
// transactions, secondary indexes, number precision, binary data and error codes.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  DeleteTableCommand,
  PutItemCommand,
  GetItemCommand,
  UpdateItemCommand,
  DeleteItemCommand,
  QueryCommand,
  ScanCommand,
  BatchWriteItemCommand,
  BatchGetItemCommand,
  TransactWriteItemsCommand,
  TransactGetItemsCommand,
  paginateQuery,
  paginateScan,
  paginateListTables,
} from '@aws-sdk/client-dynamodb';
import {
  makeDynamoClient, createTable, deleteTable, uniqueTableName, batchPut, expectError, sorted,
  waitActive, NEEDS_AUTH,
} from './dynamo_lib.mjs';

const ddb = makeDynamoClient();

// AttributeValue builders.
const S = (v) => ({ S: v });
const N = (v) => ({ N: String(v) });
const B = (v) => ({ B: Uint8Array.from(v) });
const BOOL = (v) => ({ BOOL: v });

const hex = (u8) => Buffer.from(u8).toString('hex');

async function expectValidation(fn, re) {
  const err = await expectError(fn, { name: 'ValidationException', status: 400 });
  assert.ok(typeof err.message === 'string' && err.message.length > 0, 'ValidationException has a message');
  if (re) assert.match(err.message, re);
  return err;
}

// ---------------------------------------------------------------------------------- tables
describe('tables', () => {
  const made = [];
  after(async () => { for (const t of made) await deleteTable(ddb, t); });

  test('CreateTable returns a TableDescription; DescribeTable reports the schema', async () => {
    const { TableName, created } = await createTable(ddb, { tag: 'create', hash: ['pk', 'S'], range: ['sk', 'N'] });
    made.push(TableName);
    const d = created.TableDescription;
    assert.equal(created.$metadata.httpStatusCode, 200);
    assert.ok(created.$metadata.requestId, 'x-amzn-RequestId header is returned');
    assert.equal(d.TableName, TableName);
    assert.ok(['CREATING', 'ACTIVE'].includes(d.TableStatus), `TableStatus ${d.TableStatus}`);
    assert.deepEqual(d.KeySchema, [
      { AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    assert.ok(d.CreationDateTime instanceof Date && !Number.isNaN(d.CreationDateTime.getTime()));

    const { Table } = await ddb.send(new DescribeTableCommand({ TableName }));
    assert.equal(Table.TableName, TableName);
    assert.equal(Table.TableStatus, 'ACTIVE');
    assert.deepEqual(Table.KeySchema, d.KeySchema);
    assert.deepEqual(
      [...Table.AttributeDefinitions].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName)),
      [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
    );
    assert.match(Table.TableArn, new RegExp(`^arn:aws[a-z-]*:dynamodb:[^:]+:[^:]*:table/${TableName.replace(/\./g, '\\.')}$`));
    assert.equal(Table.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
    assert.equal(typeof Table.ItemCount, 'number');
    assert.equal(typeof Table.TableSizeBytes, 'number');
    assert.ok(Table.CreationDateTime instanceof Date);
  });

  test('CreateTable with provisioned throughput reports it in DescribeTable', async () => {
    const TableName = uniqueTableName('prov');
    made.push(TableName);
    await ddb.send(new CreateTableCommand({
      TableName,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 3 },
    }));
    const Table = await waitActive(ddb, TableName);
    assert.equal(Table.ProvisionedThroughput.ReadCapacityUnits, 5);
    assert.equal(Table.ProvisionedThroughput.WriteCapacityUnits, 3);
    await ddb.send(new PutItemCommand({ TableName, Item: { id: N(7), v: S('seven') } }));
    const got = await ddb.send(new GetItemCommand({ TableName, Key: { id: N(7) } }));
    assert.deepEqual(got.Item, { id: N(7), v: S('seven') });
  });

  test('CreateTable on an existing name is ResourceInUseException', async () => {
    const { TableName } = await createTable(ddb, { tag: 'inuse' });
    made.push(TableName);
    await expectError(() => ddb.send(new CreateTableCommand({
      TableName,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    })), { name: 'ResourceInUseException', status: 400 });
  });

  test('CreateTable validation: key attribute not defined, unused definition, no throughput', async () => {
    await expectValidation(() => ddb.send(new CreateTableCommand({
      TableName: uniqueTableName('bad1'),
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'other', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    })));
    await expectValidation(() => ddb.send(new CreateTableCommand({
      TableName: uniqueTableName('bad2'),
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'unused', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    })));
    // BillingMode defaults to PROVISIONED, which needs ProvisionedThroughput.
    await expectValidation(() => ddb.send(new CreateTableCommand({
      TableName: uniqueTableName('bad3'),
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    })));
    // Table names are 3-255 characters of [a-zA-Z0-9_.-].
    await expectValidation(() => ddb.send(new CreateTableCommand({
      TableName: 'bad name!',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    })));
  });

  test('ListTables includes new tables; Limit/ExclusiveStartTableName pages through all of them', async () => {
    const a = await createTable(ddb, { tag: 'lista' });
    const b = await createTable(ddb, { tag: 'listb' });
    made.push(a.TableName, b.TableName);
    const all = await ddb.send(new ListTablesCommand({}));
    assert.ok(all.TableNames.length > 0 && all.TableNames.length <= 100, 'at most 100 names by default');
    assert.deepEqual(all.TableNames, [...all.TableNames].sort(), 'ListTables returns names in sorted order');

    const paged = [];
    let start;
    let pages = 0;
    do {
      const page = await ddb.send(new ListTablesCommand({ Limit: 1, ExclusiveStartTableName: start }));
      assert.ok(page.TableNames.length <= 1);
      paged.push(...page.TableNames);
      start = page.LastEvaluatedTableName;
      if (start) assert.equal(start, page.TableNames[page.TableNames.length - 1]);
      pages += 1;
      assert.ok(pages < 10000, 'ListTables paging does not end');
    } while (start);
    assert.equal(new Set(paged).size, paged.length, 'no name is listed twice');
    assert.ok(paged.includes(a.TableName) && paged.includes(b.TableName));

    const viaPaginator = [];
    for await (const page of paginateListTables({ client: ddb, pageSize: 2 }, {})) viaPaginator.push(...page.TableNames);
    assert.ok(viaPaginator.includes(a.TableName) && viaPaginator.includes(b.TableName));
  });

  test('DeleteTable: DELETING, then gone; a re-created table of the same name is empty', async () => {
    const { TableName } = await createTable(ddb, { tag: 'del' });
    await ddb.send(new PutItemCommand({ TableName, Item: { pk: S('k'), v: S('old') } }));
    const del = await ddb.send(new DeleteTableCommand({ TableName }));
    assert.equal(del.TableDescription.TableName, TableName);
    assert.equal(del.TableDescription.TableStatus, 'DELETING');
    await deleteTable(ddb, TableName); // waits for ResourceNotFoundException
    await expectError(() => ddb.send(new DescribeTableCommand({ TableName })), { name: 'ResourceNotFoundException', status: 400 });
    const list = await ddb.send(new ListTablesCommand({}));
    assert.ok(!list.TableNames.includes(TableName));

    await createTable(ddb, { TableName });
    made.push(TableName);
    const got = await ddb.send(new GetItemCommand({ TableName, Key: { pk: S('k') } }));
    assert.equal(got.Item, undefined, 're-created table must not see the old item');
  });

  test('DescribeTable / DeleteTable on a missing table are ResourceNotFoundException', async () => {
    const TableName = uniqueTableName('missing');
    await expectError(() => ddb.send(new DescribeTableCommand({ TableName })), { name: 'ResourceNotFoundException', status: 400 });
    await expectError(() => ddb.send(new DeleteTableCommand({ TableName })), { name: 'ResourceNotFoundException', status: 400 });
  });
});

// ---------------------------------------------------------------------------------- items
describe('items', () => {
  let T; // hash key pk (S)
  before(async () => { ({ TableName: T } = await createTable(ddb, { tag: 'items' })); });
  after(async () => { await deleteTable(ddb, T); });

  test('PutItem / GetItem round-trip every attribute type', async () => {
    const Item = {
      pk: S('all-types'),
      s: S('héllo wörld ☃ 😀'),
      empty: S(''),
      n: N('-12.5'),
      int: N('42'),
      b: B([0, 1, 2, 253, 254, 255]),
      t: BOOL(true),
      f: BOOL(false),
      nul: { NULL: true },
      l: { L: [S('a'), N('1'), { L: [BOOL(false)] }, { M: { x: S('y') } }, { NULL: true }] },
      m: { M: { nested: { M: { deeper: { S: 'yes' }, list: { L: [] } } }, emptyMap: { M: {} } } },
      ss: { SS: ['b', 'a', 'c'] },
      ns: { NS: ['3', '1.5', '-2'] },
      bs: { BS: [Uint8Array.from([2]), Uint8Array.from([1, 0])] },
    };
    const put = await ddb.send(new PutItemCommand({ TableName: T, Item }));
    assert.equal(put.$metadata.httpStatusCode, 200);
    assert.equal(put.Attributes, undefined, 'PutItem returns no Attributes without ReturnValues');
    const { Item: got } = await ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('all-types') }, ConsistentRead: true }));
    const { ss, ns, bs, ...rest } = Item;
    const { ss: gss, ns: gns, bs: gbs, ...grest } = got;
    assert.deepEqual(grest, rest);
    assert.deepEqual(sorted(gss.SS), ['a', 'b', 'c']);
    assert.deepEqual(sorted(gns.NS), sorted(['3', '1.5', '-2']));
    assert.deepEqual(sorted(gbs.BS.map(hex)), ['0100', '02']);
    assert.ok(got.b.B instanceof Uint8Array);
  });

  test('binary attribute with all 256 byte values round-trips (Uint8Array)', async () => {
    const bytes = new Uint8Array(256 * 4);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + 11) & 0xff;
    await ddb.send(new PutItemCommand({ TableName: T, Item: { pk: S('binary'), data: { B: bytes }, one: B([0]) } }));
    const { Item } = await ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('binary') } }));
    assert.ok(Item.data.B instanceof Uint8Array);
    assert.ok(Buffer.from(Item.data.B).equals(Buffer.from(bytes)), 'binary value must round-trip exactly');
    assert.equal(hex(Item.one.B), '00');
  });

  test('numbers with 38 significant digits round-trip exactly as strings', async () => {
    const nums = {
      big: '12345678901234567890123456789012345678',
      nines: '99999999999999999999999999999999999999',
      neg: '-98765432109876543210987654321098765432',
      frac: '1234567890123456789.0123456789012345678',
      small: '0.12345678901234567890123456789012345678',
      negfrac: '-0.00012345678901234567890123456789012345678',
    };
    const Item = { pk: S('bignums') };
    for (const [k, v] of Object.entries(nums)) Item[k] = N(v);
    Item.set = { NS: [nums.big, nums.nines, '12345678901234567890123456789012345677'] };
    await ddb.send(new PutItemCommand({ TableName: T, Item }));
    const { Item: got } = await ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('bignums') } }));
    for (const [k, v] of Object.entries(nums)) assert.equal(got[k].N, v, `${k} must come back as ${v}`);
    assert.deepEqual(sorted(got.set.NS), sorted(Item.set.NS));
  });

  test('number arithmetic is exact decimal (ADD and SET +/-), 38 digits', async () => {
    await ddb.send(new PutItemCommand({
      TableName: T,
      Item: { pk: S('arith'), big: N('99999999999999999999999999999999999998'), dcml: N('0.1') },
    }));
    const res = await ddb.send(new UpdateItemCommand({
      TableName: T,
      Key: { pk: S('arith') },
      UpdateExpression: 'SET dcml = dcml + :two, neg = :zero - :big ADD big :one',
      ExpressionAttributeValues: {
        ':one': N('1'), ':two': N('0.2'), ':zero': N('0'), ':big': N('12345678901234567890123456789012345678'),
      },
      ReturnValues: 'ALL_NEW',
    }));
    assert.equal(res.Attributes.big.N, '99999999999999999999999999999999999999');
    assert.equal(res.Attributes.dcml.N, '0.3');
    assert.equal(res.Attributes.neg.N, '-12345678901234567890123456789012345678');
  });

  test('numbers: leading and trailing zeros are trimmed', async () => {
    await ddb.send(new PutItemCommand({
      TableName: T, Item: { pk: S('zeros'), a: N('00123.4500'), b: N('-0.0100'), c: N('7.000'), d: N('0') },
    }));
    const { Item } = await ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('zeros') } }));
    assert.equal(Item.a.N, '123.45');
    assert.equal(Item.b.N, '-0.01');
    assert.equal(Item.c.N, '7');
    assert.equal(Item.d.N, '0');
  });

  test('a number with 39 significant digits is a ValidationException', async () => {
    await expectValidation(() => ddb.send(new PutItemCommand({
      TableName: T, Item: { pk: S('toobig'), n: N('123456789012345678901234567890123456789') },
    })));
    await expectValidation(() => ddb.send(new PutItemCommand({
      TableName: T, Item: { pk: S('notnum'), n: N('12abc') },
    })));
  });

  test('GetItem of a missing key has no Item; ProjectionExpression selects nested paths', async () => {
    const miss = await ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('does-not-exist') } }));
    assert.equal(miss.$metadata.httpStatusCode, 200);
    assert.equal(miss.Item, undefined);

    await ddb.send(new PutItemCommand({
      TableName: T,
      Item: {
        pk: S('proj'), a: S('A'), b: S('B'), status: S('on'),
        m: { M: { x: N(1), y: N(2) } }, l: { L: [S('l0'), S('l1'), S('l2')] },
      },
    }));
    const { Item } = await ddb.send(new GetItemCommand({
      TableName: T, Key: { pk: S('proj') },
      ProjectionExpression: 'a, m.y, l[1], #s',
      ExpressionAttributeNames: { '#s': 'status' },
    }));
    assert.deepEqual(Item, { a: S('A'), m: { M: { y: N(2) } }, l: { L: [S('l1')] }, status: S('on') });
  });

  test('PutItem replaces the whole item; ReturnValues ALL_OLD returns the previous one', async () => {
    await ddb.send(new PutItemCommand({ TableName: T, Item: { pk: S('replace'), a: S('1'), b: S('2') } }));
    const put = await ddb.send(new PutItemCommand({
      TableName: T, Item: { pk: S('replace'), c: S('3') }, ReturnValues: 'ALL_OLD',
    }));
    assert.deepEqual(put.Attributes, { pk: S('replace'), a: S('1'), b: S('2') });
    const { Item } = await ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('replace') } }));
    assert.deepEqual(Item, { pk: S('replace'), c: S('3') });
    const fresh = await ddb.send(new PutItemCommand({
      TableName: T, Item: { pk: S('replace-new') }, ReturnValues: 'ALL_OLD',
    }));
    assert.equal(fresh.Attributes, undefined, 'ALL_OLD of a new item returns nothing');
    await expectValidation(() => ddb.send(new PutItemCommand({
      TableName: T, Item: { pk: S('replace') }, ReturnValues: 'ALL_NEW',
    })));
  });

  test('PutItem with attribute_not_exists: second put is ConditionalCheckFailedException (400)', async () => {
    const args = { TableName: T, Item: { pk: S('once'), v: N(1) }, ConditionExpression: 'attribute_not_exists(pk)' };
    await ddb.send(new PutItemCommand(args));
    const err = await expectError(
      () => ddb.send(new PutItemCommand({ ...args, Item: { pk: S('once'), v: N(2) } })),
      { name: 'ConditionalCheckFailedException', status: 400 },
    );
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.ok(err.message, 'the exception carries a message');
    const { Item } = await ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('once') } }));
    assert.equal(Item.v.N, '1', 'failed conditional put must not change the item');
  });

  test('UpdateItem SET / REMOVE / ADD / DELETE with ReturnValues ALL_NEW', async () => {
    await ddb.send(new PutItemCommand({
      TableName: T,
      Item: {
        pk: S('upd'), name: S('first'), count: N(10), gone: S('x'),
        tags: { SS: ['a', 'b'] }, xset: { SS: ['x', 'y', 'z'] }, nums: { NS: ['1', '2'] },
        m: { M: { inr: { M: { v: N(1) } } } }, l: { L: [S('l0'), S('l1'), S('l2')] }, ll: { L: [S('a')] },
      },
    }));
    const res = await ddb.send(new UpdateItemCommand({
      TableName: T,
      Key: { pk: S('upd') },
      UpdateExpression: 'SET #n = :name, m.inr.v = m.inr.v + :one, m.added = :added, ll = list_append(ll, :more), '
        + 'front = list_append(:more, ll), newattr = if_not_exists(newattr, :dflt), kept = if_not_exists(#n, :dflt) '
        + 'REMOVE gone, l[0], l[2] ADD #c :five, tags :newtags, nums :n3, fresh :one DELETE xset :rm',
      ExpressionAttributeNames: { '#n': 'name', '#c': 'count' },
      ExpressionAttributeValues: {
        ':name': S('second'), ':one': N(1), ':added': { L: [S('q')] }, ':more': { L: [S('b')] },
        ':dflt': S('default'), ':five': N(5), ':newtags': { SS: ['c', 'a'] }, ':n3': { NS: ['3'] },
        ':rm': { SS: ['x', 'not-there'] },
      },
      ReturnValues: 'ALL_NEW',
    }));
    const a = res.Attributes;
    assert.equal(a.pk.S, 'upd');
    assert.equal(a.name.S, 'second');
    assert.equal(a.count.N, '15');
    assert.equal(a.fresh.N, '1', 'ADD on a missing number attribute starts from 0');
    assert.equal(a.gone, undefined);
    assert.equal(a.newattr.S, 'default');
    // Operands are read from the item as it was before the update.
    assert.equal(a.kept.S, 'first');
    assert.deepEqual(a.m, { M: { inr: { M: { v: N(2) } }, added: { L: [S('q')] } } });
    assert.deepEqual(a.ll, { L: [S('a'), S('b')] });
    assert.deepEqual(a.front, { L: [S('b'), S('a')] });
    assert.deepEqual(a.l, { L: [S('l1')] });
    assert.deepEqual(sorted(a.tags.SS), ['a', 'b', 'c']);
    assert.deepEqual(sorted(a.xset.SS), ['y', 'z']);
    assert.deepEqual(sorted(a.nums.NS), ['1', '2', '3']);
    const { Item } = await ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('upd') }, ConsistentRead: true }));
    assert.deepEqual(Item.count, a.count);
    assert.deepEqual(sorted(Item.xset.SS), ['y', 'z']);

    // DELETE of every member removes the attribute (no empty sets).
    const res2 = await ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('upd') }, UpdateExpression: 'DELETE xset :all',
      ExpressionAttributeValues: { ':all': { SS: ['y', 'z'] } }, ReturnValues: 'ALL_NEW',
    }));
    assert.equal(res2.Attributes.xset, undefined);
  });

  test('UpdateItem ReturnValues UPDATED_OLD / UPDATED_NEW / ALL_OLD / NONE', async () => {
    await ddb.send(new PutItemCommand({ TableName: T, Item: { pk: S('rv'), a: N(1), b: S('keep') } }));
    const upd = (ReturnValues, v) => ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('rv') }, UpdateExpression: 'SET a = :v, c = :v',
      ExpressionAttributeValues: { ':v': N(v) }, ReturnValues,
    }));
    assert.deepEqual((await upd('UPDATED_OLD', 2)).Attributes, { a: N(1) });
    assert.deepEqual((await upd('UPDATED_NEW', 3)).Attributes, { a: N(3), c: N(3) });
    assert.deepEqual((await upd('ALL_OLD', 4)).Attributes, { pk: S('rv'), a: N(3), b: S('keep'), c: N(3) });
    assert.equal((await upd('NONE', 5)).Attributes, undefined);
  });

  test('UpdateItem on a missing key creates the item (upsert)', async () => {
    const res = await ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('upsert') }, UpdateExpression: 'ADD hits :one SET label = :l',
      ExpressionAttributeValues: { ':one': N(1), ':l': S('created') }, ReturnValues: 'ALL_NEW',
    }));
    assert.deepEqual(res.Attributes, { pk: S('upsert'), hits: N(1), label: S('created') });
  });

  test('UpdateItem with a failing ConditionExpression; ReturnValuesOnConditionCheckFailure ALL_OLD', async () => {
    await ddb.send(new PutItemCommand({ TableName: T, Item: { pk: S('ver'), version: N(3), v: S('three') } }));
    const err = await expectError(() => ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('ver') },
      UpdateExpression: 'SET v = :v, version = version + :one',
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':v': S('four'), ':one': N(1), ':expected': N(2) },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })), { name: 'ConditionalCheckFailedException', status: 400 });
    assert.deepEqual(err.Item, { pk: S('ver'), version: N(3), v: S('three') });
    const ok = await ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('ver') },
      UpdateExpression: 'SET v = :v, version = version + :one',
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':v': S('four'), ':one': N(1), ':expected': N(3) },
      ReturnValues: 'ALL_NEW',
    }));
    assert.deepEqual(ok.Attributes, { pk: S('ver'), version: N(4), v: S('four') });
  });

  test('DeleteItem with ConditionExpression; ReturnValues ALL_OLD', async () => {
    await ddb.send(new PutItemCommand({ TableName: T, Item: { pk: S('del'), state: S('locked') } }));
    await expectError(() => ddb.send(new DeleteItemCommand({
      TableName: T, Key: { pk: S('del') },
      ConditionExpression: '#st = :open', ExpressionAttributeNames: { '#st': 'state' },
      ExpressionAttributeValues: { ':open': S('open') },
    })), { name: 'ConditionalCheckFailedException', status: 400 });
    const still = await ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('del') } }));
    assert.ok(still.Item, 'item survives a failed conditional delete');

    const del = await ddb.send(new DeleteItemCommand({
      TableName: T, Key: { pk: S('del') },
      ConditionExpression: '#st = :locked', ExpressionAttributeNames: { '#st': 'state' },
      ExpressionAttributeValues: { ':locked': S('locked') }, ReturnValues: 'ALL_OLD',
    }));
    assert.deepEqual(del.Attributes, { pk: S('del'), state: S('locked') });
    const gone = await ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('del') } }));
    assert.equal(gone.Item, undefined);

    // Deleting a missing item succeeds (idempotent) but a condition on it fails.
    const again = await ddb.send(new DeleteItemCommand({ TableName: T, Key: { pk: S('del') }, ReturnValues: 'ALL_OLD' }));
    assert.equal(again.Attributes, undefined);
    await expectError(() => ddb.send(new DeleteItemCommand({
      TableName: T, Key: { pk: S('del') }, ConditionExpression: 'attribute_exists(pk)',
    })), { name: 'ConditionalCheckFailedException', status: 400 });
  });

  test('an item over 400 KB is a ValidationException; one under it is stored', async () => {
    const okItem = { pk: S('large-ok'), blob: S('x'.repeat(350 * 1024)) };
    await ddb.send(new PutItemCommand({ TableName: T, Item: okItem }));
    const { Item } = await ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('large-ok') } }));
    assert.equal(Item.blob.S.length, 350 * 1024);
    await expectValidation(() => ddb.send(new PutItemCommand({
      TableName: T, Item: { pk: S('large-bad'), blob: S('x'.repeat(410 * 1024)) },
    })));
  });
});

// ---------------------------------------------------------------------------------- conditions
describe('condition expression functions and operators', () => {
  let T;
  before(async () => {
    ({ TableName: T } = await createTable(ddb, { tag: 'cond' }));
    await ddb.send(new PutItemCommand({
      TableName: T,
      Item: {
        pk: S('c'), s: S('hello world'), n: N(42), l: { L: [N(1), S('two')] },
        m: { M: { a: { M: { b: S('deep') } } } }, ss: { SS: ['x', 'y'] }, t: BOOL(true), nul: { NULL: true },
        bin: B([1, 2, 3]),
      },
    }));
  });
  after(async () => { await deleteTable(ddb, T); });

  const cases = [
    ['attribute_exists(s)', {}, true],
    ['attribute_not_exists(s)', {}, false],
    ['attribute_not_exists(nope)', {}, true],
    ['attribute_exists(m.a.b)', {}, true],
    ['attribute_exists(m.a.c)', {}, false],
    ['attribute_exists(l[1])', {}, true],
    ['attribute_exists(l[5])', {}, false],
    ['attribute_type(n, :t)', { ':t': S('N') }, true],
    ['attribute_type(s, :t)', { ':t': S('N') }, false],
    ['attribute_type(ss, :t)', { ':t': S('SS') }, true],
    ['attribute_type(nul, :t)', { ':t': S('NULL') }, true],
    ['begins_with(s, :p)', { ':p': S('hell') }, true],
    ['begins_with(s, :p)', { ':p': S('world') }, false],
    ['contains(s, :p)', { ':p': S('o w') }, true],
    ['contains(ss, :p)', { ':p': S('x') }, true],
    ['contains(ss, :p)', { ':p': S('z') }, false],
    ['contains(l, :p)', { ':p': S('two') }, true],
    ['size(s) = :v', { ':v': N(11) }, true],
    ['size(l) = :v', { ':v': N(2) }, true],
    ['size(ss) > :v', { ':v': N(1) }, true],
    ['size(bin) = :v', { ':v': N(3) }, true],
    ['size(m) = :v', { ':v': N(1) }, true],
    ['n BETWEEN :lo AND :hi', { ':lo': N(40), ':hi': N(45) }, true],
    ['n BETWEEN :lo AND :hi', { ':lo': N(43), ':hi': N(45) }, false],
    ['n IN (:a, :b, :c)', { ':a': N(1), ':b': N(2), ':c': N(42) }, true],
    ['n IN (:a, :b)', { ':a': N(1), ':b': N(2) }, false],
    ['n <> :v', { ':v': N(42) }, false],
    ['n >= :v AND s = :s', { ':v': N(42), ':s': S('hello world') }, true],
    ['n > :v OR s = :s', { ':v': N(42), ':s': S('nope') }, false],
    ['NOT (n < :v)', { ':v': N(10) }, true],
    ['n > :v', { ':v': N('41.999999999999999999999999999999999999') }, true],
    ['n < :v', { ':v': S('zzz') }, false], // different types compare as false
    ['l[1] = :v', { ':v': S('two') }, true],
    ['m.a.b = :v', { ':v': S('deep') }, true],
    ['m.a = :v', { ':v': { M: { b: S('deep') } } }, true],
    ['t = :v', { ':v': BOOL(true) }, true],
    ['nul = :v', { ':v': { NULL: true } }, true],
    ['bin = :v', { ':v': B([1, 2, 3]) }, true],
    ['s > :v', { ':v': S('hello') }, true],
    ['(n = :a OR n = :b) AND NOT attribute_exists(zz)', { ':a': N(1), ':b': N(42) }, true],
  ];
  for (const [expr, values, expected] of cases) {
    test(`${expr} ${JSON.stringify(values)} -> ${expected}`, async () => {
      const send = () => ddb.send(new UpdateItemCommand({
        TableName: T, Key: { pk: S('c') }, UpdateExpression: 'SET touched = :z',
        ConditionExpression: expr, ExpressionAttributeValues: { ...values, ':z': N(1) },
      }));
      if (expected) await send();
      else await expectError(send, { name: 'ConditionalCheckFailedException', status: 400 });
    });
  }
});

// ---------------------------------------------------------------------------------- query
describe('query', () => {
  let T; // pk S, sk N
  before(async () => {
    ({ TableName: T } = await createTable(ddb, { tag: 'query', hash: ['pk', 'S'], range: ['sk', 'N'] }));
    const items = [];
    for (let i = 0; i < 25; i++) {
      items.push({ pk: S('A'), sk: N(i), even: BOOL(i % 2 === 0), data: S(`a-${i}`) });
    }
    for (let i = 0; i < 3; i++) items.push({ pk: S('B'), sk: N(i), data: S(`b-${i}`) });
    for (const v of ['-5', '0', '1.5', '2', '10', '100', '-0.5']) items.push({ pk: S('NUM'), sk: N(v) });
    await batchPut(ddb, T, items);
  });
  after(async () => { await deleteTable(ddb, T); });

  const q = (extra) => ddb.send(new QueryCommand({ TableName: T, ...extra }));
  const sks = (items) => items.map((i) => Number(i.sk.N));

  test('KeyConditionExpression on the partition key returns the items in sort-key order', async () => {
    const res = await q({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('A') } });
    assert.equal(res.Count, 25);
    assert.equal(res.ScannedCount, 25);
    assert.deepEqual(sks(res.Items), [...Array(25).keys()]);
    assert.equal(res.LastEvaluatedKey, undefined);
    assert.deepEqual(res.Items[3], { pk: S('A'), sk: N(3), even: BOOL(false), data: S('a-3') });
  });

  test('sort key conditions: BETWEEN, <, >=, and ScanIndexForward=false', async () => {
    let res = await q({
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: { ':p': S('A'), ':lo': N(5), ':hi': N(9) },
    });
    assert.deepEqual(sks(res.Items), [5, 6, 7, 8, 9]);
    res = await q({ KeyConditionExpression: 'pk = :p AND sk < :v', ExpressionAttributeValues: { ':p': S('A'), ':v': N(3) } });
    assert.deepEqual(sks(res.Items), [0, 1, 2]);
    res = await q({ KeyConditionExpression: '#k = :p and #s >= :v', ExpressionAttributeNames: { '#k': 'pk', '#s': 'sk' },
      ExpressionAttributeValues: { ':p': S('A'), ':v': N(22) } });
    assert.deepEqual(sks(res.Items), [22, 23, 24]);
    res = await q({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('A') }, ScanIndexForward: false });
    assert.deepEqual(sks(res.Items), [...Array(25).keys()].reverse());
    res = await q({ KeyConditionExpression: 'pk = :p AND sk = :v', ExpressionAttributeValues: { ':p': S('A'), ':v': N(7) } });
    assert.deepEqual(sks(res.Items), [7]);
  });

  test('number sort keys are ordered numerically', async () => {
    const res = await q({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('NUM') } });
    assert.deepEqual(res.Items.map((i) => i.sk.N), ['-5', '-0.5', '0', '1.5', '2', '10', '100']);
  });

  test('Limit pages through LastEvaluatedKey / ExclusiveStartKey', async () => {
    const pages = [];
    let ExclusiveStartKey;
    do {
      const res = await q({
        KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('A') }, Limit: 10, ExclusiveStartKey,
      });
      pages.push(res);
      ExclusiveStartKey = res.LastEvaluatedKey;
      assert.ok(pages.length <= 5, 'paging does not end');
    } while (ExclusiveStartKey);
    assert.deepEqual(pages.map((p) => p.Count), [10, 10, 5]);
    assert.deepEqual(pages[0].LastEvaluatedKey, { pk: S('A'), sk: N(9) });
    assert.deepEqual(pages[1].LastEvaluatedKey, { pk: S('A'), sk: N(19) });
    assert.deepEqual(pages.flatMap((p) => sks(p.Items)), [...Array(25).keys()]);

    // Descending paging too, through the SDK paginator.
    const seen = [];
    let n = 0;
    for await (const page of paginateQuery({ client: ddb, pageSize: 7 }, {
      TableName: T, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('A') }, ScanIndexForward: false,
    })) { seen.push(...sks(page.Items)); n += 1; }
    assert.deepEqual(seen, [...Array(25).keys()].reverse());
    assert.ok(n >= 4, `expected at least 4 pages, got ${n}`);
  });

  test('FilterExpression: Count after the filter, ScannedCount before; Limit applies before the filter', async () => {
    let res = await q({
      KeyConditionExpression: 'pk = :p', FilterExpression: 'even = :t', ExpressionAttributeValues: { ':p': S('A'), ':t': BOOL(true) },
    });
    assert.equal(res.Count, 13);
    assert.equal(res.ScannedCount, 25);
    assert.ok(res.Items.every((i) => i.even.BOOL === true));
    res = await q({
      KeyConditionExpression: 'pk = :p', FilterExpression: 'even = :t', ExpressionAttributeValues: { ':p': S('A'), ':t': BOOL(true) },
      Limit: 10,
    });
    assert.equal(res.ScannedCount, 10);
    assert.deepEqual(sks(res.Items), [0, 2, 4, 6, 8]);
    assert.deepEqual(res.LastEvaluatedKey, { pk: S('A'), sk: N(9) });
  });

  test('Select COUNT returns Count and no Items; ProjectionExpression trims attributes', async () => {
    const res = await q({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('B') }, Select: 'COUNT' });
    assert.equal(res.Count, 3);
    assert.equal(res.Items, undefined);
    const proj = await q({
      KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('B') }, ProjectionExpression: 'sk, #d',
      ExpressionAttributeNames: { '#d': 'data' },
    });
    assert.deepEqual(proj.Items, [0, 1, 2].map((i) => ({ sk: N(i), data: S(`b-${i}`) })));
  });

  test('a partition with no items gives Count 0 and an empty Items list', async () => {
    const res = await q({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('nothing-here') } });
    assert.equal(res.Count, 0);
    assert.deepEqual(res.Items, []);
    assert.equal(res.LastEvaluatedKey, undefined);
  });

  test('invalid key conditions are ValidationException', async () => {
    // A non-key attribute.
    await expectValidation(() => q({ KeyConditionExpression: 'pk = :p AND data = :d', ExpressionAttributeValues: { ':p': S('A'), ':d': S('x') } }));
    // No equality condition on the partition key.
    await expectValidation(() => q({ KeyConditionExpression: 'sk = :v', ExpressionAttributeValues: { ':v': N(1) } }));
    await expectValidation(() => q({ KeyConditionExpression: 'pk > :p', ExpressionAttributeValues: { ':p': S('A') } }));
    // Wrong type for the partition key value.
    await expectValidation(() => q({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': N(1) } }));
    // Filtering on a key attribute is not allowed.
    await expectValidation(() => q({ KeyConditionExpression: 'pk = :p', FilterExpression: 'sk > :v', ExpressionAttributeValues: { ':p': S('A'), ':v': N(1) } }));
  });
});

describe('sort order of string and binary keys', () => {
  let TS; // pk S, sk S
  let TB; // pk S, sk B
  before(async () => {
    ({ TableName: TS } = await createTable(ddb, { tag: 'strsort', hash: ['pk', 'S'], range: ['sk', 'S'] }));
    ({ TableName: TB } = await createTable(ddb, { tag: 'binsort', hash: ['pk', 'S'], range: ['sk', 'B'] }));
  });
  after(async () => { await deleteTable(ddb, TS); await deleteTable(ddb, TB); });

  test('strings sort by UTF-8 bytes; begins_with on the sort key', async () => {
    const values = ['😀', 'a', '\uFFFD', 'Z', 'é', 'ab', 'a b', 'b'];
    await batchPut(ddb, TS, values.map((v) => ({ pk: S('s'), sk: S(v) })));
    const res = await ddb.send(new QueryCommand({
      TableName: TS, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('s') },
    }));
    // UTF-8 byte order (differs from JS UTF-16 order for U+FFFD vs the astral emoji).
    assert.deepEqual(res.Items.map((i) => i.sk.S), ['Z', 'a', 'a b', 'ab', 'b', 'é', '\uFFFD', '😀']);
    const bw = await ddb.send(new QueryCommand({
      TableName: TS, KeyConditionExpression: 'pk = :p AND begins_with(sk, :pre)', ExpressionAttributeValues: { ':p': S('s'), ':pre': S('a') },
    }));
    assert.deepEqual(bw.Items.map((i) => i.sk.S), ['a', 'a b', 'ab']);
    const gt = await ddb.send(new QueryCommand({
      TableName: TS, KeyConditionExpression: 'pk = :p AND sk > :v', ExpressionAttributeValues: { ':p': S('s'), ':v': S('b') },
    }));
    assert.deepEqual(gt.Items.map((i) => i.sk.S), ['é', '\uFFFD', '😀']);
  });

  test('binary sort keys sort as unsigned bytes and can be queried', async () => {
    const keys = [[0xff], [0x80], [0x00], [0xff, 0x00], [0x7f], [0x01, 0x02]];
    await batchPut(ddb, TB, keys.map((k) => ({ pk: S('b'), sk: B(k) })));
    const res = await ddb.send(new QueryCommand({
      TableName: TB, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('b') },
    }));
    assert.deepEqual(res.Items.map((i) => hex(i.sk.B)), ['00', '0102', '7f', '80', 'ff', 'ff00']);
    const bw = await ddb.send(new QueryCommand({
      TableName: TB, KeyConditionExpression: 'pk = :p AND begins_with(sk, :pre)', ExpressionAttributeValues: { ':p': S('b'), ':pre': B([0xff]) },
    }));
    assert.deepEqual(bw.Items.map((i) => hex(i.sk.B)), ['ff', 'ff00']);
    const one = await ddb.send(new GetItemCommand({ TableName: TB, Key: { pk: S('b'), sk: B([0x80]) } }));
    assert.equal(hex(one.Item.sk.B), '80');
  });
});

// ---------------------------------------------------------------------------------- scan
describe('scan', () => {
  let T;
  const total = 30;
  before(async () => {
    ({ TableName: T } = await createTable(ddb, { tag: 'scan' }));
    const items = [];
    for (let i = 0; i < total; i++) items.push({ pk: S(`item-${String(i).padStart(2, '0')}`), n: N(i), grp: S(i % 3 === 0 ? 'three' : 'other') });
    await batchPut(ddb, T, items);
  });
  after(async () => { await deleteTable(ddb, T); });

  const keysOf = (items) => items.map((i) => i.pk.S).sort();
  const allKeys = () => [...Array(total).keys()].map((i) => `item-${String(i).padStart(2, '0')}`);

  test('Scan returns every item', async () => {
    const res = await ddb.send(new ScanCommand({ TableName: T }));
    assert.equal(res.Count, total);
    assert.equal(res.ScannedCount, total);
    assert.deepEqual(keysOf(res.Items), allKeys());
    assert.equal(res.LastEvaluatedKey, undefined);
  });

  test('Scan with Limit pages through LastEvaluatedKey without duplicates', async () => {
    const seen = [];
    let ExclusiveStartKey;
    let pages = 0;
    do {
      const res = await ddb.send(new ScanCommand({ TableName: T, Limit: 7, ExclusiveStartKey }));
      assert.ok(res.Count <= 7);
      seen.push(...res.Items);
      ExclusiveStartKey = res.LastEvaluatedKey;
      if (ExclusiveStartKey) assert.deepEqual(Object.keys(ExclusiveStartKey), ['pk']);
      pages += 1;
      assert.ok(pages <= 10, 'paging does not end');
    } while (ExclusiveStartKey);
    assert.ok(pages >= 5, `expected at least 5 pages, got ${pages}`);
    assert.deepEqual(keysOf(seen), allKeys());

    const viaPaginator = [];
    for await (const page of paginateScan({ client: ddb, pageSize: 4 }, { TableName: T })) viaPaginator.push(...page.Items);
    assert.deepEqual(keysOf(viaPaginator), allKeys());
  });

  test('Scan FilterExpression and Select COUNT', async () => {
    const res = await ddb.send(new ScanCommand({
      TableName: T, FilterExpression: 'grp = :g AND n >= :min', ExpressionAttributeValues: { ':g': S('three'), ':min': N(10) },
    }));
    assert.deepEqual(res.Items.map((i) => Number(i.n.N)).sort((a, b) => a - b), [12, 15, 18, 21, 24, 27]);
    assert.equal(res.Count, 6);
    assert.equal(res.ScannedCount, total);
    const cnt = await ddb.send(new ScanCommand({ TableName: T, Select: 'COUNT' }));
    assert.equal(cnt.Count, total);
    assert.equal(cnt.Items, undefined);
  });

  test('parallel Scan: the segments partition the table', async () => {
    const TotalSegments = 3;
    const all = [];
    for (let Segment = 0; Segment < TotalSegments; Segment++) {
      let ExclusiveStartKey;
      do {
        const res = await ddb.send(new ScanCommand({ TableName: T, Segment, TotalSegments, Limit: 5, ExclusiveStartKey }));
        all.push(...res.Items);
        ExclusiveStartKey = res.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }
    assert.deepEqual(keysOf(all), allKeys(), 'union of the segments is the table, with no duplicates');
    await expectValidation(() => ddb.send(new ScanCommand({ TableName: T, Segment: 3, TotalSegments: 3 })));
  });
});

// ---------------------------------------------------------------------------------- batches
describe('BatchWriteItem / BatchGetItem', () => {
  let T1; // pk S
  let T2; // pk S, sk N
  before(async () => {
    ({ TableName: T1 } = await createTable(ddb, { tag: 'batch1' }));
    ({ TableName: T2 } = await createTable(ddb, { tag: 'batch2', hash: ['pk', 'S'], range: ['sk', 'N'] }));
  });
  after(async () => { await deleteTable(ddb, T1); await deleteTable(ddb, T2); });

  test('BatchWriteItem puts and deletes across two tables', async () => {
    await ddb.send(new PutItemCommand({ TableName: T1, Item: { pk: S('doomed'), v: S('x') } }));
    const RequestItems = {
      [T1]: [
        ...[...Array(15).keys()].map((i) => ({ PutRequest: { Item: { pk: S(`k${i}`), v: N(i) } } })),
        { DeleteRequest: { Key: { pk: S('doomed') } } },
      ],
      [T2]: [...Array(9).keys()].map((i) => ({ PutRequest: { Item: { pk: S('p'), sk: N(i), bin: B([i]) } } })),
    };
    const res = await ddb.send(new BatchWriteItemCommand({ RequestItems }));
    assert.equal(res.$metadata.httpStatusCode, 200);
    assert.deepEqual(res.UnprocessedItems ?? {}, {});
    const gone = await ddb.send(new GetItemCommand({ TableName: T1, Key: { pk: S('doomed') } }));
    assert.equal(gone.Item, undefined);
    const scan1 = await ddb.send(new ScanCommand({ TableName: T1, Select: 'COUNT' }));
    assert.equal(scan1.Count, 15);
    const q2 = await ddb.send(new QueryCommand({ TableName: T2, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('p') } }));
    assert.deepEqual(q2.Items.map((i) => hex(i.bin.B)), ['00', '01', '02', '03', '04', '05', '06', '07', '08']);
  });

  test('BatchGetItem across two tables; missing keys are left out; ProjectionExpression', async () => {
    const res = await ddb.send(new BatchGetItemCommand({
      RequestItems: {
        [T1]: { Keys: [{ pk: S('k1') }, { pk: S('k3') }, { pk: S('nope') }], ConsistentRead: true },
        [T2]: { Keys: [{ pk: S('p'), sk: N(2) }, { pk: S('p'), sk: N(8) }], ProjectionExpression: 'sk' },
      },
    }));
    assert.deepEqual(res.UnprocessedKeys ?? {}, {});
    assert.deepEqual(Object.keys(res.Responses).sort(), [T1, T2].sort());
    const r1 = [...res.Responses[T1]].sort((a, b) => a.pk.S.localeCompare(b.pk.S));
    assert.deepEqual(r1, [{ pk: S('k1'), v: N(1) }, { pk: S('k3'), v: N(3) }]);
    const r2 = res.Responses[T2].map((i) => Number(i.sk.N)).sort((a, b) => a - b);
    assert.deepEqual(r2, [2, 8]);
    assert.ok(res.Responses[T2].every((i) => Object.keys(i).length === 1), 'projection keeps only sk');
  });

  test('BatchWriteItem limits: more than 25 requests, duplicate keys are ValidationException', async () => {
    const many = [...Array(26).keys()].map((i) => ({ PutRequest: { Item: { pk: S(`m${i}`) } } }));
    await expectValidation(() => ddb.send(new BatchWriteItemCommand({ RequestItems: { [T1]: many } })));
    await expectValidation(() => ddb.send(new BatchWriteItemCommand({
      RequestItems: { [T1]: [{ PutRequest: { Item: { pk: S('dup') } } }, { DeleteRequest: { Key: { pk: S('dup') } } }] },
    })));
    const none = await ddb.send(new GetItemCommand({ TableName: T1, Key: { pk: S('m0') } }));
    assert.equal(none.Item, undefined, 'a rejected batch writes nothing');
  });

  test('BatchGetItem limits: more than 100 keys, duplicate keys are ValidationException', async () => {
    const keys = [...Array(101).keys()].map((i) => ({ pk: S(`g${i}`) }));
    await expectValidation(() => ddb.send(new BatchGetItemCommand({ RequestItems: { [T1]: { Keys: keys } } })));
    await expectValidation(() => ddb.send(new BatchGetItemCommand({
      RequestItems: { [T1]: { Keys: [{ pk: S('k1') }, { pk: S('k1') }] } },
    })));
  });

  test('BatchWriteItem / BatchGetItem on a missing table are ResourceNotFoundException', async () => {
    const missing = uniqueTableName('nobatch');
    await expectError(() => ddb.send(new BatchWriteItemCommand({
      RequestItems: { [missing]: [{ PutRequest: { Item: { pk: S('x') } } }] },
    })), { name: 'ResourceNotFoundException', status: 400 });
    await expectError(() => ddb.send(new BatchGetItemCommand({
      RequestItems: { [missing]: { Keys: [{ pk: S('x') }] } },
    })), { name: 'ResourceNotFoundException', status: 400 });
  });
});

// ---------------------------------------------------------------------------------- transactions
describe('transactions', () => {
  let T;
  let T2;
  before(async () => {
    ({ TableName: T } = await createTable(ddb, { tag: 'tx' }));
    ({ TableName: T2 } = await createTable(ddb, { tag: 'tx2', hash: ['id', 'N'] }));
  });
  after(async () => { await deleteTable(ddb, T); await deleteTable(ddb, T2); });

  const get = async (TableName, Key) => (await ddb.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item;

  test('TransactWriteItems applies Put, Update, Delete and ConditionCheck together', async () => {
    await batchPut(ddb, T, [
      { pk: S('t-upd'), n: N(1) }, { pk: S('t-del'), v: S('bye') }, { pk: S('t-check'), ok: BOOL(true) },
    ]);
    const res = await ddb.send(new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: T, Item: { pk: S('t-put'), v: S('new') }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Update: { TableName: T, Key: { pk: S('t-upd') }, UpdateExpression: 'ADD n :d', ExpressionAttributeValues: { ':d': N(10) } } },
        { Delete: { TableName: T, Key: { pk: S('t-del') } } },
        { ConditionCheck: { TableName: T, Key: { pk: S('t-check') }, ConditionExpression: 'ok = :t', ExpressionAttributeValues: { ':t': BOOL(true) } } },
        { Put: { TableName: T2, Item: { id: N(1), v: S('other table') } } },
      ],
    }));
    assert.equal(res.$metadata.httpStatusCode, 200);
    assert.deepEqual(await get(T, { pk: S('t-put') }), { pk: S('t-put'), v: S('new') });
    assert.equal((await get(T, { pk: S('t-upd') })).n.N, '11');
    assert.equal(await get(T, { pk: S('t-del') }), undefined);
    assert.deepEqual(await get(T2, { id: N(1) }), { id: N(1), v: S('other table') });
  });

  test('a failing condition cancels the whole transaction: TransactionCanceledException with CancellationReasons', async () => {
    await batchPut(ddb, T, [{ pk: S('c-upd'), n: N(5) }, { pk: S('c-check'), v: S('v') }]);
    const err = await expectError(() => ddb.send(new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: T, Item: { pk: S('c-put'), v: S('should not exist') } } },
        {
          Update: {
            TableName: T, Key: { pk: S('c-upd') }, UpdateExpression: 'SET n = :new',
            ConditionExpression: 'n = :old', ExpressionAttributeValues: { ':new': N(6), ':old': N(999) },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        { ConditionCheck: { TableName: T, Key: { pk: S('c-check') }, ConditionExpression: 'attribute_exists(pk)' } },
      ],
    })), { name: 'TransactionCanceledException', status: 400 });
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.ok(Array.isArray(err.CancellationReasons), 'CancellationReasons is a list');
    assert.equal(err.CancellationReasons.length, 3, 'one reason per TransactItem');
    assert.deepEqual(err.CancellationReasons.map((r) => r.Code), ['None', 'ConditionalCheckFailed', 'None']);
    assert.deepEqual(err.CancellationReasons[1].Item, { pk: S('c-upd'), n: N(5) });
    assert.match(err.message, /ConditionalCheckFailed/);
    // Nothing was applied.
    assert.equal(await get(T, { pk: S('c-put') }), undefined);
    assert.equal((await get(T, { pk: S('c-upd') })).n.N, '5');
  });

  test('two operations on one item in a transaction is a ValidationException', async () => {
    await expectValidation(() => ddb.send(new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: T, Item: { pk: S('same'), v: N(1) } } },
        { Update: { TableName: T, Key: { pk: S('same') }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': N(2) } } },
      ],
    })));
    assert.equal(await get(T, { pk: S('same') }), undefined);
  });

  test('TransactGetItems returns items in request order; a missing item gives an empty response', async () => {
    await batchPut(ddb, T, [{ pk: S('g1'), v: N(1), extra: S('e') }, { pk: S('g2'), v: N(2) }]);
    await ddb.send(new PutItemCommand({ TableName: T2, Item: { id: N(99), v: S('t2') } }));
    const res = await ddb.send(new TransactGetItemsCommand({
      TransactItems: [
        { Get: { TableName: T, Key: { pk: S('g2') } } },
        { Get: { TableName: T, Key: { pk: S('g-missing') } } },
        { Get: { TableName: T, Key: { pk: S('g1') }, ProjectionExpression: 'v' } },
        { Get: { TableName: T2, Key: { id: N(99) } } },
      ],
    }));
    assert.equal(res.Responses.length, 4);
    assert.deepEqual(res.Responses[0].Item, { pk: S('g2'), v: N(2) });
    assert.equal(res.Responses[1].Item, undefined);
    assert.deepEqual(res.Responses[2].Item, { v: N(1) });
    assert.deepEqual(res.Responses[3].Item, { id: N(99), v: S('t2') });
  });

  test('TransactWriteItems on a missing table is ResourceNotFoundException', async () => {
    await expectError(() => ddb.send(new TransactWriteItemsCommand({
      TransactItems: [{ Put: { TableName: uniqueTableName('notx'), Item: { pk: S('x') } } }],
    })), { name: 'ResourceNotFoundException', status: 400 });
  });
});

// ---------------------------------------------------------------------------------- secondary indexes
describe('secondary indexes', () => {
  let T;
  before(async () => {
    ({ TableName: T } = await createTable(ddb, {
      tag: 'gsi',
      hash: ['pk', 'S'],
      gsis: [
        { name: 'byOwner', hash: ['owner', 'S'], range: ['created', 'N'] },
        { name: 'byState', hash: ['st', 'S'], projection: 'KEYS_ONLY' },
        { name: 'byOwnerIncl', hash: ['owner', 'S'], projection: ['INCLUDE', ['title']] },
      ],
    }));
    const items = [];
    for (let i = 0; i < 10; i++) {
      const it = { pk: S(`doc${i}`), title: S(`Title ${i}`), body: S(`body ${i}`), st: S(i < 4 ? 'open' : 'closed') };
      if (i < 6) { it.owner = S('alice'); it.created = N(100 - i); } else if (i < 9) { it.owner = S('bob'); it.created = N(i); }
      // doc9 has no owner: it is not in byOwner (sparse index).
      items.push(it);
    }
    await batchPut(ddb, T, items);
  });
  after(async () => { await deleteTable(ddb, T); });

  const qi = (IndexName, extra) => ddb.send(new QueryCommand({ TableName: T, IndexName, ...extra }));

  test('DescribeTable lists the GSIs with key schema, projection and ACTIVE status', async () => {
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: T }));
    const g = Object.fromEntries((Table.GlobalSecondaryIndexes || []).map((x) => [x.IndexName, x]));
    assert.deepEqual(Object.keys(g).sort(), ['byOwner', 'byOwnerIncl', 'byState']);
    assert.deepEqual(g.byOwner.KeySchema, [{ AttributeName: 'owner', KeyType: 'HASH' }, { AttributeName: 'created', KeyType: 'RANGE' }]);
    assert.equal(g.byOwner.Projection.ProjectionType, 'ALL');
    assert.equal(g.byState.Projection.ProjectionType, 'KEYS_ONLY');
    assert.deepEqual(g.byOwnerIncl.Projection, { ProjectionType: 'INCLUDE', NonKeyAttributes: ['title'] });
    assert.equal(g.byOwner.IndexStatus, 'ACTIVE');
    assert.match(g.byOwner.IndexArn, /:table\/.+\/index\/byOwner$/);
  });

  test('Query a GSI: items in index sort-key order with all attributes (ALL projection)', async () => {
    const res = await qi('byOwner', { KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': S('alice') } });
    assert.equal(res.Count, 6);
    assert.deepEqual(res.Items.map((i) => i.pk.S), ['doc5', 'doc4', 'doc3', 'doc2', 'doc1', 'doc0']);
    assert.deepEqual(res.Items[0], { pk: S('doc5'), title: S('Title 5'), body: S('body 5'), st: S('closed'), owner: S('alice'), created: N(95) });
    const range = await qi('byOwner', {
      KeyConditionExpression: '#o = :o AND created BETWEEN :a AND :b', ExpressionAttributeNames: { '#o': 'owner' },
      ExpressionAttributeValues: { ':o': S('alice'), ':a': N(97), ':b': N(99) }, ScanIndexForward: false,
    });
    assert.deepEqual(range.Items.map((i) => i.pk.S), ['doc1', 'doc2', 'doc3']);
  });

  test('GSI paging: LastEvaluatedKey holds the index keys and the table key', async () => {
    const first = await qi('byOwner', { KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': S('alice') }, Limit: 4 });
    assert.equal(first.Count, 4);
    assert.deepEqual(first.LastEvaluatedKey, { pk: S('doc2'), owner: S('alice'), created: N(98) });
    const second = await qi('byOwner', {
      KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': S('alice') },
      Limit: 4, ExclusiveStartKey: first.LastEvaluatedKey,
    });
    assert.deepEqual(second.Items.map((i) => i.pk.S), ['doc1', 'doc0']);
    assert.equal(second.LastEvaluatedKey, undefined);
  });

  test('KEYS_ONLY and INCLUDE projections return only the projected attributes', async () => {
    const keysOnly = await qi('byState', { KeyConditionExpression: 'st = :s', ExpressionAttributeValues: { ':s': S('open') } });
    assert.equal(keysOnly.Count, 4);
    for (const it of keysOnly.Items) assert.deepEqual(Object.keys(it).sort(), ['pk', 'st']);
    const incl = await qi('byOwnerIncl', { KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': S('bob') } });
    assert.equal(incl.Count, 3);
    for (const it of incl.Items) assert.deepEqual(Object.keys(it).sort(), ['owner', 'pk', 'title']);
  });

  test('the index is sparse and follows updates and deletes', async () => {
    const scan = await ddb.send(new ScanCommand({ TableName: T, IndexName: 'byOwner' }));
    assert.equal(scan.Count, 9, 'doc9 has no owner and is not in the index');
    assert.ok(!scan.Items.some((i) => i.pk.S === 'doc9'));

    await ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('doc9') }, UpdateExpression: 'SET #o = :o, created = :c',
      ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': S('carol'), ':c': N(1) },
    }));
    await ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('doc8') }, UpdateExpression: 'SET #o = :o',
      ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': S('carol') },
    }));
    await ddb.send(new DeleteItemCommand({ TableName: T, Key: { pk: S('doc7') } }));
    const carol = await qi('byOwner', { KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': S('carol') } });
    assert.deepEqual(carol.Items.map((i) => i.pk.S), ['doc9', 'doc8']);
    const bob = await qi('byOwner', { KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': S('bob') } });
    assert.deepEqual(bob.Items.map((i) => i.pk.S), ['doc6']);
  });

  test('GSI errors: ConsistentRead, unknown index, index key of the wrong type', async () => {
    await expectValidation(() => qi('byOwner', {
      KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': S('alice') }, ConsistentRead: true,
    }));
    await expectValidation(() => qi('noSuchIndex', { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('doc1') } }));
    await expectValidation(() => ddb.send(new PutItemCommand({ TableName: T, Item: { pk: S('badtype'), owner: N(5), created: N(1) } })));
    const none = await ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('badtype') } }));
    assert.equal(none.Item, undefined);
  });

  test('local secondary index: query by the alternate sort key', async () => {
    const { TableName } = await createTable(ddb, {
      tag: 'lsi', hash: ['pk', 'S'], range: ['sk', 'S'], lsis: [{ name: 'byScore', range: ['score', 'N'] }],
    });
    try {
      await batchPut(ddb, TableName, [
        { pk: S('g'), sk: S('a'), score: N(30) }, { pk: S('g'), sk: S('b'), score: N(10) },
        { pk: S('g'), sk: S('c'), score: N(20) }, { pk: S('g'), sk: S('d') },
      ]);
      const res = await ddb.send(new QueryCommand({
        TableName, IndexName: 'byScore', KeyConditionExpression: 'pk = :p AND score > :m',
        ExpressionAttributeValues: { ':p': S('g'), ':m': N(5) }, ConsistentRead: true,
      }));
      assert.deepEqual(res.Items.map((i) => i.sk.S), ['b', 'c', 'a']);
      const { Table } = await ddb.send(new DescribeTableCommand({ TableName }));
      assert.equal(Table.LocalSecondaryIndexes?.[0]?.IndexName, 'byScore');
    } finally {
      await deleteTable(ddb, TableName);
    }
  });
});

// ---------------------------------------------------------------------------------- validation
describe('ValidationException', () => {
  let T; // pk S, sk N
  before(async () => {
    ({ TableName: T } = await createTable(ddb, { tag: 'valid', hash: ['pk', 'S'], range: ['sk', 'N'] }));
    await ddb.send(new PutItemCommand({ TableName: T, Item: { pk: S('a'), sk: N(1), v: S('x') } }));
  });
  after(async () => { await deleteTable(ddb, T); });

  test('unused ExpressionAttributeValues / ExpressionAttributeNames', async () => {
    await expectValidation(() => ddb.send(new PutItemCommand({
      TableName: T, Item: { pk: S('b'), sk: N(1) }, ConditionExpression: 'attribute_not_exists(pk)',
      ExpressionAttributeValues: { ':unused': S('x') },
    })), /unused/i);
    await expectValidation(() => ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('a'), sk: N(1) }, UpdateExpression: 'SET v = :v',
      ExpressionAttributeValues: { ':v': S('y'), ':extra': S('z') },
    })), /unused/i);
    await expectValidation(() => ddb.send(new QueryCommand({
      TableName: T, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('a') },
      ExpressionAttributeNames: { '#unused': 'v' },
    })), /unused/i);
    // ExpressionAttributeValues without any expression.
    await expectValidation(() => ddb.send(new GetItemCommand({
      TableName: T, Key: { pk: S('a'), sk: N(1) }, ExpressionAttributeNames: { '#v': 'v' },
    })));
    const { Item } = await ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('a'), sk: N(1) } }));
    assert.equal(Item.v.S, 'x', 'rejected update changed nothing');
    const b = await ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('b'), sk: N(1) } }));
    assert.equal(b.Item, undefined, 'rejected put wrote nothing');
  });

  test('undefined value or name placeholders, syntax errors', async () => {
    await expectValidation(() => ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('a'), sk: N(1) }, UpdateExpression: 'SET v = :missing',
    })));
    await expectValidation(() => ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('a'), sk: N(1) }, UpdateExpression: 'SET #missing = :v', ExpressionAttributeValues: { ':v': S('v') },
    })));
    await expectValidation(() => ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('a'), sk: N(1) }, UpdateExpression: 'SET v = = :v', ExpressionAttributeValues: { ':v': S('v') },
    })));
    await expectValidation(() => ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('a'), sk: N(1) }, UpdateExpression: 'SET v = :v', ConditionExpression: 'v = ',
      ExpressionAttributeValues: { ':v': S('v') },
    })));
  });

  test('key schema mismatch: wrong type, missing sort key, extra key attribute', async () => {
    await expectValidation(() => ddb.send(new GetItemCommand({ TableName: T, Key: { pk: N(1), sk: N(1) } })), /key/i);
    await expectValidation(() => ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('a') } })), /key/i);
    await expectValidation(() => ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('a'), sk: N(1), v: S('x') } })), /key/i);
    await expectValidation(() => ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('a'), other: N(1) } })), /key/i);
    await expectValidation(() => ddb.send(new PutItemCommand({ TableName: T, Item: { pk: S('a'), v: S('no sort key') } })));
    await expectValidation(() => ddb.send(new PutItemCommand({ TableName: T, Item: { pk: S('a'), sk: S('1') } })));
    await expectValidation(() => ddb.send(new DeleteItemCommand({ TableName: T, Key: { pk: S('a'), sk: S('1') } })));
    await expectValidation(() => ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('a') }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': S('v') },
    })));
  });

  test('empty string key, empty set, updating a key attribute', async () => {
    await expectValidation(() => ddb.send(new PutItemCommand({ TableName: T, Item: { pk: S(''), sk: N(1) } })));
    await expectValidation(() => ddb.send(new PutItemCommand({ TableName: T, Item: { pk: S('e'), sk: N(1), set: { SS: [] } } })));
    await expectValidation(() => ddb.send(new PutItemCommand({ TableName: T, Item: { pk: S('e'), sk: N(1), set: { SS: ['dup', 'dup'] } } })));
    await expectValidation(() => ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('a'), sk: N(1) }, UpdateExpression: 'SET sk = :v', ExpressionAttributeValues: { ':v': N(2) },
    })));
    // An empty string is fine in a non-key attribute.
    await ddb.send(new PutItemCommand({ TableName: T, Item: { pk: S('e'), sk: N(1), blank: S('') } }));
    const { Item } = await ddb.send(new GetItemCommand({ TableName: T, Key: { pk: S('e'), sk: N(1) } }));
    assert.equal(Item.blank.S, '');
  });

  test('reserved words need ExpressionAttributeNames; overlapping update paths are rejected', async () => {
    await expectValidation(() => ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('a'), sk: N(1) }, UpdateExpression: 'SET status = :v', ExpressionAttributeValues: { ':v': S('v') },
    })), /reserved/i);
    await expectValidation(() => ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('a'), sk: N(1) }, UpdateExpression: 'SET v = :v REMOVE v', ExpressionAttributeValues: { ':v': S('v') },
    })));
    await ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('a'), sk: N(1) }, UpdateExpression: 'SET #s = :v',
      ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':v': S('fine') },
    }));
  });

  test('ADD / DELETE type errors and arithmetic on a non-number', async () => {
    await expectValidation(() => ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('a'), sk: N(1) }, UpdateExpression: 'ADD v :n', ExpressionAttributeValues: { ':n': N(1) },
    })));
    await expectValidation(() => ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('a'), sk: N(1) }, UpdateExpression: 'SET v = v + :n', ExpressionAttributeValues: { ':n': N(1) },
    })));
    await expectValidation(() => ddb.send(new UpdateItemCommand({
      TableName: T, Key: { pk: S('a'), sk: N(1) }, UpdateExpression: 'DELETE v :s', ExpressionAttributeValues: { ':s': S('x') },
    })));
  });
});

// ---------------------------------------------------------------------------------- missing tables
describe('ResourceNotFoundException', () => {
  const TableName = uniqueTableName('absent');
  const cases = {
    GetItem: () => new GetItemCommand({ TableName, Key: { pk: S('x') } }),
    PutItem: () => new PutItemCommand({ TableName, Item: { pk: S('x') } }),
    UpdateItem: () => new UpdateItemCommand({ TableName, Key: { pk: S('x') }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': S('a') } }),
    DeleteItem: () => new DeleteItemCommand({ TableName, Key: { pk: S('x') } }),
    Query: () => new QueryCommand({ TableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('x') } }),
    Scan: () => new ScanCommand({ TableName }),
    TransactGetItems: () => new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName, Key: { pk: S('x') } } }] }),
  };
  for (const [op, make] of Object.entries(cases)) {
    test(`${op} on a missing table`, async () => {
      const err = await expectError(() => ddb.send(make()), { name: 'ResourceNotFoundException', status: 400 });
      assert.ok(err.message);
    });
  }
});

// ---------------------------------------------------------------------------------- auth
describe('authentication', () => {
  test('a wrong secret key is InvalidSignatureException (400)', { skip: NEEDS_AUTH }, async () => {
    const bad = makeDynamoClient({ credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID || 'wharf', secretAccessKey: 'definitely-wrong' } });
    await expectError(() => bad.send(new ListTablesCommand({})), { name: 'InvalidSignatureException', status: 400 });
  });

  test('an unknown access key is UnrecognizedClientException (400)', { skip: NEEDS_AUTH }, async () => {
    const bad = makeDynamoClient({ credentials: { accessKeyId: 'AKIDNOSUCHKEY0000000', secretAccessKey: 'whatever' } });
    await expectError(() => bad.send(new ListTablesCommand({})), { name: 'UnrecognizedClientException', status: 400 });
  });
});
