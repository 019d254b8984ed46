#include "s3/api/s3_router.h"

#include <spdlog/spdlog.h>

#include <set>

#include "auth/auth_error.h"
#include "core/clock.h"
#include "core/encoding.h"
#include "core/random.h"
#include "core/url.h"
#include "s3/api/s3_context.h"
#include "s3/api/xml_writer.h"
#include "s3/errors.h"

namespace wharf::s3 {

namespace {

core::Error map_auth_error(const auth::AuthError& e) {
  using auth::AuthFailure;
  switch (e.kind()) {
    case AuthFailure::kUnknownAccessKey:
      return s3_error("InvalidAccessKeyId");
    case AuthFailure::kSignatureMismatch:
      return s3_error("SignatureDoesNotMatch");
    case AuthFailure::kExpired:
      return s3_error("AccessDenied", "Request has expired");
    case AuthFailure::kNotYetValid:
      return s3_error("AccessDenied", "Request is not valid yet");
    case AuthFailure::kTimeSkewed:
      return s3_error("RequestTimeTooSkewed");
    case AuthFailure::kMalformedQuery:
      return s3_error("AuthorizationQueryParametersError", e.what());
    case AuthFailure::kMalformedHeader:
      return s3_error("AuthorizationHeaderMalformed", e.what());
    case AuthFailure::kMissingContentSha256:
      return s3_error("InvalidRequest", e.what());
    case AuthFailure::kContentSha256Mismatch:
      return s3_error("XAmzContentSHA256Mismatch");
    case AuthFailure::kChunkSignatureMismatch:
      return s3_error("SignatureDoesNotMatch", e.what());
    case AuthFailure::kChunkMalformed:
      return s3_error("IncompleteBody", e.what());
    case AuthFailure::kDecodedLengthMismatch:
      return s3_error("IncompleteBody", e.what());
    case AuthFailure::kUnsupportedAlgorithm:
      return s3_error("InvalidArgument", "Unsupported Authorization Type");
  }
  return s3_error("AccessDenied");
}

// Subresources of S3 that wharf does not implement: answered NotImplemented, never ignored.
const std::set<std::string>& unimplemented_subresources() {
  static const std::set<std::string> s = {"accelerate",
                                          "acl",
                                          "analytics",
                                          "attributes",
                                          "cors",
                                          "encryption",
                                          "intelligent-tiering",
                                          "inventory",
                                          "legal-hold",
                                          "lifecycle",
                                          "logging",
                                          "metrics",
                                          "notification",
                                          "object-lock",
                                          "ownershipControls",
                                          "policy",
                                          "policyStatus",
                                          "publicAccessBlock",
                                          "replication",
                                          "requestPayment",
                                          "restore",
                                          "retention",
                                          "select",
                                          "torrent",
                                          "versions",
                                          "website",
                                          "session",
                                          "renameObject"};
  return s;
}

struct Route {
  const char* name;
  S3Handler handler;
};

Route route(const S3Context& c, const std::string& method) {
  for (const auto& [n, v] : c.params)
    if (unimplemented_subresources().count(n)) return {"NotImplemented", nullptr};
  if (c.bucket.empty()) {
    if (method == "GET") return {"ListBuckets", list_buckets};
    return {"MethodNotAllowed", nullptr};
  }
  if (c.key.empty()) {
    if (method == "PUT") {
      if (c.has("tagging") || c.has("versioning")) return {"NotImplemented", nullptr};
      return {"CreateBucket", create_bucket};
    }
    if (method == "HEAD") return {"HeadBucket", head_bucket};
    if (method == "DELETE") {
      if (c.has("tagging")) return {"NotImplemented", nullptr};
      return {"DeleteBucket", delete_bucket};
    }
    if (method == "GET") {
      if (c.has("location")) return {"GetBucketLocation", get_bucket_location};
      if (c.has("versioning")) return {"GetBucketVersioning", get_bucket_versioning};
      if (c.has("uploads")) return {"ListMultipartUploads", list_multipart_uploads};
      if (c.has("tagging")) return {"NotImplemented", nullptr};
      if (const std::string* lt = c.param("list-type"); lt && *lt == "2")
        return {"ListObjectsV2", list_objects_v2};
      return {"ListObjects", list_objects_v1};
    }
    if (method == "POST") {
      if (c.has("delete")) return {"DeleteObjects", delete_objects};
      return {"NotImplemented", nullptr};
    }
    return {"MethodNotAllowed", nullptr};
  }
  bool copy = c.req.has_header("x-amz-copy-source");
  if (method == "PUT") {
    if (c.has("uploadId"))
      return copy ? Route{"UploadPartCopy", upload_part_copy} : Route{"UploadPart", upload_part};
    if (c.has("tagging")) return {"PutObjectTagging", put_object_tagging};
    return copy ? Route{"CopyObject", copy_object} : Route{"PutObject", put_object};
  }
  if (method == "GET") {
    if (c.has("uploadId")) return {"ListParts", list_parts};
    if (c.has("tagging")) return {"GetObjectTagging", get_object_tagging};
    return {"GetObject", get_object};
  }
  if (method == "HEAD") return {"HeadObject", head_object};
  if (method == "DELETE") {
    if (c.has("uploadId")) return {"AbortMultipartUpload", abort_multipart_upload};
    if (c.has("tagging")) return {"DeleteObjectTagging", delete_object_tagging};
    return {"DeleteObject", delete_object};
  }
  if (method == "POST") {
    if (c.has("uploads")) return {"CreateMultipartUpload", create_multipart_upload};
    if (c.has("uploadId")) return {"CompleteMultipartUpload", complete_multipart_upload};
    return {"NotImplemented", nullptr};
  }
  return {"MethodNotAllowed", nullptr};
}

// Virtual-host style: "<bucket>.<configured domain>[:port]"; otherwise the first path segment.
std::string virtual_host_bucket(const net::Request& req, const core::Config& config) {
  std::string_view host = req.header("host");
  if (size_t colon = host.rfind(':');
      colon != std::string_view::npos && host.find(']') == std::string_view::npos)
    host = host.substr(0, colon);
  for (const auto& domain : config.s3_domains) {
    if (host.size() > domain.size() + 1 && host.ends_with(domain) &&
        host[host.size() - domain.size() - 1] == '.')
      return std::string(host.substr(0, host.size() - domain.size() - 1));
  }
  return {};
}

}  // namespace

net::Response S3Api::handle(net::Request& req, net::RequestInfo& info) const {
  info.api = "s3";
  std::string request_id = core::request_id();
  std::string resource;
  net::Response res;
  try {
    auto params = core::parse_query(req.query);
    auto path = core::percent_decode(req.path);
    if (!params || !path) throw s3_error("InvalidURI");
    auth::AuthResult auth;
    try {
      auth = auth_.authenticate(req, *params, core::now_millis() / 1000);
    } catch (const auth::AuthError& e) {
      throw map_auth_error(e);
    }
    S3Context ctx{req, std::move(auth), store_, config_, {}, {}, std::move(*params), request_id};
    std::string_view p = *path;
    if (!p.empty() && p[0] == '/') p.remove_prefix(1);
    std::string vhost = virtual_host_bucket(req, config_);
    if (!vhost.empty()) {
      ctx.bucket = vhost;
      ctx.key = std::string(p);
    } else {
      size_t slash = p.find('/');
      ctx.bucket = std::string(p.substr(0, slash));
      if (slash != std::string_view::npos) ctx.key = std::string(p.substr(slash + 1));
    }
    resource = "/" + ctx.bucket + (ctx.key.empty() ? "" : "/" + ctx.key);
    Route r = route(ctx, req.method);
    info.operation = r.name;
    if (!r.handler) {
      if (std::string_view(r.name) == "MethodNotAllowed")
        throw s3_error("MethodNotAllowed").with("Method", req.method);
      throw not_implemented(
          req.method + " " + (ctx.key.empty() ? "bucket" : "object") +
          (req.query.empty() ? "" : " with ?" + req.query.substr(0, req.query.find('='))));
    }
    try {
      res = r.handler(ctx);
    } catch (const auth::AuthError& e) {
      throw map_auth_error(e);  // raised while the body streams (chunk signature, sha256)
    }
  } catch (const core::Error& e) {
    if (e.http_status() >= 500 && e.code() != "NotImplemented")
      spdlog::error("{} {}: {} {}", req.method, req.target, e.code(), e.what());
    res = net::Response{};
    res.status = e.http_status();
    if (req.method != "HEAD" && e.http_status() != 304) {
      res.set("Content-Type", "application/xml");
      res.body = error_xml(e, resource, request_id);
    }
  } catch (const std::exception& e) {
    spdlog::error("{} {}: {}", req.method, req.target, e.what());
    res = net::Response{};
    res.status = 500;
    res.set("Content-Type", "application/xml");
    res.body = error_xml(s3_error("InternalError"), resource, request_id);
  }
  res.set("x-amz-request-id", request_id);
  res.set("x-amz-id-2", request_id);
  return res;
}

}  // namespace wharf::s3
