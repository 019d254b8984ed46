#include <gtest/gtest.h>

#include "net/http_client.h"
#include "net/server.h"

namespace wharf::net {
namespace {

class PatternSource : public core::ByteSource {
 public:
  explicit PatternSource(uint64_t n) : left_(n) {}
  size_t read(char* buf, size_t n) override {
    size_t take = static_cast<size_t>(std::min<uint64_t>(n, left_));
    for (size_t i = 0; i < take; ++i) buf[i] = static_cast<char>('a' + (pos_++ % 26));
    left_ -= take;
    return take;
  }

 private:
  uint64_t left_, pos_ = 0;
};

class CountingSink : public BodySink {
 public:
  void write(const char* data, size_t n) override {
    for (size_t i = 0; i < n; ++i) ok = ok && data[i] == static_cast<char>('a' + (bytes++ % 26));
  }
  uint64_t bytes = 0;
  bool ok = true;
};

struct Stream : BodySource {
  explicit Stream(uint64_t n) : src(n) {}
  size_t read(char* buf, size_t n) override { return src.read(buf, n); }
  PatternSource src;
};

// Echoes the request body's length; /stream answers with a streamed body of ?n bytes.
Response handle(Request& req, RequestInfo&) {
  Response r;
  if (req.path == "/stream") {
    uint64_t n = std::stoull(req.query.substr(2));
    r.stream = std::make_unique<Stream>(n);
    r.content_length = n;
    return r;
  }
  if (req.path == "/close") r.set("Connection", "close");
  uint64_t total = 0;
  char buf[65536];
  while (size_t n = req.body->read(buf, sizeof buf)) total += n;
  r.body = req.method + " " + std::to_string(total);
  return r;
}

class ServerClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions o;
    o.port = 0;
    server_ = std::make_unique<Server>(o, handle, metrics_);
    server_->start();
  }
  void TearDown() override { server_->stop(); }
  Metrics metrics_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerClientTest, KeepAliveRequestsAndStreamedBodies) {
  HttpClient client("127.0.0.1", server_->port());
  Headers h = {{"host", "test"}};
  EXPECT_EQ(client.send("POST", "/echo", h, "hello").body, "POST 5");
  EXPECT_EQ(client.send("GET", "/echo", h).body, "GET 0");
  PatternSource up(3 << 20);
  EXPECT_EQ(client.send("PUT", "/echo", h, {}, &up, 3 << 20).body, "PUT 3145728");
  CountingSink sink;
  ClientResponse r =
      client.send("GET", "/stream?n=5000000", {{"host", "test"}}, {}, nullptr, 0, &sink);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(sink.bytes, 5000000u);
  EXPECT_TRUE(sink.ok);
  EXPECT_NE(metrics_.render_prometheus().find("wharf_open_connections 1"), std::string::npos);
}

TEST_F(ServerClientTest, ClientReconnectsAfterTheServerCloses) {
  HttpClient client("127.0.0.1", server_->port());
  EXPECT_EQ(client.send("GET", "/close", {{"host", "test"}}).body, "GET 0");
  EXPECT_EQ(client.send("GET", "/echo", {{"host", "test"}}).body, "GET 0");
}

}  // namespace
}  // namespace wharf::net
