"""E-commerce demo: product data and order exports in S3, orders and stock in DynamoDB, driven
by unmodified boto3; customers and products searchable through unmodified elasticsearch-py."""
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
search_endpoint = sys.argv[2] if len(sys.argv) > 2 else None
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

# Search: the ElasticsearchManager flow of the product seed (create_index with a mapping,
# index_document, helpers.bulk, match on Chinese names), then a faceted product search.
if search_endpoint:
    from elasticsearch import Elasticsearch
    from elasticsearch.helpers import bulk

    es = Elasticsearch([search_endpoint])
    es.indices.create(index="customers", mappings={"properties": {
        "name": {"type": "text"}, "city": {"type": "keyword"}, "level": {"type": "integer"}}})
    customers = [{"id": "c1", "name": "张三", "city": "上海", "level": 3},
                 {"id": "c2", "name": "李四", "city": "北京", "level": 1},
                 {"id": "c3", "name": "张伟", "city": "上海", "level": 2},
                 {"id": "c4", "name": "Alice Zhang", "city": "Shenzhen", "level": 2}]
    bulk(es, [{"_index": "customers", "_id": c["id"], "_source": c} for c in customers], refresh=True)
    hits = es.search(index="customers", query={"match": {"name": "张三"}})["hits"]["hits"]
    print("search for 张三:", [(h["_source"]["name"], round(h["_score"], 3)) for h in hits])
    es.indices.create(index="products", mappings={"properties": {
        "title": {"type": "text", "analyzer": "english"}, "category": {"type": "keyword"},
        "price": {"type": "double"}}})
    catalogue = [("Running shoes for trail runners", "shoes", 89.9), ("Leather walking shoes", "shoes", 120),
                 ("Waterproof running jacket", "outdoor", 150), ("Trail running socks", "outdoor", 12.5),
                 ("Espresso machine", "kitchen", 399), ("Running water bottle", "outdoor", 15)]
    bulk(es, [{"_index": "products", "_id": str(i), "_source": {"title": t, "category": c, "price": p}}
              for i, (t, c, p) in enumerate(catalogue)], refresh=True)
    res = es.search(
        index="products",
        query={"bool": {"must": {"match": {"title": "run"}}, "filter": {"range": {"price": {"lt": 200}}}}},
        aggs={"by_category": {"terms": {"field": "category"}, "aggs": {"avg_price": {"avg": {"field": "price"}}}}},
        highlight={"fields": {"title": {}}})
    print("products matching 'run' under 200:", [h["highlight"]["title"][0] for h in res["hits"]["hits"]])
    print("facets:", [(b["key"], b["doc_count"], round(b["avg_price"]["value"], 2))
                      for b in res["aggregations"]["by_category"]["buckets"]])

print("demo finished: 22 objects in s3://shop-catalog, %d orders and 20 stock rows in DynamoDB%s"
      % (30 - sold_out, ", 4 customers and 6 products searchable" if search_endpoint else ""))
