// Load generator for DynamoDB servers: SigV4-signed JSON requests over keep-alive connections.
// Prints the rows of bench/common/load_gen.h for PutItem, GetItem, Query (100 items),
// UpdateItem with a condition and BatchWriteItem (25 items) at each connection count.
// bench/dynamo/run.sh runs it against wharf, dynalite and moto_server in one go.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "auth/signer.h"
#include "bench/common/load_gen.h"
#include "core/clock.h"
#include "core/hash.h"

using namespace wharf;
using bench::kStop;
using bench::ok;

namespace {

struct Target {
  std::string name, host = "127.0.0.1", table = "bench";
  uint16_t port = 0;
  auth::SigningCredentials creds;
};

net::ClientResponse call(net::HttpClient& c, const Target& t, const std::string& op,
                         const std::string& body) {
  net::Headers h = {{"host", t.host + ":" + std::to_string(t.port)},
                    {"content-type", "application/x-amz-json-1.0"},
                    {"x-amz-target", "DynamoDB_20120810." + op}};
  auth::sign_request("POST", "/", {}, h, core::sha256_hex(body), t.creds,
                     core::now_millis() / 1000);
  return c.send("POST", "/", h, body);
}

// A 200-byte item with a number and a few string attributes, as an order line might be.
std::string item_json(const std::string& pk, const std::string& sk, uint64_t n) {
  return R"({"pk":{"S":")" + pk + R"("},"sk":{"S":")" + sk + R"("},"n":{"N":")" +
         std::to_string(n) +
         R"("},"sku":{"S":"SKU-0000000042"},"title":{"S":"A product title of some length"},)"
         R"("price":{"N":"19.99"},"tags":{"SS":["red","large","sale"]},)"
         R"("note":{"S":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}})";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"DynamoDB load generator (bench/dynamo)"};
  Target t;
  std::string ops = "put,get,query,update,batch";
  std::vector<int> conns = {1, 16, 64};
  double seconds = 5;
  app.add_option("--name", t.name)->required();
  app.add_option("--port", t.port)->required();
  app.add_option("--access-key", t.creds.access_key)->default_val("wharf");
  app.add_option("--secret-key", t.creds.secret_key)->default_val("wharf-secret");
  app.add_option("--ops", ops, "comma-separated: put,get,query,update,batch");
  app.add_option("--connections", conns)->delimiter(',');
  app.add_option("--seconds", seconds);
  CLI11_PARSE(app, argc, argv);
  t.creds.service = "dynamodb";
  auto want = [&](const char* op) {
    return ("," + ops + ",").find("," + std::string(op) + ",") != std::string::npos;
  };

  net::HttpClient setup(t.host, t.port);
  auto created = call(setup, t, "CreateTable",
                      R"({"TableName":")" + t.table +
                          R"(","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
                          R"({"AttributeName":"sk","KeyType":"RANGE"}],)"
                          R"("AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
                          R"({"AttributeName":"sk","AttributeType":"S"}],)"
                          R"("BillingMode":"PAY_PER_REQUEST"})");
  if (!ok(created.status) && created.body.find("ResourceInUse") == std::string::npos) {
    std::fprintf(stderr, "%s: cannot create table: %d %s\n", t.name.c_str(), created.status,
                 created.body.c_str());
    return 1;
  }
  // dynalite creates tables asynchronously: wait until the table answers.
  for (int i = 0; i < 100; ++i) {
    auto d = call(setup, t, "DescribeTable", R"({"TableName":")" + t.table + R"("})");
    if (d.body.find("\"ACTIVE\"") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const std::string table = R"("TableName":")" + t.table + R"(")";
  auto key = [&](const std::string& pk, const std::string& sk) {
    return R"("Key":{"pk":{"S":")" + pk + R"("},"sk":{"S":")" + sk + R"("}})";
  };
  auto fill = [&](const std::string& prefix, int n, const std::string& pk_fixed) {
    std::atomic<int> next{0};
    bench::run(t.host, t.port, 8, 1e9, [&](net::HttpClient& cl, int, uint64_t) -> long long {
      int k = next++;
      if (k >= n) return kStop;
      std::string pk = pk_fixed.empty() ? prefix + std::to_string(k) : pk_fixed;
      char sk[16];
      std::snprintf(sk, sizeof sk, "%04d", pk_fixed.empty() ? 0 : k);
      auto r =
          call(cl, t, "PutItem",
               "{" + table + R"(,"Item":)" + item_json(pk, sk, static_cast<uint64_t>(k)) + "}");
      return ok(r.status) ? 1 : -1;
    });
  };

  if (want("put"))
    for (int c : conns)
      bench::report(
          t.name, "PutItem", c,
          bench::run(t.host, t.port, c, seconds,
                     [&](net::HttpClient& cl, int conn, uint64_t i) -> long long {
                       std::string pk = "put-" + std::to_string(conn) + "-" + std::to_string(i);
                       auto r = call(cl, t, "PutItem",
                                     "{" + table + R"(,"Item":)" + item_json(pk, "0000", i) + "}");
                       return ok(r.status) ? 1 : -1;
                     }));
  if (want("get") || want("update")) fill("get-", 1000, "");
  if (want("get"))
    for (int c : conns)
      bench::report(
          t.name, "GetItem", c,
          bench::run(t.host, t.port, c, seconds,
                     [&](net::HttpClient& cl, int conn, uint64_t i) -> long long {
                       std::string pk =
                           "get-" + std::to_string((i * 16 + static_cast<uint64_t>(conn)) % 1000);
                       auto r = call(cl, t, "GetItem", "{" + table + "," + key(pk, "0000") + "}");
                       return ok(r.status) && r.body.find("\"Item\"") != std::string::npos ? 1 : -1;
                     }));
  if (want("query")) {
    fill("", 100, "query-partition");
    for (int c : conns)
      bench::report(
          t.name, "Query 100 items", c,
          bench::run(
              t.host, t.port, c, seconds, [&](net::HttpClient& cl, int, uint64_t) -> long long {
                auto r = call(cl, t, "Query",
                              "{" + table +
                                  R"(,"KeyConditionExpression":"pk = :p",)"
                                  R"("ExpressionAttributeValues":{":p":{"S":"query-partition"}}})");
                return ok(r.status) && r.body.find("\"Count\":100") != std::string::npos ? 1 : -1;
              }));
  }
  if (want("update"))
    for (int c : conns)
      bench::report(
          t.name, "UpdateItem with condition", c,
          bench::run(t.host, t.port, c, seconds,
                     [&](net::HttpClient& cl, int conn, uint64_t i) -> long long {
                       std::string pk =
                           "get-" + std::to_string((i * 16 + static_cast<uint64_t>(conn)) % 1000);
                       auto r = call(cl, t, "UpdateItem",
                                     "{" + table + "," + key(pk, "0000") +
                                         R"(,"UpdateExpression":"SET n = n + :one",)"
                                         R"J("ConditionExpression":"attribute_exists(pk)",)J"
                                         R"("ExpressionAttributeValues":{":one":{"N":"1"}}})");
                       return ok(r.status) ? 1 : -1;
                     }));
  if (want("batch"))
    for (int c : conns)
      bench::report(t.name, "BatchWriteItem 25", c,
                    bench::run(t.host, t.port, c, seconds,
                               [&](net::HttpClient& cl, int conn, uint64_t i) -> long long {
                                 std::string body = R"({"RequestItems":{")" + t.table + R"(":[)";
                                 for (int k = 0; k < 25; ++k) {
                                   std::string pk = "batch-" + std::to_string(conn) + "-" +
                                                    std::to_string(i) + "-" + std::to_string(k);
                                   body += (k ? "," : "") +
                                           std::string(R"({"PutRequest":{"Item":)") +
                                           item_json(pk, "0000", i) + "}}";
                                 }
                                 body += "]}}";
                                 auto r = call(cl, t, "BatchWriteItem", body);
                                 return ok(r.status) && r.body.find("\"UnprocessedItems\":{}") !=
                                                            std::string::npos
                                            ? 1
                                            : -1;
                               }));
  return 0;
}
