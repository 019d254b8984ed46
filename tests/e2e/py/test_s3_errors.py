"""Error responses: XML shape, request ids, malformed input, unimplemented operations."""

from urllib.parse import quote

from runner import md5_b64, parse_error_xml


def test_error_xml_shape_no_such_key(ctx):
    b = ctx.bucket()
    status, hdrs, body = ctx.signed("GET", "/%s/%s" % (b, quote("missing key")))
    assert status == 404
    assert hdrs.get("content-type", "").startswith("application/xml"), hdrs
    assert hdrs.get("x-amz-request-id") or hdrs.get("x-amzn-requestid"), hdrs
    err = parse_error_xml(body)
    assert err["Code"] == "NoSuchKey"
    assert err.get("Message")
    assert err.get("Key") == "missing key", err
    assert "RequestId" in err


def test_error_xml_shape_no_such_bucket(ctx):
    name = ctx.bucket_name("missing")
    status, hdrs, body = ctx.signed("GET", "/%s?list-type=2" % name)
    assert status == 404
    err = parse_error_xml(body)
    assert err["Code"] == "NoSuchBucket"
    assert err.get("BucketName") == name, err


def test_head_error_has_no_body(ctx):
    b = ctx.bucket()
    status, hdrs, body = ctx.signed("HEAD", "/%s/nothing" % b)
    assert status == 404
    assert body == b""


def test_malformed_xml_body(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="k", Body=b"x", Tagging="keep=1")
    status, _, body = ctx.signed("PUT", "/%s/k?tagging" % b, body=b"<Tagging><TagSet><Tag>not closed",
                                 headers={"Content-Type": "application/xml"})
    assert status == 400, (status, body[:300])
    assert parse_error_xml(body)["Code"] == "MalformedXML"
    status, _, body = ctx.signed("POST", "/%s?delete" % b, body=b"this is not xml",
                                 headers={"Content-MD5": md5_b64(b"this is not xml")})
    assert status == 400, (status, body[:300])
    assert parse_error_xml(body)["Code"] == "MalformedXML"
    assert s3.get_object(Bucket=b, Key="k")["Body"].read() == b"x"
    assert s3.get_object_tagging(Bucket=b, Key="k")["TagSet"] == [{"Key": "keep", "Value": "1"}]


def test_invalid_max_keys(ctx):
    b = ctx.bucket()
    status, _, body = ctx.signed("GET", "/%s?list-type=2&max-keys=abc" % b)
    assert status == 400, (status, body[:300])
    assert parse_error_xml(body)["Code"] == "InvalidArgument"
    status, _, body = ctx.signed("GET", "/%s?list-type=2&max-keys=-1" % b)
    assert status == 400, (status, body[:300])
    assert parse_error_xml(body)["Code"] == "InvalidArgument"


def test_invalid_continuation_token(ctx):
    b = ctx.bucket()
    ctx.expect_error("InvalidArgument", 400, ctx.s3.list_objects_v2, Bucket=b,
                     ContinuationToken="this-is-not-a-token!!")


def test_create_bucket_malformed_configuration(ctx):
    name = ctx.bucket_name("badcfg")
    status, _, body = ctx.signed("PUT", "/%s" % name, body=b"<CreateBucketConfiguration><Loc")
    assert status == 400, (status, body[:300])
    assert parse_error_xml(body)["Code"] == "MalformedXML"
    ctx.expect_error("404", 404, ctx.s3.head_bucket, Bucket=name)


def test_invalid_location_constraint(ctx):
    name = ctx.bucket_name("badloc")
    ctx.expect_error("InvalidLocationConstraint", 400, ctx.s3.create_bucket, Bucket=name,
                     CreateBucketConfiguration={"LocationConstraint": "mars-north-9"})
    ctx.expect_error("404", 404, ctx.s3.head_bucket, Bucket=name)


def _not_implemented(ctx, fn, **kwargs):
    e = ctx.expect_error("NotImplemented", 501, fn, **kwargs)
    assert e.response["Error"].get("Message"), e.response


def test_unimplemented_operations(ctx):
    ctx.require_wharf("checks wharf's own list of unimplemented operations")
    s3 = ctx.s3
    b = ctx.bucket()
    _not_implemented(ctx, s3.put_bucket_lifecycle_configuration, Bucket=b, LifecycleConfiguration={
        "Rules": [{"ID": "r", "Status": "Enabled", "Filter": {"Prefix": "tmp/"}, "Expiration": {"Days": 1}}]})
    _not_implemented(ctx, s3.get_bucket_website, Bucket=b)
    _not_implemented(ctx, s3.put_bucket_replication, Bucket=b, ReplicationConfiguration={
        "Role": "arn:aws:iam::123456789012:role/r",
        "Rules": [{"Status": "Enabled", "Prefix": "", "Destination": {"Bucket": "arn:aws:s3:::elsewhere"}}]})
    # raw: an S3 XML error body, never a 500
    status, hdrs, body = ctx.signed("GET", "/%s?website" % b)
    assert status == 501, (status, body[:300])
    assert parse_error_xml(body)["Code"] == "NotImplemented"
    # the bucket is still fine
    s3.put_object(Bucket=b, Key="k", Body=b"v")
    assert s3.get_object(Bucket=b, Key="k")["Body"].read() == b"v"
