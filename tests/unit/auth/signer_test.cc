#include "auth/signer.h"

#include <gtest/gtest.h>

#include "auth/auth_error.h"
#include "auth/authenticator.h"

namespace wharf::auth {
namespace {

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

}  // namespace
}  // namespace wharf::auth
