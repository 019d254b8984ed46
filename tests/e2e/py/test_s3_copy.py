"""CopyObject: same/cross bucket, metadata directives, self-copy, preconditions."""

import datetime

from runner import etag_of


def _src(ctx, body=b"copy source body", **kw):
    b = ctx.bucket(hint="copy-src")
    kw.setdefault("ContentType", "text/x-source")
    kw.setdefault("Metadata", {"color": "blue"})
    ctx.s3.put_object(Bucket=b, Key="src key+1", Body=body, **kw)
    return b, "src key+1"


def test_copy_same_bucket(ctx):
    s3 = ctx.s3
    b, k = _src(ctx, CacheControl="max-age=60", ContentDisposition="inline")
    res = s3.copy_object(Bucket=b, Key="dst/copy", CopySource={"Bucket": b, "Key": k})
    assert res["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert res["CopyObjectResult"]["ETag"] == etag_of(b"copy source body")
    assert abs((ctx.now() - res["CopyObjectResult"]["LastModified"]).total_seconds()) < 600
    got = s3.get_object(Bucket=b, Key="dst/copy")
    assert got["Body"].read() == b"copy source body"
    assert got["ContentType"] == "text/x-source"
    assert got["Metadata"] == {"color": "blue"}
    assert got["CacheControl"] == "max-age=60"
    assert got["ContentDisposition"] == "inline"
    assert got["ETag"] == etag_of(b"copy source body")
    # source untouched
    assert s3.get_object(Bucket=b, Key=k)["Body"].read() == b"copy source body"


def test_copy_cross_bucket_string_source(ctx):
    s3 = ctx.s3
    b, k = _src(ctx)
    dst = ctx.bucket(hint="copy-dst")
    # CopySource as a "bucket/key" string (botocore URL-encodes it)
    s3.copy_object(Bucket=dst, Key="c", CopySource="%s/%s" % (b, k))
    assert s3.get_object(Bucket=dst, Key="c")["Body"].read() == b"copy source body"
    s3.copy_object(Bucket=dst, Key="c2", CopySource={"Bucket": b, "Key": k})
    assert s3.get_object(Bucket=dst, Key="c2")["Metadata"] == {"color": "blue"}


def test_copy_metadata_replace(ctx):
    s3 = ctx.s3
    b, k = _src(ctx)
    s3.copy_object(Bucket=b, Key="replaced", CopySource={"Bucket": b, "Key": k},
                   MetadataDirective="REPLACE", Metadata={"shape": "round"}, ContentType="text/x-new")
    got = s3.head_object(Bucket=b, Key="replaced")
    assert got["Metadata"] == {"shape": "round"}
    assert got["ContentType"] == "text/x-new"
    # COPY (the default) ignores metadata given on the request
    s3.copy_object(Bucket=b, Key="copied", CopySource={"Bucket": b, "Key": k},
                   MetadataDirective="COPY", Metadata={"ignored": "yes"})
    assert s3.head_object(Bucket=b, Key="copied")["Metadata"] == {"color": "blue"}


def test_copy_to_itself(ctx):
    s3 = ctx.s3
    b, k = _src(ctx)
    ctx.expect_error("InvalidRequest", 400, s3.copy_object, Bucket=b, Key=k, CopySource={"Bucket": b, "Key": k})
    assert s3.head_object(Bucket=b, Key=k)["Metadata"] == {"color": "blue"}
    # with REPLACE it is the documented way to change metadata in place
    s3.copy_object(Bucket=b, Key=k, CopySource={"Bucket": b, "Key": k}, MetadataDirective="REPLACE",
                   Metadata={"color": "red"}, ContentType="text/x-changed")
    got = s3.get_object(Bucket=b, Key=k)
    assert got["Metadata"] == {"color": "red"}
    assert got["ContentType"] == "text/x-changed"
    assert got["Body"].read() == b"copy source body"


def test_copy_preconditions(ctx):
    s3 = ctx.s3
    b, k = _src(ctx)
    etag = s3.head_object(Bucket=b, Key=k)["ETag"]
    src = {"Bucket": b, "Key": k}
    s3.put_object(Bucket=b, Key="dst", Body=b"existing dst")
    past = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
    s3.copy_object(Bucket=b, Key="dst2", CopySource=src, CopySourceIfModifiedSince=past)
    assert s3.get_object(Bucket=b, Key="dst2")["Body"].read() == b"copy source body"
    s3.copy_object(Bucket=b, Key="dst3", CopySource=src, CopySourceIfMatch=etag)
    assert s3.get_object(Bucket=b, Key="dst3")["Body"].read() == b"copy source body"
    s3.copy_object(Bucket=b, Key="dst4", CopySource=src, CopySourceIfMatch=etag.strip('"'))  # unquoted is fine
    ctx.expect_error("PreconditionFailed", 412, s3.copy_object, Bucket=b, Key="dst", CopySource=src,
                     CopySourceIfMatch='"00000000000000000000000000000000"')
    ctx.expect_error("PreconditionFailed", 412, s3.copy_object, Bucket=b, Key="dst", CopySource=src,
                     CopySourceIfNoneMatch=etag)
    ctx.expect_error("PreconditionFailed", 412, s3.copy_object, Bucket=b, Key="dst", CopySource=src,
                     CopySourceIfUnmodifiedSince=past)
    assert s3.get_object(Bucket=b, Key="dst")["Body"].read() == b"existing dst"


def test_copy_missing_source(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    ctx.expect_error("NoSuchKey", 404, s3.copy_object, Bucket=b, Key="dst",
                     CopySource={"Bucket": b, "Key": "no-such-key"})
    ctx.expect_error("NoSuchBucket", 404, s3.copy_object, Bucket=b, Key="dst",
                     CopySource={"Bucket": ctx.bucket_name("missing"), "Key": "k"})
    b2, k = _src(ctx)
    ctx.expect_error("NoSuchBucket", 404, s3.copy_object, Bucket=ctx.bucket_name("missing-dst"), Key="dst",
                     CopySource={"Bucket": b2, "Key": k})
    ctx.expect_error("404", 404, s3.head_object, Bucket=b, Key="dst")


def test_copy_empty_and_binary(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="empty", Body=b"")
    s3.copy_object(Bucket=b, Key="empty2", CopySource={"Bucket": b, "Key": "empty"})
    assert s3.get_object(Bucket=b, Key="empty2")["Body"].read() == b""
    data = bytes(range(256)) * 300
    s3.put_object(Bucket=b, Key="bin", Body=data)
    s3.copy_object(Bucket=b, Key="bin2", CopySource={"Bucket": b, "Key": "bin"})
    assert s3.get_object(Bucket=b, Key="bin2")["Body"].read() == data


def test_copy_with_tagging_directive(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="t", Body=b"x", Tagging="a=1&b=2")
    s3.copy_object(Bucket=b, Key="t-copy", CopySource={"Bucket": b, "Key": "t"})
    tags = {t["Key"]: t["Value"] for t in s3.get_object_tagging(Bucket=b, Key="t-copy")["TagSet"]}
    assert tags == {"a": "1", "b": "2"}
    s3.copy_object(Bucket=b, Key="t-repl", CopySource={"Bucket": b, "Key": "t"}, TaggingDirective="REPLACE",
                   Tagging="c=3")
    tags = {t["Key"]: t["Value"] for t in s3.get_object_tagging(Bucket=b, Key="t-repl")["TagSet"]}
    assert tags == {"c": "3"}
