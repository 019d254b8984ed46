#include "search/api/search_api.h"

#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/log.h"
#include "search/api/handlers.h"
#include "search/errors.h"

namespace wharf::search {

namespace json = boost::json;

namespace {

struct Route {
  api::Handler handler;
  const char* operation;
};

bool is(std::string_view method, std::initializer_list<std::string_view> allowed) {
  for (auto m : allowed)
    if (m == method) return true;
  return false;
}

// Picks the handler for method + path segments; nullopt when the path is unknown.
std::optional<Route> route(std::string_view m, const std::vector<std::string>& p) {
  using namespace api;
  size_t n = p.size();
  auto seg = [&](size_t i) -> std::string_view { return i < n ? std::string_view(p[i]) : ""; };
  bool get = is(m, {"GET", "HEAD"}), post = m == "POST", put = m == "PUT", del = m == "DELETE";
  if (n == 0) return get ? std::optional<Route>({info, "Info"}) : std::nullopt;
  // A name starting with '_' that is no endpoint: creating it reports the invalid name.
  if (n == 1 && put && seg(0).starts_with("_") && seg(0) != "_bulk" && seg(0) != "_mapping" &&
      seg(0) != "_settings")
    return Route{create_index, "CreateIndex"};
  // Endpoints without an index.
  if (seg(0) == "_cluster" && seg(1) == "health" && get) return Route{cluster_health, "ClusterHealth"};
  if (seg(0) == "_cat") {
    if (seg(1) == "indices" && get) return Route{cat_indices, "CatIndices"};
    if (seg(1) == "health" && get) return Route{cat_health, "CatHealth"};
    if (seg(1) == "count" && get) return Route{cat_count, "CatCount"};
    if (seg(1) == "aliases" && get) return Route{cat_aliases, "CatAliases"};
    return std::nullopt;
  }
  if (seg(0) == "_aliases" && n == 1) {
    if (post) return Route{update_aliases, "UpdateAliases"};
    if (get) return Route{get_aliases, "GetAliases"};
  }
  if (seg(0) == "_alias" && (n == 1 || n == 2)) {
    if (m == "HEAD") return Route{alias_exists, "AliasExists"};
    if (get) return Route{get_aliases, "GetAliases"};
  }
  // The rest: /{index?}/_endpoint/... where the index part may be absent.
  // Position of the endpoint segment: 0 without an index part ("_all" is an index part).
  size_t e = seg(0).starts_with("_") && seg(0) != "_all" ? 0 : 1;
  std::string_view ep = seg(e);
  if (ep == "_search" && n == e + 1 && (get || post)) return Route{search, "Search"};
  if (ep == "_count" && n == e + 1 && (get || post)) return Route{count, "Count"};
  if (ep == "_msearch" && n == e + 1 && (get || post)) return Route{msearch, "MultiSearch"};
  if (ep == "_bulk" && n == e + 1 && (post || put)) return Route{bulk, "Bulk"};
  if (ep == "_mget" && n == e + 1 && (get || post)) return Route{mget, "MultiGet"};
  if (ep == "_analyze" && n == e + 1 && (get || post)) return Route{analyze, "Analyze"};
  if ((ep == "_refresh" || ep == "_flush") && n == e + 1 && (get || post))
    return Route{refresh, "Refresh"};
  if ((ep == "_mapping" || ep == "_mappings") && seg(e + 1) == "field" && n == e + 3 && get)
    return Route{get_field_mapping, "GetFieldMapping"};
  if (ep == "_mapping" || ep == "_mappings") {
    if (get) return Route{get_mapping, "GetMapping"};
    if ((put || post) && e == 1) return Route{put_mapping, "PutMapping"};
  }
  if (ep == "_settings") {
    if (get) return Route{get_settings, "GetSettings"};
    if (put && e == 1) return Route{put_settings, "PutSettings"};
  }
  if ((ep == "_alias" || ep == "_aliases") && e == 1) {
    if (n == 3 && (put || post)) return Route{put_alias, "PutAlias"};
    if (n == 3 && del) return Route{delete_alias, "DeleteAlias"};
    if (m == "HEAD" && n == 3) return Route{alias_exists, "AliasExists"};
    if (get) return Route{get_aliases, "GetAliases"};
  }
  if (ep == "_delete_by_query" && e == 1 && post) return Route{delete_by_query, "DeleteByQuery"};
  if (e == 1) {
    if (n == 1) {
      if (put || post) return put ? Route{create_index, "CreateIndex"} : std::optional<Route>();
      if (del) return Route{delete_index, "DeleteIndex"};
      if (m == "HEAD") return Route{index_exists, "IndexExists"};
      if (m == "GET") return Route{get_index, "GetIndex"};
    }
    if (ep == "_doc" && n == 2 && post) return Route{index_doc, "Index"};
    if (ep == "_doc" && n == 3) {
      if (put || post) return Route{index_doc, "Index"};
      if (get) return Route{get_doc, "Get"};
      if (del) return Route{delete_doc, "Delete"};
    }
    if (ep == "_create" && n == 3 && (put || post)) return Route{create_doc, "Create"};
    if (ep == "_update" && n == 3 && post) return Route{update_doc, "Update"};
    if (ep == "_source" && n == 3 && get) return Route{get_source, "GetSource"};
    if (ep == "_explain" && n == 3 && (get || post)) return Route{explain, "Explain"};
    // 6.x-style typed paths: /{index}/{type}/{id}
    if (n == 3 && !seg(1).starts_with("_")) {
      if (put || post) return Route{index_doc, "Index"};
      if (get) return Route{get_doc, "Get"};
      if (del) return Route{delete_doc, "Delete"};
    }
  }
  return std::nullopt;
}

}  // namespace

net::Response SearchApi::handle(net::Request& req, net::RequestInfo& info) {
  info.api = "search";
  EsRequest es(req);
  // Path segments, percent-decoded.
  std::string_view path = req.path;
  size_t pos = 0;
  while (pos < path.size()) {
    size_t slash = path.find('/', pos);
    std::string_view seg = path.substr(pos, slash == std::string_view::npos ? path.npos : slash - pos);
    if (!seg.empty()) es.parts.push_back(core::percent_decode(seg).value_or(std::string(seg)));
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  // URL parameters are form-encoded for Elasticsearch: '+' is a space.
  std::string query = req.query;
  std::replace(query.begin(), query.end(), '+', ' ');
  es.params = core::parse_query(query).value_or(core::QueryParams{});
  // Bodies must be JSON (or NDJSON for _bulk/_msearch), as Elasticsearch insists.
  std::string_view ctype = req.header("content-type");
  if (!ctype.empty() && ctype.find("json") == std::string_view::npos &&
      (req.content_length.value_or(1) > 0) && req.method != "GET" && req.method != "HEAD") {
    info.operation = "Unsupported";
    std::string type(ctype.substr(0, ctype.find(';')));
    return json_reply(es, 406,
                      json::object{{"error", fmt::format("Content-Type header [{}] is not supported", ctype)},
                                   {"status", 406}});
  }
  auto r = route(req.method, es.parts);
  if (!r) {
    info.operation = "Unknown";
    json::value body = json::object{
        {"error", fmt::format("no handler found for uri [{}] and method [{}]", req.target,
                              req.method)},
        {"status", 400}};
    return json_reply(es, 400, body);
  }
  info.operation = r->operation;
  try {
    return r->handler(service_, es);
  } catch (const core::Error& e) {
    return error_reply(es, e);
  } catch (const Xapian::Error& e) {
    spdlog::error("search {} {}: {}: {}", req.method, req.target, e.get_type(), e.get_msg());
    return error_reply(es, es_error("exception", e.get_type() + std::string(": ") + e.get_msg()));
  } catch (const std::exception& e) {
    spdlog::error("search {} {}: {}", req.method, req.target, e.what());
    return error_reply(es, es_error("exception", e.what()));
  }
}

}  // namespace wharf::search
