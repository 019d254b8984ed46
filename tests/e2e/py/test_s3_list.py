"""ListObjects v1/v2: prefix, delimiter, paging, start-after, owner, url encoding."""

from urllib.parse import unquote_plus


def _fill(ctx, keys, client=None):
    s3 = client or ctx.s3
    b = ctx.bucket()
    for k in keys:
        s3.put_object(Bucket=b, Key=k, Body=k.encode("utf-8"))
    return b


TREE = ["a.txt", "dir/x", "dir/y", "dir/sub/z", "dir2/q", "e/f/g", "photos/2023/jan.jpg",
        "photos/2023/feb.jpg", "photos/2024/mar.jpg", "photos/index.html", "z"]


def test_list_v2_prefix_delimiter(ctx):
    s3 = ctx.s3
    b = _fill(ctx, TREE)
    res = s3.list_objects_v2(Bucket=b, Delimiter="/")
    assert [o["Key"] for o in res["Contents"]] == ["a.txt", "z"]
    assert [p["Prefix"] for p in res["CommonPrefixes"]] == ["dir/", "dir2/", "e/", "photos/"]
    assert res["KeyCount"] == 6
    assert res["IsTruncated"] is False
    assert res["Delimiter"] == "/"

    res = s3.list_objects_v2(Bucket=b, Prefix="photos/", Delimiter="/")
    assert [o["Key"] for o in res["Contents"]] == ["photos/index.html"]
    assert [p["Prefix"] for p in res["CommonPrefixes"]] == ["photos/2023/", "photos/2024/"]
    assert res["Prefix"] == "photos/"

    res = s3.list_objects_v2(Bucket=b, Prefix="photos/2023/")
    assert [o["Key"] for o in res["Contents"]] == ["photos/2023/feb.jpg", "photos/2023/jan.jpg"]
    assert "CommonPrefixes" not in res or res["CommonPrefixes"] == []

    res = s3.list_objects_v2(Bucket=b, Prefix="dir")  # no delimiter: plain prefix match
    assert [o["Key"] for o in res["Contents"]] == ["dir/sub/z", "dir/x", "dir/y", "dir2/q"]

    res = s3.list_objects_v2(Bucket=b, Prefix="nothing-here")
    assert res.get("Contents", []) == [] and res["KeyCount"] == 0 and res["IsTruncated"] is False

    # a delimiter other than "/"
    res = s3.list_objects_v2(Bucket=b, Delimiter=".")
    assert [p["Prefix"] for p in res["CommonPrefixes"]] == ["a.", "photos/2023/feb.", "photos/2023/jan.",
                                                           "photos/2024/mar.", "photos/index."]
    assert [o["Key"] for o in res["Contents"]] == ["dir/sub/z", "dir/x", "dir/y", "dir2/q", "e/f/g", "z"]


def test_list_v2_object_fields(ctx):
    s3 = ctx.s3
    b = ctx.bucket()
    s3.put_object(Bucket=b, Key="one", Body=b"12345")
    res = s3.list_objects_v2(Bucket=b)
    assert res["Name"] == b
    assert res["MaxKeys"] == 1000
    (o,) = res["Contents"]
    assert o["Key"] == "one" and o["Size"] == 5
    assert o["ETag"] == '"827ccb0eea8a706c4c34a16891f84e7b"'
    assert o["StorageClass"] == "STANDARD"
    assert abs((ctx.now() - o["LastModified"]).total_seconds()) < 600
    assert "Owner" not in o, "v2 returns Owner only with FetchOwner=true"
    res = s3.list_objects_v2(Bucket=b, FetchOwner=True)
    owner = res["Contents"][0]["Owner"]
    assert owner["ID"] == s3.list_buckets()["Owner"]["ID"]
    # v1 always includes Owner
    assert s3.list_objects(Bucket=b)["Contents"][0]["Owner"]["ID"] == owner["ID"]


def test_list_v2_paging_continuation(ctx):
    s3 = ctx.s3
    keys = ["k%02d" % i for i in range(25)]
    b = _fill(ctx, reversed(keys))
    seen, token, pages, echoed = [], None, 0, []
    while True:
        kw = {"Bucket": b, "MaxKeys": 7}
        if token:
            kw["ContinuationToken"] = token
        res = s3.list_objects_v2(**kw)
        pages += 1
        page = [o["Key"] for o in res.get("Contents", [])]
        assert res["KeyCount"] == len(page)
        assert res["MaxKeys"] == 7
        if token:
            echoed.append((res.get("ContinuationToken"), token))
        seen.extend(page)
        if not res["IsTruncated"]:
            assert "NextContinuationToken" not in res
            break
        assert len(page) == 7
        token = res["NextContinuationToken"]
        assert pages < 10
    assert pages == 4
    assert seen == keys
    # the request's token is echoed in the response
    assert all(got == sent for got, sent in echoed), echoed


def test_list_v2_start_after(ctx):
    s3 = ctx.s3
    keys = ["k%02d" % i for i in range(10)]
    b = _fill(ctx, keys)
    res = s3.list_objects_v2(Bucket=b, StartAfter="k04")
    assert [o["Key"] for o in res["Contents"]] == keys[5:]
    assert res["StartAfter"] == "k04"
    res = s3.list_objects_v2(Bucket=b, StartAfter="k045")  # need not be an existing key
    assert [o["Key"] for o in res["Contents"]] == keys[5:]
    res = s3.list_objects_v2(Bucket=b, StartAfter="k09")
    assert res.get("Contents", []) == [] and res["KeyCount"] == 0
    res = s3.list_objects_v2(Bucket=b, StartAfter="k01", MaxKeys=3)
    assert [o["Key"] for o in res["Contents"]] == ["k02", "k03", "k04"] and res["IsTruncated"]


def test_list_v2_maxkeys_counts_common_prefixes(ctx):
    s3 = ctx.s3
    b = _fill(ctx, ["a/1", "a/2", "b", "c/1", "d", "e/1"])
    seen, token = [], None
    while True:
        kw = dict(Bucket=b, Delimiter="/", MaxKeys=2)
        if token:
            kw["ContinuationToken"] = token
        res = s3.list_objects_v2(**kw)
        items = [o["Key"] for o in res.get("Contents", [])] + [p["Prefix"] for p in res.get("CommonPrefixes", [])]
        assert res["KeyCount"] == len(items) <= 2, res
        seen.extend(items)
        if not res["IsTruncated"]:
            break
        token = res["NextContinuationToken"]
    assert sorted(seen) == ["a/", "b", "c/", "d", "e/"]
    assert len(seen) == len(set(seen))


def test_list_v1_marker_paging(ctx):
    s3 = ctx.s3
    keys = ["m%02d" % i for i in range(25)]
    b = _fill(ctx, keys)
    seen, marker, echoed = [], "", []
    for _ in range(10):
        res = s3.list_objects(Bucket=b, MaxKeys=7, Marker=marker)
        page = [o["Key"] for o in res.get("Contents", [])]
        echoed.append((res.get("Marker", ""), marker))
        seen.extend(page)
        if not res["IsTruncated"]:
            break
        # NextMarker is only guaranteed with a delimiter: page on with the last key
        assert res.get("NextMarker", page[-1]) == page[-1]
        marker = page[-1]
    assert seen == keys
    assert all(got == sent for got, sent in echoed), echoed


def test_list_v1_delimiter_next_marker(ctx):
    s3 = ctx.s3
    b = _fill(ctx, TREE)
    res = s3.list_objects(Bucket=b, Delimiter="/", MaxKeys=3)
    items = [o["Key"] for o in res.get("Contents", [])] + [p["Prefix"] for p in res.get("CommonPrefixes", [])]
    assert sorted(items) == ["a.txt", "dir/", "dir2/"]
    assert res["IsTruncated"] is True
    assert res["NextMarker"] == "dir2/"
    res = s3.list_objects(Bucket=b, Delimiter="/", Marker=res["NextMarker"])
    items = [o["Key"] for o in res.get("Contents", [])] + [p["Prefix"] for p in res.get("CommonPrefixes", [])]
    assert sorted(items) == ["e/", "photos/", "z"]
    assert res["IsTruncated"] is False


def test_list_v1_prefix(ctx):
    s3 = ctx.s3
    b = _fill(ctx, TREE)
    res = s3.list_objects(Bucket=b, Prefix="dir/")
    assert [o["Key"] for o in res["Contents"]] == ["dir/sub/z", "dir/x", "dir/y"]
    assert res["Prefix"] == "dir/"
    assert res["MaxKeys"] == 1000


def test_paginators(ctx):
    s3 = ctx.s3
    keys = ["p/%03d" % i for i in range(23)] + ["q/x"]
    b = _fill(ctx, keys)
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=b, Prefix="p/",
                                                              PaginationConfig={"PageSize": 5}))
    assert len(pages) == 5
    assert [o["Key"] for p in pages for o in p.get("Contents", [])] == keys[:-1]
    pages = list(s3.get_paginator("list_objects").paginate(Bucket=b, PaginationConfig={"PageSize": 10}))
    assert [o["Key"] for p in pages for o in p.get("Contents", [])] == keys
    res = s3.get_paginator("list_objects_v2").paginate(Bucket=b, Delimiter="/").build_full_result()
    assert [p["Prefix"] for p in res["CommonPrefixes"]] == ["p/", "q/"]


def test_list_encoding_type_url(ctx):
    s3 = ctx.s3
    keys = ["enc/sp ace", "enc/plus+sign", "enc/uni\u00e9", "enc/amp&lt", "enc/ctl\x01char", "enc/pct%41"]
    b = _fill(ctx, keys)
    # explicit EncodingType: botocore leaves the values as the server sent them
    res = s3.list_objects_v2(Bucket=b, EncodingType="url", Prefix="enc/")
    assert res.get("EncodingType") == "url"
    raw = [o["Key"] for o in res["Contents"]]
    assert sorted(unquote_plus(k) for k in raw) == sorted(keys), raw
    for k in raw:
        assert " " not in k and "\x01" not in k and "\u00e9" not in k, raw
    res = s3.list_objects(Bucket=b, EncodingType="url", Prefix="enc/", Delimiter="/")
    assert sorted(unquote_plus(o["Key"]) for o in res["Contents"]) == sorted(keys)
    # default boto3 call (botocore asks for url encoding itself and decodes)
    res = s3.list_objects_v2(Bucket=b, Prefix="enc/")
    assert sorted(o["Key"] for o in res["Contents"]) == sorted(keys)
    res = s3.list_objects_v2(Bucket=b, Delimiter=" ")
    assert [p["Prefix"] for p in res["CommonPrefixes"]] == ["enc/sp "]


def test_list_missing_bucket(ctx):
    s3 = ctx.s3
    missing = ctx.bucket_name("missing")
    e = ctx.expect_error("NoSuchBucket", 404, s3.list_objects_v2, Bucket=missing)
    assert e.response["Error"].get("BucketName") in (None, missing)
    ctx.expect_error("NoSuchBucket", 404, s3.list_objects, Bucket=missing)


def test_list_after_deletes_and_overwrites(ctx):
    s3 = ctx.s3
    b = _fill(ctx, ["x1", "x2", "x3"])
    s3.delete_object(Bucket=b, Key="x2")
    s3.put_object(Bucket=b, Key="x3", Body=b"longer body")
    res = s3.list_objects_v2(Bucket=b)
    assert [(o["Key"], o["Size"]) for o in res["Contents"]] == [("x1", 2), ("x3", 11)]
