#include "pipeline/remote_endpoint.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "net/http.h"

namespace wharf::pipeline {
namespace {

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

}  // namespace
}  // namespace wharf::pipeline
