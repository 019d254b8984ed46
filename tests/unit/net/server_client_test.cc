#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <thread>

#include "net/http_client.h"
#include "net/server.h"

namespace wharf::net {
namespace server_client_test {

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
  if (req.path == "/inject") r.set("Content-Disposition", "a\r\nX-Injected: 1\nY: 2");
  if (req.path == "/empty") {
    r.status = 204;
    return r;
  }
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

// Sends `request` on a new connection and returns every byte of the answer up to the close.
std::string raw_exchange(uint16_t port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return "connect failed";
  ::send(fd, request.data(), request.size(), 0);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
    out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

TEST_F(ServerClientTest, ResponseHeadsAreWellFormed) {
  std::string ok =
      raw_exchange(server_->port(), "GET /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(ok.rfind("HTTP/1.1 200 OK\r\nServer: wharf\r\nDate: ", 0), 0u) << ok;
  EXPECT_NE(ok.find("\r\nContent-Length: 5\r\nConnection: close\r\n\r\nGET 0"), std::string::npos)
      << ok;
  // HEAD keeps the length of the body it does not send.
  std::string head =
      raw_exchange(server_->port(), "HEAD /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(head.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << head;
  EXPECT_TRUE(head.ends_with("\r\n\r\n")) << head;
  // 204 has neither a body nor a Content-Length.
  std::string empty =
      raw_exchange(server_->port(), "GET /empty HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(empty.rfind("HTTP/1.1 204 No Content\r\n", 0), 0u) << empty;
  EXPECT_EQ(empty.find("Content-Length"), std::string::npos) << empty;
  EXPECT_TRUE(empty.ends_with("\r\n\r\n")) << empty;
}

TEST_F(ServerClientTest, LineBreaksInHeaderValuesCannotAddHeaders) {
  std::string r =
      raw_exchange(server_->port(), "GET /inject HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_NE(r.find("\r\nContent-Disposition: a  X-Injected: 1 Y: 2\r\n"), std::string::npos) << r;
  EXPECT_EQ(r.find("\nX-Injected"), std::string::npos) << r;
  EXPECT_EQ(r.find("\nY: 2"), std::string::npos) << r;
}

// A scripted peer on raw sockets: `script(connection number, fd)` plays each accepted
// connection, so a test can misbehave in ways a real server does only under failure.
class ScriptedPeer {
 public:
  explicit ScriptedPeer(std::function<void(int, int)> script) : script_(std::move(script)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 8);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      for (int n = 1;; ++n) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        connections_ = n;
        script_(n, c);
        ::close(c);
      }
    });
  }
  ~ScriptedPeer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  uint16_t port() const { return port_; }
  int connections() const { return connections_; }

  static void read_request(int fd) {  // up to the blank line (the tests send no bodies)
    std::string got;
    char c;
    while (got.find("\r\n\r\n") == std::string::npos && ::read(fd, &c, 1) == 1) got += c;
  }
  static void say(int fd, const std::string& text) { (void)!::write(fd, text.data(), text.size()); }

 private:
  std::function<void(int, int)> script_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<int> connections_{0};
  std::thread thread_;
};

TEST(HttpClientRetryTest, AStaleKeptAliveConnectionIsReplacedAndTheRequestSentAgain) {
  ScriptedPeer peer([](int n, int fd) {
    ScriptedPeer::read_request(fd);
    ScriptedPeer::say(fd, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok" + std::to_string(n));
    if (n == 1) return;  // then closes: the client's kept-alive connection has gone stale
    ScriptedPeer::read_request(fd);
  });
  HttpClient client("127.0.0.1", peer.port());
  EXPECT_EQ(client.send("GET", "/a", {{"host", "t"}}).body, "ok1");
  EXPECT_EQ(client.send("GET", "/b", {{"host", "t"}}).body, "ok2");
  EXPECT_EQ(peer.connections(), 2);
}

TEST(HttpClientRetryTest, APartlyReceivedAnswerIsNeverReplayedIntoTheSink) {
  ScriptedPeer peer([](int n, int fd) {
    ScriptedPeer::read_request(fd);
    if (n > 1) {  // a retry would get the whole body here
      ScriptedPeer::say(fd, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789");
      return;
    }
    ScriptedPeer::say(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    ScriptedPeer::read_request(fd);
    ScriptedPeer::say(
        fd, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234");  // and the connection drops
  });
  HttpClient client("127.0.0.1", peer.port());
  EXPECT_EQ(client.send("GET", "/a", {{"host", "t"}}).body, "ok");
  struct Collect : BodySink {
    void write(const char* data, size_t n) override { got.append(data, n); }
    std::string got;
  } sink;
  EXPECT_THROW(client.send("GET", "/b", {{"host", "t"}}, {}, nullptr, 0, &sink), TransportError);
  EXPECT_EQ(sink.got, "01234");
  EXPECT_EQ(peer.connections(), 1);
}

TEST(HttpClientRetryTest, ARefusedConnectionIsATransportError) {
  HttpClient client("127.0.0.1", 1);
  try {
    client.send("GET", "/", {{"host", "t"}});
    ADD_FAILURE() << "no error";
  } catch (const TransportError& e) {
    EXPECT_EQ(std::string(e.what()), "connect: Connection refused");
  }
}

}  // namespace server_client_test
}  // namespace wharf::net
