// Signs outgoing requests with SigV4 (Authorization header), for wharf's own clients: remote
// connectors to AWS or another wharf, and the benchmarks. The inverse of Authenticator.
#pragma once

#include <string>
#include <string_view>

#include "core/url.h"
#include "net/http.h"

namespace wharf::auth {

struct SigningCredentials {
  std::string access_key;
  std::string secret_key;
  std::string region = "us-east-1";
  std::string service = "s3";
};

// Adds x-amz-date, x-amz-content-sha256 and Authorization to `headers` (which must already hold
// "host" and every other header to sign). `path` is the raw (percent-encoded) path.
void sign_request(std::string_view method, std::string_view path, const core::QueryParams& query,
                  net::Headers& headers, std::string_view payload_hash,
                  const SigningCredentials& creds, int64_t now_seconds);

// A presigned URL (SigV4 in the query string, UNSIGNED-PAYLOAD, only `host` signed), as boto3's
// generate_presigned_url makes: anyone holding it may `method` the resource until it expires.
// `endpoint` is "http://host:port"; `path` the raw (percent-encoded) path, e.g. "/bucket/key".
std::string presign_url(std::string_view method, std::string_view endpoint, std::string_view path,
                        const SigningCredentials& creds, int64_t expires_seconds,
                        int64_t now_seconds);

}  // namespace wharf::auth
