"""E-commerce demo: product images and order exports in S3, driven by unmodified boto3."""
import csv
import io
import json
import sys
import urllib.request

import boto3
from botocore.config import Config

endpoint = sys.argv[1]
s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="wharf", aws_secret_access_key="wharf-secret",
                  region_name="us-east-1", config=Config(s3={"addressing_style": "path"}))

s3.create_bucket(Bucket="shop-catalog")
products = [{"sku": "SKU-%04d" % i, "name": "Product %d" % i, "price": "%d.99" % (i * 3)} for i in range(1, 21)]
for p in products:
    s3.put_object(Bucket="shop-catalog", Key="products/%s.json" % p["sku"], Body=json.dumps(p).encode(),
                  ContentType="application/json", Metadata={"source": "demo"})
orders = io.StringIO()
w = csv.writer(orders)
w.writerow(["order_id", "sku", "qty"])
for i in range(100):
    w.writerow([1000 + i, products[i % 20]["sku"], 1 + i % 3])
s3.put_object(Bucket="shop-catalog", Key="exports/orders-2026-11.csv", Body=orders.getvalue().encode(),
              ContentType="text/csv")

listing = s3.list_objects_v2(Bucket="shop-catalog", Prefix="products/", MaxKeys=5)
print("first products:", [o["Key"] for o in listing["Contents"]], "truncated:", listing["IsTruncated"])
top = s3.list_objects_v2(Bucket="shop-catalog", Delimiter="/")
print("folders:", [p["Prefix"] for p in top["CommonPrefixes"]])
url = s3.generate_presigned_url("get_object", Params={"Bucket": "shop-catalog", "Key": "exports/orders-2026-11.csv"},
                                ExpiresIn=3600)
rows = urllib.request.urlopen(url).read().decode().splitlines()
print("partner fetched the order export through a presigned URL: %d rows" % (len(rows) - 1))
print("demo finished: 22 objects in s3://shop-catalog")
