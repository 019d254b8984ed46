// Control-plane operations: CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable,
// TTL, tags, limits and endpoints.
#include <set>

#include "dynamo/api/dynamo_context.h"
#include "dynamo/api/request.h"
#include "dynamo/api/table_description.h"
#include "dynamo/errors.h"

namespace wharf::dynamo {

namespace {

std::string param_error(const std::string& what) {
  return "One or more parameter values were invalid: " + what;
}

KeySchema parse_key_schema(const json::array& a, const std::map<std::string, char>& types,
                           std::vector<std::string>& missing) {
  if (a.empty() || a.size() > 2)
    throw constraint_error("KeySchema", "'[...]'",
                           "Member must have length less than or equal to 2");
  KeySchema k;
  std::vector<std::pair<std::string, std::string>> elems;
  for (const auto& e : a) {
    if (!e.is_object()) throw dynamo_error("SerializationException", "KeySchema element");
    elems.emplace_back(required_string(e.get_object(), "AttributeName"),
                       required_string(e.get_object(), "KeyType"));
    if (elems.back().second != "HASH" && elems.back().second != "RANGE")
      throw constraint_error("KeySchema.1.member.keyType", "'" + elems.back().second + "'",
                             "Member must satisfy enum value set: [HASH, RANGE]");
  }
  if (elems[0].second != "HASH")
    throw validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  if (elems.size() == 2 && elems[0].first == elems[1].first)
    throw validation(
        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
  if (elems.size() == 2 && elems[1].second != "RANGE")
    throw validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  auto attr = [&](const std::string& name) {
    auto it = types.find(name);
    if (it == types.end()) missing.push_back(name);
    return KeyAttribute{name, it == types.end() ? 'S' : it->second};
  };
  k.hash = attr(elems[0].first);
  if (elems.size() == 2) k.range = attr(elems[1].first);
  return k;
}

std::map<std::string, char> parse_attribute_definitions(const json::object& in) {
  std::map<std::string, char> types;
  const json::array* defs = opt_array(in, "AttributeDefinitions");
  if (!defs) throw constraint_error("AttributeDefinitions", "null", "Member must not be null");
  for (const auto& d : *defs) {
    if (!d.is_object()) throw dynamo_error("SerializationException", "AttributeDefinition");
    std::string name = required_string(d.get_object(), "AttributeName");
    std::string type = required_string(d.get_object(), "AttributeType");
    if (type != "S" && type != "N" && type != "B")
      throw constraint_error("AttributeDefinitions.1.member.attributeType", "'" + type + "'",
                             "Member must satisfy enum value set: [B, N, S]");
    if (!types.emplace(name, type[0]).second)
      throw validation("Cannot have two attributes with the same name");
  }
  return types;
}

Throughput parse_throughput(const json::object* o) {
  Throughput t;
  if (!o) return t;
  auto r = opt_int(*o, "ReadCapacityUnits"), w = opt_int(*o, "WriteCapacityUnits");
  if (!r && !w)
    throw validation(
        "2 validation errors detected: Value null at 'provisionedThroughput.writeCapacityUnits' "
        "failed to satisfy constraint: Member must not be null; Value null at "
        "'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must not "
        "be null");
  if (!r)
    throw constraint_error("ProvisionedThroughput.readCapacityUnits", "null",
                           "Member must not be null");
  if (!w)
    throw constraint_error("ProvisionedThroughput.writeCapacityUnits", "null",
                           "Member must not be null");
  if (*r < 1 || *w < 1)
    throw constraint_error(*r < 1 ? "ProvisionedThroughput.readCapacityUnits"
                                  : "ProvisionedThroughput.writeCapacityUnits",
                           std::to_string(*r < 1 ? *r : *w),
                           "Member must have value greater than or equal to 1");
  t.read = *r;
  t.write = *w;
  return t;
}

IndexProjection parse_projection_spec(const json::object& idx, const std::string& index_name) {
  IndexProjection p;
  const json::object* o = opt_object(idx, "Projection");
  if (!o) throw constraint_error("Projection", "null", "Member must not be null");
  std::string type = opt_string(*o, "ProjectionType").value_or("null");
  const json::array* nk = opt_array(*o, "NonKeyAttributes");
  if (type == "ALL")
    p.type = ProjectionType::kAll;
  else if (type == "KEYS_ONLY")
    p.type = ProjectionType::kKeysOnly;
  else if (type == "INCLUDE")
    p.type = ProjectionType::kInclude;
  else
    throw validation(param_error("Unknown ProjectionType: " + type));
  if (nk && p.type != ProjectionType::kInclude)
    throw validation(
        param_error("ProjectionType is " + type + ", but NonKeyAttributes is specified"));
  if (nk)
    for (const auto& a : *nk) {
      if (!a.is_string()) throw dynamo_error("SerializationException", "NonKeyAttributes");
      p.non_key_attributes.emplace_back(a.get_string());
    }
  (void)index_name;
  return p;
}

void check_missing(const std::vector<std::string>& missing, const TableDef& t);

IndexDef parse_index(const json::object& o, bool global, TableDef& t,
                     std::vector<std::string>& missing) {
  IndexDef i;
  i.name = table_name(o, "IndexName");
  i.global = global;
  const json::array* ks = opt_array(o, "KeySchema");
  if (!ks) throw constraint_error("KeySchema", "null", "Member must not be null");
  if (!global && !t.key.range)
    throw validation(param_error(
        "Table KeySchema does not have a range key, which is required when specifying a "
        "LocalSecondaryIndex"));
  // An index's attributes must be defined before its key schema's shape is looked at.
  for (const auto& e : *ks)
    if (const json::object* o2 = e.is_object() ? &e.get_object() : nullptr)
      if (auto n = opt_string(*o2, "AttributeName"); n && !t.attribute_types.count(*n))
        missing.push_back(*n);
  check_missing(missing, t);
  i.key = parse_key_schema(*ks, t.attribute_types, missing);
  if (!global) {
    if (!i.key.range)
      throw validation(
          param_error("Index KeySchema does not have a range key for index: " + i.name));
    if (i.key.hash.name != t.key.hash.name)
      throw validation(
          param_error("Index KeySchema does not have the same leading hash key as "
                      "table KeySchema for index: " +
                      i.name + ". index hash key: " + i.key.hash.name +
                      ", table hash key: " + t.key.hash.name));
  }
  i.projection = parse_projection_spec(o, i.name);
  if (global) {
    const json::object* tp = opt_object(o, "ProvisionedThroughput");
    if (t.billing_mode == "PROVISIONED" && !tp)
      throw validation(param_error("ProvisionedThroughput must be specified for index: " + i.name));
    if (t.billing_mode == "PAY_PER_REQUEST" && tp)
      throw validation(param_error("ProvisionedThroughput should not be specified for index: " +
                                   i.name + " when BillingMode is PAY_PER_REQUEST"));
    i.throughput = parse_throughput(tp);
  }
  return i;
}

void parse_stream_spec(const json::object* s, StreamSpec& spec) {
  if (!s) return;
  bool enabled = opt_bool(*s, "StreamEnabled");
  auto view = opt_string(*s, "StreamViewType");
  if (enabled) {
    if (!view)
      throw validation(
          param_error("You must specify a StreamViewType when enabling a DynamoDB Stream"));
    static const std::set<std::string> views = {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE",
                                                "NEW_AND_OLD_IMAGES"};
    if (!views.count(*view))
      throw constraint_error("StreamSpecification.streamViewType", "'" + *view + "'",
                             "Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, "
                             "NEW_AND_OLD_IMAGES, KEYS_ONLY]");
    spec.enabled = true;
    spec.view_type = *view;
  } else {
    if (view)
      throw validation(
          param_error("The StreamViewType may not be specified when StreamEnabled is false"));
    spec.enabled = false;
  }
}

void parse_billing(const json::object& in, TableDef& t, bool creating) {
  auto mode = opt_string(in, "BillingMode");
  if (mode && *mode != "PROVISIONED" && *mode != "PAY_PER_REQUEST")
    throw constraint_error("BillingMode", "'" + *mode + "'",
                           "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
  if (mode) t.billing_mode = *mode;
  const json::object* tp = opt_object(in, "ProvisionedThroughput");
  if (t.billing_mode == "PAY_PER_REQUEST") {
    if (tp)
      throw validation(param_error(
          "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode "
          "is PAY_PER_REQUEST"));
    t.throughput = {};
  } else if (tp) {
    t.throughput = parse_throughput(tp);
  } else if (creating) {
    throw validation(param_error(
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
        "PROVISIONED"));
  }
}

std::vector<std::pair<std::string, std::string>> parse_tags(const json::array* a) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!a) return out;
  for (const auto& t : *a) {
    if (!t.is_object()) throw dynamo_error("SerializationException", "Tag");
    out.emplace_back(required_string(t.get_object(), "Key"),
                     required_string(t.get_object(), "Value"));
  }
  return out;
}

void check_missing(const std::vector<std::string>& missing, const TableDef& t) {
  if (missing.empty()) return;
  std::string keys, defs;
  for (const auto& m : missing) keys += (keys.empty() ? "" : ", ") + m;
  for (const auto& [n, ty] : t.attribute_types) defs += (defs.empty() ? "" : ", ") + n;
  throw validation(
      param_error("Some index key attributes are not defined in "
                  "AttributeDefinitions. Keys: [" +
                  keys + "], AttributeDefinitions: [" + defs + "]"));
}

// Every attribute definition must be a key of the table or of an index.
void check_definitions_used(const TableDef& t) {
  std::set<std::string> used = {t.key.hash.name};
  if (t.key.range) used.insert(t.key.range->name);
  for (const auto& i : t.indexes) {
    used.insert(i.key.hash.name);
    if (i.key.range) used.insert(i.key.range->name);
  }
  if (used.size() != t.attribute_types.size())
    throw validation(param_error(
        "Number of attributes in KeySchema does not exactly match number of attributes defined "
        "in AttributeDefinitions"));
}

// The global index a GlobalSecondaryIndexUpdates entry names.
std::vector<IndexDef>::iterator existing_gsi(TableDef& def, const json::object& update) {
  std::string name = required_string(update, "IndexName");
  auto it = std::find_if(def.indexes.begin(), def.indexes.end(),
                         [&](const IndexDef& i) { return i.name == name && i.global; });
  if (it == def.indexes.end())
    throw dynamo_error("ResourceNotFoundException", "Requested resource not found: Index: " + name);
  return it;
}

// TableName of a control-plane operation: presence and length first, then the pattern.
std::string checked_control_name(const json::object& in) {
  control_table_name(in);
  return table_name(in);
}

// Control-plane operations name the missing table in their message; data operations do not.
TablePtr existing_table(const DynamoContext& ctx, const std::string& name) {
  if (TablePtr t = ctx.store.find(name)) return t;
  throw dynamo_error("ResourceNotFoundException",
                     "Requested resource not found: Table: " + name + " not found");
}

std::string table_from_arn(const DynamoContext& ctx, const std::string& arn) {
  size_t slash = arn.find(":table/");
  if (!arn.starts_with("arn:") || slash == std::string::npos)
    throw validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
  std::string name = arn.substr(slash + 7);
  if (name.find('/') != std::string::npos) name = name.substr(0, name.find('/'));
  if (!ctx.store.find(name))
    throw dynamo_error("ResourceNotFoundException",
                       "Requested resource not found: ResourcArn: " + arn + " not found");
  return name;
}

}  // namespace

json::object create_table(DynamoContext& ctx) {
  TableDef t;
  t.name = control_table_name(ctx.in);
  {
    Constraints cs;
    cs.table_name(ctx.in);
    cs.required(ctx.in, "AttributeDefinitions");
    cs.required(ctx.in, "KeySchema");
    cs.check();
  }
  t.attribute_types = parse_attribute_definitions(ctx.in);
  const json::array* ks = opt_array(ctx.in, "KeySchema");
  if (!ks) throw constraint_error("KeySchema", "null", "Member must not be null");
  parse_billing(ctx.in, t, true);
  std::vector<std::string> missing;
  t.key = parse_key_schema(*ks, t.attribute_types, missing);
  if (!missing.empty() && t.attribute_types.empty())
    throw validation("Invalid KeySchema: Some index key attribute have no definition");
  check_missing(missing, t);
  for (auto [field, global] :
       {std::pair{"GlobalSecondaryIndexes", true}, std::pair{"LocalSecondaryIndexes", false}}) {
    const json::array* a = opt_array(ctx.in, field);
    if (!a) continue;
    if (a->empty()) throw validation(param_error(std::string("List of ") + field + " is empty"));
    if (!global && a->size() > 5)
      throw validation(param_error("Number of LocalSecondaryIndexes exceeds per-table limit of 5"));
    if (global && a->size() > 20)
      throw validation(param_error("GlobalSecondaryIndex count exceeds the per-table limit of 20"));
    for (const auto& e : *a) {
      if (!e.is_object()) throw dynamo_error("SerializationException", field);
      IndexDef i = parse_index(e.get_object(), global, t, missing);
      check_missing(missing, t);
      if (t.index(i.name)) throw validation(param_error("Duplicate index name: " + i.name));
      t.indexes.push_back(std::move(i));
    }
  }
  check_definitions_used(t);
  parse_stream_spec(opt_object(ctx.in, "StreamSpecification"), t.stream);
  t.tags = parse_tags(opt_array(ctx.in, "Tags"));
  t.deletion_protection = opt_bool(ctx.in, "DeletionProtectionEnabled");
  TablePtr created = ctx.store.create_table(std::move(t));
  return {{"TableDescription", table_description(ctx, *created)}};
}

json::object describe_table(DynamoContext& ctx) {
  TablePtr t = existing_table(ctx, checked_control_name(ctx.in));
  return {{"Table", table_description(ctx, *t)}};
}

json::object list_tables(DynamoContext& ctx) {
  Constraints cs;
  auto limit = opt_int(ctx.in, "Limit").value_or(100);
  if (limit < 1 || limit > 100)
    cs.add("Limit", "'" + std::to_string(limit) + "'",
           limit < 1 ? "Member must have value greater than or equal to 1"
                     : "Member must have value less than or equal to 100");
  if (member(ctx.in, "ExclusiveStartTableName")) cs.table_name(ctx.in, "ExclusiveStartTableName");
  cs.check();
  auto start = opt_string(ctx.in, "ExclusiveStartTableName");
  json::array names;
  std::vector<std::string> all = ctx.store.list_tables();
  json::object out;
  for (const auto& n : all) {
    if (start && n <= *start) continue;
    if (static_cast<int64_t>(names.size()) == limit) {
      out["LastEvaluatedTableName"] = names.back();
      break;
    }
    names.emplace_back(n);
  }
  out["TableNames"] = std::move(names);
  return out;
}

json::object delete_table(DynamoContext& ctx) {
  TablePtr t = existing_table(ctx, checked_control_name(ctx.in));
  json::object d = table_description(ctx, *t, "DELETING");
  ctx.store.delete_table(t->name);
  return {{"TableDescription", std::move(d)}};
}

// What UpdateTable checks before it looks at the table.
void check_update_request(const json::object& in) {
  if (const json::object* tp = opt_object(in, "ProvisionedThroughput")) parse_throughput(tp);
  const json::array* gsi = opt_array(in, "GlobalSecondaryIndexUpdates");
  bool something = (gsi && !gsi->empty());
  for (const char* f :
       {"ProvisionedThroughput", "BillingMode", "StreamSpecification", "SSESpecification",
        "ReplicaUpdates", "AttributeDefinitions", "DeletionProtectionEnabled", "TableClass"})
    something = something || member(in, f);
  if (!something)
    throw validation(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
        "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
  if (!gsi) return;
  std::set<std::string> names;
  for (const auto& u : *gsi) {
    const json::object* uo = u.is_object() ? &u.get_object() : nullptr;
    const json::object* one = nullptr;
    for (const char* k : {"Update", "Create", "Delete"})
      if (uo && !one) one = opt_object(*uo, k);
    if (!one)
      throw validation(param_error(
          "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
          "GlobalSecondaryIndexUpdate.Delete must not be null"));
    std::string index = opt_string(*one, "IndexName").value_or("");
    if (!names.insert(index).second)
      throw validation(param_error(
          "Only one global secondary index update per index is allowed simultaneously. Index: " +
          index));
  }
}

json::object update_table(DynamoContext& ctx) {
  std::string name = checked_control_name(ctx.in);
  check_update_request(ctx.in);
  existing_table(ctx, name);
  bool stream_already_enabled = false;
  TablePtr t = ctx.store.update_table(name, [&](TableDef& def) {
    if (member(ctx.in, "AttributeDefinitions"))
      for (const auto& [n, ty] : parse_attribute_definitions(ctx.in)) {
        auto it = def.attribute_types.find(n);
        if (it != def.attribute_types.end() && it->second != ty)
          throw validation(param_error("Cannot change the type of existing attribute " + n));
        def.attribute_types[n] = ty;
      }
    if (member(ctx.in, "BillingMode") || member(ctx.in, "ProvisionedThroughput")) {
      if (opt_string(ctx.in, "BillingMode").value_or("") == "PROVISIONED" &&
          def.billing_mode != "PROVISIONED" && !member(ctx.in, "ProvisionedThroughput"))
        throw validation(
            param_error("ProvisionedThroughput must be specified when BillingMode is PROVISIONED"));
      parse_billing(ctx.in, def, false);
    }
    if (const json::array* updates = opt_array(ctx.in, "GlobalSecondaryIndexUpdates")) {
      for (const auto& u : *updates) {
        if (!u.is_object()) throw dynamo_error("SerializationException", "GSI update");
        const auto& uo = u.get_object();
        if (const json::object* c = opt_object(uo, "Create")) {
          std::vector<std::string> missing;
          IndexDef i = parse_index(*c, true, def, missing);
          check_missing(missing, def);
          if (def.index(i.name))
            throw validation(param_error("Attempting to create an index which already exists"));
          def.indexes.push_back(std::move(i));
        } else if (const json::object* d = opt_object(uo, "Delete")) {
          def.indexes.erase(existing_gsi(def, *d));
        } else if (const json::object* up = opt_object(uo, "Update")) {
          existing_gsi(def, *up)->throughput =
              parse_throughput(opt_object(*up, "ProvisionedThroughput"));
        }
      }
      // Definitions that no key uses any more go with the index that used them.
      std::set<std::string> used = {def.key.hash.name};
      if (def.key.range) used.insert(def.key.range->name);
      for (const auto& i : def.indexes) {
        used.insert(i.key.hash.name);
        if (i.key.range) used.insert(i.key.range->name);
      }
      std::erase_if(def.attribute_types, [&](const auto& e) { return !used.count(e.first); });
    }
    if (const json::object* s = opt_object(ctx.in, "StreamSpecification")) {
      StreamSpec spec = def.stream;
      parse_stream_spec(s, spec);
      if (spec.enabled && def.stream.enabled) stream_already_enabled = true;
      if (!spec.enabled && !def.stream.enabled)
        throw validation("Table already has no enabled stream: " + def.name);
      if (!stream_already_enabled) {
        def.stream.enabled = spec.enabled;
        def.stream.view_type = spec.view_type;
        if (spec.enabled) def.stream.label.clear();  // a new stream gets a new label
      }
    }
    if (stream_already_enabled)
      throw validation("Table already has an enabled stream: TableName: " + def.name);
    if (member(ctx.in, "DeletionProtectionEnabled"))
      def.deletion_protection = opt_bool(ctx.in, "DeletionProtectionEnabled");
  });
  return {{"TableDescription", table_description(ctx, *t)}};
}

json::object update_time_to_live(DynamoContext& ctx) {
  std::string name = table_name(ctx.in);
  const json::object* spec = opt_object(ctx.in, "TimeToLiveSpecification");
  if (!spec) throw constraint_error("TimeToLiveSpecification", "null", "Member must not be null");
  bool enabled = opt_bool(*spec, "Enabled");
  std::string attr = required_string(*spec, "AttributeName");
  ctx.store.update_table(name, [&](TableDef& def) {
    if (enabled && def.ttl_attribute) throw validation("TimeToLive is already enabled");
    if (!enabled && !def.ttl_attribute) throw validation("TimeToLive is already disabled");
    if (!enabled && *def.ttl_attribute != attr)
      throw validation(
          "TimeToLive is active on a different AttributeName: current "
          "AttributeName is " +
          *def.ttl_attribute);
    if (enabled)
      def.ttl_attribute = attr;
    else
      def.ttl_attribute.reset();
  });
  return {{"TimeToLiveSpecification", json::object{{"Enabled", enabled}, {"AttributeName", attr}}}};
}

json::object describe_time_to_live(DynamoContext& ctx) {
  TablePtr t = existing_table(ctx, checked_control_name(ctx.in));
  json::object d{{"TimeToLiveStatus", t->ttl_attribute ? "ENABLED" : "DISABLED"}};
  if (t->ttl_attribute) d["AttributeName"] = *t->ttl_attribute;
  return {{"TimeToLiveDescription", std::move(d)}};
}

json::object tag_resource(DynamoContext& ctx) {
  std::string name = table_from_arn(ctx, required_string(ctx.in, "ResourceArn"));
  auto tags = parse_tags(opt_array(ctx.in, "Tags"));
  ctx.store.update_table(name, [&](TableDef& def) {
    for (auto& [k, v] : tags) {
      auto it = std::find_if(def.tags.begin(), def.tags.end(),
                             [&key = k](const auto& e) { return e.first == key; });
      if (it != def.tags.end())
        it->second = v;
      else
        def.tags.emplace_back(k, v);
    }
    if (def.tags.size() > 50) throw validation("Too many tags attached to the resource");
  });
  return {};
}

json::object untag_resource(DynamoContext& ctx) {
  std::string name = table_from_arn(ctx, required_string(ctx.in, "ResourceArn"));
  std::set<std::string> keys;
  if (const json::array* a = opt_array(ctx.in, "TagKeys"))
    for (const auto& k : *a)
      if (k.is_string()) keys.insert(std::string(k.get_string()));
  ctx.store.update_table(name, [&](TableDef& def) {
    std::erase_if(def.tags, [&](const auto& e) { return keys.count(e.first) > 0; });
  });
  return {};
}

json::object list_tags_of_resource(DynamoContext& ctx) {
  std::string name = table_from_arn(ctx, required_string(ctx.in, "ResourceArn"));
  json::array tags;
  for (const auto& [k, v] : existing_table(ctx, name)->tags)
    tags.push_back(json::object{{"Key", k}, {"Value", v}});
  return {{"Tags", std::move(tags)}};
}

json::object describe_limits(DynamoContext&) {
  return {{"AccountMaxReadCapacityUnits", 80000},
          {"AccountMaxWriteCapacityUnits", 80000},
          {"TableMaxReadCapacityUnits", 40000},
          {"TableMaxWriteCapacityUnits", 40000}};
}

json::object describe_endpoints(DynamoContext& ctx) {
  json::array endpoints;
  endpoints.push_back(
      json::object{{"Address", ctx.config.host + ":" + std::to_string(ctx.config.port)},
                   {"CachePeriodInMinutes", 1440}});
  return {{"Endpoints", std::move(endpoints)}};
}

json::object describe_continuous_backups(DynamoContext& ctx) {
  existing_table(ctx, checked_control_name(ctx.in));
  return {{"ContinuousBackupsDescription",
           json::object{{"ContinuousBackupsStatus", "ENABLED"},
                        {"PointInTimeRecoveryDescription",
                         json::object{{"PointInTimeRecoveryStatus", "DISABLED"}}}}}};
}

}  // namespace wharf::dynamo
