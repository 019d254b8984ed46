#include "auth/authenticator.h"

#include <algorithm>

#include "auth/auth_error.h"
#include "auth/aws_chunked_reader.h"
#include "auth/sigv2.h"
#include "auth/sigv4.h"
#include "core/clock.h"
#include "core/encoding.h"
#include "core/hash.h"
#include "core/url.h"

namespace wharf::auth {

namespace {

// Views into the request's Authorization header or query parameters, which outlive the check.
struct SignedRequest {
  std::string_view access_key;
  Scope scope;
  std::vector<std::string_view> signed_headers;
  std::string_view signature;
  std::string_view amz_date;
  int64_t expires = 0;  // presigned only
};

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    size_t i = s.find(sep);
    out.push_back(core::trim(s.substr(0, i)));
    if (i == std::string_view::npos) break;
    s.remove_prefix(i + 1);
  }
  return out;
}

// "AK/20130524/us-east-1/s3/aws4_request"
bool parse_credential(std::string_view cred, SignedRequest& out) {
  auto parts = split(cred, '/');
  if (parts.size() != 5 || parts[4] != "aws4_request" || parts[1].size() != 8) return false;
  out.access_key = parts[0];
  out.scope = {std::string(parts[1]), std::string(parts[2]), std::string(parts[3])};
  return true;
}

SignedRequest parse_authorization(std::string_view header) {
  SignedRequest r;
  if (header.substr(0, kAlgorithm.size()) != kAlgorithm) {
    throw AuthError(AuthFailure::kUnsupportedAlgorithm, "Unsupported Authorization Type");
  }
  bool have_cred = false, have_headers = false, have_sig = false;
  for (std::string_view part : split(header.substr(kAlgorithm.size()), ',')) {
    size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = core::trim(part.substr(0, eq)), value = part.substr(eq + 1);
    if (name == "Credential") {
      have_cred = parse_credential(value, r);
      if (!have_cred)
        throw AuthError(AuthFailure::kMalformedHeader,
                        "the Credential is mal-formed; expecting "
                        "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
    } else if (name == "SignedHeaders") {
      r.signed_headers = split(value, ';');
      have_headers = true;
    } else if (name == "Signature") {
      r.signature = value;
      have_sig = true;
    }
  }
  if (!have_cred || !have_headers || !have_sig)
    throw AuthError(AuthFailure::kMalformedHeader, "The authorization header is malformed.");
  return r;
}

std::string canonical_headers(const net::Request& req, const std::vector<std::string_view>& names) {
  std::string out;
  out.reserve(512);
  for (std::string_view name : names) {
    out += name;
    out += ':';
    bool found = false;
    for (const auto& [n, v] : req.headers) {
      if (n != name) continue;
      if (found) out += ',';
      append_canonical_header_value(out, v);
      found = true;
    }
    out += '\n';
  }
  return out;
}

std::string join(const std::vector<std::string_view>& v, char sep) {
  std::string out;
  for (std::string_view s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

// Verifies a hex x-amz-content-sha256 when the body has been read to its end.
class Sha256VerifyingSource : public core::ByteSource {
 public:
  Sha256VerifyingSource(core::ByteSource& raw, std::string expected_hex)
      : raw_(raw), expected_(std::move(expected_hex)) {}
  size_t read(char* buf, size_t n) override {
    size_t got = raw_.read(buf, n);
    if (got) {
      hash_.update({buf, got});
    } else if (!checked_) {
      checked_ = true;
      if (core::to_hex(hash_.digest()) != expected_)
        throw AuthError(
            AuthFailure::kContentSha256Mismatch,
            "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    return got;
  }

 private:
  core::ByteSource& raw_;
  std::string expected_;
  core::Hasher hash_{core::HashKind::kSha256};
  bool checked_ = false;
};

bool is_hex_sha256(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace

// SigV2 presigned query parameters: boto3's default for presigned S3 URLs.
AuthResult Authenticator::authenticate_sigv2(const net::Request& req,
                                             const core::QueryParams& params, int64_t now,
                                             const std::string& access_key) const {
  const std::string *signature = core::find_param(params, "Signature"),
                    *expires = core::find_param(params, "Expires");
  if (!signature || !expires)
    throw AuthError(AuthFailure::kMalformedQuery,
                    "Query-string authentication requires the Signature, Expires and "
                    "AWSAccessKeyId parameters");
  char* end = nullptr;
  long long exp = std::strtoll(expires->c_str(), &end, 10);
  if (expires->empty() || *end != '\0')
    throw AuthError(AuthFailure::kMalformedQuery, "Invalid Expires parameter");
  if (now > exp) throw AuthError(AuthFailure::kExpired, "Request has expired");
  const core::UserConfig* user = creds_.find(access_key);
  if (!user)
    throw AuthError(AuthFailure::kUnknownAccessKey,
                    "The AWS Access Key Id you provided does not exist in our records.");
  // Clients sign the path as they sent it; some sign it decoded and re-encoded. Accept either.
  auto matches = [&](const std::string& path) {
    return secure_equals(
        sigv2_signature(user->secret_key, sigv2_string_to_sign(req, params, path, *expires)),
        *signature);
  };
  if (!matches(req.path) && !matches(canonical_uri(req.path)))
    throw AuthError(AuthFailure::kSignatureMismatch,
                    "The request signature we calculated does not match the signature you "
                    "provided. Check your key and signing method.");
  AuthResult result;
  result.presigned = true;
  result.identity = {user->name, user->access_key};
  return result;
}

namespace {

// A buffered body against the hash its request signed (when the header was sent; otherwise the
// hash was computed from the body and cannot differ).
bool h_equals_body(const std::string& hex_hash, const std::string& body) {
  return secure_equals(core::sha256_hex(body), core::to_lower(hex_hash));
}

}  // namespace

AuthResult Authenticator::authenticate(const net::Request& req, const core::QueryParams& params,
                                       int64_t now, const std::string* buffered_body) const {
  AuthResult result;
  auto param = [&](std::string_view name) { return core::find_param(params, name); };

  std::string_view authz = req.header("authorization");
  SignedRequest sr;
  std::string payload_hash;
  bool hashed_here = false;  // payload_hash computed from buffered_body, so it matches
  if (!authz.empty()) {
    sr = parse_authorization(authz);
    std::string_view date = req.header("x-amz-date");
    if (date.empty()) date = req.header("date");
    auto t = core::parse_amz_date(date);
    if (!t) t = core::parse_http_date(date);
    if (!t)
      throw AuthError(AuthFailure::kMalformedHeader,
                      "AWS authentication requires a valid Date or x-amz-date header");
    sr.amz_date = date;
    if (std::llabs(now - *t) > kMaxSkewSeconds)
      throw AuthError(AuthFailure::kTimeSkewed,
                      "The difference between the request time and the current time is too large.");
    std::string_view h = req.header("x-amz-content-sha256");
    if (h.empty()) {
      if (buffered_body) {
        payload_hash = core::sha256_hex(*buffered_body);
        hashed_here = true;
      } else {
        throw AuthError(AuthFailure::kMissingContentSha256,
                        "Missing required header for this request: x-amz-content-sha256");
      }
    } else {
      payload_hash = std::string(h);
    }
  } else if (const std::string* alg = param("X-Amz-Algorithm")) {
    result.presigned = true;
    if (*alg != kAlgorithm)
      throw AuthError(AuthFailure::kMalformedQuery,
                      "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
    const std::string *cred = param("X-Amz-Credential"), *date = param("X-Amz-Date"),
                      *expires = param("X-Amz-Expires"), *headers = param("X-Amz-SignedHeaders"),
                      *sig = param("X-Amz-Signature");
    if (!cred || !date || !expires || !headers || !sig)
      throw AuthError(
          AuthFailure::kMalformedQuery,
          "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
          "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
    if (!parse_credential(*cred, sr))
      throw AuthError(
          AuthFailure::kMalformedQuery,
          "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed.");
    auto t = core::parse_amz_date(*date);
    if (!t)
      throw AuthError(AuthFailure::kMalformedQuery,
                      "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    char* end = nullptr;
    long long exp = std::strtoll(expires->c_str(), &end, 10);
    if (expires->empty() || *end != '\0' || exp < 0)
      throw AuthError(AuthFailure::kMalformedQuery, "X-Amz-Expires should be a number");
    if (exp > kMaxPresignSeconds)
      throw AuthError(AuthFailure::kMalformedQuery,
                      "X-Amz-Expires must be less than a week (in seconds) that is; 604800");
    if (*t - now > kMaxSkewSeconds)
      throw AuthError(AuthFailure::kNotYetValid, "Request is not valid yet");
    if (now > *t + exp) throw AuthError(AuthFailure::kExpired, "Request has expired");
    sr.amz_date = *date;
    sr.expires = exp;
    sr.signed_headers = split(*headers, ';');
    sr.signature = *sig;
    const std::string* ph = param("X-Amz-Content-Sha256");
    payload_hash = ph ? *ph : "UNSIGNED-PAYLOAD";
  } else if (const std::string* v2_key = param("AWSAccessKeyId")) {
    return authenticate_sigv2(req, params, now, *v2_key);
  } else {
    return result;  // anonymous: the service decides what it may do
  }

  const core::UserConfig* user = creds_.find(sr.access_key);
  if (!user)
    throw AuthError(AuthFailure::kUnknownAccessKey,
                    "The AWS Access Key Id you provided does not exist in our records.");
  // The scope's day must be the request's (only comparable when the date is x-amz-date form).
  if (sr.amz_date.substr(0, 8) != sr.scope.date && core::parse_amz_date(sr.amz_date))
    throw AuthError(AuthFailure::kSignatureMismatch,
                    "Credential date does not match the request date");

  std::string creq = canonical_request(
      req.method, canonical_uri(req.path),
      canonical_query(params, result.presigned ? "X-Amz-Signature" : ""),
      canonical_headers(req, sr.signed_headers), join(sr.signed_headers, ';'), payload_hash);
  std::string key = cached_signing_key(user->secret_key, sr.scope);
  std::string expected = signature(key, string_to_sign(sr.amz_date, sr.scope, creq));
  if (!secure_equals(expected, sr.signature))
    throw AuthError(AuthFailure::kSignatureMismatch,
                    "The request signature we calculated does not match the signature you "
                    "provided. Check your key and signing method.");
  result.identity = {user->name, user->access_key};

  // The payload: decode aws-chunked, verify a literal hash, or pass through UNSIGNED-PAYLOAD.
  std::optional<uint64_t> decoded_length;
  if (std::string_view d = req.header("x-amz-decoded-content-length"); !d.empty())
    decoded_length = std::strtoull(std::string(d).c_str(), nullptr, 10);
  if (payload_hash.rfind("STREAMING-", 0) == 0) {
    std::optional<ChunkSigning> signing;
    if (payload_hash == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" ||
        payload_hash == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER") {
      signing = ChunkSigning{key, std::string(sr.amz_date), sr.scope, expected,
                             payload_hash.ends_with("-TRAILER")};
    } else if (payload_hash != "STREAMING-UNSIGNED-PAYLOAD-TRAILER") {
      throw AuthError(
          AuthFailure::kMalformedHeader,
          "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-*, or a valid sha256 value.");
    }
    auto reader = std::make_unique<AwsChunkedReader>(*req.body, std::move(signing), decoded_length);
    result.trailers = &reader->trailers();
    result.body = std::move(reader);
  } else if (is_hex_sha256(payload_hash)) {
    if (!buffered_body)
      result.body = std::make_unique<Sha256VerifyingSource>(*req.body, payload_hash);
    else if (!hashed_here && !h_equals_body(payload_hash, *buffered_body))
      throw AuthError(AuthFailure::kContentSha256Mismatch,
                      "The provided 'x-amz-content-sha256' header does not match what was "
                      "computed.");
  } else if (payload_hash != "UNSIGNED-PAYLOAD") {
    throw AuthError(
        AuthFailure::kMalformedHeader,
        "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-*, or a valid sha256 value.");
  }
  return result;
}

}  // namespace wharf::auth
