#include "s3/object_meta.h"

#include <boost/json.hpp>

namespace wharf::s3 {

namespace json = boost::json;

namespace {

json::object str_map(const std::map<std::string, std::string>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

std::map<std::string, std::string> read_map(const json::object& o, std::string_view name) {
  std::map<std::string, std::string> out;
  if (auto* v = o.if_contains(name))
    for (const auto& [k, x] : v->as_object()) out.emplace(k, std::string(x.as_string()));
  return out;
}

std::string str(const json::object& o, std::string_view name) {
  auto* v = o.if_contains(name);
  return v ? std::string(v->as_string()) : std::string();
}

int64_t num(const json::object& o, std::string_view name) {
  auto* v = o.if_contains(name);
  return v ? v->to_number<int64_t>() : 0;
}

json::object checksum_json(const Checksum& c) {
  return {{"a", c.algorithm}, {"v", c.value}, {"t", c.type}};
}
Checksum read_checksum(const json::object& o) {
  auto* v = o.if_contains("ck");
  if (!v) return {};
  const auto& c = v->as_object();
  return {str(c, "a"), str(c, "v"), str(c, "t")};
}

}  // namespace

std::string encode(const BucketInfo& b) {
  return json::serialize(
      json::object{{"owner", b.owner}, {"region", b.region}, {"created", b.created_ms}});
}

BucketInfo decode_bucket(std::string_view s) {
  auto o = json::parse(s).as_object();
  return {"", str(o, "owner"), str(o, "region"), num(o, "created")};
}

std::string encode(const ObjectMeta& m) {
  json::object o{{"size", m.size}, {"etag", m.etag}, {"mtime", m.mtime_ms}, {"owner", m.owner}};
  if (!m.headers.empty()) o["h"] = str_map(m.headers);
  if (!m.user_meta.empty()) o["m"] = str_map(m.user_meta);
  if (!m.tags.empty()) o["tags"] = str_map(m.tags);
  if (!m.checksum.algorithm.empty()) o["ck"] = checksum_json(m.checksum);
  if (m.inline_data) o["inline"] = true;
  if (m.packed) o["pack"] = json::array{m.packed->pack, m.packed->offset, m.packed->size};
  if (!m.blobs.empty()) {
    json::array a;
    for (const auto& b : m.blobs)
      a.push_back(json::array{json::value(b.blob), json::value(b.size)});
    o["blobs"] = std::move(a);
  }
  return json::serialize(o);
}

ObjectMeta decode_object(std::string_view s) {
  auto o = json::parse(s).as_object();
  ObjectMeta m;
  m.size = static_cast<uint64_t>(num(o, "size"));
  m.etag = str(o, "etag");
  m.mtime_ms = num(o, "mtime");
  m.owner = str(o, "owner");
  m.headers = read_map(o, "h");
  m.user_meta = read_map(o, "m");
  m.tags = read_map(o, "tags");
  m.checksum = read_checksum(o);
  m.inline_data = o.contains("inline");
  if (auto* p = o.if_contains("pack")) {
    const auto& a = p->as_array();
    m.packed = storage::PackRef{a.at(0).to_number<uint64_t>(), a.at(1).to_number<uint64_t>(),
                                a.at(2).to_number<uint32_t>()};
  }
  if (auto* b = o.if_contains("blobs"))
    for (const auto& e : b->as_array())
      m.blobs.push_back(
          {std::string(e.as_array()[0].as_string()), e.as_array()[1].to_number<uint64_t>()});
  return m;
}

std::string encode(const UploadInfo& u) {
  return json::serialize(json::object{{"id", u.upload_id},
                                      {"bucket", u.bucket},
                                      {"key", u.key},
                                      {"owner", u.owner},
                                      {"initiated", u.initiated_ms},
                                      {"h", str_map(u.headers)},
                                      {"m", str_map(u.user_meta)},
                                      {"tags", str_map(u.tags)},
                                      {"cka", u.checksum_algorithm},
                                      {"ckt", u.checksum_type}});
}

UploadInfo decode_upload(std::string_view s) {
  auto o = json::parse(s).as_object();
  UploadInfo u;
  u.upload_id = str(o, "id");
  u.bucket = str(o, "bucket");
  u.key = str(o, "key");
  u.owner = str(o, "owner");
  u.initiated_ms = num(o, "initiated");
  u.headers = read_map(o, "h");
  u.user_meta = read_map(o, "m");
  u.tags = read_map(o, "tags");
  u.checksum_algorithm = str(o, "cka");
  u.checksum_type = str(o, "ckt");
  return u;
}

std::string encode(const PartInfo& p) {
  json::object o{
      {"n", p.number}, {"size", p.size}, {"etag", p.etag}, {"mtime", p.mtime_ms}, {"blob", p.blob}};
  if (!p.checksum.algorithm.empty()) o["ck"] = checksum_json(p.checksum);
  return json::serialize(o);
}

PartInfo decode_part(std::string_view s) {
  auto o = json::parse(s).as_object();
  PartInfo p;
  p.number = static_cast<int>(num(o, "n"));
  p.size = static_cast<uint64_t>(num(o, "size"));
  p.etag = str(o, "etag");
  p.mtime_ms = num(o, "mtime");
  p.blob = str(o, "blob");
  p.checksum = read_checksum(o);
  return p;
}

}  // namespace wharf::s3
