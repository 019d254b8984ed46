// Multipart uploads: @aws-sdk/lib-storage Upload and the low-level API.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import {
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  ListPartsCommand,
  ListMultipartUploadsCommand,
  CompleteMultipartUploadCommand,
  AbortMultipartUploadCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  makeClient, createBucket, destroyBucket, expectS3Error, md5hex, multipartEtag, pseudoRandomBytes,
} from './lib.mjs';

const s3 = makeClient();
const MiB = 1024 * 1024;

async function readAll(Bucket, Key, extra = {}) {
  const got = await s3.send(new GetObjectCommand({ Bucket, Key, ...extra }));
  return { got, body: Buffer.from(await got.Body.transformToByteArray()) };
}

describe('lib-storage Upload', () => {
  let Bucket;
  before(async () => { Bucket = await createBucket(s3, 'upload'); });
  after(async () => { await destroyBucket(s3, Bucket); });

  test('~12 MB body with partSize 5 MiB goes multipart (3 parts) and round-trips', async () => {
    const body = pseudoRandomBytes(12 * 1000 * 1000, 42);
    const parts = [body.subarray(0, 5 * MiB), body.subarray(5 * MiB, 10 * MiB), body.subarray(10 * MiB)];
    const up = new Upload({
      client: s3, params: { Bucket, Key: 'big/twelve.bin', Body: body, ContentType: 'application/x-test', Metadata: { kind: 'mp' } },
      partSize: 5 * MiB, queueSize: 2,
    });
    const seen = [];
    up.on('httpUploadProgress', (p) => seen.push(p.part));
    const res = await up.done();
    assert.equal(res.$metadata.httpStatusCode, 200);
    assert.equal(res.Key, 'big/twelve.bin');
    assert.equal(res.Bucket, Bucket);
    assert.match(res.ETag, /^"[0-9a-f]{32}-3"$/);
    assert.equal(res.ETag, multipartEtag(parts));
    assert.ok(seen.includes(3), 'progress events for 3 parts');
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'big/twelve.bin', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ContentLength, body.length);
    assert.equal(head.ETag, res.ETag);
    assert.equal(head.ContentType, 'application/x-test');
    assert.deepEqual(head.Metadata, { kind: 'mp' });
    if (head.ChecksumCRC32 !== undefined) {
      // lib-storage creates the upload with CRC32 (SDK default). S3 then reports either a
      // composite checksum (CRC32 of the part CRC32s, "-3") or a full-object CRC32.
      const b = (n) => { const x = Buffer.alloc(4); x.writeUInt32BE(n >>> 0); return x; };
      const composite = `${b(zlib.crc32(Buffer.concat(parts.map((p) => b(zlib.crc32(p)))))).toString('base64')}-3`;
      const full = b(zlib.crc32(body)).toString('base64');
      assert.ok([composite, full].includes(head.ChecksumCRC32), `unexpected ChecksumCRC32 ${head.ChecksumCRC32}`);
    }
    const { got, body: data } = await readAll(Bucket, 'big/twelve.bin', { ChecksumMode: 'ENABLED' });
    assert.equal(got.ETag, res.ETag);
    assert.equal(md5hex(data), md5hex(body));
  });

  test('small body uses a single PutObject (plain MD5 ETag)', async () => {
    const body = Buffer.from('tiny upload via lib-storage');
    const res = await new Upload({ client: s3, params: { Bucket, Key: 'small/one.txt', Body: body }, partSize: 5 * MiB }).done();
    assert.equal(res.ETag, `"${md5hex(body)}"`);
    const { body: data } = await readAll(Bucket, 'small/one.txt');
    assert.ok(data.equals(body));
  });

  test('Readable stream of unknown length (small) via Upload', async () => {
    const chunks = [];
    for (let i = 0; i < 50; i++) chunks.push(Buffer.from(`line ${i} ${'z'.repeat(i)}\n`));
    const expected = Buffer.concat(chunks);
    const res = await new Upload({ client: s3, params: { Bucket, Key: 'stream/unknown-small', Body: Readable.from(chunks) } }).done();
    assert.equal(res.ETag, `"${md5hex(expected)}"`);
    const { body } = await readAll(Bucket, 'stream/unknown-small');
    assert.ok(body.equals(expected));
  });

  test('PassThrough stream of unknown length (~6 MiB) via Upload goes multipart', async () => {
    const expected = pseudoRandomBytes(6 * MiB + 12345, 9);
    const pt = new PassThrough();
    const up = new Upload({ client: s3, params: { Bucket, Key: 'stream/unknown-big', Body: pt }, partSize: 5 * MiB });
    const done = up.done();
    for (let off = 0; off < expected.length; off += 256 * 1024) pt.write(expected.subarray(off, off + 256 * 1024));
    pt.end();
    const res = await done;
    assert.equal(res.ETag, multipartEtag([expected.subarray(0, 5 * MiB), expected.subarray(5 * MiB)]));
    const { body } = await readAll(Bucket, 'stream/unknown-big');
    assert.equal(body.length, expected.length);
    assert.equal(md5hex(body), md5hex(expected));
  });
});

describe('low-level multipart API', () => {
  let Bucket;
  before(async () => { Bucket = await createBucket(s3, 'mpu'); });
  after(async () => { await destroyBucket(s3, Bucket); });

  test('create, upload parts out of order, list, complete; GetObject PartNumber', async () => {
    const Key = 'manual/obj.bin';
    const p1 = pseudoRandomBytes(5 * MiB, 1);
    const p2 = pseudoRandomBytes(1234, 2);
    const create = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, Metadata: { a: 'b' }, ContentType: 'application/x-mp' }));
    assert.equal(create.Bucket, Bucket);
    assert.equal(create.Key, Key);
    const UploadId = create.UploadId;
    assert.ok(UploadId);
    const u2 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: p2 }));
    const u1 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: p1 }));
    assert.equal(u1.ETag, `"${md5hex(p1)}"`);
    assert.equal(u2.ETag, `"${md5hex(p2)}"`);

    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket }));
    assert.ok((uploads.Uploads || []).some((u) => u.UploadId === UploadId && u.Key === Key), 'ListMultipartUploads shows the upload');

    const parts = await s3.send(new ListPartsCommand({ Bucket, Key, UploadId }));
    assert.deepEqual(parts.Parts.map((p) => [p.PartNumber, p.Size, p.ETag]),
      [[1, p1.length, u1.ETag], [2, p2.length, u2.ETag]]);
    assert.equal(parts.UploadId, UploadId);

    // Object does not exist until completion.
    await expectS3Error(() => s3.send(new HeadObjectCommand({ Bucket, Key })), { status: 404 });

    const done = await s3.send(new CompleteMultipartUploadCommand({
      Bucket, Key, UploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: u1.ETag }, { PartNumber: 2, ETag: u2.ETag }] },
    }));
    assert.equal(done.ETag, multipartEtag([p1, p2]));
    assert.equal(done.Key, Key);
    assert.equal(done.Bucket, Bucket);

    const head = await s3.send(new HeadObjectCommand({ Bucket, Key }));
    assert.equal(head.ContentLength, p1.length + p2.length);
    assert.deepEqual(head.Metadata, { a: 'b' });
    assert.equal(head.ContentType, 'application/x-mp');

    const { got, body } = await readAll(Bucket, Key, { PartNumber: 2 });
    assert.equal(got.$metadata.httpStatusCode, 206);
    assert.equal(got.PartsCount, 2);
    assert.equal(got.ContentLength, p2.length);
    assert.ok(body.equals(p2));

    const after = await s3.send(new ListMultipartUploadsCommand({ Bucket }));
    assert.ok(!(after.Uploads || []).some((u) => u.UploadId === UploadId), 'completed upload is gone');
  });

  test('re-uploading a part number replaces it', async () => {
    const Key = 'manual/replace';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'first version' }));
    const u = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'second' }));
    const parts = await s3.send(new ListPartsCommand({ Bucket, Key, UploadId }));
    assert.equal(parts.Parts.length, 1);
    assert.equal(parts.Parts[0].Size, 6);
    await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: u.ETag }] } }));
    const { body } = await readAll(Bucket, Key);
    assert.equal(body.toString(), 'second');
  });

  test('a non-last part under 5 MiB -> EntityTooSmall 400 on complete', async () => {
    const Key = 'manual/too-small';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const a = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'a'.repeat(1024) }));
    const b = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: 'b'.repeat(1024) }));
    await expectS3Error(() => s3.send(new CompleteMultipartUploadCommand({
      Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: a.ETag }, { PartNumber: 2, ETag: b.ETag }] },
    })), { name: 'EntityTooSmall', status: 400 });
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }));
  });

  test('wrong part ETag -> InvalidPart 400; parts out of order -> InvalidPartOrder 400', async () => {
    const Key = 'manual/invalid-part';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const p1 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: pseudoRandomBytes(5 * MiB, 5) }));
    // Both parts >= 5 MiB so that listing them out of order can only fail on order.
    const p2 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: pseudoRandomBytes(5 * MiB, 6) }));
    await expectS3Error(() => s3.send(new CompleteMultipartUploadCommand({
      Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }] },
    })), { name: 'InvalidPart', status: 400 });
    await expectS3Error(() => s3.send(new CompleteMultipartUploadCommand({
      Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: p2.ETag }, { PartNumber: 1, ETag: p1.ETag }] },
    })), { name: 'InvalidPartOrder', status: 400 });
    // The upload is still usable after those failures.
    const ok = await s3.send(new CompleteMultipartUploadCommand({
      Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] },
    }));
    assert.match(ok.ETag, /-2"$/);
  });

  test('abort: later UploadPart / ListParts / Complete -> NoSuchUpload 404', async () => {
    const Key = 'manual/aborted';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const p = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'x' }));
    const ab = await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }));
    assert.equal(ab.$metadata.httpStatusCode, 204);
    await expectS3Error(() => s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: 'y' })),
      { name: 'NoSuchUpload', status: 404 });
    await expectS3Error(() => s3.send(new ListPartsCommand({ Bucket, Key, UploadId })), { name: 'NoSuchUpload', status: 404 });
    await expectS3Error(() => s3.send(new CompleteMultipartUploadCommand({
      Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p.ETag }] },
    })), { name: 'NoSuchUpload', status: 404 });
    await expectS3Error(() => s3.send(new HeadObjectCommand({ Bucket, Key })), { status: 404 });
  });

  test('UploadPart with a made-up UploadId -> NoSuchUpload 404', async () => {
    await expectS3Error(() => s3.send(new UploadPartCommand({ Bucket, Key: 'k', UploadId: 'no-such-upload-id', PartNumber: 1, Body: 'x' })),
      { name: 'NoSuchUpload', status: 404 });
  });

  test('UploadPartCopy with CopySourceRange builds an object from another', async () => {
    const src = pseudoRandomBytes(6 * MiB, 31);
    await s3.send(new PutObjectCommand({ Bucket, Key: 'copy/src', Body: src }));
    const Key = 'copy/dst';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const c1 = await s3.send(new UploadPartCopyCommand({
      Bucket, Key, UploadId, PartNumber: 1, CopySource: `${Bucket}/copy/src`, CopySourceRange: `bytes=0-${5 * MiB - 1}`,
    }));
    assert.equal(c1.CopyPartResult.ETag, `"${md5hex(src.subarray(0, 5 * MiB))}"`);
    const u2 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: 'appended' }));
    await s3.send(new CompleteMultipartUploadCommand({
      Bucket, Key, UploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: c1.CopyPartResult.ETag }, { PartNumber: 2, ETag: u2.ETag }] },
    }));
    const { body } = await readAll(Bucket, Key);
    assert.equal(md5hex(body), md5hex(Buffer.concat([src.subarray(0, 5 * MiB), Buffer.from('appended')])));
  });

  test('multipart with ChecksumAlgorithm SHA256: part checksums are returned and accepted on complete', async () => {
    const Key = 'manual/sha256';
    const p1 = pseudoRandomBytes(5 * MiB, 71);
    const p2 = pseudoRandomBytes(999, 72);
    const { UploadId, ChecksumAlgorithm } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ChecksumAlgorithm: 'SHA256' }));
    assert.equal(ChecksumAlgorithm, 'SHA256');
    const { createHash } = await import('node:crypto');
    const sha = (b) => createHash('sha256').update(b).digest('base64');
    const u1 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: p1, ChecksumAlgorithm: 'SHA256' }));
    const u2 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: p2, ChecksumAlgorithm: 'SHA256' }));
    assert.equal(u1.ChecksumSHA256, sha(p1));
    assert.equal(u2.ChecksumSHA256, sha(p2));
    const done = await s3.send(new CompleteMultipartUploadCommand({
      Bucket, Key, UploadId,
      MultipartUpload: { Parts: [
        { PartNumber: 1, ETag: u1.ETag, ChecksumSHA256: u1.ChecksumSHA256 },
        { PartNumber: 2, ETag: u2.ETag, ChecksumSHA256: u2.ChecksumSHA256 },
      ] },
    }));
    const composite = `${createHash('sha256').update(Buffer.concat([p1, p2].map((p) => createHash('sha256').update(p).digest()))).digest('base64')}-2`;
    assert.equal(done.ChecksumSHA256, composite);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key, ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumSHA256, composite);
    const { body } = await readAll(Bucket, Key, { ChecksumMode: 'ENABLED' });
    assert.equal(body.length, p1.length + p2.length);
  });
});
