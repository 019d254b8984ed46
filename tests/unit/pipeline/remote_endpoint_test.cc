#include "pipeline/remote_endpoint.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "net/http.h"
#include "pipeline/spec_node.h"

namespace wharf::pipeline {
namespace remote_endpoint_test {

TEST(RemoteConnectionTest, ParsesHttpAndHttpsEndpoints) {
  RemoteConnection plain("http://127.0.0.1:4566", "S3");
  EXPECT_EQ(plain.url(), "http://127.0.0.1:4566");
  EXPECT_EQ(plain.host_header(), "127.0.0.1:4566");
  RemoteConnection path("https://s3.eu-west-1.amazonaws.com/ignored/path", "S3");
  EXPECT_EQ(path.url(), "https://s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(path.host_header(), "s3.eu-west-1.amazonaws.com");  // the default port is not written
  RemoteConnection v6("http://[::1]:9200", "Elasticsearch");
  EXPECT_EQ(v6.host_header(), "[::1]:9200");
}

TEST(RemoteConnectionTest, RefusesWhatIsNotAnHttpEndpoint) {
  for (const char* bad : {"ftp://host", "127.0.0.1:4566", "http://", "http://host:port", "http://host:0",
                          "http://host:99999", "http://host:80x"}) {
    try {
      RemoteConnection c(bad, "S3");
      ADD_FAILURE() << bad << " was accepted";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.code(), "PipelineSpecError") << bad;
      EXPECT_NE(std::string(e.what()).find(std::string("'") + bad + "'"), std::string::npos) << e.what();
    }
  }
}

TEST(RemoteConnectionTest, CredentialsInTheUrlAreRefusedWithoutRepeatingThem) {
  try {
    RemoteConnection c("https://elastic:s3cret@search.example:9200", "Elasticsearch");
    ADD_FAILURE() << "accepted";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), "PipelineSpecError");
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("username/password"), std::string::npos) << e.what();
  }
}

TEST(RemoteConnectionTest, AnUnreachableEndpointIsOneClearError) {
  RemoteConnection c("http://127.0.0.1:1", "DynamoDB");  // port 1: nothing listens there
  try {
    c.send("GET", "/", {{"host", c.host_header()}});
    ADD_FAILURE() << "no error";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), "DynamoDBUnavailable");
    EXPECT_EQ(e.http_status(), 503);
    EXPECT_EQ(std::string(e.what()), "cannot reach DynamoDB at http://127.0.0.1:1: connect: Connection refused");
  }
}

SpecNode spec(const std::string& yaml) {
  return SpecNode(YAML::Load(yaml), std::make_shared<const std::string>("p.yaml"));
}

std::string header(const net::Headers& h, const std::string& name) {
  for (const auto& [n, v] : h)
    if (n == name) return v;
  return {};
}

TEST(AwsAccessTest, TemporaryCredentialsSendTheirTokenSigned) {
  auto access = aws_access(spec("{access_key: AKIA1, secret_key: s, region: eu-west-1, session_token: tok}"), "dynamodb");
  EXPECT_EQ(access.creds.region, "eu-west-1");
  net::Headers h = {{"host", "dynamodb.eu-west-1.amazonaws.com"}};
  access.sign("POST", "/", "", h, "UNSIGNED-PAYLOAD");
  EXPECT_EQ(header(h, "x-amz-security-token"), "tok");
  auto auth = header(h, "authorization");
  EXPECT_NE(auth.find("Credential=AKIA1/"), std::string::npos) << auth;
  EXPECT_NE(auth.find("/eu-west-1/dynamodb/aws4_request"), std::string::npos) << auth;
  EXPECT_NE(auth.find("x-amz-security-token"), std::string::npos) << "the token is signed: " << auth;
}

TEST(AwsAccessTest, LongTermKeysSendNoToken) {
  ::setenv("AWS_SESSION_TOKEN", "from-env", 1);
  auto access = aws_access(spec("{access_key: AKIA1, secret_key: s}"), "s3");  // keys of its own
  ::unsetenv("AWS_SESSION_TOKEN");
  net::Headers h = {{"host", "h"}};
  access.sign("GET", "/b", "list-type=2", h, "UNSIGNED-PAYLOAD");
  EXPECT_EQ(header(h, "x-amz-security-token"), "");
}

}  // namespace remote_endpoint_test
}  // namespace wharf::pipeline
