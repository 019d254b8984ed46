"""Conditional GET/HEAD (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since)."""

import datetime

DAY = datetime.timedelta(days=1)


def _setup(ctx):
    b = ctx.bucket()
    put = ctx.s3.put_object(Bucket=b, Key="c", Body=b"conditional body")
    head = ctx.s3.head_object(Bucket=b, Key="c")
    return b, put["ETag"], head["LastModified"]


def test_if_match(ctx):
    s3 = ctx.s3
    b, etag, _ = _setup(ctx)
    assert s3.get_object(Bucket=b, Key="c", IfMatch=etag)["Body"].read() == b"conditional body"
    # unquoted ETag also matches
    assert s3.get_object(Bucket=b, Key="c", IfMatch=etag.strip('"'))["ResponseMetadata"]["HTTPStatusCode"] == 200
    e = ctx.expect_error("PreconditionFailed", 412, s3.get_object, Bucket=b, Key="c",
                         IfMatch='"00000000000000000000000000000000"')
    assert e.response["Error"].get("Condition") in (None, "If-Match")
    ctx.expect_error("412", 412, s3.head_object, Bucket=b, Key="c", IfMatch='"0000"')


def test_if_none_match(ctx):
    s3 = ctx.s3
    b, etag, _ = _setup(ctx)
    e = ctx.expect_error("304", 304, s3.get_object, Bucket=b, Key="c", IfNoneMatch=etag)
    h = e.response["ResponseMetadata"]["HTTPHeaders"]
    assert h.get("etag") == etag, h
    ctx.expect_error("304", 304, s3.head_object, Bucket=b, Key="c", IfNoneMatch=etag)
    res = s3.get_object(Bucket=b, Key="c", IfNoneMatch='"ffffffffffffffffffffffffffffffff"')
    assert res["Body"].read() == b"conditional body"


def test_if_modified_since(ctx):
    s3 = ctx.s3
    b, _, lm = _setup(ctx)
    ctx.expect_error("304", 304, s3.get_object, Bucket=b, Key="c", IfModifiedSince=lm)
    ctx.expect_error("304", 304, s3.get_object, Bucket=b, Key="c", IfModifiedSince=ctx.now() + DAY)
    ctx.expect_error("304", 304, s3.head_object, Bucket=b, Key="c", IfModifiedSince=ctx.now() + DAY)
    res = s3.get_object(Bucket=b, Key="c", IfModifiedSince=lm - DAY)
    assert res["Body"].read() == b"conditional body"


def test_if_unmodified_since(ctx):
    s3 = ctx.s3
    b, _, lm = _setup(ctx)
    e = ctx.expect_error("PreconditionFailed", 412, s3.get_object, Bucket=b, Key="c",
                         IfUnmodifiedSince=lm - DAY)
    assert e.response["Error"].get("Condition") in (None, "If-Unmodified-Since")
    ctx.expect_error("412", 412, s3.head_object, Bucket=b, Key="c", IfUnmodifiedSince=lm - DAY)
    assert s3.get_object(Bucket=b, Key="c", IfUnmodifiedSince=ctx.now() + DAY)["Body"].read() == \
        b"conditional body"
    assert s3.get_object(Bucket=b, Key="c", IfUnmodifiedSince=lm)["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_condition_precedence(ctx):
    # Documented S3/RFC 7232 precedence: If-Match true wins over If-Unmodified-Since false
    # (200); If-None-Match false wins over If-Modified-Since true (304).
    s3 = ctx.s3
    b, etag, lm = _setup(ctx)
    ctx.expect_error("304", 304, s3.get_object, Bucket=b, Key="c", IfNoneMatch=etag,
                     IfModifiedSince=lm - DAY)
    # If-Match false -> 412 even when If-None-Match would say 304
    ctx.expect_error("PreconditionFailed", 412, s3.get_object, Bucket=b, Key="c", IfMatch='"nope"',
                     IfNoneMatch=etag)
    res = s3.get_object(Bucket=b, Key="c", IfMatch=etag, IfUnmodifiedSince=lm - DAY)
    assert res["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_conditional_on_missing_key(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    ctx.expect_error("NoSuchKey", 404, s3.get_object, Bucket=b, Key="missing", IfNoneMatch='"abc"')


def test_conditional_with_range(ctx):
    s3 = ctx.s3
    b, etag, _ = _setup(ctx)
    res = s3.get_object(Bucket=b, Key="c", IfMatch=etag, Range="bytes=0-10")
    assert res["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert res["Body"].read() == b"conditional"
    ctx.expect_error("PreconditionFailed", 412, s3.get_object, Bucket=b, Key="c", IfMatch='"x"',
                     Range="bytes=0-10")
