// Shared helpers for the wharf end-to-end tests (AWS SDK for JavaScript v3).
//
// Environment contract:
//   S3_ENDPOINT            e.g. http://127.0.0.1:4566 (required)
//   AWS_ACCESS_KEY_ID      default "wharf"
//   AWS_SECRET_ACCESS_KEY  default "wharf-secret"
//   WHARF_E2E=1            enables tests that need the server to enforce auth
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import {
  S3Client,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  ListMultipartUploadsCommand,
  AbortMultipartUploadCommand,
} from '@aws-sdk/client-s3';

export const ENDPOINT = process.env.S3_ENDPOINT || 'http://127.0.0.1:4566';
export const ACCESS_KEY = process.env.AWS_ACCESS_KEY_ID || 'wharf';
export const SECRET_KEY = process.env.AWS_SECRET_ACCESS_KEY || 'wharf-secret';
export const REGION = 'us-east-1';
export const STRICT = process.env.WHARF_E2E === '1';
// node:test skips a test when its `skip` option is a string/true.
export const NEEDS_AUTH = STRICT ? false : 'needs a server that enforces auth (WHARF_E2E=1)';

export function makeClient(overrides = {}) {
  return new S3Client({
    endpoint: ENDPOINT,
    region: REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
    maxAttempts: 1,
    ...overrides,
  });
}

let counter = 0;
export function uniqueBucket(tag) {
  counter += 1;
  const rnd = crypto.randomBytes(3).toString('hex');
  return `js-${tag}-${Date.now().toString(36)}-${rnd}${counter}`.toLowerCase().slice(0, 63);
}

export async function createBucket(s3, tag) {
  const Bucket = uniqueBucket(tag);
  await s3.send(new CreateBucketCommand({ Bucket }));
  return Bucket;
}

// Empty (objects + in-progress multipart uploads) and delete a bucket; never throws.
export async function destroyBucket(s3, Bucket) {
  try {
    let token;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken: token }));
      const keys = (page.Contents || []).map((o) => ({ Key: o.Key }));
      if (keys.length) {
        await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } }));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } catch { /* ignore */ }
  try {
    const ups = await s3.send(new ListMultipartUploadsCommand({ Bucket }));
    for (const u of ups.Uploads || []) {
      await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: u.Key, UploadId: u.UploadId })).catch(() => {});
    }
  } catch { /* ignore */ }
  await s3.send(new DeleteBucketCommand({ Bucket })).catch(() => {});
}

// Run fn, expect it to throw an S3 service error; returns the error.
export async function expectS3Error(fn, { name, status } = {}) {
  let err;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  if (!err) throw new Error(`expected an error (${name ?? ''} ${status ?? ''}) but the call succeeded`);
  const got = `${err.name} / HTTP ${err.$metadata?.httpStatusCode}: ${err.message}`;
  if (name !== undefined && err.name !== name) {
    throw new Error(`expected error name ${name}, got ${got}`);
  }
  if (status !== undefined && err.$metadata?.httpStatusCode !== status) {
    throw new Error(`expected HTTP ${status}, got ${got}`);
  }
  return err;
}

export const md5hex = (b) => crypto.createHash('md5').update(b).digest('hex');
export const sha1b64 = (b) => crypto.createHash('sha1').update(b).digest('base64');
export const sha256b64 = (b) => crypto.createHash('sha256').update(b).digest('base64');

function u32be(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b.toString('base64');
}

export const crc32b64 = (b) => u32be(zlib.crc32(b));

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

export function crc32c(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC32C_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
export const crc32cb64 = (b) => u32be(crc32c(b));

// ETag S3 gives a multipart object: md5 of the concatenated binary part md5s, "-N".
export function multipartEtag(parts) {
  const h = crypto.createHash('md5');
  for (const p of parts) h.update(crypto.createHash('md5').update(p).digest());
  return `"${h.digest('hex')}-${parts.length}"`;
}

// Deterministic pseudo-random bytes (fast, no entropy drain).
export function pseudoRandomBytes(n, seed = 1) {
  const out = Buffer.allocUnsafe(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
