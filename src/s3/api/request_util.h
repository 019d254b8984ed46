// Request parsing shared by the S3 handlers: ownership checks, metadata headers, checksums,
// conditional requests, ranges and tag sets.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "s3/api/s3_context.h"

namespace wharf::s3 {

// The bucket, if it exists and the requester owns it (NoSuchBucket / AccessDenied otherwise).
BucketInfo require_owned_bucket(S3Context& ctx, const std::string& bucket);
inline BucketInfo require_owned_bucket(S3Context& ctx) {
  return require_owned_bucket(ctx, ctx.bucket);
}
void validate_key(const std::string& key);

// Content-Type & co, x-amz-meta-*, x-amz-tagging of a write request; owner filled in.
WriteOptions write_options_from_headers(S3Context& ctx);
PayloadChecks payload_checks(S3Context& ctx);
std::map<std::string, std::string> parse_tag_query(const std::string& encoded);

// Adds the stored standard headers, user metadata and tag count of an object to a response.
void add_object_headers(net::Response& res, const ObjectMeta& meta);
void add_checksum_headers(net::Response& res, const Checksum& c);
std::string quoted(const std::string& etag);
std::string unquoted(std::string_view etag);

// RFC 7232 evaluation of If-Match / If-None-Match / If-(Un)Modified-Since against an object.
// Returns 0 (proceed), 304 or 412. `prefix` selects "x-amz-copy-source-" variants.
int evaluate_conditions(const net::Request& req, const ObjectMeta& meta,
                        const std::string& prefix = "");

struct ByteRange {
  uint64_t first = 0, last = 0;  // inclusive
};
// The syntax of a single range, "bytes=F-L", "bytes=F-" or "bytes=-N", numbers as written;
// nullopt for anything else (other units, several ranges, garbage).
struct RangeSpec {
  std::optional<uint64_t> first, last;
};
std::optional<RangeSpec> parse_range_spec(std::string_view header);
// nullopt: no (usable) Range header, serve everything. Throws InvalidRange when unsatisfiable.
std::optional<ByteRange> parse_range(std::string_view header, uint64_t size);

std::string read_small_body(S3Context& ctx, size_t max = 1 << 20);
int parse_int_param(S3Context& ctx, const char* name, int fallback, int min, int max,
                    const char* message);

// Streams [first, last] of an opened object; file-backed parts go out with sendfile.
std::unique_ptr<net::BodySource> object_stream(ObjectData data, uint64_t first, uint64_t length);
// The same as a plain ByteSource (UploadPartCopy reads a source range through it).
std::unique_ptr<core::ByteSource> object_reader(ObjectData data, uint64_t first, uint64_t length);

// Resolves x-amz-copy-source ("/bucket/key", URL-encoded) to bucket and key.
std::pair<std::string, std::string> parse_copy_source(std::string_view header);

}  // namespace wharf::s3
