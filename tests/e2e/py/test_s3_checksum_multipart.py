"""Multipart checksums: COMPOSITE (checksum of part checksums, "-N") and FULL_OBJECT (the CRC of
the whole object, which S3 derives from the parts' CRCs)."""
import zlib

from runner import b64, crc32_b64, has_param

MiB = 1024 * 1024


def _full_object_upload(ctx, b, key, parts, checksum_type, algorithm="CRC32"):
    s3 = ctx.s3
    up = s3.create_multipart_upload(Bucket=b, Key=key, ChecksumAlgorithm=algorithm, ChecksumType=checksum_type)
    assert up.get("ChecksumType") == checksum_type, up
    listed = []
    for n, data in enumerate(parts, 1):
        r = s3.upload_part(Bucket=b, Key=key, UploadId=up["UploadId"], PartNumber=n, Body=data,
                           ChecksumAlgorithm=algorithm)
        assert r["ChecksumCRC32"] == crc32_b64(data)
        listed.append({"PartNumber": n, "ETag": r["ETag"], "ChecksumCRC32": r["ChecksumCRC32"]})
    return up["UploadId"], listed


def _need_checksum_type(ctx):
    if not has_param(ctx.s3, "CreateMultipartUpload", "ChecksumType"):
        ctx.skip("this boto3 has no ChecksumType parameter")


def test_full_object_crc32_is_the_crc_of_the_whole_object(ctx):
    _need_checksum_type(ctx)
    b = ctx.bucket()
    parts = [bytes(range(256)) * (5 * MiB // 256), b"tail bytes" * 1000]
    up, listed = _full_object_upload(ctx, b, "full", parts, "FULL_OBJECT")
    whole = b"".join(parts)
    expected = b64((zlib.crc32(whole) & 0xFFFFFFFF).to_bytes(4, "big"))
    done = ctx.s3.complete_multipart_upload(Bucket=b, Key="full", UploadId=up, ChecksumCRC32=expected,
                                            ChecksumType="FULL_OBJECT", MultipartUpload={"Parts": listed})
    assert done.get("ChecksumCRC32") == expected, done
    head = ctx.s3.head_object(Bucket=b, Key="full", ChecksumMode="ENABLED")
    assert head.get("ChecksumCRC32") == expected and head.get("ChecksumType") == "FULL_OBJECT", head
    assert ctx.s3.get_object(Bucket=b, Key="full")["Body"].read() == whole


def test_composite_crc32_has_the_part_count(ctx):
    _need_checksum_type(ctx)
    b = ctx.bucket()
    parts = [b"a" * (5 * MiB), b"b" * 10]
    up, listed = _full_object_upload(ctx, b, "comp", parts, "COMPOSITE")
    done = ctx.s3.complete_multipart_upload(Bucket=b, Key="comp", UploadId=up, MultipartUpload={"Parts": listed})
    assert done.get("ChecksumCRC32", "").endswith("-2"), done


def test_full_object_checksum_mismatch_is_bad_digest(ctx):
    _need_checksum_type(ctx)
    b = ctx.bucket()
    up, listed = _full_object_upload(ctx, b, "bad", [b"x" * (5 * MiB), b"y"], "FULL_OBJECT")
    ctx.expect_error("BadDigest", 400, ctx.s3.complete_multipart_upload, Bucket=b, Key="bad", UploadId=up,
                     ChecksumCRC32=crc32_b64(b"something else"), ChecksumType="FULL_OBJECT",
                     MultipartUpload={"Parts": listed})
    ctx.expect_error("NoSuchKey", 404, ctx.s3.get_object, Bucket=b, Key="bad")
    # the upload is still open and completes with the right parts
    ctx.s3.complete_multipart_upload(Bucket=b, Key="bad", UploadId=up, MultipartUpload={"Parts": listed})


def test_wrong_part_checksum_in_complete_is_invalid_part(ctx):
    _need_checksum_type(ctx)
    b = ctx.bucket()
    up, listed = _full_object_upload(ctx, b, "wp", [b"x" * (5 * MiB), b"y"], "COMPOSITE")
    listed[1]["ChecksumCRC32"] = crc32_b64(b"not the part")
    ctx.expect_error("InvalidPart", 400, ctx.s3.complete_multipart_upload, Bucket=b, Key="wp", UploadId=up,
                     MultipartUpload={"Parts": listed})


def test_full_object_is_only_for_crcs(ctx):
    _need_checksum_type(ctx)
    b = ctx.bucket()
    ctx.expect_error("InvalidRequest", 400, ctx.s3.create_multipart_upload, Bucket=b, Key="k",
                     ChecksumAlgorithm="SHA256", ChecksumType="FULL_OBJECT")
