#include "s3/api/request_util.h"

#include <algorithm>
#include <cstring>

#include "core/clock.h"
#include "core/encoding.h"
#include "core/url.h"
#include "s3/errors.h"
#include "storage/blob_store.h"

namespace wharf::s3 {

namespace {
constexpr size_t kMaxUserMetadata = 2048;
const char* const kStoredHeaders[] = {"content-type",  "content-encoding", "content-disposition",
                                      "cache-control", "content-language", "expires"};
}  // namespace

BucketInfo require_owned_bucket(S3Context& ctx, const std::string& bucket) {
  auto b = ctx.store.find_bucket(bucket);
  if (!b) throw no_such_bucket(bucket);
  if (ctx.auth.identity.anonymous() || b->owner != ctx.user()) throw s3_error("AccessDenied");
  return *b;
}

void validate_key(const std::string& key) {
  if (key.size() > kMaxKeyBytes)
    throw s3_error("KeyTooLongError")
        .with("Size", std::to_string(key.size()))
        .with("MaxSizeAllowed", "1024");
}

std::map<std::string, std::string> parse_tag_query(const std::string& encoded) {
  auto pairs = core::parse_query(encoded);
  if (!pairs)
    throw s3_error("InvalidArgument",
                   "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query "
                   "parameters without tag name duplicates.");
  std::map<std::string, std::string> tags;
  for (auto& [k, v] : *pairs) {
    // Query-style tagging uses '+' for spaces.
    std::replace(k.begin(), k.end(), '+', ' ');
    std::replace(v.begin(), v.end(), '+', ' ');
    if (!tags.emplace(k, v).second)
      throw s3_error("InvalidTag", "Cannot provide multiple Tags with the same key");
  }
  if (tags.size() > 10) throw s3_error("BadRequest", "Object tags cannot be greater than 10");
  return tags;
}

WriteOptions write_options_from_headers(S3Context& ctx) {
  WriteOptions o;
  o.owner = ctx.user();
  size_t meta_bytes = 0;
  for (const auto& [name, value] : ctx.req.headers) {
    if (name.rfind("x-amz-meta-", 0) == 0) {
      std::string k = name.substr(11);
      meta_bytes += k.size() + value.size();
      o.user_meta[k] = value;
    }
  }
  if (meta_bytes > kMaxUserMetadata)
    throw s3_error("MetadataTooLarge")
        .with("Size", std::to_string(meta_bytes))
        .with("MaxSizeAllowed", "2048");
  for (const char* h : kStoredHeaders) {
    std::string_view v = ctx.req.header(h);
    if (v.empty()) continue;
    std::string value(v);
    if (std::strcmp(h, "content-encoding") == 0) {
      // aws-chunked is the transfer framing of this request, not the object's encoding.
      std::string kept;
      size_t start = 0;
      while (start <= value.size()) {
        size_t comma = value.find(',', start);
        std::string part(core::trim(std::string_view(value).substr(start, comma - start)));
        if (!part.empty() && part != "aws-chunked") kept += (kept.empty() ? "" : ",") + part;
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      if (kept.empty()) continue;
      value = kept;
    }
    o.headers[h] = value;
  }
  if (std::string_view t = ctx.req.header("x-amz-tagging"); !t.empty())
    o.tags = parse_tag_query(std::string(t));
  return o;
}

PayloadChecks payload_checks(S3Context& ctx) {
  PayloadChecks c;
  if (std::string_view md5 = ctx.req.header("content-md5"); !md5.empty()) {
    auto raw = core::base64_decode(md5);
    if (!raw || raw->size() != 16) throw s3_error("InvalidDigest");
    c.content_md5 = *raw;
  }
  // A checksum value in a header, or announced as a trailer of an aws-chunked body.
  for (auto alg : all_checksum_algorithms()) {
    std::string header = checksum_header(alg);
    if (std::string_view v = ctx.req.header(header); !v.empty()) {
      c.algorithm = alg;
      std::string expected(v);
      auto raw = core::base64_decode(expected);
      if (!raw || raw->size() != checksum_size(alg))
        throw s3_error("InvalidRequest", "Value for " + header + " header is invalid.");
      c.expected_checksum = [expected] { return std::optional<std::string>(expected); };
      return c;
    }
  }
  std::string_view trailer = ctx.req.header("x-amz-trailer");
  if (!trailer.empty()) {
    std::string name = core::to_lower(core::trim(trailer));
    for (auto alg : all_checksum_algorithms()) {
      if (checksum_header(alg) != name) continue;
      c.algorithm = alg;
      const auto* trailers = ctx.auth.trailers;
      c.expected_checksum = [trailers, name]() -> std::optional<std::string> {
        if (!trailers) return std::nullopt;
        auto it = trailers->find(name);
        if (it == trailers->end()) return std::nullopt;
        return it->second;
      };
      return c;
    }
    throw s3_error("InvalidRequest",
                   "The value specified in the x-amz-trailer header is not supported");
  }
  std::string_view sdk = ctx.req.header("x-amz-sdk-checksum-algorithm");
  if (sdk.empty()) sdk = ctx.req.header("x-amz-checksum-algorithm");
  if (!sdk.empty()) {
    auto alg = parse_checksum_algorithm(sdk);
    if (!alg)
      throw s3_error("InvalidRequest", "Value for x-amz-checksum-algorithm header is invalid.");
    c.algorithm = alg;
  }
  return c;
}

std::string quoted(const std::string& etag) { return "\"" + etag + "\""; }

std::string unquoted(std::string_view etag) {
  etag = core::trim(etag);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"')
    etag = etag.substr(1, etag.size() - 2);
  return std::string(etag);
}

void add_checksum_headers(net::Response& res, const Checksum& c) {
  auto alg = parse_checksum_algorithm(c.algorithm);
  if (!alg) return;
  res.set(checksum_header(*alg), c.value);
  res.set("x-amz-checksum-type", c.type.empty() ? "FULL_OBJECT" : c.type);
}

void add_object_headers(net::Response& res, const ObjectMeta& meta) {
  res.set("ETag", quoted(meta.etag));
  res.set("Last-Modified", core::http_date(meta.mtime_ms));
  res.set("Accept-Ranges", "bytes");
  if (!meta.headers.count("content-type")) res.set("Content-Type", "binary/octet-stream");
  for (const auto& [n, v] : meta.headers) res.set(n, v);
  for (const auto& [n, v] : meta.user_meta) res.set("x-amz-meta-" + n, v);
  if (!meta.tags.empty()) res.set("x-amz-tagging-count", std::to_string(meta.tags.size()));
}

static bool etag_matches(std::string_view list, const std::string& etag) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string one =
        unquoted(list.substr(start, comma == std::string_view::npos ? list.npos : comma - start));
    if (one == "*" || one == etag) return true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

int evaluate_conditions(const net::Request& req, const ObjectMeta& meta,
                        const std::string& prefix) {
  int64_t mtime = meta.mtime_ms / 1000;
  std::string_view if_match = req.header(prefix + "if-match");
  std::string_view if_none = req.header(prefix + "if-none-match");
  std::string_view if_unmod = req.header(prefix + "if-unmodified-since");
  std::string_view if_mod = req.header(prefix + "if-modified-since");
  if (!if_match.empty()) {
    if (!etag_matches(if_match, meta.etag)) return 412;
  } else if (!if_unmod.empty()) {
    auto t = core::parse_http_date(if_unmod);
    if (t && mtime > *t) return 412;
  }
  int not_modified = prefix.empty() ? 304 : 412;  // copy-source conditions fail with 412
  if (!if_none.empty()) {
    if (etag_matches(if_none, meta.etag)) return not_modified;
  } else if (!if_mod.empty()) {
    auto t = core::parse_http_date(if_mod);
    if (t && mtime <= *t) return not_modified;
  }
  return 0;
}

std::optional<RangeSpec> parse_range_spec(std::string_view h) {
  h = core::trim(h);
  if (h.substr(0, 6) != "bytes=" || h.find(',') != std::string_view::npos) return std::nullopt;
  std::string_view spec = h.substr(6);
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto number = [](std::string_view s) -> std::optional<uint64_t> {
    if (s.empty() || s.size() > 19) return std::nullopt;
    uint64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    return v;
  };
  std::string_view a = spec.substr(0, dash), b = spec.substr(dash + 1);
  RangeSpec r{number(a), number(b)};
  if ((!a.empty() && !r.first) || (!b.empty() && !r.last) || (!r.first && !r.last))
    return std::nullopt;
  if (r.first && r.last && *r.last < *r.first) return std::nullopt;
  return r;
}

std::optional<ByteRange> parse_range(std::string_view h, uint64_t size) {
  auto spec = parse_range_spec(h);
  if (!spec) return std::nullopt;  // unusable Range headers are ignored: the whole object is served
  auto unsatisfiable = [&] {
    return s3_error("InvalidRange")
        .with("RangeRequested", std::string(core::trim(h)))
        .with("ActualObjectSize", std::to_string(size));
  };
  if (!spec->first) {  // suffix: the last N bytes
    if (*spec->last == 0 || size == 0) throw unsatisfiable();
    return ByteRange{size - std::min(*spec->last, size), size - 1};
  }
  if (*spec->first >= size) throw unsatisfiable();
  return ByteRange{*spec->first, std::min(spec->last.value_or(UINT64_MAX), size - 1)};
}

std::string read_small_body(S3Context& ctx, size_t max) { return core::read_all(ctx.body(), max); }

int parse_int_param(S3Context& ctx, const char* name, int fallback, int min, int max,
                    const char* message) {
  const std::string* v = ctx.param(name);
  if (!v) return fallback;
  char* end = nullptr;
  long long n = std::strtoll(v->c_str(), &end, 10);
  if (v->empty() || *end != '\0' || n < min)
    throw s3_error("InvalidArgument", message).with("ArgumentName", name).with("ArgumentValue", *v);
  return static_cast<int>(std::min<long long>(n, max));
}

namespace {

// Walks [first, first+length) across an object's inline bytes or blob segments.
class ObjectRangeStream : public net::BodySource {
 public:
  ObjectRangeStream(ObjectData data, uint64_t first, uint64_t length)
      : data_(std::move(data)), pos_(first), left_(length) {}

  std::optional<net::FileSlice> next_file_slice() override {
    if (data_.buffered() || left_ == 0) return std::nullopt;
    auto [seg, off] = locate();
    uint64_t n = std::min(left_, data_.segments[seg].size - off);
    net::FileSlice s{data_.segments[seg].fd, off, n};
    pos_ += n;
    left_ -= n;
    return s;
  }

  size_t read(char* buf, size_t n) override {
    if (left_ == 0) return 0;
    size_t take = static_cast<size_t>(std::min<uint64_t>(n, left_));
    if (data_.buffered()) {
      std::memcpy(buf, data_.inline_bytes.data() + pos_, take);
    } else {
      auto [seg, off] = locate();
      take = static_cast<size_t>(std::min<uint64_t>(take, data_.segments[seg].size - off));
      storage::read_exact(data_.segments[seg].fd, off, buf, take);
    }
    pos_ += take;
    left_ -= take;
    return take;
  }

 private:
  std::pair<size_t, uint64_t> locate() const {
    uint64_t off = pos_;
    for (size_t i = 0; i < data_.segments.size(); ++i) {
      if (off < data_.segments[i].size) return {i, off};
      off -= data_.segments[i].size;
    }
    core::throw_internal("range beyond object payload");
  }
  ObjectData data_;
  uint64_t pos_, left_;
};

}  // namespace

std::unique_ptr<net::BodySource> object_stream(ObjectData data, uint64_t first, uint64_t length) {
  return std::make_unique<ObjectRangeStream>(std::move(data), first, length);
}

std::unique_ptr<core::ByteSource> object_reader(ObjectData data, uint64_t first, uint64_t length) {
  return std::make_unique<ObjectRangeStream>(std::move(data), first, length);
}

std::pair<std::string, std::string> parse_copy_source(std::string_view header) {
  std::string_view src = header;
  if (size_t q = src.find("?versionId="); q != std::string_view::npos) src = src.substr(0, q);
  auto decoded = core::percent_decode(src);
  if (!decoded) throw s3_error("InvalidArgument", "Invalid copy source encoding");
  std::string s = *decoded;
  if (!s.empty() && s[0] == '/') s.erase(0, 1);
  size_t slash = s.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == s.size())
    throw s3_error("InvalidArgument",
                   "Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
  return {s.substr(0, slash), s.substr(slash + 1)};
}

}  // namespace wharf::s3
