// Multipart uploads: Create, UploadPart, UploadPartCopy, Complete, Abort, ListParts,
// ListMultipartUploads.
#include "core/clock.h"
#include "core/encoding.h"
#include "s3/api/request_util.h"
#include "s3/api/s3_context.h"
#include "s3/api/xml_writer.h"
#include "s3/errors.h"

namespace wharf::s3 {

namespace {

UploadInfo require_upload(S3Context& ctx) {
  require_owned_bucket(ctx);
  return ctx.store.get_upload(ctx.bucket, ctx.key, *ctx.param("uploadId"));
}

int part_number(S3Context& ctx) {
  constexpr const char* kMessage = "Part number must be an integer between 1 and 10000, inclusive";
  int n = ctx.param("partNumber")
              ? parse_int_param(ctx, "partNumber", 0, 1, kMaxPartNumber + 1, kMessage)
              : 0;
  if (n < 1 || n > kMaxPartNumber)
    throw s3_error("InvalidArgument", kMessage).with("ArgumentName", "partNumber");
  return n;
}

void add_owner(pugi::xml_node parent, const char* name, const std::string& user) {
  auto n = parent.append_child(name);
  add(n, "ID", user);
  add(n, "DisplayName", user);
}

}  // namespace

net::Response create_multipart_upload(S3Context& ctx) {
  require_owned_bucket(ctx);
  validate_key(ctx.key);
  WriteOptions options = write_options_from_headers(ctx);
  std::string alg(ctx.req.header("x-amz-checksum-algorithm"));
  std::string type(ctx.req.header("x-amz-checksum-type"));
  if (!alg.empty()) {
    auto a = parse_checksum_algorithm(alg);
    if (!a) throw s3_error("InvalidRequest", "Checksum algorithm provided is unsupported.");
    alg = checksum_name(*a);
  }
  if (!type.empty() && type != "COMPOSITE" && type != "FULL_OBJECT")
    throw s3_error("InvalidRequest", "Value for x-amz-checksum-type header is invalid.");
  if (!type.empty() && alg.empty())
    throw s3_error("InvalidRequest",
                   "The x-amz-checksum-type header can only be used with the "
                   "x-amz-checksum-algorithm header.");
  if (!alg.empty()) {
    // S3's rules: CRC64NVME is only whole-object; the SHAs only composite; CRCs default to
    // composite.
    auto a = *parse_checksum_algorithm(alg);
    if (type.empty()) type = a == ChecksumAlgorithm::kCrc64Nvme ? "FULL_OBJECT" : "COMPOSITE";
    if ((type == "FULL_OBJECT" && !is_crc(a)) ||
        (type == "COMPOSITE" && a == ChecksumAlgorithm::kCrc64Nvme))
      throw s3_error("InvalidRequest", "The " + type + " checksum type cannot be used with the " +
                                           alg + " checksum algorithm.");
  }
  UploadInfo u = ctx.store.create_upload(ctx.bucket, ctx.key, options, alg, type);
  XmlDoc doc("InitiateMultipartUploadResult");
  add(doc.root(), "Bucket", ctx.bucket);
  add(doc.root(), "Key", ctx.key);
  add(doc.root(), "UploadId", u.upload_id);
  net::Response res = xml_response(doc);
  if (!alg.empty()) {
    res.set("x-amz-checksum-algorithm", alg);
    res.set("x-amz-checksum-type", type);
  }
  return res;
}

net::Response upload_part(S3Context& ctx) {
  int n = part_number(ctx);
  UploadInfo u = require_upload(ctx);
  if (!ctx.req.content_length && !ctx.auth.body) throw s3_error("MissingContentLength");
  PayloadChecks checks = payload_checks(ctx);
  if (!checks.algorithm)
    checks.algorithm = parse_checksum_algorithm(u.checksum_algorithm);  // parts feed the object's
  else if (!u.checksum_algorithm.empty() &&
           checksum_name(*checks.algorithm) != u.checksum_algorithm)
    throw s3_error("InvalidRequest", "Checksum Type mismatch occurred, expected checksum Type: " +
                                         core::to_lower(u.checksum_algorithm) +
                                         ", actual checksum Type: " +
                                         core::to_lower(checksum_name(*checks.algorithm)));
  PartInfo p = ctx.store.upload_part(u, n, ctx.body(), checks);
  net::Response res;
  res.set("ETag", quoted(p.etag));
  add_checksum_headers(res, p.checksum);
  return res;
}

net::Response upload_part_copy(S3Context& ctx) {
  int n = part_number(ctx);
  UploadInfo u = require_upload(ctx);
  auto [src_bucket, src_key] = parse_copy_source(ctx.req.header("x-amz-copy-source"));
  require_owned_bucket(ctx, src_bucket);
  ObjectData src = ctx.store.open_object(src_bucket, src_key);
  if (evaluate_conditions(ctx.req, src.meta, "x-amz-copy-source-"))
    throw s3_error("PreconditionFailed").with("Condition", "x-amz-copy-source-If-Match");
  uint64_t first = 0, length = src.meta.size;
  if (std::string_view r = ctx.req.header("x-amz-copy-source-range"); !r.empty()) {
    // Only bytes=first-last within the source is accepted here (no suffix or open ranges).
    auto spec = parse_range_spec(r);
    if (!spec || !spec->first || !spec->last)
      throw s3_error(
          "InvalidArgument",
          "The x-amz-copy-source-range value must be of the form bytes=first-last where first and "
          "last are the zero-based offsets of the first and last bytes to copy");
    if (*spec->last >= src.meta.size)
      throw s3_error("InvalidArgument", "Range specified is not valid for source object of size: " +
                                            std::to_string(src.meta.size));
    first = *spec->first;
    length = *spec->last - first + 1;
  }
  auto reader = object_reader(std::move(src), first, length);
  PartInfo p = ctx.store.upload_part(u, n, *reader, PayloadChecks{});
  XmlDoc doc("CopyPartResult");
  add(doc.root(), "LastModified", core::iso8601_millis(p.mtime_ms));
  add(doc.root(), "ETag", quoted(p.etag));
  return xml_response(doc);
}

net::Response complete_multipart_upload(S3Context& ctx) {
  UploadInfo u = require_upload(ctx);
  std::string body = read_small_body(ctx, 4 << 20);
  pugi::xml_document doc;
  parse_xml_body(doc, body);
  auto root = doc.child("CompleteMultipartUpload");
  if (!root) throw s3_error("MalformedXML");
  auto alg = parse_checksum_algorithm(u.checksum_algorithm);
  std::string checksum_element = alg ? checksum_xml_element(*alg) : "";
  std::vector<CompletedPart> parts;
  for (auto p : root.children("Part")) {
    if (!p.child("PartNumber") || !p.child("ETag")) throw s3_error("MalformedXML");
    parts.push_back({p.child("PartNumber").text().as_int(),
                     unquoted(p.child("ETag").text().as_string()),
                     alg ? p.child(checksum_element.c_str()).text().as_string() : ""});
  }
  std::optional<std::string> if_none, expected;
  if (std::string_view v = ctx.req.header("if-none-match"); !v.empty()) if_none = std::string(v);
  if (alg)
    if (std::string_view v = ctx.req.header(checksum_header(*alg)); !v.empty())
      expected = std::string(v);
  ObjectMeta m = ctx.store.complete_upload(u, parts, if_none, expected);
  XmlDoc out("CompleteMultipartUploadResult");
  add(out.root(), "Location", "/" + ctx.bucket + "/" + ctx.key);
  add(out.root(), "Bucket", ctx.bucket);
  add(out.root(), "Key", ctx.key);
  add(out.root(), "ETag", quoted(m.etag));
  if (auto alg = parse_checksum_algorithm(m.checksum.algorithm)) {
    add(out.root(), checksum_xml_element(*alg).c_str(), m.checksum.value);
    add(out.root(), "ChecksumType", m.checksum.type);
  }
  return xml_response(out);
}

net::Response abort_multipart_upload(S3Context& ctx) {
  UploadInfo u = require_upload(ctx);
  ctx.store.abort_upload(u);
  net::Response res;
  res.status = 204;
  return res;
}

net::Response list_parts(S3Context& ctx) {
  UploadInfo u = require_upload(ctx);
  int marker = parse_int_param(ctx, "part-number-marker", 0, 0, kMaxPartNumber,
                               "Part number marker must be an integer");
  int max_parts = parse_int_param(ctx, "max-parts", 1000, 0, 1000, "max-parts must be an integer");
  bool truncated = false;
  auto parts = ctx.store.list_parts(u, marker, max_parts, truncated);
  XmlDoc doc("ListPartsResult");
  auto root = doc.root();
  add(root, "Bucket", ctx.bucket);
  add(root, "Key", ctx.key);
  add(root, "UploadId", u.upload_id);
  add_owner(root, "Initiator", u.owner);
  add_owner(root, "Owner", u.owner);
  add(root, "StorageClass", "STANDARD");
  add(root, "PartNumberMarker", static_cast<long long>(marker));
  if (!parts.empty())
    add(root, "NextPartNumberMarker", static_cast<long long>(parts.back().number));
  add(root, "MaxParts", static_cast<long long>(max_parts));
  add_bool(root, "IsTruncated", truncated);
  if (!u.checksum_algorithm.empty()) add(root, "ChecksumAlgorithm", u.checksum_algorithm);
  for (const auto& p : parts) {
    auto n = root.append_child("Part");
    add(n, "PartNumber", static_cast<long long>(p.number));
    add(n, "LastModified", core::iso8601_millis(p.mtime_ms));
    add(n, "ETag", quoted(p.etag));
    add(n, "Size", static_cast<unsigned long long>(p.size));
    if (auto alg = parse_checksum_algorithm(p.checksum.algorithm))
      add(n, checksum_xml_element(*alg).c_str(), p.checksum.value);
  }
  return xml_response(doc);
}

net::Response list_multipart_uploads(S3Context& ctx) {
  require_owned_bucket(ctx);
  auto str = [&](const char* n) { return ctx.param(n) ? *ctx.param(n) : std::string(); };
  std::string prefix = str("prefix"), delimiter = str("delimiter"), key_marker = str("key-marker"),
              id_marker = str("upload-id-marker");
  int max_uploads =
      parse_int_param(ctx, "max-uploads", 1000, 0, 1000, "max-uploads must be an integer");
  UploadListing l =
      ctx.store.list_uploads(ctx.bucket, prefix, delimiter, key_marker, id_marker, max_uploads);
  XmlDoc doc("ListMultipartUploadsResult");
  auto root = doc.root();
  add(root, "Bucket", ctx.bucket);
  add(root, "KeyMarker", key_marker);
  add(root, "UploadIdMarker", id_marker);
  add(root, "NextKeyMarker", l.truncated ? l.next_key_marker : "");
  add(root, "NextUploadIdMarker", l.truncated ? l.next_upload_id_marker : "");
  if (!prefix.empty()) add(root, "Prefix", prefix);
  if (!delimiter.empty()) add(root, "Delimiter", delimiter);
  add(root, "MaxUploads", static_cast<long long>(max_uploads));
  add_bool(root, "IsTruncated", l.truncated);
  for (const auto& u : l.uploads) {
    auto n = root.append_child("Upload");
    add(n, "Key", u.key);
    add(n, "UploadId", u.upload_id);
    add_owner(n, "Initiator", u.owner);
    add_owner(n, "Owner", u.owner);
    add(n, "StorageClass", "STANDARD");
    add(n, "Initiated", core::iso8601_millis(u.initiated_ms));
    if (!u.checksum_algorithm.empty()) add(n, "ChecksumAlgorithm", u.checksum_algorithm);
  }
  for (const auto& cp : l.common_prefixes) add(root.append_child("CommonPrefixes"), "Prefix", cp);
  return xml_response(doc);
}

}  // namespace wharf::s3
