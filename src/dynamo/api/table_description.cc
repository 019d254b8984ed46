#include "dynamo/api/table_description.h"

#include <fmt/format.h>

namespace wharf::dynamo {

namespace json = boost::json;

json::array key_schema_json(const KeySchema& k) {
  json::array a;
  a.push_back(json::object{{"AttributeName", k.hash.name}, {"KeyType", "HASH"}});
  if (k.range) a.push_back(json::object{{"AttributeName", k.range->name}, {"KeyType", "RANGE"}});
  return a;
}

namespace {

json::object projection_json(const IndexProjection& p) {
  static const char* names[] = {"ALL", "KEYS_ONLY", "INCLUDE"};
  json::object o{{"ProjectionType", names[static_cast<int>(p.type)]}};
  if (p.type == ProjectionType::kInclude) {
    json::array nk;
    for (const auto& a : p.non_key_attributes) nk.emplace_back(a);
    o["NonKeyAttributes"] = std::move(nk);
  }
  return o;
}

json::object throughput_json(const Throughput& t) {
  return {{"NumberOfDecreasesToday", 0},
          {"ReadCapacityUnits", t.read},
          {"WriteCapacityUnits", t.write}};
}

}  // namespace

std::string stream_arn(const DynamoContext& ctx, const TableDef& t) {
  return ctx.table_arn(t.name) + "/stream/" + t.stream.label;
}

json::object table_description(const DynamoContext& ctx, const TableDef& t, const char* status) {
  json::object d;
  json::array defs;
  for (const auto& [n, ty] : t.attribute_types)
    defs.push_back(json::object{{"AttributeName", n}, {"AttributeType", std::string(1, ty)}});
  d["AttributeDefinitions"] = std::move(defs);
  d["TableName"] = t.name;
  d["KeySchema"] = key_schema_json(t.key);
  d["TableStatus"] = status;
  d["CreationDateTime"] = static_cast<double>(t.created_millis) / 1000.0;
  d["ProvisionedThroughput"] = throughput_json(t.throughput);
  TableStats stats = ctx.store.stats(t);
  d["TableSizeBytes"] = stats.bytes;
  d["ItemCount"] = stats.items;
  d["TableArn"] = ctx.table_arn(t.name);
  d["TableId"] = fmt::format("{:08x}-0000-4000-8000-{:012x}", t.id >> 32, t.id & 0xffffffffffff);
  if (t.billing_mode == "PAY_PER_REQUEST") {
    d["BillingModeSummary"] = json::object{{"BillingMode", t.billing_mode}};
    d["TableThroughputModeSummary"] = json::object{{"TableThroughputMode", t.billing_mode}};
  }
  json::array gsis, lsis;
  for (const auto& i : t.indexes) {
    json::object o{{"IndexName", i.name},
                   {"KeySchema", key_schema_json(i.key)},
                   {"Projection", projection_json(i.projection)},
                   {"IndexSizeBytes", 0},
                   {"ItemCount", 0},
                   {"IndexArn", ctx.table_arn(t.name) + "/index/" + i.name}};
    if (i.global) {
      o["IndexStatus"] = "ACTIVE";
      o["ProvisionedThroughput"] = throughput_json(i.throughput);
      gsis.push_back(std::move(o));
    } else {
      lsis.push_back(std::move(o));
    }
  }
  // A table being deleted no longer lists its global indexes (DynamoDB's DeleteTable answer).
  if (!gsis.empty() && std::string_view(status) != "DELETING")
    d["GlobalSecondaryIndexes"] = std::move(gsis);
  if (!lsis.empty()) d["LocalSecondaryIndexes"] = std::move(lsis);
  if (t.stream.enabled) {
    d["StreamSpecification"] =
        json::object{{"StreamEnabled", true}, {"StreamViewType", t.stream.view_type}};
    d["LatestStreamLabel"] = t.stream.label;
    d["LatestStreamArn"] = stream_arn(ctx, t);
  }
  d["DeletionProtectionEnabled"] = t.deletion_protection;
  return d;
}

}  // namespace wharf::dynamo
