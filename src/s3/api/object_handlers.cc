// Object operations: PutObject, GetObject, HeadObject, DeleteObject, CopyObject and tagging.
#include "core/clock.h"
#include "core/encoding.h"
#include "s3/api/request_util.h"
#include "s3/api/s3_context.h"
#include "s3/api/xml_writer.h"
#include "s3/errors.h"

namespace wharf::s3 {

namespace {

WriteOptions conditional_write_options(S3Context& ctx) {
  WriteOptions o = write_options_from_headers(ctx);
  std::string_view inm = ctx.req.header("if-none-match");
  if (!inm.empty()) {
    if (core::trim(inm) != "*") throw not_implemented("If-None-Match with an ETag on writes");
    o.if_none_match_star = true;
  }
  if (std::string_view im = ctx.req.header("if-match"); !im.empty()) o.if_match_etag = unquoted(im);
  return o;
}

void apply_response_overrides(S3Context& ctx, net::Response& res) {
  static const std::pair<const char*, const char*> kOverrides[] = {
      {"response-content-type", "content-type"},
      {"response-content-language", "content-language"},
      {"response-expires", "expires"},
      {"response-cache-control", "cache-control"},
      {"response-content-disposition", "content-disposition"},
      {"response-content-encoding", "content-encoding"}};
  for (const auto& [param, header] : kOverrides) {
    const std::string* v = ctx.param(param);
    if (!v) continue;
    // Captured through an initializer: clang 14 (the sanitizer build) cannot capture a
    // structured binding itself.
    std::erase_if(res.headers,
                  [name = header](const auto& h) { return core::iequals(h.first, name); });
    res.set(header, *v);
  }
}

// GET and HEAD share everything but the body.
net::Response serve_object(S3Context& ctx, bool head) {
  require_owned_bucket(ctx);
  validate_key(ctx.key);
  ObjectData data = ctx.store.open_object(ctx.bucket, ctx.key);
  const ObjectMeta& meta = data.meta;
  if (int status = evaluate_conditions(ctx.req, meta)) {
    if (status == 304) {
      net::Response r;
      r.status = 304;
      r.set("ETag", quoted(meta.etag));
      r.set("Last-Modified", core::http_date(meta.mtime_ms));
      return r;
    }
    throw s3_error("PreconditionFailed");
  }
  net::Response res;
  add_object_headers(res, meta);
  uint64_t first = 0, length = meta.size;
  if (const std::string* pn = ctx.param("partNumber")) {
    int n = parse_int_param(ctx, "partNumber", 1, 1, kMaxPartNumber,
                            "Part number must be an integer between 1 and 10000, inclusive");
    size_t parts = std::max<size_t>(1, meta.blobs.size());
    if (static_cast<size_t>(n) > parts)
      throw s3_error("InvalidPartNumber", "The requested partnumber is not satisfiable")
          .with("PartNumberRequested", *pn);
    if (!meta.blobs.empty()) {
      for (int i = 0; i < n - 1; ++i) first += meta.blobs[static_cast<size_t>(i)].size;
      length = meta.blobs[static_cast<size_t>(n - 1)].size;
    }
    res.set("x-amz-mp-parts-count", std::to_string(parts));
    if (parts > 1 || n != 1 || length != meta.size) {
      res.status = 206;
      res.set("Content-Range", "bytes " + std::to_string(first) + "-" +
                                   std::to_string(first + length - 1) + "/" +
                                   std::to_string(meta.size));
    }
  } else if (auto range = parse_range(ctx.req.header("range"), meta.size)) {
    first = range->first;
    length = range->last - range->first + 1;
    res.status = 206;
    res.set("Content-Range", "bytes " + std::to_string(range->first) + "-" +
                                 std::to_string(range->last) + "/" + std::to_string(meta.size));
  }
  if (res.status == 200 && core::iequals(ctx.req.header("x-amz-checksum-mode"), "ENABLED"))
    add_checksum_headers(res, meta.checksum);
  apply_response_overrides(ctx, res);
  res.content_length = length;
  res.head = head;
  if (!head && length > 0) {
    if (data.buffered()) {  // small: one write with the header
      if (first == 0 && length == data.inline_bytes.size())
        res.body = std::move(data.inline_bytes);
      else
        res.body = data.inline_bytes.substr(first, length);
    } else {
      res.stream = object_stream(std::move(data), first, length);
    }
  }
  return res;
}

std::map<std::string, std::string> parse_tagging_xml(const std::string& body) {
  pugi::xml_document doc;
  parse_xml_body(doc, body);
  auto set = doc.child("Tagging").child("TagSet");
  if (!set) throw s3_error("MalformedXML");
  std::map<std::string, std::string> tags;
  for (auto t : set.children("Tag")) {
    if (!t.child("Key")) throw s3_error("MalformedXML");
    std::string k = t.child("Key").text().as_string(), v = t.child("Value").text().as_string();
    if (k.empty() || k.size() > 128)
      throw s3_error("InvalidTag", "The TagKey you have provided is invalid");
    if (v.size() > 256) throw s3_error("InvalidTag", "The TagValue you have provided is invalid");
    if (!tags.emplace(k, v).second)
      throw s3_error("InvalidTag", "Cannot provide multiple Tags with the same key");
  }
  if (tags.size() > 10) throw s3_error("BadRequest", "Object tags cannot be greater than 10");
  return tags;
}

}  // namespace

net::Response put_object(S3Context& ctx) {
  require_owned_bucket(ctx);
  validate_key(ctx.key);
  if (!ctx.req.content_length && !ctx.auth.body) throw s3_error("MissingContentLength");
  WriteOptions options = conditional_write_options(ctx);
  PayloadChecks checks = payload_checks(ctx);
  ObjectMeta m = ctx.store.put_object(ctx.bucket, ctx.key, ctx.body(), checks, options);
  net::Response res;
  res.set("ETag", quoted(m.etag));
  add_checksum_headers(res, m.checksum);
  return res;
}

net::Response get_object(S3Context& ctx) { return serve_object(ctx, false); }
net::Response head_object(S3Context& ctx) { return serve_object(ctx, true); }

net::Response delete_object(S3Context& ctx) {
  require_owned_bucket(ctx);
  validate_key(ctx.key);
  ctx.store.delete_object(ctx.bucket, ctx.key);  // deleting a missing key succeeds, as in S3
  net::Response res;
  res.status = 204;
  return res;
}

net::Response copy_object(S3Context& ctx) {
  require_owned_bucket(ctx);
  validate_key(ctx.key);
  auto [src_bucket, src_key] = parse_copy_source(ctx.req.header("x-amz-copy-source"));
  require_owned_bucket(ctx, src_bucket);
  auto src = ctx.store.head_object(src_bucket, src_key);
  if (!src) throw no_such_key(src_key);
  if (evaluate_conditions(ctx.req, *src, "x-amz-copy-source-"))
    throw s3_error("PreconditionFailed").with("Condition", "x-amz-copy-source-If-Match");
  std::string_view directive = ctx.req.header("x-amz-metadata-directive");
  std::string_view tag_directive = ctx.req.header("x-amz-tagging-directive");
  if (!directive.empty() && directive != "COPY" && directive != "REPLACE")
    throw s3_error("InvalidArgument", "Unknown metadata directive.")
        .with("ArgumentName", "x-amz-metadata-directive");
  bool replace = directive == "REPLACE";
  if (src_bucket == ctx.bucket && src_key == ctx.key && !replace && tag_directive != "REPLACE")
    throw s3_error("InvalidRequest",
                   "This copy request is illegal because it is trying to copy an object to itself "
                   "without changing "
                   "the object's metadata, storage class, website redirect location or encryption "
                   "attributes.");
  WriteOptions options = conditional_write_options(ctx);
  if (!replace) {
    options.headers = src->headers;
    options.user_meta = src->user_meta;
  }
  if (tag_directive != "REPLACE") options.tags = src->tags;
  ObjectMeta m = ctx.store.copy_object(src_bucket, src_key, ctx.bucket, ctx.key, options);
  XmlDoc doc("CopyObjectResult");
  add(doc.root(), "LastModified", core::iso8601_millis(m.mtime_ms));
  add(doc.root(), "ETag", quoted(m.etag));
  if (auto alg = parse_checksum_algorithm(m.checksum.algorithm))
    add(doc.root(), checksum_xml_element(*alg).c_str(), m.checksum.value);
  return xml_response(doc);
}

net::Response put_object_tagging(S3Context& ctx) {
  require_owned_bucket(ctx);
  validate_key(ctx.key);
  ctx.store.set_tags(ctx.bucket, ctx.key, parse_tagging_xml(read_small_body(ctx, 64 * 1024)));
  return {};
}

net::Response get_object_tagging(S3Context& ctx) {
  require_owned_bucket(ctx);
  auto meta = ctx.store.head_object(ctx.bucket, ctx.key);
  if (!meta) throw no_such_key(ctx.key);
  XmlDoc doc("Tagging");
  auto set = doc.root().append_child("TagSet");
  for (const auto& [k, v] : meta->tags) {
    auto t = set.append_child("Tag");
    add(t, "Key", k);
    add(t, "Value", v);
  }
  return xml_response(doc);
}

net::Response delete_object_tagging(S3Context& ctx) {
  require_owned_bucket(ctx);
  ctx.store.set_tags(ctx.bucket, ctx.key, {});
  net::Response res;
  res.status = 204;
  return res;
}

}  // namespace wharf::s3
