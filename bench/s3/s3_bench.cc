// Load generator for S3 servers: SigV4-signed requests over keep-alive connections, one thread
// per connection. Prints one tab-separated row per measurement:
//   target  operation  connections  ops/s  p50_ms  p99_ms  MB/s  errors
// bench/s3/run.sh runs it against wharf and its peers in one go and prints the comparison.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cstdio>

#include "auth/signer.h"
#include "bench/common/load_gen.h"
#include "core/clock.h"
#include "core/random.h"
#include "net/http_client.h"

using namespace wharf;
using bench::kStop;
using bench::ok;

namespace {

struct Target {
  std::string name, host = "127.0.0.1", bucket = "bench";
  uint16_t port = 0;
  auth::SigningCredentials creds;
  bool sign = true;
};

// One request as the benchmark sends it: signed (UNSIGNED-PAYLOAD, as SDKs may over TLS),
// streamed bodies for large objects.
net::ClientResponse request(net::HttpClient& c, const Target& t, const std::string& method,
                            const std::string& path, const std::string& query,
                            const std::string& body = {}, core::ByteSource* stream = nullptr,
                            uint64_t length = 0, net::BodySink* sink = nullptr) {
  net::Headers h = {{"host", t.host + ":" + std::to_string(t.port)}};
  if (t.sign)
    auth::sign_request(method, path, *core::parse_query(query), h, "UNSIGNED-PAYLOAD", t.creds,
                       core::now_millis() / 1000);
  return c.send(method, query.empty() ? path : path + "?" + query, h, body, stream, length, sink);
}

template <typename Op>
bench::Result run(const Target& t, int conns, double seconds, Op op) {
  return bench::run(t.host, t.port, conns, seconds, op);
}

void report(const Target& t, const std::string& op, int conns, bench::Result r) {
  bench::report(t.name, op, conns, std::move(r));
}

class PatternSource : public core::ByteSource {
 public:
  explicit PatternSource(uint64_t n) : left_(n), block_(core::random_bytes(1 << 20)) {}
  size_t read(char* buf, size_t n) override {
    size_t take = static_cast<size_t>(std::min<uint64_t>({n, left_, block_.size() - off_}));
    std::copy_n(block_.data() + off_, take, buf);
    off_ = (off_ + take) % block_.size();
    left_ -= take;
    return take;
  }

 private:
  uint64_t left_;
  std::string block_;
  size_t off_ = 0;
};

struct Discard : net::BodySink {
  void write(const char*, size_t) override {}
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"S3 load generator (bench/s3)"};
  Target t;
  std::string ops = "put,get,list,large";
  std::vector<int> conns = {1, 16, 64};
  double seconds = 5;
  int list_keys = 100000, large_mib = 1024;
  std::string plain_get;
  app.add_option("--name", t.name)->required();
  app.add_option("--port", t.port)->required();
  app.add_option("--access-key", t.creds.access_key)->default_val("wharf");
  app.add_option("--secret-key", t.creds.secret_key)->default_val("wharf-secret");
  app.add_option("--ops", ops, "comma-separated: put,get,list,large");
  app.add_option("--connections", conns)->delimiter(',');
  app.add_option("--seconds", seconds);
  app.add_option("--list-keys", list_keys);
  app.add_option("--large-mib", large_mib);
  app.add_option("--plain-get", plain_get,
                 "unsigned GET of this path (the nginx ceiling) instead of S3 operations");
  CLI11_PARSE(app, argc, argv);
  auto want = [&](const char* op) {
    return ("," + ops + ",").find("," + std::string(op) + ",") != std::string::npos;
  };

  if (!plain_get.empty()) {
    t.sign = false;
    for (int c : conns) {
      report(t, "GET " + plain_get, c,
             run(t, c, seconds, [&](net::HttpClient& cl, int, uint64_t) -> long long {
               Discard d;
               auto r = request(cl, t, "GET", plain_get, "", {}, nullptr, 0, &d);
               return ok(r.status) ? static_cast<long long>(r.body_bytes) : -1;
             }));
    }
    return 0;
  }

  net::HttpClient setup(t.host, t.port);
  auto created = request(setup, t, "PUT", "/" + t.bucket, "");
  if (!ok(created.status) && created.status != 409) {
    std::fprintf(stderr, "%s: cannot create bucket: %d %s\n", t.name.c_str(), created.status,
                 created.body.c_str());
    return 1;
  }
  const std::string small = core::random_bytes(4096);
  const std::string base = "/" + t.bucket + "/";

  if (want("put"))
    for (int c : conns)
      report(t, "PUT 4KiB", c,
             run(t, c, seconds, [&](net::HttpClient& cl, int conn, uint64_t i) -> long long {
               auto r = request(cl, t, "PUT",
                                base + "put-" + std::to_string(conn) + "-" + std::to_string(i), "",
                                small);
               return ok(r.status) ? 4096 : -1;
             }));
  if (want("get")) {
    for (int i = 0; i < 1000; ++i)
      request(setup, t, "PUT", base + "get-" + std::to_string(i), "", small);
    for (int c : conns)
      report(t, "GET 4KiB", c,
             run(t, c, seconds, [&](net::HttpClient& cl, int conn, uint64_t i) -> long long {
               auto r = request(
                   cl, t, "GET",
                   base + "get-" + std::to_string((i * 16 + static_cast<uint64_t>(conn)) % 1000),
                   "");
               return ok(r.status) && r.body.size() == 4096 ? 4096 : -1;
             }));
  }
  if (want("list")) {
    // Fill "list/" with list_keys keys on 16 connections, then time ListObjectsV2 pages of 1000
    // keys at the start and in the middle of them.
    std::atomic<int> next{0};
    run(t, 16, 1e9, [&](net::HttpClient& cl, int, uint64_t) -> long long {
      int k = next++;
      if (k >= list_keys) return kStop;
      char key[32];
      std::snprintf(key, sizeof key, "list/%08d", k);
      return ok(request(cl, t, "PUT", base + key, "", "x").status) ? 1 : -1;
    });
    char middle[32];
    std::snprintf(middle, sizeof middle, "list%%2F%08d", list_keys / 2);
    report(t, "LIST 1000 of " + std::to_string(list_keys), 1,
           run(t, 1, seconds, [&](net::HttpClient& cl, int, uint64_t i) -> long long {
             std::string q = "list-type=2&max-keys=1000&prefix=list%2F";
             if (i % 2) q += std::string("&start-after=") + middle;
             auto r = request(cl, t, "GET", "/" + t.bucket, q);
             return ok(r.status) ? static_cast<long long>(r.body.size()) : -1;
           }));
  }
  if (want("large")) {
    uint64_t size = static_cast<uint64_t>(large_mib) << 20;
    std::string name = "PUT " + std::to_string(large_mib) + "MiB",
                get = "GET " + std::to_string(large_mib) + "MiB";
    // One transfer each: a deadline that has passed after the first request.
    report(t, name, 1, run(t, 1, 0.001, [&](net::HttpClient& cl, int, uint64_t) -> long long {
             PatternSource src(size);
             auto r = request(cl, t, "PUT", base + "large", "", {}, &src, size);
             return ok(r.status) ? static_cast<long long>(size) : -1;
           }));
    report(t, get, 1, run(t, 1, 0.001, [&](net::HttpClient& cl, int, uint64_t) -> long long {
             Discard d;
             auto r = request(cl, t, "GET", base + "large", "", {}, nullptr, 0, &d);
             return ok(r.status) && r.body_bytes == size ? static_cast<long long>(size) : -1;
           }));
  }
  return 0;
}
