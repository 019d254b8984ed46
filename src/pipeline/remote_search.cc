// Indexes at an Elasticsearch-compatible endpoint (another `wharf serve`, Elasticsearch 7/8,
// OpenSearch) over the REST API: mappings and index creation, `_bulk` in bounded NDJSON requests
// (a request answered 429/503, and each document answered 429, is sent again after a backoff),
// `_refresh`, `_aliases` for the swap of a full refresh, `_search` with search_after for reading
// (sorted on _id; where the engine refuses that, as Elasticsearch 8 does by default, through a
// point in time sorted on _shard_doc). Bulk requests go out on kLanes connections at once; a
// document id always takes the same lane, so the writes of one document keep their order.
// Documents without an id get one here, so that a request sent twice cannot add them twice.
#include <boost/json.hpp>

#include <functional>
#include <map>

#include "core/encoding.h"
#include "core/error.h"
#include "core/random.h"
#include "core/url.h"
#include "pipeline/remote_endpoint.h"
#include "pipeline/search_connection.h"
#include "pipeline/spec_node.h"

namespace wharf::pipeline {
namespace {

namespace json = boost::json;

class RemoteSearch : public SearchConnection {
 public:
  RemoteSearch(const std::string& endpoint, const SpecNode& spec) : conn_(endpoint, "Elasticsearch") {
    auto user = spec.string_or("username", "");
    if (!user.empty())
      authorization_ = "Basic " + core::base64_encode(user + ":" + spec.string_or("password", ""));
    for (size_t i = 0; i < kLanes; ++i) lanes_.push_back(std::make_unique<RemoteConnection>(endpoint, "Elasticsearch"));
  }

  ~RemoteSearch() override {
    for (auto& [index, pit] : pits_) {
      try {  // a point in time holds segments on the cluster until it expires: release it now
        send("DELETE", "/_pit", json::serialize(json::object{{"id", pit}}));
      } catch (...) {
      }
    }
  }

  std::string describe(const std::string& index) const override { return "index " + index + " at " + conn_.url(); }

  std::optional<json::value> mappings(const std::string& index) override {
    auto r = send("GET", "/" + path(index) + "/_mapping");
    if (r.status == 404) return std::nullopt;
    auto doc = expect(r, "reading the mappings of " + index);
    // {"<concrete index>": {"mappings": {...}}}: through an alias the key is the index's name.
    for (auto& [name, body] : doc)
      if (auto* m = body.is_object() ? body.as_object().if_contains("mappings") : nullptr) return *m;
    return json::value(json::object());
  }

  void create(const std::string& index, const json::value& mappings) override {
    json::object body;
    if (!mappings.is_null()) body["mappings"] = mappings;
    auto r = send("PUT", "/" + path(index), json::serialize(body));
    if (r.status == 400 && error_type(r) == "resource_already_exists_exception") return;
    expect(r, "creating " + index);
  }

  uint64_t apply(const std::string& index, std::vector<SearchWrite>& writes) override {
    std::vector<std::vector<const SearchWrite*>> lanes(kLanes);
    for (auto& w : writes) {
      if (w.id.empty()) w.id = core::random_hex(10);  // 20 characters, as Elasticsearch's own ids
      lanes[std::hash<std::string>{}(w.id) % kLanes].push_back(&w);
    }
    std::vector<uint64_t> deleted(kLanes);
    run_lanes(kLanes, [&](size_t i) {
      if (!lanes[i].empty()) deleted[i] = write_lane(*lanes_[i], index, lanes[i]);
    });
    uint64_t total = 0;
    for (auto d : deleted) total += d;
    return total;
  }

  void refresh(const std::string& index) override {
    expect(send("POST", "/" + path(index) + "/_refresh"), "refreshing " + index);
  }

  void swap_alias(const std::string& alias, const std::string& index) override {
    json::array actions{json::object{{"add", json::object{{"index", index}, {"alias", alias}}}}};
    auto r = send("GET", "/_alias/" + path(alias));
    if (r.status != 404) {  // {"<index>": {"aliases": {...}}} for each index the alias names
      for (auto& [name, body] : expect(r, "reading alias " + alias))
        if (name != index) actions.push_back(json::object{{"remove_index", json::object{{"index", name}}}});
    } else if (mappings(alias)) {  // a concrete index of that name (loaded before in upsert mode)
      actions.push_back(json::object{{"remove_index", json::object{{"index", alias}}}});
    }
    expect(send("POST", "/_aliases", json::serialize(json::object{{"actions", std::move(actions)}})),
           "pointing alias " + alias + " at " + index);
  }

  std::vector<std::pair<std::string, bool>> indices_named(const std::string& prefix, const std::string& alias) override {
    std::vector<std::pair<std::string, bool>> out;
    auto r = send("GET", "/" + path(prefix) + "*/_alias");
    if (r.status == 404) return out;
    for (auto& [name, body] : expect(r, "listing indices " + prefix + "*")) {
      if (!name.starts_with(prefix)) continue;  // an index behind an alias the wildcard matched
      bool aliased = false;
      if (auto* a = body.is_object() ? body.as_object().if_contains("aliases") : nullptr; a && a->is_object())
        aliased = a->as_object().contains(alias);
      out.emplace_back(std::string(name), aliased);
    }
    return out;
  }

  void remove_index(const std::string& index) override {
    auto r = send("DELETE", "/" + path(index));
    if (r.status != 404) expect(r, "deleting " + index);
  }

  std::vector<SearchHit> page(const std::string& index, const json::value& query, size_t size,
                              const json::value& after) override {
    json::object body{{"size", size}};
    if (!query.is_null()) body["query"] = query;
    if (!after.is_null()) body["search_after"] = after;
    net::ClientResponse r;
    if (!pits_.count(index)) {
      body["sort"] = json::array{json::object{{"_id", "asc"}}};
      r = send("POST", "/" + path(index) + "/_search", json::serialize(body));
      // Elasticsearch 8 refuses to sort on _id unless indices.id_field_data.enabled: page through
      // a point in time instead (only possible from the first page: the orders differ).
      if (r.status == 400 && after.is_null() && error_type(r) == "illegal_argument_exception" &&
          r.body.find("_id") != std::string::npos) {
        auto pit = expect(send("POST", "/" + path(index) + "/_pit?keep_alive=5m"), "opening a point in time on " + index);
        auto* id = pit.if_contains("id");
        if (!id || !id->is_string())
          throw core::Error("SearchError", 502, "_pit at " + conn_.url() + " answered no id");
        pits_[index] = std::string(id->as_string());
      }
    }
    if (auto pit = pits_.find(index); pit != pits_.end()) {
      body["sort"] = json::array{json::object{{"_shard_doc", "asc"}}};
      body["pit"] = json::object{{"id", pit->second}, {"keep_alive", "5m"}};
      r = send("POST", "/_search", json::serialize(body));
    }
    auto doc = expect(r, "searching " + index);
    if (auto* pit = doc.if_contains("pit_id"); pit && pit->is_string() && pits_.count(index))
      pits_[index] = std::string(pit->as_string());  // the id may change from page to page
    std::vector<SearchHit> hits;
    auto* outer = doc.if_contains("hits");
    auto* list = outer && outer->is_object() ? outer->as_object().if_contains("hits") : nullptr;
    if (!list || !list->is_array()) return hits;
    for (const auto& h : list->as_array()) {
      if (!h.is_object()) continue;
      SearchHit hit;
      if (auto* id = h.as_object().if_contains("_id"); id && id->is_string()) hit.id = id->as_string();
      if (auto* src = h.as_object().if_contains("_source")) hit.source = json::serialize(*src);
      if (auto* sort = h.as_object().if_contains("sort")) hit.sort = *sort;
      hits.push_back(std::move(hit));
    }
    return hits;
  }

 private:
  static constexpr size_t kBulkBytes = 4 << 20;  // per _bulk request
  static constexpr size_t kLanes = 4;

  // One lane's writes, in order, as _bulk requests of up to kBulkBytes.
  uint64_t write_lane(RemoteConnection& conn, const std::string& index, const std::vector<const SearchWrite*>& writes) {
    uint64_t deleted = 0;
    std::string body;
    std::vector<const SearchWrite*> in_body;
    for (const auto* w : writes) {
      append_action(body, index, *w);
      in_body.push_back(w);
      if (body.size() >= kBulkBytes) deleted += bulk(conn, index, body, in_body);
    }
    if (!in_body.empty()) deleted += bulk(conn, index, body, in_body);
    return deleted;
  }

  static std::string path(const std::string& name) { return core::aws_uri_encode(name, false); }

  static void append_action(std::string& body, const std::string& index, const SearchWrite& w) {
    json::object meta{{"_index", index}};
    if (!w.id.empty()) meta["_id"] = w.id;
    body += json::serialize(json::object{{w.remove ? "delete" : "index", std::move(meta)}});
    body += '\n';
    if (!w.remove) {
      body += w.source;
      body += '\n';
    }
  }

  // Sends one _bulk body; documents answered 429 go again (after a backoff) until taken.
  uint64_t bulk(RemoteConnection& conn, const std::string& index, std::string& body,
                std::vector<const SearchWrite*>& writes) {
    uint64_t deleted = 0;
    for (int attempt = 0; !writes.empty(); ++attempt) {
      if (attempt > 0) remote_backoff(attempt - 1);
      auto r = send("POST", "/_bulk", body, "application/x-ndjson", &conn);
      if ((r.status == 429 || r.status == 503) && attempt + 1 < kRemoteAttempts) continue;  // pushed back whole
      auto doc = expect(r, "writing to " + index);
      auto* items = doc.if_contains("items");
      if (!items || !items->is_array() || items->as_array().size() != writes.size())
        throw core::Error("SearchError", 502, "_bulk at " + conn_.url() + " answered a different number of items");
      std::vector<const SearchWrite*> again;
      std::string again_body;
      for (size_t i = 0; i < writes.size(); ++i) {
        const auto& item = items->as_array()[i];
        const json::object* result = nullptr;
        if (item.is_object() && !item.as_object().empty() && item.as_object().begin()->value().is_object())
          result = &item.as_object().begin()->value().as_object();
        int status = result && result->contains("status") ? static_cast<int>(result->at("status").to_number<int64_t>()) : 0;
        if (status == 429 && attempt + 1 < kRemoteAttempts) {
          again.push_back(writes[i]);
          append_action(again_body, index, *writes[i]);
          continue;
        }
        if (writes[i]->remove && (status == 200 || status == 404)) {
          if (status == 200) ++deleted;
          continue;
        }
        if (status < 200 || status >= 300) {
          std::string reason = result && result->contains("error") ? json::serialize(result->at("error")) : "no status";
          throw core::Error("SearchError", 400, "writing document '" + writes[i]->id + "' to " + describe(index) +
                                                    ": " + reason);
        }
      }
      writes = std::move(again);
      body = std::move(again_body);
    }
    body.clear();
    return deleted;
  }

  net::ClientResponse send(const std::string& method, const std::string& target, const std::string& body = {},
                           const std::string& content_type = "application/json", RemoteConnection* on = nullptr) {
    net::Headers h = {{"host", conn_.host_header()}};
    if (!body.empty() || method == "POST" || method == "PUT") h.emplace_back("content-type", content_type);
    if (!authorization_.empty()) h.emplace_back("authorization", authorization_);
    return (on ? *on : conn_).send(method, target, h, body);
  }

  static std::string error_type(const net::ClientResponse& r) {
    boost::system::error_code ec;
    auto doc = json::parse(r.body, ec);
    if (ec || !doc.is_object()) return {};
    auto* e = doc.as_object().if_contains("error");
    if (e && e->is_object())
      if (auto* t = e->as_object().if_contains("type"); t && t->is_string()) return std::string(t->as_string());
    return {};
  }

  // The response object of a 2xx answer; otherwise the engine's error type and reason.
  json::object expect(const net::ClientResponse& r, const std::string& what) {
    boost::system::error_code ec;
    auto doc = json::parse(r.body, ec);
    if (r.status >= 200 && r.status < 300 && !ec && doc.is_object()) return std::move(doc.as_object());
    std::string type = error_type(r), reason;
    if (!ec && doc.is_object())
      if (auto* e = doc.as_object().if_contains("error"); e && e->is_object())
        if (auto* why = e->as_object().if_contains("reason"); why && why->is_string()) reason = why->as_string();
    if (type.empty()) type = "HTTP " + std::to_string(r.status);
    throw core::Error(type, r.status >= 500 ? 502 : 400,
                      what + " at " + conn_.url() + ": " + type + (reason.empty() ? "" : ": " + reason));
  }

  RemoteConnection conn_;                                // everything but _bulk
  std::vector<std::unique_ptr<RemoteConnection>> lanes_;  // _bulk, one connection per lane
  std::string authorization_;
  std::map<std::string, std::string> pits_;  // index -> point in time, where _id cannot be sorted on
};

}  // namespace

std::unique_ptr<SearchConnection> remote_search(const std::string& endpoint, const SpecNode& spec) {
  return std::make_unique<RemoteSearch>(endpoint, spec);
}

}  // namespace wharf::pipeline
