// Core S3 behaviour through the AWS SDK for JavaScript v3: buckets, objects,
// listing, copy, ranges, conditionals and error codes, as documented for Amazon S3.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  DeleteBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  CopyObjectCommand,
  ListObjectsV2Command,
  ListObjectsCommand,
  PutObjectTaggingCommand,
  GetObjectTaggingCommand,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import {
  makeClient, createBucket, destroyBucket, uniqueBucket, expectS3Error, md5hex,
} from './lib.mjs';

const s3 = makeClient();

describe('buckets', () => {
  test('create, head, list, delete bucket', async () => {
    const Bucket = uniqueBucket('bkt');
    const created = await s3.send(new CreateBucketCommand({ Bucket }));
    assert.equal(created.$metadata.httpStatusCode, 200);
    const head = await s3.send(new HeadBucketCommand({ Bucket }));
    assert.equal(head.$metadata.httpStatusCode, 200);
    const list = await s3.send(new ListBucketsCommand({}));
    const names = (list.Buckets || []).map((b) => b.Name);
    assert.ok(names.includes(Bucket), `ListBuckets should include ${Bucket}`);
    const b = list.Buckets.find((x) => x.Name === Bucket);
    assert.ok(b.CreationDate instanceof Date && !Number.isNaN(b.CreationDate.getTime()));
    const del = await s3.send(new DeleteBucketCommand({ Bucket }));
    assert.equal(del.$metadata.httpStatusCode, 204);
    await expectS3Error(() => s3.send(new HeadBucketCommand({ Bucket })), { name: 'NotFound', status: 404 });
  });

  test('HeadBucket on a missing bucket is 404', async () => {
    await expectS3Error(() => s3.send(new HeadBucketCommand({ Bucket: uniqueBucket('missing') })), { status: 404 });
  });

  test('DeleteBucket on a missing bucket is NoSuchBucket 404', async () => {
    await expectS3Error(() => s3.send(new DeleteBucketCommand({ Bucket: uniqueBucket('missing') })),
      { name: 'NoSuchBucket', status: 404 });
  });

  test('DeleteBucket on a non-empty bucket is BucketNotEmpty 409', async () => {
    const Bucket = await createBucket(s3, 'notempty');
    try {
      await s3.send(new PutObjectCommand({ Bucket, Key: 'x', Body: 'x' }));
      await expectS3Error(() => s3.send(new DeleteBucketCommand({ Bucket })), { name: 'BucketNotEmpty', status: 409 });
    } finally {
      await destroyBucket(s3, Bucket);
    }
  });

  test('CreateBucket with an invalid name is InvalidBucketName 400', async () => {
    await expectS3Error(() => s3.send(new CreateBucketCommand({ Bucket: 'Invalid_Bucket_Name' })),
      { name: 'InvalidBucketName', status: 400 });
  });

  test('PutObject into a missing bucket is NoSuchBucket 404', async () => {
    await expectS3Error(() => s3.send(new PutObjectCommand({ Bucket: uniqueBucket('missing'), Key: 'k', Body: 'x' })),
      { name: 'NoSuchBucket', status: 404 });
  });

  test('ListObjectsV2 on a missing bucket is NoSuchBucket 404', async () => {
    await expectS3Error(() => s3.send(new ListObjectsV2Command({ Bucket: uniqueBucket('missing') })),
      { name: 'NoSuchBucket', status: 404 });
  });
});

describe('objects', () => {
  let Bucket;
  before(async () => { Bucket = await createBucket(s3, 'obj'); });
  after(async () => { await destroyBucket(s3, Bucket); });

  test('PutObject string, GetObject transformToString, ETag is quoted MD5', async () => {
    const body = 'hello wharf\n';
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'hello.txt', Body: body, ContentType: 'text/plain' }));
    assert.equal(put.ETag, `"${md5hex(Buffer.from(body))}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'hello.txt' }));
    assert.equal(got.$metadata.httpStatusCode, 200);
    assert.equal(await got.Body.transformToString(), body);
    assert.equal(got.ETag, put.ETag);
    assert.equal(got.ContentLength, Buffer.byteLength(body));
    assert.equal(got.ContentType, 'text/plain');
    assert.ok(got.LastModified instanceof Date);
  });

  test('PutObject Buffer (binary, all byte values), GetObject transformToByteArray', async () => {
    const body = Buffer.alloc(4096);
    for (let i = 0; i < body.length; i++) body[i] = (i * 7 + 3) & 0xff;
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'bin/all-bytes', Body: body }));
    assert.equal(put.ETag, `"${md5hex(body)}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'bin/all-bytes' }));
    const bytes = await got.Body.transformToByteArray();
    assert.ok(Buffer.from(bytes).equals(body), 'binary body must round-trip exactly');
  });

  test('PutObject with a Readable stream and ContentLength (aws-chunked + trailer)', async () => {
    const chunks = ['first chunk|', 'second|', 'x'.repeat(70000), '|end'];
    const expected = chunks.join('');
    const put = await s3.send(new PutObjectCommand({
      Bucket, Key: 'stream/known-length', Body: Readable.from(chunks.map((c) => Buffer.from(c))),
      ContentLength: Buffer.byteLength(expected),
    }));
    assert.equal(put.ETag, `"${md5hex(Buffer.from(expected))}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'stream/known-length' }));
    assert.equal(got.ContentLength, Buffer.byteLength(expected));
    assert.equal(await got.Body.transformToString(), expected);
  });

  test('empty object round trip', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'empty', Body: '' }));
    assert.equal(put.ETag, '"d41d8cd98f00b204e9800998ecf8427e"');
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'empty' }));
    assert.equal(head.ContentLength, 0);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'empty' }));
    assert.equal(await got.Body.transformToString(), '');
  });

  test('HeadObject returns metadata and standard headers', async () => {
    await s3.send(new PutObjectCommand({
      Bucket, Key: 'meta.json', Body: '{"a":1}',
      ContentType: 'application/json',
      CacheControl: 'max-age=60',
      ContentDisposition: 'attachment; filename="m.json"',
      ContentEncoding: 'identity',
      ContentLanguage: 'en',
      Metadata: { color: 'blue', 'x-multi-word': 'Some Value' },
    }));
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'meta.json' }));
    assert.equal(head.$metadata.httpStatusCode, 200);
    assert.equal(head.ContentLength, 7);
    assert.equal(head.ContentType, 'application/json');
    assert.equal(head.CacheControl, 'max-age=60');
    assert.equal(head.ContentDisposition, 'attachment; filename="m.json"');
    assert.equal(head.ContentLanguage, 'en');
    assert.deepEqual(head.Metadata, { color: 'blue', 'x-multi-word': 'Some Value' });
    assert.equal(head.ETag, `"${md5hex(Buffer.from('{"a":1}'))}"`);
    assert.ok(head.LastModified instanceof Date);
    // GetObject returns the same metadata.
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'meta.json' }));
    assert.deepEqual(got.Metadata, { color: 'blue', 'x-multi-word': 'Some Value' });
    await got.Body.transformToString();
  });

  test('keys with spaces, unicode and reserved characters round trip', async () => {
    const keys = [
      'dir with space/file name.txt',
      'unicode/üñîçødé-日本語.txt',
      'reserved/a+b=c&d;e,f:g@h$i!j\'k(l)m*n.txt',
      'percent/100%25 sure %2F not a slash',
      'tilde~and_underscore-dash.txt',
      'deep/a/b/c/d/e/f/g.txt',
    ];
    for (const Key of keys) {
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: `body of ${Key}` }));
    }
    for (const Key of keys) {
      const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
      assert.equal(await got.Body.transformToString(), `body of ${Key}`, Key);
    }
    const listed = [];
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket })) {
      for (const o of page.Contents || []) listed.push(o.Key);
    }
    for (const Key of keys) assert.ok(listed.includes(Key), `listing should contain ${JSON.stringify(Key)}`);
    for (const Key of keys) await s3.send(new DeleteObjectCommand({ Bucket, Key }));
  });

  test('overwrite replaces content and metadata', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'ow', Body: 'one', Metadata: { v: '1' } }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'ow', Body: 'second', Metadata: { w: '2' } }));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'ow' }));
    assert.equal(await got.Body.transformToString(), 'second');
    assert.deepEqual(got.Metadata, { w: '2' });
  });

  test('DeleteObject removes the key; deleting a missing key is 204', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'del-me', Body: 'x' }));
    const del = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'del-me' }));
    assert.equal(del.$metadata.httpStatusCode, 204);
    await expectS3Error(() => s3.send(new GetObjectCommand({ Bucket, Key: 'del-me' })), { name: 'NoSuchKey', status: 404 });
    const again = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'del-me' }));
    assert.equal(again.$metadata.httpStatusCode, 204);
  });

  test('DeleteObjects deletes many keys (missing keys count as deleted)', async () => {
    const keys = ['dm/1', 'dm/2', 'dm/3'];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    const res = await s3.send(new DeleteObjectsCommand({
      Bucket, Delete: { Objects: [...keys, 'dm/never-existed'].map((Key) => ({ Key })) },
    }));
    const deleted = (res.Deleted || []).map((d) => d.Key).sort();
    assert.deepEqual(deleted, ['dm/1', 'dm/2', 'dm/3', 'dm/never-existed']);
    assert.equal((res.Errors || []).length, 0);
    const list = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'dm/' }));
    assert.equal(list.KeyCount, 0);
    assert.equal((list.Contents || []).length, 0);
  });

  test('DeleteObjects Quiet returns no Deleted entries', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'dq/1', Body: '1' }));
    const res = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'dq/1' }], Quiet: true } }));
    assert.equal((res.Deleted || []).length, 0);
    assert.equal((res.Errors || []).length, 0);
    await expectS3Error(() => s3.send(new HeadObjectCommand({ Bucket, Key: 'dq/1' })), { status: 404 });
  });

  test('GetObject missing key: NoSuchKey 404', async () => {
    const err = await expectS3Error(() => s3.send(new GetObjectCommand({ Bucket, Key: 'nope/missing' })),
      { name: 'NoSuchKey', status: 404 });
    assert.equal(err.Code ?? err.name, 'NoSuchKey');
  });

  test('HeadObject missing key: 404 NotFound', async () => {
    await expectS3Error(() => s3.send(new HeadObjectCommand({ Bucket, Key: 'nope/missing' })), { name: 'NotFound', status: 404 });
  });

  test('GetObject in a missing bucket: NoSuchBucket 404', async () => {
    await expectS3Error(() => s3.send(new GetObjectCommand({ Bucket: uniqueBucket('missing'), Key: 'k' })),
      { name: 'NoSuchBucket', status: 404 });
  });

  test('object tagging: Tagging on PutObject, Put/GetObjectTagging, TagCount', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'tagged', Body: 't', Tagging: 'a=1&b=two%20words' }));
    let tags = await s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'tagged' }));
    const asObj = (ts) => Object.fromEntries((ts.TagSet || []).map((t) => [t.Key, t.Value]));
    assert.deepEqual(asObj(tags), { a: '1', b: 'two words' });
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'tagged' }));
    assert.equal(got.TagCount, 2);
    await got.Body.transformToString();
    await s3.send(new PutObjectTaggingCommand({ Bucket, Key: 'tagged', Tagging: { TagSet: [{ Key: 'env', Value: 'test' }] } }));
    tags = await s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'tagged' }));
    assert.deepEqual(asObj(tags), { env: 'test' });
  });
});

describe('range and conditional requests', () => {
  let Bucket;
  let etag;
  let lastModified;
  const body = '0123456789abcdefghijklmnopqrstuvwxyz';
  before(async () => {
    Bucket = await createBucket(s3, 'range');
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'r.txt', Body: body }));
    etag = put.ETag;
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'r.txt' }));
    lastModified = head.LastModified;
  });
  after(async () => { await destroyBucket(s3, Bucket); });

  test('Range bytes=2-5 -> 206 with Content-Range', async () => {
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'r.txt', Range: 'bytes=2-5' }));
    assert.equal(got.$metadata.httpStatusCode, 206);
    assert.equal(got.ContentRange, `bytes 2-5/${body.length}`);
    assert.equal(got.ContentLength, 4);
    assert.equal(await got.Body.transformToString(), '2345');
  });

  test('Range suffix bytes=-4 and open-ended bytes=30-', async () => {
    let got = await s3.send(new GetObjectCommand({ Bucket, Key: 'r.txt', Range: 'bytes=-4' }));
    assert.equal(got.$metadata.httpStatusCode, 206);
    assert.equal(await got.Body.transformToString(), 'wxyz');
    assert.equal(got.ContentRange, `bytes ${body.length - 4}-${body.length - 1}/${body.length}`);
    got = await s3.send(new GetObjectCommand({ Bucket, Key: 'r.txt', Range: 'bytes=30-' }));
    assert.equal(await got.Body.transformToString(), body.slice(30));
  });

  test('Range end past the object end is clamped', async () => {
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'r.txt', Range: 'bytes=34-1000' }));
    assert.equal(got.$metadata.httpStatusCode, 206);
    assert.equal(got.ContentRange, `bytes 34-35/${body.length}`);
    assert.equal(await got.Body.transformToString(), 'yz');
  });

  test('Range starting past the end: InvalidRange 416', async () => {
    await expectS3Error(() => s3.send(new GetObjectCommand({ Bucket, Key: 'r.txt', Range: 'bytes=1000-2000' })),
      { name: 'InvalidRange', status: 416 });
  });

  test('IfMatch with the right ETag succeeds, wrong ETag -> PreconditionFailed 412', async () => {
    const ok = await s3.send(new GetObjectCommand({ Bucket, Key: 'r.txt', IfMatch: etag }));
    assert.equal(await ok.Body.transformToString(), body);
    await expectS3Error(() => s3.send(new GetObjectCommand({ Bucket, Key: 'r.txt', IfMatch: '"0000000000000000000000000000dead"' })),
      { name: 'PreconditionFailed', status: 412 });
  });

  test('IfNoneMatch with the current ETag -> 304 Not Modified', async () => {
    await expectS3Error(() => s3.send(new GetObjectCommand({ Bucket, Key: 'r.txt', IfNoneMatch: etag })), { status: 304 });
    const ok = await s3.send(new GetObjectCommand({ Bucket, Key: 'r.txt', IfNoneMatch: '"something-else"' }));
    assert.equal(ok.$metadata.httpStatusCode, 200);
    await ok.Body.transformToString();
  });

  test('HeadObject IfNoneMatch -> 304, IfMatch mismatch -> 412', async () => {
    await expectS3Error(() => s3.send(new HeadObjectCommand({ Bucket, Key: 'r.txt', IfNoneMatch: etag })), { status: 304 });
    await expectS3Error(() => s3.send(new HeadObjectCommand({ Bucket, Key: 'r.txt', IfMatch: '"nope"' })), { status: 412 });
  });

  test('IfModifiedSince in the future -> 304; IfUnmodifiedSince in the past -> 412', async () => {
    const future = new Date(lastModified.getTime() + 3600 * 1000);
    const past = new Date(lastModified.getTime() - 3600 * 1000);
    await expectS3Error(() => s3.send(new GetObjectCommand({ Bucket, Key: 'r.txt', IfModifiedSince: future })), { status: 304 });
    await expectS3Error(() => s3.send(new GetObjectCommand({ Bucket, Key: 'r.txt', IfUnmodifiedSince: past })),
      { name: 'PreconditionFailed', status: 412 });
    const ok = await s3.send(new GetObjectCommand({ Bucket, Key: 'r.txt', IfModifiedSince: past }));
    assert.equal(ok.$metadata.httpStatusCode, 200);
    await ok.Body.transformToString();
  });

  test('conditional write: PutObject IfNoneMatch "*" on an existing key -> 412', async () => {
    await expectS3Error(() => s3.send(new PutObjectCommand({ Bucket, Key: 'r.txt', Body: 'clobber', IfNoneMatch: '*' })),
      { name: 'PreconditionFailed', status: 412 });
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'r.txt' }));
    assert.equal(await got.Body.transformToString(), body);
    const fresh = await s3.send(new PutObjectCommand({ Bucket, Key: 'new-only', Body: 'n', IfNoneMatch: '*' }));
    assert.equal(fresh.$metadata.httpStatusCode, 200);
  });
});

describe('listing', () => {
  let Bucket;
  const keys = [];
  before(async () => {
    Bucket = await createBucket(s3, 'list');
    for (let i = 0; i < 25; i++) keys.push(`page/item-${String(i).padStart(2, '0')}`);
    const tree = ['photos/2023/jan/a.jpg', 'photos/2023/feb/b.jpg', 'photos/2024/c.jpg', 'photos/top.jpg', 'docs/readme.md', 'root.txt'];
    await Promise.all([...keys, ...tree].map((Key) => s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }))));
  });
  after(async () => { await destroyBucket(s3, Bucket); });

  test('ListObjectsV2 Prefix + Delimiter gives Contents and CommonPrefixes', async () => {
    const res = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'photos/', Delimiter: '/' }));
    assert.deepEqual((res.Contents || []).map((o) => o.Key), ['photos/top.jpg']);
    assert.deepEqual((res.CommonPrefixes || []).map((p) => p.Prefix), ['photos/2023/', 'photos/2024/']);
    assert.equal(res.KeyCount, 3);
    assert.equal(res.IsTruncated, false);
    assert.equal(res.Prefix, 'photos/');
    assert.equal(res.Delimiter, '/');
    const o = res.Contents[0];
    assert.equal(o.Size, 'photos/top.jpg'.length);
    assert.equal(o.ETag, `"${md5hex(Buffer.from('photos/top.jpg'))}"`);
    assert.ok(o.LastModified instanceof Date);
    assert.equal(o.StorageClass, 'STANDARD');
  });

  test('ListObjectsV2 Delimiter at root', async () => {
    const res = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/' }));
    assert.deepEqual((res.Contents || []).map((o) => o.Key), ['root.txt']);
    assert.deepEqual((res.CommonPrefixes || []).map((p) => p.Prefix), ['docs/', 'page/', 'photos/']);
  });

  test('ListObjectsV2 full listing is sorted by key (UTF-8 binary order)', async () => {
    const all = [];
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket })) {
      for (const o of page.Contents || []) all.push(o.Key);
    }
    assert.equal(all.length, 31);
    assert.deepEqual(all, [...all].sort());
  });

  test('paginateListObjectsV2 over 25 keys with MaxKeys 7 -> pages 7,7,7,4', async () => {
    const sizes = [];
    const got = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 7 }, { Bucket, Prefix: 'page/', MaxKeys: 7 })) {
      sizes.push((page.Contents || []).length);
      assert.equal(page.MaxKeys, 7);
      for (const o of page.Contents || []) got.push(o.Key);
    }
    assert.deepEqual(sizes, [7, 7, 7, 4]);
    assert.deepEqual(got, keys);
  });

  test('ListObjectsV2 MaxKeys truncation and ContinuationToken, StartAfter', async () => {
    const first = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'page/', MaxKeys: 10 }));
    assert.equal(first.IsTruncated, true);
    assert.equal(first.KeyCount, 10);
    assert.ok(first.NextContinuationToken);
    const second = await s3.send(new ListObjectsV2Command({
      Bucket, Prefix: 'page/', MaxKeys: 10, ContinuationToken: first.NextContinuationToken,
    }));
    assert.equal(second.ContinuationToken, first.NextContinuationToken);
    assert.equal(second.Contents[0].Key, 'page/item-10');
    const after = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'page/', StartAfter: 'page/item-22' }));
    assert.deepEqual(after.Contents.map((o) => o.Key), ['page/item-23', 'page/item-24']);
    assert.equal(after.StartAfter, 'page/item-22');
  });

  test('ListObjectsV2 with a prefix that matches nothing', async () => {
    const res = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'zzz/' }));
    assert.equal(res.KeyCount, 0);
    assert.equal((res.Contents || []).length, 0);
    assert.equal(res.IsTruncated, false);
  });

  test('ListObjects (v1) with Marker and MaxKeys', async () => {
    const res = await s3.send(new ListObjectsCommand({ Bucket, Prefix: 'page/', Marker: 'page/item-19', MaxKeys: 3 }));
    assert.deepEqual(res.Contents.map((o) => o.Key), ['page/item-20', 'page/item-21', 'page/item-22']);
    assert.equal(res.IsTruncated, true);
    assert.equal(res.Marker, 'page/item-19');
  });

  test('ListObjectsV2 EncodingType=url: keys come back URL-encoded', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'enc/a b+c', Body: 'x' }));
    const res = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'enc/', EncodingType: 'url' }));
    assert.equal(res.EncodingType, 'url');
    // The JS SDK does not decode; S3 encodes the key (space as %20 or +, '+' as %2B).
    const k = res.Contents[0].Key;
    assert.ok(k === 'enc/a%20b%2Bc' || k === 'enc/a+b%2Bc', `unexpected key ${k}`);
    assert.equal(decodeURIComponent(k.replace(/\+/g, ' ')), 'enc/a b+c');
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'enc/a b+c' }));
  });
});

describe('copy', () => {
  let Bucket;
  let Other;
  before(async () => {
    Bucket = await createBucket(s3, 'copy');
    Other = await createBucket(s3, 'copy2');
    await s3.send(new PutObjectCommand({
      Bucket, Key: 'src dir/source+1.txt', Body: 'copy me', ContentType: 'text/x-src', Metadata: { origin: 'src' },
    }));
  });
  after(async () => { await destroyBucket(s3, Bucket); await destroyBucket(s3, Other); });

  test('CopyObject within a bucket copies data and metadata (COPY directive)', async () => {
    const res = await s3.send(new CopyObjectCommand({
      Bucket, Key: 'dst.txt', CopySource: `${Bucket}/${encodeURIComponent('src dir/source+1.txt')}`,
    }));
    assert.equal(res.CopyObjectResult.ETag, `"${md5hex(Buffer.from('copy me'))}"`);
    assert.ok(res.CopyObjectResult.LastModified instanceof Date);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'dst.txt' }));
    assert.equal(await got.Body.transformToString(), 'copy me');
    assert.equal(got.ContentType, 'text/x-src');
    assert.deepEqual(got.Metadata, { origin: 'src' });
  });

  test('CopyObject across buckets with MetadataDirective REPLACE', async () => {
    await s3.send(new CopyObjectCommand({
      Bucket: Other, Key: 'replaced', CopySource: `${Bucket}/${encodeURIComponent('src dir/source+1.txt')}`,
      MetadataDirective: 'REPLACE', Metadata: { fresh: 'yes' }, ContentType: 'text/plain',
    }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: Other, Key: 'replaced' }));
    assert.deepEqual(head.Metadata, { fresh: 'yes' });
    assert.equal(head.ContentType, 'text/plain');
    assert.equal(head.ContentLength, 7);
  });

  test('CopyObject onto itself without changes is InvalidRequest 400', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'self', Body: 'self' }));
    await expectS3Error(() => s3.send(new CopyObjectCommand({ Bucket, Key: 'self', CopySource: `${Bucket}/self` })),
      { name: 'InvalidRequest', status: 400 });
    // With REPLACE it is allowed (the usual way to change metadata in place).
    await s3.send(new CopyObjectCommand({
      Bucket, Key: 'self', CopySource: `${Bucket}/self`, MetadataDirective: 'REPLACE', Metadata: { m: '1' },
    }));
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'self' }));
    assert.deepEqual(head.Metadata, { m: '1' });
  });

  test('CopyObject from a missing source key is NoSuchKey 404', async () => {
    await expectS3Error(() => s3.send(new CopyObjectCommand({ Bucket, Key: 'x', CopySource: `${Bucket}/does-not-exist` })),
      { name: 'NoSuchKey', status: 404 });
  });

  test('CopyObject CopySourceIfMatch mismatch is PreconditionFailed 412', async () => {
    await expectS3Error(() => s3.send(new CopyObjectCommand({
      Bucket, Key: 'cond', CopySource: `${Bucket}/${encodeURIComponent('src dir/source+1.txt')}`, CopySourceIfMatch: '"bogus"',
    })), { name: 'PreconditionFailed', status: 412 });
  });
});
