"""Authentication: bad secrets, unknown keys, anonymous, clock skew, streaming uploads."""

import datetime
import hashlib
import hmac

from botocore import UNSIGNED

from runner import crc32_b64, parse_error_xml, sigv4_headers


def test_wrong_secret(ctx):
    ctx.require_wharf("moto does not verify signatures")
    b = ctx.bucket()
    ctx.s3.put_object(Bucket=b, Key="k", Body=b"untouched")
    bad = ctx.client(secret_key="definitely-not-the-secret")
    ctx.expect_error("SignatureDoesNotMatch", 403, bad.list_buckets)
    ctx.expect_error("SignatureDoesNotMatch", 403, bad.get_object, Bucket=b, Key="k")
    ctx.expect_error("SignatureDoesNotMatch", 403, bad.put_object, Bucket=b, Key="k", Body=b"evil")
    ctx.expect_error("SignatureDoesNotMatch", 403, bad.delete_object, Bucket=b, Key="k")
    assert ctx.s3.get_object(Bucket=b, Key="k")["Body"].read() == b"untouched"


def test_unknown_access_key(ctx):
    ctx.require_wharf("moto does not verify access keys")
    b = ctx.bucket()
    stranger = ctx.client(access_key="AKIANOSUCHKEY0000000", secret_key="whatever")
    ctx.expect_error("InvalidAccessKeyId", 403, stranger.list_buckets)
    ctx.expect_error("InvalidAccessKeyId", 403, stranger.put_object, Bucket=b, Key="k", Body=b"x")
    ctx.expect_error("NoSuchKey", 404, ctx.s3.get_object, Bucket=b, Key="k")


def test_anonymous_denied(ctx):
    ctx.require_wharf("moto allows anonymous access")
    b = ctx.bucket()
    ctx.s3.put_object(Bucket=b, Key="private", Body=b"p")
    anon = ctx.client(user=None, signature_version=UNSIGNED)
    ctx.expect_error("AccessDenied", 403, anon.list_buckets)
    ctx.expect_error("AccessDenied", 403, anon.list_objects_v2, Bucket=b)
    ctx.expect_error("AccessDenied", 403, anon.get_object, Bucket=b, Key="private")
    ctx.expect_error("AccessDenied", 403, anon.put_object, Bucket=b, Key="anon", Body=b"x")
    ctx.expect_error("AccessDenied", 403, anon.create_bucket, Bucket=ctx.bucket_name("anon"))
    ctx.expect_error("NoSuchKey", 404, ctx.s3.get_object, Bucket=b, Key="anon")
    # plain unauthenticated HTTP, with the XML error body
    status, hdrs, body = ctx.http("GET", "/%s/private" % b)
    assert status == 403
    assert parse_error_xml(body)["Code"] == "AccessDenied"


def test_hand_signed_request_ok(ctx):
    # control for the skew test: the hand-rolled signer is accepted when the clock is right
    b = ctx.bucket()
    ctx.s3.put_object(Bucket=b, Key="hs", Body=b"hand signed")
    status, _, body = ctx.signed("GET", "/%s/hs" % b)
    assert status == 200, (status, body[:300])
    assert body == b"hand signed"
    status, _, body = ctx.signed("PUT", "/%s/hs2" % b, body=b"put by hand",
                                 headers={"Content-Type": "text/x-hand"})
    assert status == 200, (status, body[:300])
    got = ctx.s3.get_object(Bucket=b, Key="hs2")
    assert got["Body"].read() == b"put by hand" and got["ContentType"] == "text/x-hand"


def test_request_time_too_skewed(ctx):
    ctx.require_wharf("moto does not check request time")
    b = ctx.bucket()
    for minutes in (-20, 20):
        when = ctx.now() + datetime.timedelta(minutes=minutes)
        status, _, body = ctx.signed("GET", "/%s?list-type=2" % b, amz_date=when)
        assert status == 403, (minutes, status, body[:300])
        assert parse_error_xml(body)["Code"] == "RequestTimeTooSkewed", body[:300]
        status, _, body = ctx.signed("PUT", "/%s/skewed" % b, body=b"x", amz_date=when)
        assert status == 403 and parse_error_xml(body)["Code"] == "RequestTimeTooSkewed"
    ctx.expect_error("NoSuchKey", 404, ctx.s3.get_object, Bucket=b, Key="skewed")
    # a few minutes off is within the allowed 15 minutes
    status, _, body = ctx.signed("GET", "/%s?list-type=2" % b, amz_date=ctx.now() - datetime.timedelta(minutes=3))
    assert status == 200, (status, body[:300])


def test_payload_hash_mismatch(ctx):
    ctx.require_wharf("moto does not verify x-amz-content-sha256")
    b = ctx.bucket()
    wrong = hashlib.sha256(b"something else").hexdigest()
    status, _, body = ctx.signed("PUT", "/%s/h" % b, body=b"actual body", payload_hash=wrong)
    assert status == 400, (status, body[:300])
    assert parse_error_xml(body)["Code"] == "XAmzContentSHA256Mismatch"
    ctx.expect_error("NoSuchKey", 404, ctx.s3.get_object, Bucket=b, Key="h")
    # UNSIGNED-PAYLOAD is accepted
    status, _, body = ctx.signed("PUT", "/%s/u" % b, body=b"unsigned payload", payload_hash="UNSIGNED-PAYLOAD")
    assert status == 200, (status, body[:300])
    assert ctx.s3.get_object(Bucket=b, Key="u")["Body"].read() == b"unsigned payload"


def _aws_chunked_trailer_body(data, chunk=64 * 1024, trailer_name="x-amz-checksum-crc32", trailer_value=None):
    out = []
    for i in range(0, len(data), chunk):
        piece = data[i:i + chunk]
        out.append(b"%x\r\n" % len(piece) + piece + b"\r\n")
    out.append(b"0\r\n")
    out.append(("%s:%s\r\n" % (trailer_name, trailer_value or crc32_b64(data))).encode())
    out.append(b"\r\n")
    return b"".join(out)


def test_streaming_unsigned_payload_trailer(ctx):
    # What SDKs send over TLS by default since 2025 (boto3 >= 1.36 uses it for https only):
    # aws-chunked body with a trailing x-amz-checksum-crc32.
    b = ctx.bucket()
    data = bytes(range(256)) * 700  # 179200 bytes -> 3 chunks
    body = _aws_chunked_trailer_body(data)
    headers = {"Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(data)),
               "x-amz-trailer": "x-amz-checksum-crc32", "x-amz-sdk-checksum-algorithm": "CRC32",
               "Content-Type": "application/x-chunked-test"}
    status, hdrs, resp = ctx.signed("PUT", "/%s/chunked" % b, body=body, headers=headers,
                                    payload_hash="STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    assert status == 200, (status, resp[:300])
    got = ctx.s3.get_object(Bucket=b, Key="chunked", ChecksumMode="ENABLED")
    assert got["Body"].read() == data
    assert got["ContentLength"] == len(data)
    assert got.get("ContentEncoding") in (None, ""), "aws-chunked must not be stored as Content-Encoding"
    assert got["ContentType"] == "application/x-chunked-test"
    assert got.get("ChecksumCRC32") == crc32_b64(data)


def test_streaming_trailer_bad_checksum(ctx):
    b = ctx.bucket()
    data = b"trailer checksum mismatch" * 100
    body = _aws_chunked_trailer_body(data, trailer_value=crc32_b64(b"other"))
    headers = {"Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(data)),
               "x-amz-trailer": "x-amz-checksum-crc32", "x-amz-sdk-checksum-algorithm": "CRC32"}
    status, _, resp = ctx.signed("PUT", "/%s/bad" % b, body=body, headers=headers,
                                 payload_hash="STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    assert status == 400, (status, resp[:300])
    assert parse_error_xml(resp)["Code"] == "BadDigest", resp[:300]
    ctx.expect_error("NoSuchKey", 404, ctx.s3.get_object, Bucket=b, Key="bad")


def _signing_key(secret, day, region="us-east-1"):
    def h(key, msg):
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()
    return h(h(h(h(("AWS4" + secret).encode(), day), region), "s3"), "aws4_request")


def _signed_chunks(data, seed_sig, stamp, scope, key, chunk=64 * 1024, corrupt=False):
    empty = hashlib.sha256(b"").hexdigest()
    out, prev = [], seed_sig
    pieces = [data[i:i + chunk] for i in range(0, len(data), chunk)] + [b""]
    for piece in pieces:
        sts = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", stamp, scope, prev, empty,
                         hashlib.sha256(piece).hexdigest()])
        sig = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
        if corrupt and piece:
            sig = "0" * 64
        out.append(b"%x;chunk-signature=%s\r\n" % (len(piece), sig.encode()) + piece + b"\r\n")
        prev = sig
    return b"".join(out)


def _streaming_signed_put(ctx, path, data, corrupt=False):
    ak, sk = ctx.creds("root")
    url = ctx.endpoint + path
    when = ctx.now()
    chunk = 64 * 1024
    n_chunks = (len(data) + chunk - 1) // chunk
    enc_len = sum(len(b"%x;chunk-signature=" % min(chunk, len(data) - i * chunk)) + 64 + 4 +
                  min(chunk, len(data) - i * chunk) for i in range(n_chunks)) + len(b"0;chunk-signature=") + 64 + 4
    headers = {"Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(data)),
               "Content-Length": str(enc_len)}
    hdrs = sigv4_headers("PUT", url, ak, sk, headers=headers, amz_date=when,
                         payload_hash="STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
    seed = hdrs["authorization"].split("Signature=")[1]
    stamp = hdrs["x-amz-date"]
    scope = "%s/us-east-1/s3/aws4_request" % stamp[:8]
    body = _signed_chunks(data, seed, stamp, scope, _signing_key(sk, stamp[:8]), chunk, corrupt)
    assert len(body) == enc_len, (len(body), enc_len)
    return ctx.http("PUT", url, body=body, headers=hdrs)


def test_streaming_signed_payload(ctx):
    # STREAMING-AWS4-HMAC-SHA256-PAYLOAD (per-chunk signatures), used by several SDKs/tools.
    b = ctx.bucket()
    data = bytes(range(256)) * 520  # 133120 bytes -> chunks of 64K, 64K, 2K
    status, _, resp = _streaming_signed_put(ctx, "/%s/streamed" % b, data)
    assert status == 200, (status, resp[:300])
    got = ctx.s3.get_object(Bucket=b, Key="streamed")
    assert got["Body"].read() == data
    assert got.get("ContentEncoding") in (None, "")


def test_streaming_signed_payload_bad_chunk_signature(ctx):
    ctx.require_wharf("moto does not verify chunk signatures")
    b = ctx.bucket()
    status, _, resp = _streaming_signed_put(ctx, "/%s/forged" % b, b"forged" * 20000, corrupt=True)
    assert status == 403, (status, resp[:300])
    assert parse_error_xml(resp)["Code"] == "SignatureDoesNotMatch"
    ctx.expect_error("NoSuchKey", 404, ctx.s3.get_object, Bucket=b, Key="forged")


def test_alice_full_access_to_own_bucket(ctx):
    ctx.require_wharf("needs wharf's multi-user config")
    alice = ctx.client("alice")
    b = ctx.bucket(client=alice)
    alice.put_object(Bucket=b, Key="mine", Body=b"alice data")
    assert alice.get_object(Bucket=b, Key="mine")["Body"].read() == b"alice data"
    assert [o["Key"] for o in alice.list_objects_v2(Bucket=b)["Contents"]] == ["mine"]
    alice.delete_object(Bucket=b, Key="mine")
    alice.delete_bucket(Bucket=b)
