"""Presigned URLs (SigV4 query auth) used with plain urllib."""

import time
from urllib.parse import parse_qs, urlsplit, urlunsplit

from runner import etag_of, parse_error_xml


def test_presigned_get(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    body = bytes(range(256)) * 4
    s3.put_object(Bucket=b, Key="dir/file name+1.bin", Body=body, ContentType="application/x-demo")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": b, "Key": "dir/file name+1.bin"},
                                    ExpiresIn=300)
    q = parse_qs(urlsplit(url).query)
    assert q["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert q["X-Amz-Expires"] == ["300"]
    status, hdrs, got = ctx.http("GET", url)
    assert status == 200, (status, got[:300])
    assert got == body
    assert hdrs["content-type"] == "application/x-demo"
    assert hdrs["etag"] == etag_of(body)
    # HEAD needs its own presigned URL (the method is part of the signature)
    hurl = s3.generate_presigned_url("head_object", Params={"Bucket": b, "Key": "dir/file name+1.bin"},
                                     ExpiresIn=300)
    status, hdrs, got = ctx.http("HEAD", hurl)
    assert status == 200 and int(hdrs["content-length"]) == len(body)


def test_presigned_get_with_response_overrides(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="report", Body=b"csv,data\n")
    url = s3.generate_presigned_url("get_object", Params={
        "Bucket": b, "Key": "report", "ResponseContentDisposition": 'attachment; filename="r.csv"',
        "ResponseContentType": "text/csv"}, ExpiresIn=60)
    status, hdrs, got = ctx.http("GET", url)
    assert status == 200 and got == b"csv,data\n"
    assert hdrs["content-disposition"] == 'attachment; filename="r.csv"'
    assert hdrs["content-type"] == "text/csv"


def test_presigned_put(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    url = s3.generate_presigned_url("put_object", Params={"Bucket": b, "Key": "uploads/new.txt"},
                                    ExpiresIn=300)
    status, hdrs, got = ctx.http("PUT", url, body=b"uploaded via presigned URL",
                                 headers={"Content-Type": "text/plain"})
    assert status == 200, (status, got[:300])
    assert hdrs["etag"] == etag_of(b"uploaded via presigned URL")
    res = s3.get_object(Bucket=b, Key="uploads/new.txt")
    assert res["Body"].read() == b"uploaded via presigned URL"
    assert res["ContentType"] == "text/plain"


def test_presigned_put_with_signed_content_type(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    url = s3.generate_presigned_url("put_object", Params={"Bucket": b, "Key": "typed",
                                                          "ContentType": "image/png"}, ExpiresIn=300)
    status, _, got = ctx.http("PUT", url, body=b"\x89PNG....", headers={"Content-Type": "image/png"})
    assert status == 200, (status, got[:300])
    assert s3.head_object(Bucket=b, Key="typed")["ContentType"] == "image/png"


def test_presigned_get_missing_key(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    url = s3.generate_presigned_url("get_object", Params={"Bucket": b, "Key": "absent"}, ExpiresIn=60)
    status, hdrs, got = ctx.http("GET", url)
    assert status == 404
    err = parse_error_xml(got)
    assert err["Code"] == "NoSuchKey", err


def test_presigned_expired(ctx):
    ctx.require_wharf("moto does not enforce presigned URL expiry")
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="k", Body=b"short-lived")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": b, "Key": "k"}, ExpiresIn=1)
    time.sleep(2.2)
    status, _, got = ctx.http("GET", url)
    assert status == 403, (status, got[:300])
    err = parse_error_xml(got)
    assert err["Code"] == "AccessDenied", err
    assert "Request has expired" in err["Message"], err


def test_presigned_tampered(ctx):
    ctx.require_wharf("moto does not verify signatures")
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="allowed", Body=b"ok")
    s3.put_object(Bucket=b, Key="secret", Body=b"not for you")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": b, "Key": "allowed"}, ExpiresIn=300)
    assert ctx.http("GET", url)[0] == 200
    parts = urlsplit(url)
    tampered = urlunsplit(parts._replace(path=parts.path.replace("/allowed", "/secret")))
    status, _, got = ctx.http("GET", tampered)
    assert status == 403
    err = parse_error_xml(got)
    assert err["Code"] == "SignatureDoesNotMatch", err
    # changing the expiry is tampering too
    longer = url.replace("X-Amz-Expires=300", "X-Amz-Expires=3000")
    status, _, got = ctx.http("GET", longer)
    assert status == 403 and parse_error_xml(got)["Code"] == "SignatureDoesNotMatch"
    # using a GET URL for a PUT fails and stores nothing
    status, _, got = ctx.http("PUT", url, body=b"overwrite")
    assert status == 403 and parse_error_xml(got)["Code"] == "SignatureDoesNotMatch"
    assert s3.get_object(Bucket=b, Key="allowed")["Body"].read() == b"ok"


def test_presigned_expires_too_long(ctx):
    ctx.require_wharf("moto does not validate presigned URL parameters")
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="k", Body=b"x")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": b, "Key": "k"}, ExpiresIn=604801)
    status, _, got = ctx.http("GET", url)
    assert status == 400, (status, got[:300])
    assert parse_error_xml(got)["Code"] == "AuthorizationQueryParametersError"
    url = s3.generate_presigned_url("get_object", Params={"Bucket": b, "Key": "k"}, ExpiresIn=604800)
    assert ctx.http("GET", url)[0] == 200
