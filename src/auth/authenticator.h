// Authenticates a request by SigV4 (Authorization header or presigned query) and wraps its body
// so that the payload the handler reads is the verified one: aws-chunked bodies are decoded with
// every chunk signature checked, and a hex x-amz-content-sha256 is compared when the body ends.
// Throws AuthError; each api layer maps it to its own error codes.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "auth/credentials.h"
#include "auth/sigv4.h"
#include "core/byte_source.h"
#include "core/url.h"
#include "net/http.h"

namespace wharf::auth {

inline constexpr int64_t kMaxSkewSeconds = 15 * 60;
inline constexpr int64_t kMaxPresignSeconds = 7 * 24 * 3600;

struct AuthResult {
  Identity identity;                       // anonymous when the request carries no signature
  std::unique_ptr<core::ByteSource> body;  // the payload to read instead of req.body (when set)
  // Trailer headers of an aws-chunked body; filled once `body` has been read to its end.
  const std::map<std::string, std::string>* trailers = nullptr;
  bool presigned = false;
};

class Authenticator {
 public:
  explicit Authenticator(const CredentialStore& creds) : creds_(creds) {}
  // `params`: the request's decoded query. `now` in seconds since the epoch. `buffered_body`:
  // for services whose clients do not send x-amz-content-sha256 (DynamoDB), the already-read
  // body whose hash is signed.
  AuthResult authenticate(const net::Request& req, const core::QueryParams& params, int64_t now,
                          const std::string* buffered_body = nullptr) const;

 private:
  AuthResult authenticate_sigv2(const net::Request& req, const core::QueryParams& params,
                                int64_t now, const std::string& access_key) const;
  const CredentialStore& creds_;
};

}  // namespace wharf::auth
