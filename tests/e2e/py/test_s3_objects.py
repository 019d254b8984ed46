"""Object PUT/GET/HEAD/DELETE: headers, metadata, keys, ranges, overrides, checksums."""

import datetime
import email.utils
import gzip
import hashlib
import os
from urllib.parse import quote

from runner import (add_header_hook, crc32_b64, crc32c_b64, etag_of, has_param, md5_b64,
                    sha1_b64, sha256_b64)


def _hdrs(res):
    return res["ResponseMetadata"]["HTTPHeaders"]


def test_put_get_head_standard_headers(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    body = gzip.compress(b"hello standard headers\n" * 10)
    expires = datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
    put = s3.put_object(Bucket=b, Key="doc.txt", Body=body, ContentType="text/plain; charset=utf-8",
                        ContentEncoding="gzip", ContentDisposition='attachment; filename="doc.txt"',
                        CacheControl="max-age=3600, public", Expires=expires, ContentLanguage="en-GB",
                        Metadata={"Project": "Wharf", "mixed-Case-Key": "Value With Spaces"})
    assert put["ETag"] == etag_of(body)
    for res in (s3.get_object(Bucket=b, Key="doc.txt"), s3.head_object(Bucket=b, Key="doc.txt")):
        assert res["ContentType"] == "text/plain; charset=utf-8"
        assert res["ContentEncoding"] == "gzip"
        assert res["ContentDisposition"] == 'attachment; filename="doc.txt"'
        assert res["CacheControl"] == "max-age=3600, public"
        assert res["ContentLanguage"] == "en-GB"
        assert res["ContentLength"] == len(body)
        assert res["ETag"] == etag_of(body)
        exp = email.utils.parsedate_to_datetime(_hdrs(res)["expires"])
        assert exp == expires, _hdrs(res)["expires"]
        # user metadata keys come back lower-cased, values as sent
        assert res["Metadata"] == {"project": "Wharf", "mixed-case-key": "Value With Spaces"}, res["Metadata"]
        lm = res["LastModified"]
        assert abs((ctx.now() - lm).total_seconds()) < 600
        assert _hdrs(res).get("accept-ranges") == "bytes"
    got = s3.get_object(Bucket=b, Key="doc.txt")
    assert got["Body"].read() == body
    assert gzip.decompress(body).startswith(b"hello standard headers")


def test_default_content_type(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="blob", Body=b"xyz")
    assert s3.head_object(Bucket=b, Key="blob")["ContentType"] in ("binary/octet-stream",
                                                                   "application/octet-stream")


def test_empty_object(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    put = s3.put_object(Bucket=b, Key="empty", Body=b"")
    assert put["ETag"] == '"d41d8cd98f00b204e9800998ecf8427e"'
    got = s3.get_object(Bucket=b, Key="empty")
    assert got["ContentLength"] == 0
    assert got["Body"].read() == b""
    assert s3.head_object(Bucket=b, Key="empty")["ContentLength"] == 0
    lst = s3.list_objects_v2(Bucket=b)
    assert [(o["Key"], o["Size"]) for o in lst["Contents"]] == [("empty", 0)]


def test_keepalive_after_empty_put(ctx):
    # One client (one keep-alive connection): a zero-length PUT (sent with Expect:
    # 100-continue by botocore) must leave the connection usable for the next PUT.
    s3 = ctx.client(read_timeout=5)
    b = ctx.bucket(client=s3)
    for i in range(3):
        s3.put_object(Bucket=b, Key="empty-%d" % i, Body=b"")
        s3.put_object(Bucket=b, Key="full-%d" % i, Body=b"payload %d" % i)
        assert s3.get_object(Bucket=b, Key="full-%d" % i)["Body"].read() == b"payload %d" % i
    s3.put_object(Bucket=b, Key="empty-x", Body=b"")
    ctx.expect_error("NoSuchBucket", 404, s3.put_object, Bucket=ctx.bucket_name("missing"), Key="k", Body=b"")
    s3.put_object(Bucket=b, Key="after-error", Body=b"ok")
    assert s3.list_objects_v2(Bucket=b)["KeyCount"] == 8


def test_binary_bytes_roundtrip(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    body = bytes(range(256)) * 64 + b"\r\n\x00\xff"
    put = s3.put_object(Bucket=b, Key="bin", Body=body)
    assert put["ETag"] == etag_of(body)
    got = s3.get_object(Bucket=b, Key="bin")
    assert got["Body"].read() == body
    assert got["ContentLength"] == len(body)


def test_special_keys(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    keys = [
        "with space.txt",
        "dir/sub dir/file name.bin",
        "unicode-\u00e9\u00e8\u4e2d\u6587-\U0001F600.txt",
        "plus+sign+key",
        "percent%20literal%2F",
        "question?mark",
        "hash#tag",
        "double//slash",
        "amp&equals=semi;colon",
        "tilde~star*paren(1)'quote'",
        "trailing-slash/",
        "a",
        "./dot",
        "brackets[x]{y}<z>",
        "caret^pipe|back\\slash",
        "comma,at@dollar$",
    ]
    for i, k in enumerate(keys):
        s3.put_object(Bucket=b, Key=k, Body=("body-%d" % i).encode())
    for i, k in enumerate(keys):
        assert s3.get_object(Bucket=b, Key=k)["Body"].read() == ("body-%d" % i).encode(), k
        assert s3.head_object(Bucket=b, Key=k)["ContentLength"] == len("body-%d" % i)
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=b)["Contents"]]
    assert listed == sorted(keys, key=lambda k: k.encode("utf-8")), listed
    # '+' is a literal plus in a key path, not a space
    ctx.expect_error("NoSuchKey", 404, s3.get_object, Bucket=b, Key="plus sign key")
    for k in keys:
        s3.delete_object(Bucket=b, Key=k)
    assert s3.list_objects_v2(Bucket=b)["KeyCount"] == 0


def test_key_length_limit(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    k1024 = "k" * 1024
    s3.put_object(Bucket=b, Key=k1024, Body=b"max")
    assert s3.get_object(Bucket=b, Key=k1024)["Body"].read() == b"max"
    # the limit is in UTF-8 bytes: 512 two-byte characters = 1024 bytes is fine
    k_utf8 = "\u00e9" * 512
    s3.put_object(Bucket=b, Key=k_utf8, Body=b"utf8")
    assert s3.get_object(Bucket=b, Key=k_utf8)["Body"].read() == b"utf8"
    ctx.expect_error("KeyTooLongError", 400, s3.put_object, Bucket=b, Key="k" * 1025, Body=b"x")
    ctx.expect_error("KeyTooLongError", 400, s3.put_object, Bucket=b, Key="\u00e9" * 512 + "x", Body=b"x")
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=b)["Contents"])
    assert keys == sorted([k1024, k_utf8])


def test_get_missing_key(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    e = ctx.expect_error("NoSuchKey", 404, s3.get_object, Bucket=b, Key="nope")
    assert e.response["Error"].get("Key") in (None, "nope")
    ctx.expect_error("404", 404, s3.head_object, Bucket=b, Key="nope")
    ctx.expect_error("NoSuchBucket", 404, s3.get_object, Bucket=ctx.bucket_name("missing"), Key="nope")
    ctx.expect_error("NoSuchBucket", 404, s3.put_object, Bucket=ctx.bucket_name("missing"), Key="k", Body=b"x")


def test_delete_missing_key_is_204(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    res = s3.delete_object(Bucket=b, Key="never-existed")
    assert res["ResponseMetadata"]["HTTPStatusCode"] == 204
    ctx.expect_error("NoSuchBucket", 404, s3.delete_object, Bucket=ctx.bucket_name("missing"), Key="k")


def test_delete_object(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="gone", Body=b"bye")
    s3.put_object(Bucket=b, Key="gone/child", Body=b"stays")
    assert s3.delete_object(Bucket=b, Key="gone")["ResponseMetadata"]["HTTPStatusCode"] == 204
    ctx.expect_error("NoSuchKey", 404, s3.get_object, Bucket=b, Key="gone")
    assert s3.get_object(Bucket=b, Key="gone/child")["Body"].read() == b"stays"


def test_overwrite(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="k", Body=b"first version, longer", ContentType="text/a",
                  Metadata={"v": "1"})
    s3.put_object(Bucket=b, Key="k", Body=b"second", ContentType="text/b")
    got = s3.get_object(Bucket=b, Key="k")
    assert got["Body"].read() == b"second"
    assert got["ContentType"] == "text/b"
    assert got["Metadata"] == {}, "metadata of the old version must not survive an overwrite"
    assert got["ETag"] == etag_of(b"second")
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=b)["Contents"]] == ["k"]


def _put_if_none_match(ctx, client, **kw):
    if has_param(client, "PutObject", "IfNoneMatch"):
        return client.put_object(IfNoneMatch="*", **kw)
    c2 = ctx.client()
    add_header_hook(c2, "PutObject", "If-None-Match", "*")
    return c2.put_object(**kw)


def test_put_if_none_match_star(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    _put_if_none_match(ctx, s3, Bucket=b, Key="once", Body=b"original")
    e = ctx.expect_error("PreconditionFailed", 412, _put_if_none_match, ctx, s3, Bucket=b, Key="once",
                         Body=b"replacement")
    assert e.response["Error"].get("Condition") in (None, "If-None-Match")
    assert s3.get_object(Bucket=b, Key="once")["Body"].read() == b"original"


def test_range_gets(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    body = bytes(range(100))
    s3.put_object(Bucket=b, Key="r", Body=body)
    cases = [("bytes=0-9", body[0:10], "bytes 0-9/100"),
             ("bytes=10-", body[10:], "bytes 10-99/100"),
             ("bytes=-5", body[-5:], "bytes 95-99/100"),
             ("bytes=90-200", body[90:], "bytes 90-99/100"),
             ("bytes=99-99", body[99:], "bytes 99-99/100"),
             ("bytes=-500", body, "bytes 0-99/100")]
    for rng, want, content_range in cases:
        res = s3.get_object(Bucket=b, Key="r", Range=rng)
        assert res["ResponseMetadata"]["HTTPStatusCode"] == 206, rng
        assert res["ContentRange"] == content_range, (rng, res["ContentRange"])
        assert res["ContentLength"] == len(want), rng
        assert res["Body"].read() == want, rng
        assert res["ETag"] == etag_of(body)
    e = ctx.expect_error("InvalidRange", 416, s3.get_object, Bucket=b, Key="r", Range="bytes=100-")
    e = ctx.expect_error("InvalidRange", 416, s3.get_object, Bucket=b, Key="r", Range="bytes=1000-2000")
    assert e.response["Error"].get("ActualObjectSize") in (None, "100")
    head = s3.head_object(Bucket=b, Key="r", Range="bytes=0-9")
    assert head["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert head["ContentLength"] == 10
    # a syntactically invalid Range header is ignored: whole object, 200
    res = s3.get_object(Bucket=b, Key="r", Range="bytes=garbage")
    assert res["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert res["Body"].read() == body


def test_range_on_empty_object(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="e", Body=b"")
    ctx.expect_error("InvalidRange", 416, s3.get_object, Bucket=b, Key="e", Range="bytes=0-9")


def test_response_header_overrides(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="o", Body=b"data", ContentType="text/plain")
    exp = "Wed, 21 Oct 2037 07:28:00 GMT"
    res = s3.get_object(Bucket=b, Key="o", ResponseContentType="application/json",
                        ResponseContentDisposition='attachment; filename="x y.json"',
                        ResponseCacheControl="no-cache", ResponseContentEncoding="identity",
                        ResponseContentLanguage="fr", ResponseExpires=email.utils.parsedate_to_datetime(exp))
    h = _hdrs(res)
    assert h["content-type"] == "application/json"
    assert h["content-disposition"] == 'attachment; filename="x y.json"'
    assert h["cache-control"] == "no-cache"
    assert h["content-encoding"] == "identity"
    assert h["content-language"] == "fr"
    assert email.utils.parsedate_to_datetime(h["expires"]) == email.utils.parsedate_to_datetime(exp)
    assert res["Body"].read() == b"data"
    # overrides only affect that response
    assert s3.head_object(Bucket=b, Key="o")["ContentType"] == "text/plain"


def test_delete_objects_mixed(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    for k in ("a", "b", "c/d"):
        s3.put_object(Bucket=b, Key=k, Body=k.encode())
    res = s3.delete_objects(Bucket=b, Delete={"Objects": [{"Key": "a"}, {"Key": "missing"}, {"Key": "c/d"}]})
    assert res["ResponseMetadata"]["HTTPStatusCode"] == 200
    # S3 reports a key that did not exist as deleted too
    assert sorted(d["Key"] for d in res.get("Deleted", [])) == ["a", "c/d", "missing"]
    assert res.get("Errors", []) == []
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=b)["Contents"]] == ["b"]


def test_delete_objects_quiet(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    for k in ("q1", "q2", "keep"):
        s3.put_object(Bucket=b, Key=k, Body=b"x")
    res = s3.delete_objects(Bucket=b, Delete={"Objects": [{"Key": "q1"}, {"Key": "q2"}, {"Key": "zz"}],
                                              "Quiet": True})
    assert res.get("Deleted", []) == [], "Quiet mode reports only errors"
    assert res.get("Errors", []) == []
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=b)["Contents"]] == ["keep"]


def test_delete_objects_special_keys(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    keys = ["sp ace", "amp&lt;", "uni\u00e9", "q?x", "<tag>"]
    for k in keys:
        s3.put_object(Bucket=b, Key=k, Body=b"x")
    res = s3.delete_objects(Bucket=b, Delete={"Objects": [{"Key": k} for k in keys]})
    assert sorted(d["Key"] for d in res["Deleted"]) == sorted(keys)
    assert s3.list_objects_v2(Bucket=b)["KeyCount"] == 0


def _checksum_value(alg, data):
    return {"CRC32": crc32_b64, "CRC32C": crc32c_b64, "SHA1": sha1_b64, "SHA256": sha256_b64}[alg](data)


def test_put_with_sdk_checksums(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    data = os.urandom(1000) + b"checksum me"
    for alg in ("SHA256", "CRC32", "SHA1", "CRC32C"):
        key = "ck-" + alg
        want = _checksum_value(alg, data)
        member = "Checksum" + alg
        if alg == "CRC32C":
            # botocore needs awscrt to compute CRC32C (boto3 1.43 here has none): send the
            # algorithm and the value we computed ourselves, as an SDK would.
            put = s3.put_object(Bucket=b, Key=key, Body=data, ChecksumAlgorithm=alg, **{member: want})
        else:
            put = s3.put_object(Bucket=b, Key=key, Body=data, ChecksumAlgorithm=alg)
        assert put.get(member) == want, (alg, put.get(member), want)
        got = s3.get_object(Bucket=b, Key=key, ChecksumMode="ENABLED")
        assert got.get(member) == want, (alg, got.get(member), want)
        assert got["Body"].read() == data
        head = s3.head_object(Bucket=b, Key=key, ChecksumMode="ENABLED")
        assert head.get(member) == want, (alg, head.get(member))


def test_wrong_checksum_rejected(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    data = b"the real body"
    wrong = crc32_b64(b"some other body")
    # A well-formed but wrong checksum value: BadDigest ("The CRC32 you specified did not
    # match the calculated checksum.")
    ctx.expect_error("BadDigest", 400, s3.put_object, Bucket=b, Key="crc", Body=data, ChecksumCRC32=wrong)
    ctx.expect_error("BadDigest", 400, s3.put_object, Bucket=b, Key="sha", Body=data,
                     ChecksumSHA256=sha256_b64(b"other"))
    ctx.expect_error("404", 404, s3.head_object, Bucket=b, Key="crc")
    ctx.expect_error("404", 404, s3.head_object, Bucket=b, Key="sha")


def test_malformed_checksum_rejected(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    # not a base64 32-bit value at all: AWS answers InvalidRequest ("Value for
    # x-amz-checksum-crc32 header is invalid.")
    ctx.expect_error("InvalidRequest", 400, s3.put_object, Bucket=b, Key="bad", Body=b"data",
                     ChecksumCRC32="bad")
    ctx.expect_error("404", 404, s3.head_object, Bucket=b, Key="bad")


def test_wrong_content_md5(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="ok", Body=b"right md5", ContentMD5=md5_b64(b"right md5"))
    assert s3.get_object(Bucket=b, Key="ok")["Body"].read() == b"right md5"
    s3.put_object(Bucket=b, Key="k", Body=b"old contents")
    ctx.expect_error("BadDigest", 400, s3.put_object, Bucket=b, Key="k", Body=b"new contents",
                     ContentMD5=md5_b64(b"something else"))
    assert s3.get_object(Bucket=b, Key="k")["Body"].read() == b"old contents"
    # a value that is not a base64 MD5 at all -> InvalidDigest
    ctx.expect_error("InvalidDigest", 400, s3.put_object, Bucket=b, Key="k", Body=b"new contents",
                     ContentMD5="not-an-md5")
    assert s3.get_object(Bucket=b, Key="k")["Body"].read() == b"old contents"


def test_large_body_digests(ctx):
    # Past 1 MiB the server hashes on a thread of its own while it receives and writes the next
    # chunks: ETag, checksums and their failures must be those of the whole body, in order.
    s3 = ctx.s3
    b = ctx.bucket()
    data = os.urandom(5 * 1024 * 1024 + 12345)
    put = s3.put_object(Bucket=b, Key="big", Body=data, ContentMD5=md5_b64(data),
                        ChecksumSHA256=sha256_b64(data))
    assert put["ETag"] == '"%s"' % hashlib.md5(data).hexdigest(), put["ETag"]
    head = s3.head_object(Bucket=b, Key="big", ChecksumMode="ENABLED")
    assert head["ChecksumSHA256"] == sha256_b64(data), head
    assert s3.get_object(Bucket=b, Key="big")["Body"].read() == data
    swapped = data[256 * 1024:512 * 1024] + data[:256 * 1024] + data[512 * 1024:]
    ctx.expect_error("BadDigest", 400, s3.put_object, Bucket=b, Key="big", Body=swapped,
                     ContentMD5=md5_b64(data))
    ctx.expect_error("BadDigest", 400, s3.put_object, Bucket=b, Key="big", Body=swapped,
                     ChecksumSHA256=sha256_b64(data))
    assert s3.get_object(Bucket=b, Key="big")["Body"].read() == data


def test_resource_api_roundtrip(ctx):
    s3r = ctx.resource()
    b = ctx.bucket()
    bucket = s3r.Bucket(b)
    bucket.put_object(Key="r/one", Body=b"1")
    s3r.Object(b, "r/two").put(Body=b"22", Metadata={"k": "v"})
    assert sorted(o.key for o in bucket.objects.filter(Prefix="r/")) == ["r/one", "r/two"]
    obj = s3r.Object(b, "r/two")
    obj.load()
    assert obj.content_length == 2 and obj.metadata == {"k": "v"}
    assert obj.get()["Body"].read() == b"22"
    bucket.objects.all().delete()
    assert list(bucket.objects.all()) == []


def test_url_encoded_path_roundtrip(ctx):
    # A hand-signed request with a percent-encoded key reaches the same object as boto3.
    s3 = ctx.s3
    b = ctx.bucket()
    key = "dir/\u00fcber file+1.txt"
    s3.put_object(Bucket=b, Key=key, Body=b"via boto3")
    status, _, body = ctx.signed("GET", "/%s/%s" % (b, quote(key.encode("utf-8"), safe="/~")))
    assert status == 200, (status, body[:300])
    assert body == b"via boto3"
