#include "cli/demo.h"

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "auth/signer.h"
#include "cli/data_dir.h"
#include "cli/demo_data.h"
#include "cli/run.h"
#include "core/clock.h"
#include "core/json_codec.h"
#include "dynamo/item_codec.h"
#include "search/searcher.h"

namespace wharf::cli {
namespace fs = std::filesystem;
namespace {

std::string find_pipelines(const std::string& given, const std::string& argv0) {
  if (!given.empty()) return given;
  for (fs::path p : {fs::path("examples/ecommerce"),
                     fs::absolute(argv0).parent_path() / "../examples/ecommerce",
                     fs::absolute(argv0).parent_path() / "../share/wharf/examples/ecommerce"})
    if (fs::is_directory(p)) return p.lexically_normal().string();
  throw core::Error("DemoError", 500,
                    "cannot find the demo pipelines (examples/ecommerce): run from the wharf "
                    "checkout or give --pipelines DIR");
}

void ensure_bucket(s3::ObjectStore& objects, const std::string& name, const std::string& owner) {
  if (!objects.find_bucket(name)) objects.create_bucket(name, owner, "us-east-1");
}

class StringSource : public core::ByteSource {
 public:
  explicit StringSource(const std::string& s) : s_(s) {}
  size_t read(char* buf, size_t n) override {
    n = std::min(n, s_.size() - pos_);
    std::copy_n(s_.data() + pos_, n, buf);
    pos_ += n;
    return n;
  }

 private:
  const std::string& s_;
  size_t pos_ = 0;
};

std::string field(const core::Map& o, const char* name) {
  auto it = o.find(name);
  if (it == o.end()) return "";
  if (it->second.is<std::string>()) return it->second.as<std::string>();
  return core::to_json(it->second);  // numbers exact, as they were indexed
}

void print_search(search::SearchService& search, const std::string& title, const std::string& body) {
  auto json = boost::json::parse(body);
  auto req = search::SearchRequest::parse(&json, body, {});
  auto result = search::execute_search({search.get("products")}, req);
  std::cout << "  " << title << "  (" << result.total << " matches)\n";
  for (auto& hit : result.hits) {
    auto src = core::parse_json(hit.doc.source).as<core::Map>();
    std::cout << "    " << field(src, "product_id") << "  " << field(src, "price") << " CNY  "
              << field(src, "name") << "\n";
  }
}

std::optional<core::Map> get_item(dynamo::TableStore& tables, const std::string& table,
                                  const std::string& key, const std::string& value) {
  if (!tables.find(table)) return std::nullopt;
  return tables.get_item(table, core::Map{{key, value}});
}

std::string str(const core::Map& m, const std::string& k) {
  auto it = m.find(k);
  return it != m.end() && it->second.is<std::string>() ? it->second.as<std::string>() : "";
}

void print_recommendations(DataDir& data) {
  if (!data.tables.find("recommendations")) return;
  dynamo::ReadRequest r;
  r.table = "recommendations";
  r.limit = 200;
  auto page = data.tables.scan(r);
  // The user with the most recommendations among the first page, for a telling example.
  std::optional<core::Map> best;
  for (auto& encoded : page.items) {
    auto item = dynamo::decode_item(encoded);
    auto size = [](const core::Map& m) { return m.at("recommendations").as<core::List>().size(); };
    if (!best || size(item) > size(*best)) best = item;
  }
  if (!best) return;
  std::string user_id = str(*best, "user_id");
  auto user = get_item(data.tables, "users", "user_id", user_id);
  std::cout << "\nrecommendations for " << user_id << " (" << (user ? str(*user, "name") : "?") << ", "
            << (user ? str(*user, "city") : "") << "), from what customers who bought the same "
            << "things also bought:\n";
  const auto& recs = best->at("recommendations").as<core::List>();
  const auto& scores = best->at("scores").as<core::List>();
  for (size_t i = 0; i < recs.size(); ++i) {
    std::string pid = recs[i].as<std::string>();
    auto product = get_item(data.tables, "products", "product_id", pid);
    std::cout << "    " << pid << "  (bought together " << scores[i].as<core::Decimal>().to_string()
              << "x)  " << (product ? str(*product, "name") : "") << "\n";
  }
}

}  // namespace

int demo(const core::Config& config, const DemoCommand& cmd, const std::string& argv0) {
  std::string dir = find_pipelines(cmd.pipelines_dir, argv0);
  std::vector<std::string> files;
  for (auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".yaml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  // The cache pipeline needs a Redis; the facts go to PostgreSQL when one is given.
  if (cmd.redis_url) ::setenv("WHARF_REDIS_URL", cmd.redis_url->c_str(), 1);
  if (cmd.sql_url) ::setenv("WHARF_SQL_URL", cmd.sql_url->c_str(), 1);
  if (!cmd.redis_url && !std::getenv("WHARF_REDIS_URL"))
    std::erase_if(files, [](const std::string& f) { return f.find("redis") != std::string::npos; });

  std::string owner = config.users.empty() ? "wharf" : config.users.front().name;
  {
    DataDir data(config);
    ensure_bucket(data.objects, "raw", owner);
    ensure_bucket(data.objects, "reports", owner);
    auto raw = generate_demo_data(cmd.seed, DemoSize{cmd.users, cmd.products, cmd.orders});
    uint64_t bytes = 0;
    for (auto& f : raw) {
      StringSource body(f.bytes);
      s3::WriteOptions wo;
      wo.owner = owner;
      wo.headers["content-type"] = f.content_type;
      data.objects.put_object("raw", f.key, body, s3::PayloadChecks{}, wo);
      bytes += f.bytes.size();
    }
    std::cout << "raw data: " << raw.size() << " objects, " << bytes / 1024 << " KiB in s3://raw/ (seed "
              << cmd.seed << ": " << cmd.users << " users, " << cmd.products << " products, " << cmd.orders
              << " orders, dirty on purpose)\n\n";
  }
  RunCommand run_cmd;
  run_cmd.files = files;
  int rc = run(config, run_cmd);
  if (rc != 0) return rc;

  DataDir data(config);
  std::cout << "\nsearches on the products index (BM25, Chinese and English text):\n";
  print_search(data.search, "match name 手机 (mobile phone)",
               R"({"size": 3, "query": {"match": {"name": "手机"}}})");
  print_search(data.search, "multi_match 'bluetooth earbuds' in name and description",
               R"({"size": 3, "query": {"multi_match": {"query": "bluetooth earbuds", "fields": ["name^2", "description"]}}})");
  print_search(data.search, "tea under 100 CNY",
               R"({"size": 3, "query": {"bool": {"must": {"match": {"description": "tea"}}, "filter": {"range": {"price": {"lte": 100}}}}}})");
  print_recommendations(data);

  const auto& root = config.users.empty() ? core::UserConfig{"wharf", core::kDefaultRootAccessKey, core::kDefaultRootSecretKey}
                                          : config.users.front();
  std::string endpoint = "http://" + (config.host == "0.0.0.0" ? std::string("127.0.0.1") : config.host) + ":" +
                         std::to_string(config.port);
  std::string url = auth::presign_url("GET", endpoint, "/reports/daily_sales.csv",
                                      auth::SigningCredentials{root.access_key, root.secret_key, config.region, "s3"},
                                      3600, core::now_millis() / 1000);
  std::cout << "\nthe daily sales report, shared for an hour (serve it with `wharf serve --data "
            << config.data_dir << "`):\n  " << url << "\n";
  return 0;
}

}  // namespace wharf::cli
