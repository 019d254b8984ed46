// Flexible checksums (x-amz-checksum-*), aws-chunked streaming uploads with
// trailing checksums, and Content-MD5, as the AWS SDK for JavaScript v3 sends them.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
} from '@aws-sdk/client-s3';
import {
  makeClient, createBucket, destroyBucket, expectS3Error, md5hex,
  crc32b64, crc32cb64, sha1b64, sha256b64, pseudoRandomBytes,
} from './lib.mjs';
import crypto from 'node:crypto';

const s3 = makeClient();

const ALGOS = {
  CRC32: { field: 'ChecksumCRC32', calc: crc32b64 },
  CRC32C: { field: 'ChecksumCRC32C', calc: crc32cb64 },
  SHA1: { field: 'ChecksumSHA1', calc: sha1b64 },
  SHA256: { field: 'ChecksumSHA256', calc: sha256b64 },
};

describe('checksums', () => {
  let Bucket;
  before(async () => { Bucket = await createBucket(s3, 'cksum'); });
  after(async () => { await destroyBucket(s3, Bucket); });

  test('local checksum helpers match known vectors', () => {
    // "123456789" check values: CRC32 0xCBF43926, CRC32C 0xE3069283.
    const v = Buffer.from('123456789');
    assert.equal(Buffer.from(crc32b64(v), 'base64').readUInt32BE(), 0xcbf43926);
    assert.equal(Buffer.from(crc32cb64(v), 'base64').readUInt32BE(), 0xe3069283);
  });

  for (const [algo, { field, calc }] of Object.entries(ALGOS)) {
    test(`${algo}: PutObject (Buffer) then Get/HeadObject with ChecksumMode ENABLED`, async () => {
      const body = pseudoRandomBytes(100_003, algo.length + 11);
      const Key = `buf/${algo}`;
      const put = await s3.send(new PutObjectCommand({ Bucket, Key, Body: body, ChecksumAlgorithm: algo }));
      assert.equal(put[field], calc(body), `PutObject response ${field}`);
      assert.equal(put.ETag, `"${md5hex(body)}"`);
      const got = await s3.send(new GetObjectCommand({ Bucket, Key, ChecksumMode: 'ENABLED' }));
      assert.equal(got[field], calc(body), `GetObject response ${field}`);
      assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(body));
      const head = await s3.send(new HeadObjectCommand({ Bucket, Key, ChecksumMode: 'ENABLED' }));
      assert.equal(head[field], calc(body), `HeadObject response ${field}`);
    });

    test(`${algo}: PutObject (Readable stream, aws-chunked with trailing checksum) round trip`, async () => {
      const parts = [pseudoRandomBytes(65_536, 3), pseudoRandomBytes(1, 4), pseudoRandomBytes(100_000, 5)];
      const body = Buffer.concat(parts);
      const Key = `stream/${algo}`;
      const put = await s3.send(new PutObjectCommand({
        Bucket, Key, Body: Readable.from(parts), ContentLength: body.length, ChecksumAlgorithm: algo,
      }));
      assert.equal(put[field], calc(body), `PutObject response ${field}`);
      assert.equal(put.ETag, `"${md5hex(body)}"`);
      const got = await s3.send(new GetObjectCommand({ Bucket, Key, ChecksumMode: 'ENABLED' }));
      assert.equal(got[field], calc(body));
      assert.equal(got.ContentLength, body.length);
      assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(body));
    });
  }

  test('default request checksum (SDK sends CRC32) is stored and returned', async () => {
    const body = Buffer.from('default checksum body');
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'default-crc', Body: body }));
    assert.equal(put.ChecksumCRC32, crc32b64(body));
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'default-crc', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC32, crc32b64(body));
  });

  test('a wrong x-amz-checksum-crc32 is rejected with BadDigest 400 and nothing is stored', async () => {
    const body = Buffer.from('the real body');
    await expectS3Error(() => s3.send(new PutObjectCommand({
      Bucket, Key: 'bad-crc', Body: body, ChecksumCRC32: crc32b64(Buffer.from('something else')),
    })), { name: 'BadDigest', status: 400 });
    await expectS3Error(() => s3.send(new HeadObjectCommand({ Bucket, Key: 'bad-crc' })), { status: 404 });
  });

  test('a wrong x-amz-checksum-sha256 is rejected with BadDigest 400', async () => {
    await expectS3Error(() => s3.send(new PutObjectCommand({
      Bucket, Key: 'bad-sha', Body: 'abc', ChecksumSHA256: sha256b64(Buffer.from('abd')),
    })), { name: 'BadDigest', status: 400 });
  });

  test('correct Content-MD5 is accepted', async () => {
    const body = Buffer.from('md5 me');
    const ContentMD5 = crypto.createHash('md5').update(body).digest('base64');
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'md5-ok', Body: body, ContentMD5 }));
    assert.equal(put.ETag, `"${md5hex(body)}"`);
  });

  test('wrong Content-MD5 is rejected with BadDigest 400', async () => {
    const ContentMD5 = crypto.createHash('md5').update('other').digest('base64');
    await expectS3Error(() => s3.send(new PutObjectCommand({ Bucket, Key: 'md5-bad', Body: 'md5 me', ContentMD5 })),
      { name: 'BadDigest', status: 400 });
    await expectS3Error(() => s3.send(new HeadObjectCommand({ Bucket, Key: 'md5-bad' })), { status: 404 });
  });

  test('malformed Content-MD5 is rejected with InvalidDigest 400', async () => {
    await expectS3Error(() => s3.send(new PutObjectCommand({ Bucket, Key: 'md5-invalid', Body: 'x', ContentMD5: 'not-base64-md5' })),
      { name: 'InvalidDigest', status: 400 });
  });

  test('GetObject Range with ChecksumMode ENABLED returns the range (no full-object checksum check)', async () => {
    const body = pseudoRandomBytes(10_000, 77);
    await s3.send(new PutObjectCommand({ Bucket, Key: 'range-ck', Body: body, ChecksumAlgorithm: 'SHA256' }));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'range-ck', Range: 'bytes=100-199', ChecksumMode: 'ENABLED' }));
    assert.equal(got.$metadata.httpStatusCode, 206);
    assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(body.subarray(100, 200)));
  });
});
