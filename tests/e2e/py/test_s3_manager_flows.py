"""The flows of the seed doc's S3Manager class, end to end."""

import hashlib
import os

from boto3.s3.transfer import TransferConfig

from runner import etag_of

MB = 1024 * 1024


class S3Manager(object):
    """The kind of thin wrapper an application writes around boto3 (as in the seed doc)."""

    def __init__(self, client):
        self.s3 = client

    def upload_file(self, path, bucket, key, metadata=None, config=None):
        extra = {"Metadata": metadata} if metadata else None
        self.s3.upload_file(path, bucket, key, ExtraArgs=extra, Config=config)

    def download_file(self, bucket, key, path, config=None):
        self.s3.download_file(bucket, key, path, Config=config)

    def put_text(self, bucket, key, text, content_type="text/plain"):
        return self.s3.put_object(Bucket=bucket, Key=key, Body=text, ContentType=content_type)

    def get_text(self, bucket, key):
        return self.s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")

    def list_keys(self, bucket, prefix="", max_keys=1000):
        res = self.s3.list_objects_v2(Bucket=bucket, Prefix=prefix, MaxKeys=max_keys)
        return [o["Key"] for o in res.get("Contents", [])], res

    def delete(self, bucket, key):
        return self.s3.delete_object(Bucket=bucket, Key=key)

    def presigned_get(self, bucket, key, expires=3600):
        return self.s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key},
                                              ExpiresIn=expires)

    def presigned_put(self, bucket, key, expires=3600):
        return self.s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": key},
                                              ExpiresIn=expires)


def _file(ctx, name, size):
    path = os.path.join(ctx.tmpdir, name)
    with open(path, "wb") as f:
        f.write(os.urandom(size))
    return path


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def test_upload_download_small_with_metadata(ctx):
    m = S3Manager(ctx.s3)
    b = ctx.bucket()
    src = _file(ctx, "small.bin", 300 * 1024)
    m.upload_file(src, b, "files/small.bin", metadata={"Owner": "Team-A", "purpose": "test"})
    head = ctx.s3.head_object(Bucket=b, Key="files/small.bin")
    assert head["Metadata"] == {"owner": "Team-A", "purpose": "test"}
    assert head["ContentLength"] == 300 * 1024
    assert head["ETag"] == etag_of(_read(src))
    dst = os.path.join(ctx.tmpdir, "small.out")
    m.download_file(b, "files/small.bin", dst)
    assert _read(dst) == _read(src)


def test_upload_download_multipart_file(ctx):
    m = S3Manager(ctx.s3)
    b = ctx.bucket()
    size = 12 * MB + 12345
    src = _file(ctx, "big.bin", size)
    cfg = TransferConfig(multipart_threshold=5 * MB, multipart_chunksize=5 * MB, max_concurrency=4)
    m.upload_file(src, b, "big/file.bin", metadata={"kind": "multipart"}, config=cfg)
    head = ctx.s3.head_object(Bucket=b, Key="big/file.bin")
    assert head["ContentLength"] == size
    assert head["Metadata"] == {"kind": "multipart"}
    data = _read(src)
    chunks = [data[i:i + 5 * MB] for i in range(0, size, 5 * MB)]
    want = '"%s-%d"' % (hashlib.md5(b"".join(hashlib.md5(c).digest() for c in chunks)).hexdigest(), len(chunks))
    assert head["ETag"] == want, (head["ETag"], want)
    assert ctx.s3.list_multipart_uploads(Bucket=b).get("Uploads", []) == []
    # ranged multi-threaded download back
    dst = os.path.join(ctx.tmpdir, "big.out")
    m.download_file(b, "big/file.bin", dst, config=cfg)
    got = _read(dst)
    assert len(got) == size and hashlib.sha256(got).digest() == hashlib.sha256(data).digest()


def test_put_get_text(ctx):
    m = S3Manager(ctx.s3)
    b = ctx.bucket()
    text = "h\u00e9llo w\u00f6rld \u2603\n" * 3
    res = m.put_text(b, "notes/hello.txt", text, content_type="text/plain; charset=utf-8")
    assert res["ETag"] == etag_of(text.encode("utf-8"))
    assert m.get_text(b, "notes/hello.txt") == text
    assert ctx.s3.head_object(Bucket=b, Key="notes/hello.txt")["ContentType"] == "text/plain; charset=utf-8"
    m.put_text(b, "data.json", '{"a": 1}', content_type="application/json")
    got = ctx.s3.get_object(Bucket=b, Key="data.json")
    assert got["ContentType"] == "application/json" and got["Body"].read() == b'{"a": 1}'


def test_list_prefix_max_keys(ctx):
    m = S3Manager(ctx.s3)
    b = ctx.bucket()
    for i in range(8):
        m.put_text(b, "logs/2024-01-%02d.log" % (i + 1), "line %d" % i)
    m.put_text(b, "other/x", "x")
    keys, res = m.list_keys(b, prefix="logs/", max_keys=5)
    assert keys == ["logs/2024-01-%02d.log" % (i + 1) for i in range(5)]
    assert res["IsTruncated"] is True and res["KeyCount"] == 5
    keys, res = m.list_keys(b, prefix="logs/")
    assert len(keys) == 8 and res["IsTruncated"] is False
    keys, _ = m.list_keys(b, prefix="none/")
    assert keys == []


def test_delete(ctx):
    m = S3Manager(ctx.s3)
    b = ctx.bucket()
    m.put_text(b, "tmp/a", "a")
    m.put_text(b, "tmp/b", "b")
    assert m.delete(b, "tmp/a")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert m.list_keys(b, prefix="tmp/")[0] == ["tmp/b"]
    assert m.delete(b, "tmp/a")["ResponseMetadata"]["HTTPStatusCode"] == 204  # idempotent


def test_presigned_get_and_put(ctx):
    m = S3Manager(ctx.s3)
    b = ctx.bucket()
    m.put_text(b, "share/report.txt", "quarterly numbers")
    status, hdrs, body = ctx.http("GET", m.presigned_get(b, "share/report.txt", expires=600))
    assert status == 200 and body == b"quarterly numbers"
    assert hdrs["content-type"] == "text/plain"
    payload = os.urandom(70000)
    status, _, resp = ctx.http("PUT", m.presigned_put(b, "share/upload.bin", expires=600), body=payload)
    assert status == 200, (status, resp[:300])
    assert ctx.s3.get_object(Bucket=b, Key="share/upload.bin")["Body"].read() == payload
    # and the uploaded object can be shared back out
    status, _, body = ctx.http("GET", m.presigned_get(b, "share/upload.bin"))
    assert status == 200 and body == payload


def test_upload_fileobj_and_download_fileobj(ctx):
    import io
    s3 = ctx.s3
    b = ctx.bucket()
    data = os.urandom(6 * MB)
    cfg = TransferConfig(multipart_threshold=5 * MB, multipart_chunksize=5 * MB)
    s3.upload_fileobj(io.BytesIO(data), b, "fo.bin", Config=cfg, ExtraArgs={"ContentType": "application/x-fo"})
    out = io.BytesIO()
    s3.download_fileobj(b, "fo.bin", out, Config=cfg)
    assert out.getvalue() == data
    assert s3.head_object(Bucket=b, Key="fo.bin")["ContentType"] == "application/x-fo"
