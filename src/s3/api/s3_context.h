// Everything an S3 operation handler needs about one request.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "auth/authenticator.h"
#include "core/config.h"
#include "core/url.h"
#include "net/http.h"
#include "s3/object_store.h"

namespace wharf::s3 {

struct S3Context {
  net::Request& req;
  auth::AuthResult auth;
  ObjectStore& store;
  const core::Config& config;
  std::string bucket;        // empty for service-level requests
  std::string key;           // empty for bucket-level requests
  core::QueryParams params;  // decoded query
  std::string request_id;

  const std::string* param(std::string_view name) const { return core::find_param(params, name); }
  bool has(std::string_view name) const { return param(name) != nullptr; }
  // The verified payload (aws-chunked decoded, sha256 checked) to read instead of req.body.
  core::ByteSource& body() { return auth.body ? *auth.body : *req.body; }
  const std::string& user() const { return auth.identity.user; }
};

using S3Handler = net::Response (*)(S3Context&);

// Operation handlers, one per S3 API action (bucket_handlers.cc, object_handlers.cc, ...).
net::Response list_buckets(S3Context&);
net::Response create_bucket(S3Context&);
net::Response head_bucket(S3Context&);
net::Response delete_bucket(S3Context&);
net::Response get_bucket_location(S3Context&);
net::Response get_bucket_versioning(S3Context&);
net::Response list_objects_v1(S3Context&);
net::Response list_objects_v2(S3Context&);
net::Response delete_objects(S3Context&);
net::Response put_object(S3Context&);
net::Response get_object(S3Context&);
net::Response head_object(S3Context&);
net::Response delete_object(S3Context&);
net::Response copy_object(S3Context&);
net::Response put_object_tagging(S3Context&);
net::Response get_object_tagging(S3Context&);
net::Response delete_object_tagging(S3Context&);
net::Response create_multipart_upload(S3Context&);
net::Response upload_part(S3Context&);
net::Response upload_part_copy(S3Context&);
net::Response complete_multipart_upload(S3Context&);
net::Response abort_multipart_upload(S3Context&);
net::Response list_parts(S3Context&);
net::Response list_multipart_uploads(S3Context&);

}  // namespace wharf::s3
