#include "auth/signer.h"

#include <gtest/gtest.h>

#include "auth/auth_error.h"
#include "auth/authenticator.h"
#include "core/hash.h"

namespace wharf::auth {
namespace signer_test {

class NoBody : public core::ByteSource {
 public:
  size_t read(char*, size_t) override { return 0; }
};

net::Request signed_request(const std::string& secret, int64_t now) {
  net::Request req;
  req.method = "GET";
  req.path = "/bucket/a%20key";
  req.query = "list-type=2&prefix=a%2Fb";
  req.headers = {{"host", "127.0.0.1:4566"}};
  sign_request(req.method, req.path, *core::parse_query(req.query), req.headers, "UNSIGNED-PAYLOAD",
               {"AKID", secret, "us-east-1", "s3"}, now);
  return req;
}

TEST(Signer, AuthenticatorAcceptsWhatTheSignerSigns) {
  CredentialStore creds({{"alice", "AKID", "secret"}});
  Authenticator auth(creds);
  int64_t now = 1763700000;
  net::Request req = signed_request("secret", now);
  NoBody body;
  req.body = &body;
  AuthResult r = auth.authenticate(req, *core::parse_query(req.query), now);
  EXPECT_EQ(r.identity.user, "alice");
}

TEST(Signer, WrongSecretOrTamperingIsRejected) {
  CredentialStore creds({{"alice", "AKID", "secret"}});
  Authenticator auth(creds);
  int64_t now = 1763700000;
  net::Request req = signed_request("not-the-secret", now);
  EXPECT_THROW(auth.authenticate(req, *core::parse_query(req.query), now), AuthError);
  req = signed_request("secret", now);
  req.query = "list-type=2&prefix=other";
  EXPECT_THROW(auth.authenticate(req, *core::parse_query(req.query), now), AuthError);
  req = signed_request("secret", now);
  EXPECT_THROW(auth.authenticate(req, *core::parse_query(req.query), now + 16 * 60),
               AuthError);  // skew
}

// DynamoDB-style requests: the body is read before authentication and its hash is signed. When
// x-amz-content-sha256 names it (as wharf's signer and some SDKs send), the body must match it.
// (Without the header the hash is computed from the body: boto3's DynamoDB requests, e2e.)
TEST(Signer, BufferedBodyMustMatchTheSignedHash) {
  CredentialStore creds({{"alice", "AKID", "secret"}});
  Authenticator auth(creds);
  int64_t now = 1763700000;
  const std::string body = R"({"TableName":"orders"})";
  net::Request req;
  req.method = "POST";
  req.path = "/";
  req.headers = {{"host", "127.0.0.1:4566"}, {"x-amz-target", "DynamoDB_20120810.ListTables"}};
  sign_request(req.method, req.path, {}, req.headers, core::sha256_hex(body),
               {"AKID", "secret", "us-east-1", "dynamodb"}, now);
  EXPECT_EQ(auth.authenticate(req, {}, now, &body).identity.user, "alice");
  const std::string tampered = R"({"TableName":"secret"})";
  try {
    auth.authenticate(req, {}, now, &tampered);
    ADD_FAILURE() << "a body that does not match the signed hash was accepted";
  } catch (const AuthError& e) {
    EXPECT_EQ(e.kind(), AuthFailure::kContentSha256Mismatch);
  }
}

}  // namespace signer_test
}  // namespace wharf::auth
