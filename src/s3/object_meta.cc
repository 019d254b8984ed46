#include "s3/object_meta.h"

#include <boost/json.hpp>

#include "core/encoding.h"
#include "core/error.h"

namespace wharf::s3 {

namespace json = boost::json;

namespace {

// The binary object record: this tag byte, then the fields in a fixed order, integers as
// LEB128 varints and strings as their length then their bytes. Records written before it are
// JSON objects, which start with '{', and are still read.
constexpr char kObjectRecordV1 = 1;

void put_map(std::string& out, const std::map<std::string, std::string>& m) {
  core::append_varint(out, m.size());
  for (const auto& [k, v] : m) {
    core::append_prefixed(out, k);
    core::append_prefixed(out, v);
  }
}

// Reads a binary record front to back; a record cut short or overlong is corrupt.
class RecordReader {
 public:
  explicit RecordReader(std::string_view s) : s_(s) {}
  uint64_t varint() {
    uint64_t v;
    if (!core::read_varint(s_, v)) corrupt();
    return v;
  }
  std::string string() {
    uint64_t n = varint();
    if (n > s_.size()) corrupt();
    std::string out(s_.substr(0, n));
    s_.remove_prefix(n);
    return out;
  }
  std::map<std::string, std::string> map() {
    std::map<std::string, std::string> out;
    for (uint64_t n = varint(); n > 0; --n) {
      std::string k = string();
      out.emplace(std::move(k), string());
    }
    return out;
  }
  void finish() const {
    if (!s_.empty()) corrupt();
  }

 private:
  [[noreturn]] static void corrupt() { core::throw_internal("corrupt object record"); }
  std::string_view s_;
};

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

// Binary, not JSON: every PUT encodes one and every GET, HEAD and listed key decodes one, and
// Boost.JSON's tree cost 3-4% of a small PUT's server time.
std::string encode(const ObjectMeta& m) {
  std::string out;
  out.reserve(96 + m.etag.size() + m.owner.size());
  out += kObjectRecordV1;
  core::append_varint(out, m.size);
  core::append_prefixed(out, m.etag);
  core::append_varint(out, static_cast<uint64_t>(m.mtime_ms));
  core::append_prefixed(out, m.owner);
  put_map(out, m.headers);
  put_map(out, m.user_meta);
  put_map(out, m.tags);
  core::append_prefixed(out, m.checksum.algorithm);
  core::append_prefixed(out, m.checksum.value);
  core::append_prefixed(out, m.checksum.type);
  out += static_cast<char>((m.inline_data ? 1 : 0) | (m.packed ? 2 : 0));
  if (m.packed) {
    core::append_varint(out, m.packed->pack);
    core::append_varint(out, m.packed->offset);
    core::append_varint(out, m.packed->size);
  }
  core::append_varint(out, m.blobs.size());
  for (const auto& b : m.blobs) {
    core::append_prefixed(out, b.blob);
    core::append_varint(out, b.size);
  }
  return out;
}

namespace {

ObjectMeta decode_object_json(std::string_view s) {
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

}  // namespace

ObjectMeta decode_object(std::string_view s) {
  if (!s.empty() && s.front() == '{') return decode_object_json(s);
  if (s.empty() || s.front() != kObjectRecordV1) core::throw_internal("unknown object record");
  RecordReader r(s.substr(1));
  ObjectMeta m;
  m.size = r.varint();
  m.etag = r.string();
  m.mtime_ms = static_cast<int64_t>(r.varint());
  m.owner = r.string();
  m.headers = r.map();
  m.user_meta = r.map();
  m.tags = r.map();
  m.checksum.algorithm = r.string();
  m.checksum.value = r.string();
  m.checksum.type = r.string();
  uint64_t flags = r.varint();
  m.inline_data = flags & 1;
  if (flags & 2) {
    uint64_t pack = r.varint(), offset = r.varint(), size = r.varint();
    m.packed = storage::PackRef{pack, offset, static_cast<uint32_t>(size)};
  }
  for (uint64_t n = r.varint(); n > 0; --n) {
    std::string blob = r.string();
    m.blobs.push_back({std::move(blob), r.varint()});
  }
  r.finish();
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
