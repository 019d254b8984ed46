// Tables at a DynamoDB endpoint (another `wharf serve`, AWS, DynamoDB Local): DescribeTable and
// CreateTable (waiting for ACTIVE), Scan and Query page by page, and writes as BatchWriteItem
// requests of up to 25 puts and deletes, with UnprocessedItems sent again after a backoff until
// DynamoDB has taken every one. Writes go out on kLanes connections at once (a network round
// trip per 25 items would otherwise bound the rate); a key always takes the same lane, so the
// writes of one key keep their order.
#include <boost/json.hpp>

#include <functional>
#include <map>
#include <set>
#include <thread>

#include "dynamo/attribute_value.h"
#include "pipeline/dynamo_client.h"
#include "pipeline/spec_node.h"
#include "pipeline/table_connection.h"

namespace wharf::pipeline {
namespace {

namespace json = boost::json;

std::string str(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

const json::array& arr(const json::object& o, const char* key) {
  static const json::array kEmpty;
  auto* v = o.if_contains(key);
  return v && v->is_array() ? v->as_array() : kEmpty;
}

// A KeySchema list of DescribeTable, typed by the table's AttributeDefinitions.
dynamo::KeySchema key_schema(const json::array& schema, const std::map<std::string, char>& types) {
  dynamo::KeySchema k;
  for (const auto& e : schema) {
    if (!e.is_object()) continue;
    dynamo::KeyAttribute a{str(e.as_object(), "AttributeName"), 'S'};
    if (auto t = types.find(a.name); t != types.end()) a.type = t->second;
    if (str(e.as_object(), "KeyType") == "RANGE")
      k.range = a;
    else
      k.hash = a;
  }
  return k;
}

dynamo::TableDef table_def(const json::object& table) {
  dynamo::TableDef def;
  def.name = str(table, "TableName");
  for (const auto& a : arr(table, "AttributeDefinitions")) {
    if (!a.is_object()) continue;
    auto type = str(a.as_object(), "AttributeType");
    def.attribute_types[str(a.as_object(), "AttributeName")] = type.empty() ? 'S' : type[0];
  }
  def.key = key_schema(arr(table, "KeySchema"), def.attribute_types);
  for (const char* kind : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    for (const auto& i : arr(table, kind)) {
      if (!i.is_object()) continue;
      dynamo::IndexDef index;
      index.name = str(i.as_object(), "IndexName");
      index.global = std::string(kind).starts_with("Global");
      index.key = key_schema(arr(i.as_object(), "KeySchema"), def.attribute_types);
      def.indexes.push_back(std::move(index));
    }
  }
  def.billing_mode = "PAY_PER_REQUEST";
  return def;
}

json::array key_schema_wire(const dynamo::KeySchema& k) {
  json::array a{json::object{{"AttributeName", k.hash.name}, {"KeyType", "HASH"}}};
  if (k.range) a.push_back(json::object{{"AttributeName", k.range->name}, {"KeyType", "RANGE"}});
  return a;
}

class RemoteTables : public TableConnection {
 public:
  RemoteTables(const std::string& endpoint, const AwsAccess& access) : client_(endpoint, access) {
    for (size_t i = 0; i < kLanes; ++i) lanes_.push_back(std::make_unique<DynamoClient>(endpoint, access));
  }

  std::string describe(const std::string& table) const override {
    return "table " + table + " at " + client_.endpoint();
  }

  dynamo::TablePtr find(const std::string& table) override {
    if (auto it = tables_.find(table); it != tables_.end()) return it->second;
    auto t = describe_table(table);
    if (t) tables_[table] = t;
    return t;
  }

  dynamo::TablePtr create(const dynamo::TableDef& def) override {
    json::array attributes;
    for (const auto* a : {&def.key.hash, def.key.range ? &*def.key.range : nullptr})
      if (a) attributes.push_back(json::object{{"AttributeName", a->name}, {"AttributeType", std::string(1, a->type)}});
    json::object req{{"TableName", def.name},
                     {"KeySchema", key_schema_wire(def.key)},
                     {"AttributeDefinitions", std::move(attributes)},
                     {"BillingMode", "PAY_PER_REQUEST"}};
    try {
      client_.call("CreateTable", req);
    } catch (const core::Error& e) {
      if (e.code() != "ResourceInUseException") throw;  // created meanwhile: use it as it is
    }
    // AWS creates tables asynchronously (CREATING, then ACTIVE); wharf's are ACTIVE at once.
    for (int waited = 0;; ++waited) {
      auto t = describe_table(def.name, true);
      if (t) return tables_[def.name] = t;
      if (waited >= 600)
        throw core::Error("DynamoDBTimeout", 504, "table " + def.name + " at " + client_.endpoint() +
                                                      " did not become ACTIVE within 5 minutes");
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }

  TablePage read(const dynamo::ReadRequest& r) override {
    json::object req{{"TableName", r.table}};
    if (!r.index.empty()) req["IndexName"] = r.index;
    if (r.limit) req["Limit"] = r.limit;
    if (r.exclusive_start) req["ExclusiveStartKey"] = dynamo::item_to_wire(*r.exclusive_start);
    if (r.hash) {
      auto def = existing(r.table);
      const auto* index = r.index.empty() ? nullptr : def->index(r.index);
      req["KeyConditionExpression"] = "#k = :v";
      req["ExpressionAttributeNames"] = json::object{{"#k", (index ? index->key : def->key).hash.name}};
      req["ExpressionAttributeValues"] = json::object{{":v", dynamo::to_wire(*r.hash)}};
    }
    auto res = client_.call(r.hash ? "Query" : "Scan", req);
    TablePage page;
    for (const auto& item : arr(res, "Items")) page.items.push_back(dynamo::item_from_wire(item));
    if (auto* last = res.if_contains("LastEvaluatedKey"); last && last->is_object() && !last->as_object().empty())
      page.last_key = dynamo::item_from_wire(*last);
    return page;
  }

  uint64_t apply(const std::string& table, std::vector<TableWrite>& writes) override {
    auto def = existing(table);
    uint64_t deleted = 0;
    std::vector<std::vector<std::pair<std::string, TableWrite*>>> lanes(kLanes);
    for (auto& w : writes) {
      std::string key = key_bytes(def->key, w.item);
      if (w.remove) ++deleted;
      size_t lane = std::hash<std::string>{}(key) % kLanes;
      lanes[lane].emplace_back(std::move(key), &w);
    }
    run_lanes(kLanes, [&](size_t i) {
      if (!lanes[i].empty()) write_lane(*lanes_[i], table, lanes[i]);
    });
    return deleted;
  }

 private:
  static constexpr size_t kBatchLimit = 25;  // DynamoDB's, per BatchWriteItem
  static constexpr size_t kLanes = 4;

  dynamo::TablePtr existing(const std::string& table) {
    if (auto def = find(table)) return def;
    throw core::Error("ResourceNotFoundException", 400, "no table " + table + " at " + client_.endpoint());
  }

  // One lane's writes, in order, as BatchWriteItem requests.
  static void write_lane(DynamoClient& client, const std::string& table,
                         std::vector<std::pair<std::string, TableWrite*>>& writes) {
    json::array chunk;
    std::set<std::string> keys;  // a BatchWriteItem may name each key once
    for (auto& [key, w] : writes) {
      if (chunk.size() == kBatchLimit || keys.count(key)) {
        batch_write(client, table, std::move(chunk));
        chunk = json::array();
        keys.clear();
      }
      keys.insert(key);
      if (w->remove)
        chunk.push_back(json::object{{"DeleteRequest", json::object{{"Key", dynamo::item_to_wire(w->item)}}}});
      else
        chunk.push_back(json::object{{"PutRequest", json::object{{"Item", dynamo::item_to_wire(w->item)}}}});
    }
    if (!chunk.empty()) batch_write(client, table, std::move(chunk));
  }

  // DescribeTable; nullptr when there is no such table (or, with active_only, while it is not
  // yet ACTIVE).
  dynamo::TablePtr describe_table(const std::string& table, bool active_only = false) {
    json::object res;
    try {
      res = client_.call("DescribeTable", json::object{{"TableName", table}});
    } catch (const core::Error& e) {
      if (e.code() == "ResourceNotFoundException") return nullptr;
      throw;
    }
    auto* t = res.if_contains("Table");
    if (!t || !t->is_object())
      throw core::Error("SerializationException", 502, "DescribeTable at " + client_.endpoint() + " answered no Table");
    if (active_only && str(t->as_object(), "TableStatus") != "ACTIVE") return nullptr;
    return std::make_shared<const dynamo::TableDef>(table_def(t->as_object()));
  }

  static void batch_write(DynamoClient& client, const std::string& table, json::array requests) {
    for (int attempt = 0; !requests.empty(); ++attempt) {
      if (attempt > 0) {
        if (attempt >= kRemoteAttempts)
          throw core::Error("ProvisionedThroughputExceededException", 503,
                            "BatchWriteItem at " + client.endpoint() + " left " + std::to_string(requests.size()) +
                                " write(s) to " + table + " unprocessed after " + std::to_string(attempt) + " attempts");
        remote_backoff(attempt - 1);
      }
      auto res = client.call("BatchWriteItem",
                              json::object{{"RequestItems", json::object{{table, std::move(requests)}}}});
      requests = json::array();
      if (auto* u = res.if_contains("UnprocessedItems"); u && u->is_object())
        if (auto* left = u->as_object().if_contains(table); left && left->is_array()) requests = left->as_array();
    }
  }

  DynamoClient client_;                               // reads and table operations
  std::vector<std::unique_ptr<DynamoClient>> lanes_;  // writes, one connection per lane
  std::map<std::string, dynamo::TablePtr> tables_;
};

}  // namespace

std::unique_ptr<TableConnection> remote_tables(const std::string& endpoint, const SpecNode& spec) {
  return std::make_unique<RemoteTables>(endpoint, aws_access(spec, "dynamodb"));
}

}  // namespace wharf::pipeline
