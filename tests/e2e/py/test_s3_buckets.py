"""Bucket operations: naming rules, location, ownership, head/delete/list."""


def test_create_head_delete_bucket(ctx):
    s3 = ctx.s3
    name = ctx.bucket_name()
    res = s3.create_bucket(Bucket=name)
    assert res["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert name in res.get("Location", ""), res.get("Location")
    head = s3.head_bucket(Bucket=name)
    assert head["ResponseMetadata"]["HTTPStatusCode"] == 200
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert name in names
    res = s3.delete_bucket(Bucket=name)
    assert res["ResponseMetadata"]["HTTPStatusCode"] == 204
    ctx.expect_error("404", 404, s3.head_bucket, Bucket=name)
    assert name not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_invalid_bucket_names(ctx):
    s3 = ctx.s3
    bad = [
        "ab",                       # too short (< 3)
        "a" * 64,                   # too long (> 63)
        "Upper-Case-" + ctx.bucket_name()[-12:],  # uppercase
        "under_score-" + ctx.bucket_name()[-12:],  # underscore
        "192.168.5.4",              # IP address form
        "-starts-with-dash",        # must start with a letter or digit
        "ends-with-dash-",          # must end with a letter or digit
        "double..dots",             # adjacent periods
    ]
    for name in bad:
        ctx.expect_error("InvalidBucketName", 400, s3.create_bucket, Bucket=name)
    listed = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    for name in bad:
        assert name not in listed, name


def test_bucket_name_edge_cases_accepted(ctx):
    s3 = ctx.s3
    tail = ctx.bucket_name()[-9:]
    for name in ["a1-" + tail, "x.y." + tail, ("n" * (63 - len(tail))) + tail]:
        assert 3 <= len(name) <= 63, name
        s3.create_bucket(Bucket=name)
        s3.head_bucket(Bucket=name)
        s3.delete_bucket(Bucket=name)


def test_location_us_east_1_is_none(ctx):
    name = ctx.bucket()
    res = ctx.s3.get_bucket_location(Bucket=name)
    assert res.get("LocationConstraint") is None, res


def test_location_constraint_eu_west_1(ctx):
    s3 = ctx.s3
    name = ctx.bucket(CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    res = s3.get_bucket_location(Bucket=name)
    assert res["LocationConstraint"] == "eu-west-1", res
    head = s3.head_bucket(Bucket=name)
    hdrs = head["ResponseMetadata"]["HTTPHeaders"]
    assert hdrs.get("x-amz-bucket-region") == "eu-west-1", hdrs
    # same owner, same region again -> 409 (documented for every region but us-east-1)
    ctx.expect_error("BucketAlreadyOwnedByYou", 409, s3.create_bucket, Bucket=name,
                     CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})


def test_create_bucket_twice_same_owner(ctx):
    s3 = ctx.s3
    name = ctx.bucket()
    s3.put_object(Bucket=name, Key="keep", Body=b"still here")
    # AWS documents 409 BucketAlreadyOwnedByYou (us-east-1 has a legacy 200 exception);
    # wharf's contract is the 409 everywhere.
    ctx.expect_error("BucketAlreadyOwnedByYou", 409, s3.create_bucket, Bucket=name)
    assert s3.get_object(Bucket=name, Key="keep")["Body"].read() == b"still here"


def test_head_bucket_missing(ctx):
    e = ctx.expect_error("404", 404, ctx.s3.head_bucket, Bucket=ctx.bucket_name("missing"))
    assert e.response["Error"]["Code"] in ("404", "NoSuchBucket")


def test_get_location_missing_bucket(ctx):
    ctx.expect_error("NoSuchBucket", 404, ctx.s3.get_bucket_location, Bucket=ctx.bucket_name("missing"))


def test_delete_bucket_not_empty(ctx):
    s3 = ctx.s3
    name = ctx.bucket()
    s3.put_object(Bucket=name, Key="a/b", Body=b"x")
    ctx.expect_error("BucketNotEmpty", 409, s3.delete_bucket, Bucket=name)
    s3.head_bucket(Bucket=name)
    assert s3.get_object(Bucket=name, Key="a/b")["Body"].read() == b"x"
    s3.delete_object(Bucket=name, Key="a/b")
    s3.delete_bucket(Bucket=name)
    ctx.expect_error("404", 404, s3.head_bucket, Bucket=name)


def test_delete_bucket_with_pending_multipart_upload(ctx):
    # AWS deletes a bucket whose only content is an in-progress multipart upload (the upload
    # goes with it); only objects make a bucket "not empty".
    s3 = ctx.s3
    name = ctx.bucket()
    up = s3.create_multipart_upload(Bucket=name, Key="pending")["UploadId"]
    s3.upload_part(Bucket=name, Key="pending", UploadId=up, PartNumber=1, Body=b"p")
    assert s3.delete_bucket(Bucket=name)["ResponseMetadata"]["HTTPStatusCode"] == 204
    ctx.expect_error("404", 404, s3.head_bucket, Bucket=name)
    ctx.expect_error("NoSuchBucket", 404, s3.list_multipart_uploads, Bucket=name)
    # re-creating the name starts clean
    s3.create_bucket(Bucket=name)
    assert s3.list_multipart_uploads(Bucket=name).get("Uploads", []) == []


def test_delete_missing_bucket(ctx):
    ctx.expect_error("NoSuchBucket", 404, ctx.s3.delete_bucket, Bucket=ctx.bucket_name("missing"))


def test_list_buckets_shape(ctx):
    names = [ctx.bucket(hint="lb-%d" % i) for i in range(3)]
    res = ctx.s3.list_buckets()
    listed = [b["Name"] for b in res["Buckets"]]
    for n in names:
        assert n in listed
    for b in res["Buckets"]:
        if b["Name"] in names:
            assert b["CreationDate"].tzinfo is not None
            assert abs((ctx.now() - b["CreationDate"]).total_seconds()) < 600
    assert res["Owner"]["ID"]


def test_list_buckets_only_own(ctx):
    ctx.require_wharf("needs wharf's multi-user config")
    root_bucket = ctx.bucket(hint="root-own")
    alice = ctx.client("alice")
    alice_bucket = ctx.bucket(client=alice, hint="alice-own")
    alice_names = [b["Name"] for b in alice.list_buckets()["Buckets"]]
    root_names = [b["Name"] for b in ctx.s3.list_buckets()["Buckets"]]
    assert alice_bucket in alice_names and root_bucket not in alice_names
    assert root_bucket in root_names and alice_bucket not in root_names
    assert alice.list_buckets()["Owner"]["ID"] != ctx.s3.list_buckets()["Owner"]["ID"]


def test_other_user_access_denied(ctx):
    ctx.require_wharf("needs wharf's multi-user config")
    s3 = ctx.s3
    name = ctx.bucket()
    s3.put_object(Bucket=name, Key="secret", Body=b"root data")
    alice = ctx.client("alice")
    ctx.expect_error("AccessDenied", 403, alice.list_objects_v2, Bucket=name)
    ctx.expect_error("AccessDenied", 403, alice.get_object, Bucket=name, Key="secret")
    ctx.expect_error("AccessDenied", 403, alice.put_object, Bucket=name, Key="secret", Body=b"alice")
    ctx.expect_error("AccessDenied", 403, alice.delete_object, Bucket=name, Key="secret")
    ctx.expect_error("AccessDenied", 403, alice.delete_bucket, Bucket=name)
    ctx.expect_error("403", 403, alice.head_object, Bucket=name, Key="secret")
    ctx.expect_error("403", 403, alice.head_bucket, Bucket=name)
    assert s3.get_object(Bucket=name, Key="secret")["Body"].read() == b"root data"
    s3.head_bucket(Bucket=name)


def test_bucket_already_exists_other_owner(ctx):
    ctx.require_wharf("needs wharf's multi-user config")
    name = ctx.bucket()
    ctx.s3.put_object(Bucket=name, Key="k", Body=b"root's")
    alice = ctx.client("alice")
    ctx.expect_error("BucketAlreadyExists", 409, alice.create_bucket, Bucket=name)
    assert ctx.s3.get_object(Bucket=name, Key="k")["Body"].read() == b"root's"
    assert name not in [b["Name"] for b in alice.list_buckets()["Buckets"]]
