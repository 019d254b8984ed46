"""Object tagging."""


def _tags(res):
    return {t["Key"]: t["Value"] for t in res["TagSet"]}


def test_put_get_delete_object_tagging(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="obj", Body=b"data")
    assert s3.get_object_tagging(Bucket=b, Key="obj")["TagSet"] == []
    res = s3.put_object_tagging(Bucket=b, Key="obj", Tagging={"TagSet": [
        {"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "storage + infra"},
        {"Key": "empty", "Value": ""}]})
    assert res["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert _tags(s3.get_object_tagging(Bucket=b, Key="obj")) == {
        "env": "prod", "team": "storage + infra", "empty": ""}
    assert s3.get_object(Bucket=b, Key="obj")["TagCount"] == 3
    # PUT replaces the whole set
    s3.put_object_tagging(Bucket=b, Key="obj", Tagging={"TagSet": [{"Key": "only", "Value": "one"}]})
    assert _tags(s3.get_object_tagging(Bucket=b, Key="obj")) == {"only": "one"}
    res = s3.delete_object_tagging(Bucket=b, Key="obj")
    assert res["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.get_object_tagging(Bucket=b, Key="obj")["TagSet"] == []
    got = s3.get_object(Bucket=b, Key="obj")
    assert got.get("TagCount", 0) == 0
    assert got["Body"].read() == b"data", "tagging must not touch the data"


def test_put_object_with_tagging_header(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="t", Body=b"x", Tagging="a=1&b=2")
    assert s3.get_object(Bucket=b, Key="t")["TagCount"] == 2
    assert _tags(s3.get_object_tagging(Bucket=b, Key="t")) == {"a": "1", "b": "2"}
    # URL-encoded values in the header
    s3.put_object(Bucket=b, Key="u", Body=b"x", Tagging="path=a%2Fb&sp=x%20y")
    assert _tags(s3.get_object_tagging(Bucket=b, Key="u")) == {"path": "a/b", "sp": "x y"}
    # overwriting the object without tags drops them
    s3.put_object(Bucket=b, Key="t", Body=b"y")
    assert s3.get_object_tagging(Bucket=b, Key="t")["TagSet"] == []


def test_multipart_with_tagging(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    up = s3.create_multipart_upload(Bucket=b, Key="m", Tagging="k=v")["UploadId"]
    e = s3.upload_part(Bucket=b, Key="m", UploadId=up, PartNumber=1, Body=b"part")["ETag"]
    s3.complete_multipart_upload(Bucket=b, Key="m", UploadId=up,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": e}]})
    assert _tags(s3.get_object_tagging(Bucket=b, Key="m")) == {"k": "v"}


def test_tagging_missing_object(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    ctx.expect_error("NoSuchKey", 404, s3.get_object_tagging, Bucket=b, Key="missing")
    ctx.expect_error("NoSuchKey", 404, s3.put_object_tagging, Bucket=b, Key="missing",
                     Tagging={"TagSet": [{"Key": "a", "Value": "b"}]})
    ctx.expect_error("NoSuchBucket", 404, s3.get_object_tagging, Bucket=ctx.bucket_name("missing"), Key="k")


def test_tagging_limits(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    ten = {"TagSet": [{"Key": "k%d" % i, "Value": "v"} for i in range(10)]}
    s3.put_object(Bucket=b, Key="ten", Body=b"x")
    s3.put_object_tagging(Bucket=b, Key="ten", Tagging=ten)
    assert len(s3.get_object_tagging(Bucket=b, Key="ten")["TagSet"]) == 10
    s3.put_object(Bucket=b, Key="lim", Body=b"x", Tagging="keep=me")
    too_many = {"TagSet": [{"Key": "k%d" % i, "Value": "v"} for i in range(11)]}
    ctx.expect_error("BadRequest", 400, s3.put_object_tagging, Bucket=b, Key="lim", Tagging=too_many)
    ctx.expect_error("InvalidTag", 400, s3.put_object_tagging, Bucket=b, Key="lim",
                     Tagging={"TagSet": [{"Key": "k" * 129, "Value": "v"}]})
    ctx.expect_error("InvalidTag", 400, s3.put_object_tagging, Bucket=b, Key="lim",
                     Tagging={"TagSet": [{"Key": "dup", "Value": "1"}, {"Key": "dup", "Value": "2"}]})
    assert _tags(s3.get_object_tagging(Bucket=b, Key="lim")) == {"keep": "me"}
