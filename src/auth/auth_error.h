// Why authentication failed, independent of any service's wire format: S3 answers
// SignatureDoesNotMatch where DynamoDB answers InvalidSignatureException, so each api layer maps
// these kinds to its own error table.
#pragma once

#include <stdexcept>
#include <string>

namespace wharf::auth {

enum class AuthFailure {
  kMalformedHeader,  // Authorization header not parseable
  kMalformedQuery,   // presigned query parameters wrong or missing
  kUnknownAccessKey,
  kSignatureMismatch,
  kExpired,      // presigned URL past X-Amz-Expires
  kNotYetValid,  // presigned URL dated in the future
  kTimeSkewed,   // header-signed request more than 15 minutes off
  kMissingContentSha256,
  kContentSha256Mismatch,  // body does not hash to x-amz-content-sha256
  kChunkMalformed,         // aws-chunked framing broken
  kChunkSignatureMismatch,
  kDecodedLengthMismatch,
  kUnsupportedAlgorithm,
};

class AuthError : public std::runtime_error {
 public:
  AuthError(AuthFailure kind, const std::string& detail)
      : std::runtime_error(detail), kind_(kind) {}
  AuthFailure kind() const { return kind_; }

 private:
  AuthFailure kind_;
};

}  // namespace wharf::auth
