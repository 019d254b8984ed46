// A remote S3 endpoint (another wharf, or any S3-compatible service over plain HTTP) as object
// sources read it: list a prefix, fetch an object. Requests are SigV4-signed (auth/signer.h) and
// go through net::HttpClient, so bodies stream and memory stays bounded.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "auth/signer.h"
#include "core/byte_source.h"
#include "net/http_client.h"

namespace wharf::pipeline {

class SpecNode;

// An S3 endpoint's credentials: access_key / secret_key / region from the spec, else
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION as the AWS tools read them, else
// wharf's development root.
auth::SigningCredentials s3_credentials(const SpecNode& spec);

class S3Client {
 public:
  // endpoint: http://host[:port]. Throws PipelineSpecError for anything else (https is not
  // supported by wharf's HTTP client yet).
  S3Client(const std::string& endpoint, auth::SigningCredentials creds);

  // Every key under `prefix`, in key order (ListObjectsV2, page by page). S3 errors come back as
  // core::Errors with S3's code and message ("NoSuchBucket: The specified bucket does not exist").
  std::vector<std::string> list(const std::string& bucket, const std::string& prefix);
  // The object's bytes: fetched into an unlinked temporary file, read from there.
  std::unique_ptr<core::ByteSource> open(const std::string& bucket, const std::string& key);
  // PutObject of a local file (one PUT: S3 takes up to 5 GiB that way).
  void put_file(const std::string& bucket, const std::string& key, const std::string& path,
                const std::string& content_type);
  const std::string& endpoint() const { return endpoint_; }

 private:
  net::ClientResponse request(const std::string& path, const std::string& query, net::BodySink* sink);
  std::string endpoint_, host_header_;
  auth::SigningCredentials creds_;
  std::unique_ptr<net::HttpClient> http_;
};

}  // namespace wharf::pipeline
