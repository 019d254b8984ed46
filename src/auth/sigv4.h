// AWS Signature Version 4: the canonical request, the string to sign, the signing key and the
// signature, as
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
// defines them. Pure functions; the Authenticator applies them to requests.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/url.h"

namespace wharf::auth {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct Scope {
  std::string date;  // yyyymmdd
  std::string region;
  std::string service;
  std::string str() const { return date + "/" + region + "/" + service + "/aws4_request"; }
};

// Path as sent (percent-encoded) -> canonical URI: decoded, then each byte but unreserved ones
// and '/' encoded once (S3 does not normalize or double-encode).
std::string canonical_uri(std::string_view raw_path);
// Pairs sorted by encoded name then value, each encoded with the SigV4 rule. `skip` names a
// parameter to leave out (X-Amz-Signature for presigned URLs).
std::string canonical_query(const core::QueryParams& params, std::string_view skip = {});
// Header value canonicalization: trimmed, inner runs of spaces collapsed to one.
std::string canonical_header_value(std::string_view v);
// The same, appended to `out` (canonical headers are built without a string per value).
void append_canonical_header_value(std::string& out, std::string_view v);

std::string canonical_request(std::string_view method, std::string_view uri, std::string_view query,
                              std::string_view canonical_headers, std::string_view signed_headers,
                              std::string_view payload_hash);
std::string string_to_sign(std::string_view amz_date, const Scope& scope,
                           std::string_view canonical_request);
std::string signing_key(std::string_view secret, const Scope& scope);
// signing_key remembered per secret and scope: the key depends on nothing else and deriving it
// takes four HMACs, so verifying and signing both derive it once per day, not per request.
// Thread-safe; the cache is bounded (scopes change daily).
std::string cached_signing_key(std::string_view secret, const Scope& scope);
std::string signature(std::string_view signing_key,
                      std::string_view string_to_sign);  // lowercase hex

// Constant-time comparison for signatures.
bool secure_equals(std::string_view a, std::string_view b);

}  // namespace wharf::auth
