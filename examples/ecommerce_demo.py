"""E-commerce demo: product data and order exports in S3, orders and stock in DynamoDB, driven
by unmodified boto3."""
import csv
import io
import json
import sys
import urllib.request
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, Key
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

# Orders and stock in DynamoDB: a table per entity, a GSI to find orders by status, a
# conditional update that never sells stock that is not there, a stream of the order changes.
ddb = boto3.resource("dynamodb", endpoint_url=endpoint, aws_access_key_id="wharf",
                     aws_secret_access_key="wharf-secret", region_name="us-east-1")
stock = ddb.create_table(
    TableName="stock", BillingMode="PAY_PER_REQUEST",
    KeySchema=[{"AttributeName": "sku", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "sku", "AttributeType": "S"}])
orders_t = ddb.create_table(
    TableName="orders", BillingMode="PAY_PER_REQUEST",
    KeySchema=[{"AttributeName": "customer", "KeyType": "HASH"},
               {"AttributeName": "order_id", "KeyType": "RANGE"}],
    AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "S"},
                          {"AttributeName": "order_id", "AttributeType": "S"},
                          {"AttributeName": "status", "AttributeType": "S"}],
    GlobalSecondaryIndexes=[{"IndexName": "by_status", "Projection": {"ProjectionType": "ALL"},
                             "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                                           {"AttributeName": "order_id", "KeyType": "RANGE"}]}],
    StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
with stock.batch_writer() as batch:
    for p in products:
        batch.put_item(Item={"sku": p["sku"], "on_hand": 5, "price": Decimal(p["price"])})
sold_out = 0
for i in range(30):
    sku = products[i % 3]["sku"]
    try:
        stock.update_item(Key={"sku": sku}, UpdateExpression="SET on_hand = on_hand - :one",
                          ConditionExpression="on_hand >= :one", ExpressionAttributeValues={":one": 1})
    except ddb.meta.client.exceptions.ConditionalCheckFailedException:
        sold_out += 1
        continue
    orders_t.put_item(Item={"customer": "c%d" % (i % 4), "order_id": "o-%04d" % i, "sku": sku,
                            "status": "paid" if i % 2 else "shipped", "total": Decimal(products[i % 3]["price"])})
print("orders placed: %d, refused for lack of stock: %d" % (30 - sold_out, sold_out))
mine = orders_t.query(KeyConditionExpression=Key("customer").eq("c1"), FilterExpression=Attr("total").gt(5))
print("customer c1 has %d orders over 5.00" % mine["Count"])
paid = orders_t.query(IndexName="by_status", KeyConditionExpression=Key("status").eq("paid"))
print("paid orders awaiting shipment (GSI):", [o["order_id"] for o in paid["Items"]][:5], "...")
streams = boto3.client("dynamodbstreams", endpoint_url=endpoint, aws_access_key_id="wharf",
                       aws_secret_access_key="wharf-secret", region_name="us-east-1")
arn = orders_t.latest_stream_arn
shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
records = streams.get_records(ShardIterator=it)["Records"]
print("order stream: %d records, first %s of %s" % (len(records), records[0]["eventName"],
                                                    records[0]["dynamodb"]["Keys"]["order_id"]["S"]))
print("demo finished: 22 objects in s3://shop-catalog, %d orders and 20 stock rows in DynamoDB"
      % (30 - sold_out))
