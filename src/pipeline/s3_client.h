// A remote S3 endpoint (another wharf, or any S3-compatible service over http or https) as object
// sources and sinks use it: list a prefix, fetch an object, store a file. Requests are
// SigV4-signed (auth/signer.h) and go through one keep-alive connection, so bodies stream and
// memory stays bounded.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/byte_source.h"
#include "pipeline/remote_endpoint.h"

namespace wharf::pipeline {

class S3Client {
 public:
  // A file larger than this is stored by multipart upload, in parts of this size (raised when a
  // file would need more than S3's 10,000 parts). S3 takes at most 5 GiB in one PUT.
  static constexpr uint64_t kDefaultPartSize = 64ull << 20;
  static constexpr uint64_t kMinPartSize = 5ull << 20;

  // endpoint: http(s)://host[:port]. Throws PipelineSpecError for anything else.
  S3Client(const std::string& endpoint, AwsAccess access);

  // Every key under `prefix`, in key order (ListObjectsV2, page by page). S3 errors come back as
  // core::Errors with S3's code and message ("NoSuchBucket: The specified bucket does not exist").
  std::vector<std::string> list(const std::string& bucket, const std::string& prefix);
  // The object's bytes: fetched into an unlinked temporary file, read from there.
  std::unique_ptr<core::ByteSource> open(const std::string& bucket, const std::string& key);
  // Stores a local file as an object: one PUT up to part_size, a multipart upload beyond (aborted
  // when a part fails, so no upload is left behind).
  void put_file(const std::string& bucket, const std::string& key, const std::string& path,
                const std::string& content_type, uint64_t part_size = kDefaultPartSize);
  const std::string& endpoint() const { return conn_.url(); }

 private:
  // A signed request (UNSIGNED-PAYLOAD). `query` is the raw query string (already encoded).
  net::ClientResponse request(const std::string& method, const std::string& path, const std::string& query,
                              net::Headers headers, const std::string& body = {},
                              core::ByteSource* stream = nullptr, uint64_t length = 0,
                              net::BodySink* sink = nullptr);
  void put_multipart(const std::string& bucket, const std::string& key, const std::string& path,
                     const std::string& content_type, uint64_t size, uint64_t part_size);
  RemoteConnection conn_;
  AwsAccess access_;
};

}  // namespace wharf::pipeline
