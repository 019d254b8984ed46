// Listing operations: ListObjects (v1), ListObjectsV2, DeleteObjects (its request is a key list).
#include "core/clock.h"
#include "core/encoding.h"
#include "core/url.h"
#include "s3/api/request_util.h"
#include "s3/api/s3_context.h"
#include "s3/api/xml_writer.h"
#include "s3/errors.h"

namespace wharf::s3 {

namespace {

struct ListRequest {
  ListParams params;
  bool url_encode = false;
};

ListRequest parse_list_request(S3Context& ctx) {
  ListRequest lr;
  if (const auto* p = ctx.param("prefix")) lr.params.prefix = *p;
  if (const auto* d = ctx.param("delimiter")) lr.params.delimiter = *d;
  lr.params.max_keys = parse_int_param(ctx, "max-keys", 1000, 0, 1000,
                                       "Provided max-keys not an integer or within integer range");
  if (const auto* e = ctx.param("encoding-type")) {
    if (*e != "url")
      throw s3_error("InvalidArgument", "Invalid Encoding Method specified in Request")
          .with("ArgumentName", "encoding-type");
    lr.url_encode = true;
  }
  return lr;
}

std::string enc(const ListRequest& lr, const std::string& s) {
  return lr.url_encode ? core::aws_uri_encode(s, true) : s;
}

void add_contents(pugi::xml_node root, const ListRequest& lr, const ListResult& r,
                  bool with_owner) {
  for (const auto& e : r.objects) {
    auto c = root.append_child("Contents");
    add(c, "Key", enc(lr, e.key));
    add(c, "LastModified", core::iso8601_millis(e.meta.mtime_ms));
    add(c, "ETag", quoted(e.meta.etag));
    add(c, "Size", static_cast<unsigned long long>(e.meta.size));
    if (!e.meta.checksum.algorithm.empty()) add(c, "ChecksumAlgorithm", e.meta.checksum.algorithm);
    add(c, "StorageClass", "STANDARD");
    if (with_owner) {
      auto o = c.append_child("Owner");
      add(o, "ID", e.meta.owner);
      add(o, "DisplayName", e.meta.owner);
    }
  }
  for (const auto& cp : r.common_prefixes)
    add(root.append_child("CommonPrefixes"), "Prefix", enc(lr, cp));
}

}  // namespace

net::Response list_objects_v1(S3Context& ctx) {
  require_owned_bucket(ctx);
  ListRequest lr = parse_list_request(ctx);
  std::string marker = ctx.param("marker") ? *ctx.param("marker") : "";
  lr.params.start_after = marker;
  ListResult r = ctx.store.list_objects(ctx.bucket, lr.params);
  XmlDoc doc("ListBucketResult");
  auto root = doc.root();
  add(root, "Name", ctx.bucket);
  add(root, "Prefix", enc(lr, lr.params.prefix));
  add(root, "Marker", enc(lr, marker));
  add(root, "MaxKeys", static_cast<long long>(lr.params.max_keys));
  if (!lr.params.delimiter.empty()) add(root, "Delimiter", enc(lr, lr.params.delimiter));
  add_bool(root, "IsTruncated", r.truncated);
  if (r.truncated) add(root, "NextMarker", enc(lr, r.last));
  if (lr.url_encode) add(root, "EncodingType", "url");
  add_contents(root, lr, r, true);
  return xml_response(doc);
}

net::Response list_objects_v2(S3Context& ctx) {
  require_owned_bucket(ctx);
  ListRequest lr = parse_list_request(ctx);
  const std::string* token = ctx.param("continuation-token");
  const std::string* start_after = ctx.param("start-after");
  if (token) {
    auto decoded = core::base64_decode(*token);
    if (!decoded || decoded->rfind("v1:", 0) != 0)
      throw s3_error("InvalidArgument", "The continuation token provided is incorrect")
          .with("ArgumentName", "continuation-token");
    lr.params.start_after = decoded->substr(3);
  } else if (start_after) {
    lr.params.start_after = *start_after;
  }
  ListResult r = ctx.store.list_objects(ctx.bucket, lr.params);
  bool fetch_owner = ctx.param("fetch-owner") && *ctx.param("fetch-owner") == "true";
  XmlDoc doc("ListBucketResult");
  auto root = doc.root();
  add(root, "Name", ctx.bucket);
  add(root, "Prefix", enc(lr, lr.params.prefix));
  if (!lr.params.delimiter.empty()) add(root, "Delimiter", enc(lr, lr.params.delimiter));
  add(root, "MaxKeys", static_cast<long long>(lr.params.max_keys));
  add(root, "KeyCount", static_cast<long long>(r.objects.size() + r.common_prefixes.size()));
  add_bool(root, "IsTruncated", r.truncated);
  if (token) add(root, "ContinuationToken", *token);
  if (r.truncated) add(root, "NextContinuationToken", core::base64_encode("v1:" + r.last));
  if (start_after) add(root, "StartAfter", enc(lr, *start_after));
  if (lr.url_encode) add(root, "EncodingType", "url");
  add_contents(root, lr, r, fetch_owner);
  return xml_response(doc);
}

net::Response delete_objects(S3Context& ctx) {
  require_owned_bucket(ctx);
  std::string body = read_small_body(ctx, 2 << 20);
  pugi::xml_document doc;
  parse_xml_body(doc, body);
  auto del = doc.child("Delete");
  if (!del) throw s3_error("MalformedXML");
  bool quiet = std::string(del.child("Quiet").text().as_string()) == "true";
  std::vector<std::string> keys;
  for (auto o : del.children("Object")) {
    if (!o.child("Key")) throw s3_error("MalformedXML");
    keys.emplace_back(o.child("Key").text().as_string());
  }
  if (keys.empty() || keys.size() > 1000) throw s3_error("MalformedXML");
  XmlDoc out("DeleteResult");
  for (const auto& key : keys) {
    try {
      validate_key(key);
      ctx.store.delete_object(ctx.bucket, key);
      if (!quiet) add(out.root().append_child("Deleted"), "Key", key);
    } catch (const core::Error& e) {
      auto err = out.root().append_child("Error");
      add(err, "Key", key);
      add(err, "Code", e.code());
      add(err, "Message", e.message());
    }
  }
  return xml_response(out);
}

}  // namespace wharf::s3
