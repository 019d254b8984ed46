#include "dynamo/table_schema.h"

#include <boost/json.hpp>

#include "core/error.h"

namespace wharf::dynamo {

namespace json = boost::json;

const IndexDef* TableDef::index(std::string_view n) const {
  for (const auto& i : indexes)
    if (i.name == n) return &i;
  return nullptr;
}

bool TableDef::is_table_key(std::string_view attr) const {
  return key.hash.name == attr || (key.range && key.range->name == attr);
}

core::Map key_of(const KeySchema& k, const core::Map& item) {
  core::Map out;
  if (auto it = item.find(k.hash.name); it != item.end()) out.insert(*it);
  if (k.range)
    if (auto it = item.find(k.range->name); it != item.end()) out.insert(*it);
  return out;
}

namespace {

json::object key_to_json(const KeySchema& k) {
  json::object o{{"hash", k.hash.name}, {"hash_type", std::string(1, k.hash.type)}};
  if (k.range) {
    o["range"] = k.range->name;
    o["range_type"] = std::string(1, k.range->type);
  }
  return o;
}

std::string str(const json::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

int64_t num(const json::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  return v && v->is_int64() ? v->get_int64() : 0;
}

KeySchema key_from_json(const json::object& o) {
  KeySchema k;
  k.hash = {str(o, "hash"), str(o, "hash_type")[0]};
  if (o.contains("range")) k.range = KeyAttribute{str(o, "range"), str(o, "range_type")[0]};
  return k;
}

json::object throughput_json(const Throughput& t) { return {{"r", t.read}, {"w", t.write}}; }
Throughput throughput_from(const json::value& v) {
  const auto& o = v.as_object();
  return {num(o, "r"), num(o, "w")};
}

}  // namespace

std::string encode_table(const TableDef& t) {
  json::object o;
  o["name"] = t.name;
  o["id"] = t.id;
  o["key"] = key_to_json(t.key);
  json::object attrs;
  for (const auto& [n, ty] : t.attribute_types) attrs[n] = std::string(1, ty);
  o["attrs"] = std::move(attrs);
  json::array idx;
  for (const auto& i : t.indexes) {
    json::array nk;
    for (const auto& a : i.projection.non_key_attributes) nk.emplace_back(a);
    idx.push_back(json::object{{"name", i.name},
                               {"id", i.id},
                               {"global", i.global},
                               {"key", key_to_json(i.key)},
                               {"projection", static_cast<int>(i.projection.type)},
                               {"non_key", std::move(nk)},
                               {"tp", throughput_json(i.throughput)}});
  }
  o["indexes"] = std::move(idx);
  o["billing"] = t.billing_mode;
  o["tp"] = throughput_json(t.throughput);
  o["stream"] = json::object{{"enabled", t.stream.enabled},
                             {"view", t.stream.view_type},
                             {"label", t.stream.label},
                             {"start", t.stream.start_sequence},
                             {"end", t.stream.end_sequence}};
  if (t.ttl_attribute) o["ttl"] = *t.ttl_attribute;
  json::array tags;
  for (const auto& [k, v] : t.tags) tags.push_back(json::array{json::string(k), json::string(v)});
  o["tags"] = std::move(tags);
  o["created"] = t.created_millis;
  o["next_index_id"] = t.next_index_id;
  o["deletion_protection"] = t.deletion_protection;
  return json::serialize(o);
}

TableDef decode_table(std::string_view bytes) {
  try {
    json::object o = json::parse(bytes).as_object();
    TableDef t;
    t.name = str(o, "name");
    t.id = o.at("id").to_number<uint64_t>();
    t.key = key_from_json(o.at("key").as_object());
    for (const auto& [n, ty] : o.at("attrs").as_object())
      t.attribute_types[std::string(n)] = ty.as_string()[0];
    for (const auto& iv : o.at("indexes").as_array()) {
      const auto& io = iv.as_object();
      IndexDef i;
      i.name = str(io, "name");
      i.id = io.at("id").to_number<uint32_t>();
      i.global = io.at("global").as_bool();
      i.key = key_from_json(io.at("key").as_object());
      i.projection.type = static_cast<ProjectionType>(num(io, "projection"));
      for (const auto& a : io.at("non_key").as_array())
        i.projection.non_key_attributes.emplace_back(a.as_string());
      i.throughput = throughput_from(io.at("tp"));
      t.indexes.push_back(std::move(i));
    }
    t.billing_mode = str(o, "billing");
    t.throughput = throughput_from(o.at("tp"));
    const auto& s = o.at("stream").as_object();
    t.stream.enabled = s.at("enabled").as_bool();
    t.stream.view_type = str(s, "view");
    t.stream.label = str(s, "label");
    t.stream.start_sequence = s.at("start").to_number<uint64_t>();
    if (s.contains("end")) t.stream.end_sequence = s.at("end").to_number<uint64_t>();
    if (o.contains("ttl")) t.ttl_attribute = str(o, "ttl");
    for (const auto& tv : o.at("tags").as_array())
      t.tags.emplace_back(tv.as_array()[0].as_string(), tv.as_array()[1].as_string());
    t.created_millis = num(o, "created");
    t.next_index_id = o.at("next_index_id").to_number<uint32_t>();
    t.deletion_protection = o.at("deletion_protection").as_bool();
    return t;
  } catch (const std::exception& e) {
    core::throw_internal(std::string("corrupt table definition: ") + e.what());
  }
}

}  // namespace wharf::dynamo
