"""The client side of `make demo`: unmodified boto3 and elasticsearch-py code, written the way the
product seed's S3Manager, DynamoDBManager and ElasticsearchManager are, reading what the demo's
pipelines produced (s3://raw and s3://reports, the users/orders/recommendations tables, the
customers and products indexes) and adding a little of its own (stock with conditional updates
and a stream)."""
import sys
import urllib.request
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.config import Config

endpoint = sys.argv[1]
search_endpoint = sys.argv[2] if len(sys.argv) > 2 else None
creds = dict(endpoint_url=endpoint, aws_access_key_id="wharf", aws_secret_access_key="wharf-secret",
             region_name="us-east-1")
s3 = boto3.client("s3", config=Config(s3={"addressing_style": "path"}), **creds)

# S3: the raw exports the pipelines read, and the report they wrote, shared by a presigned URL.
raw = s3.list_objects_v2(Bucket="raw")
print("s3://raw:", ", ".join("%s (%d KiB)" % (o["Key"], o["Size"] // 1024) for o in raw["Contents"]))
url = s3.generate_presigned_url("get_object", Params={"Bucket": "reports", "Key": "daily_sales.csv"},
                                ExpiresIn=3600)
report = urllib.request.urlopen(url).read().decode().splitlines()
best = max(report[1:], key=lambda line: Decimal(line.split(",")[3]))
print("daily_sales.csv through boto3's presigned URL: %d days; best day %s (revenue %s CNY)"
      % (len(report) - 1, best.split(",")[0], best.split(",")[3]))

# DynamoDB: the cleaned users and orders, as the DynamoDBManager of the seed reads them.
ddb = boto3.resource("dynamodb", **creds)
users = ddb.Table("users")
user = users.get_item(Key={"user_id": "u-00042"}).get("Item")
print("users u-00042:", {k: user[k] for k in ("name", "email", "city") if k in user})
users.update_item(Key={"user_id": "u-00042"}, UpdateExpression="SET age = :age",
                  ExpressionAttributeValues={":age": Decimal(31)})
shanghai = users.scan(FilterExpression=Attr("city").eq("上海") & Attr("vip").eq(True))
print("VIP users in 上海 (scan with a filter): %d" % shanghai["Count"])
recs = ddb.Table("recommendations").scan(Limit=1)["Items"][0]
names = ddb.batch_get_item(RequestItems={"products": {"Keys": [{"product_id": p} for p in recs["recommendations"]],
                                                      "ProjectionExpression": "product_id, #n",
                                                      "ExpressionAttributeNames": {"#n": "name"}}})
print("recommended for %s:" % recs["user_id"], [p["name"] for p in names["Responses"]["products"]][:3], "...")

# Stock with conditional updates that never sell what is not there, and a stream of the orders.
stock = ddb.create_table(
    TableName="stock", BillingMode="PAY_PER_REQUEST",
    KeySchema=[{"AttributeName": "product_id", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "product_id", "AttributeType": "S"}],
    StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
stock.put_item(Item={"product_id": "p-0001", "on_hand": 5})
sold = refused = 0
for _ in range(8):
    try:
        stock.update_item(Key={"product_id": "p-0001"}, UpdateExpression="SET on_hand = on_hand - :one",
                          ConditionExpression="on_hand >= :one", ExpressionAttributeValues={":one": 1})
        sold += 1
    except ddb.meta.client.exceptions.ConditionalCheckFailedException:
        refused += 1
streams = boto3.client("dynamodbstreams", **creds)
arn = stock.latest_stream_arn
shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
print("stock of p-0001: sold %d, refused %d for lack of stock; stream holds %d changes"
      % (sold, refused, len(streams.get_records(ShardIterator=it)["Records"])))

# Search: the ElasticsearchManager flow on the indexes the pipelines loaded.
if search_endpoint:
    from elasticsearch import Elasticsearch

    es = Elasticsearch([search_endpoint])
    hits = es.search(index="customers", query={"match": {"name": "张伟"}}, size=3)["hits"]
    print("customers matching 张伟: %d, top: %s" % (hits["total"]["value"],
                                                    [h["_source"]["name"] for h in hits["hits"]]))
    res = es.search(index="products", size=2, query={"match": {"description": "bluetooth"}},
                    aggs={"by_category": {"terms": {"field": "category"},
                                          "aggs": {"avg_price": {"avg": {"field": "price"}}}}},
                    highlight={"fields": {"description": {}}})
    print("products about bluetooth:", [h["highlight"]["description"][0][:60] for h in res["hits"]["hits"]])
    print("by category:", [(b["key"], b["doc_count"], round(b["avg_price"]["value"], 2))
                           for b in res["aggregations"]["by_category"]["buckets"]])
print("demo finished")
