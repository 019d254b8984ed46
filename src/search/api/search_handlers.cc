// _search, _count, _msearch and _delete_by_query.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <chrono>

#include "search/api/handlers.h"
#include "search/errors.h"
#include "search/searcher.h"
#include "search/source_filter.h"

namespace wharf::search::api {

namespace json = boost::json;

namespace {

std::vector<std::shared_ptr<SearchIndex>> targets(SearchService& service, const EsRequest& req) {
  bool all = req.parts.empty() || req.parts[0].starts_with("_");
  return service.resolve(all ? "_all" : req.parts[0], req.param("ignore_unavailable") == "true");
}

json::object shards(size_t n) {
  return json::object{{"total", n}, {"successful", n}, {"skipped", 0}, {"failed", 0}};
}

// Errors of the request's own syntax are reported as they are; what fails while running on the
// index (field types, sort, result window) comes wrapped as a shard failure, as in ES.
[[noreturn]] void rethrow_wrapped(const core::Error& e,
                                  const std::vector<std::shared_ptr<SearchIndex>>& indices) {
  if (e.code() == "parsing_exception" || e.code() == "x_content_parse_exception" ||
      e.code() == "index_not_found_exception" || e.code() == "action_request_validation_exception")
    throw e;
  throw shard_failure(e, indices.empty() ? "" : indices[0]->name());
}

json::object render(const SearchRequest& sr, const SearchResult& res, int64_t took,
                    bool total_as_int, RawSplices& splices) {
  json::array hits;
  for (const auto& h : res.hits) {
    json::object o{{"_index", h.index}, {"_type", "_doc"}, {"_id", h.doc.id}};
    if (sr.version) o["_version"] = h.doc.meta.version;
    if (sr.seq_no_primary_term) {
      o["_seq_no"] = h.doc.meta.seq_no;
      o["_primary_term"] = h.doc.meta.primary_term;
    }
    o["_score"] = h.score ? score_json(*h.score) : json::value(nullptr);
    if (sr.source.trivial() && !h.doc.source.empty()) {
      o["_source"] = splices.add(h.doc.source);  // as indexed (validated JSON), byte for byte
    } else if (sr.source.enabled) {
      json::error_code ec;
      json::value src = json::parse(h.doc.source, ec);
      o["_source"] = ec ? json::value(nullptr) : sr.source.apply(src);
    }
    if (!h.highlight.empty()) o["highlight"] = h.highlight;
    if (!h.fields.empty()) o["fields"] = h.fields;
    if (!sr.sort.empty()) o["sort"] = h.sort;
    if (h.explanation) {
      o["_shard"] = fmt::format("[{}][0]", h.index);
      o["_node"] = "wharf";
      o["_explanation"] = *h.explanation;
    }
    hits.push_back(std::move(o));
  }
  json::object hits_obj;
  if (!res.track_total && total_as_int) hits_obj["total"] = -1;
  if (res.track_total) {
    if (total_as_int)
      hits_obj["total"] = res.total;
    else
      hits_obj["total"] = json::object{{"value", res.total},
                                       {"relation", res.total_exact ? "eq" : "gte"}};
  }
  hits_obj["max_score"] = res.max_score ? score_json(*res.max_score) : json::value(nullptr);
  hits_obj["hits"] = std::move(hits);
  json::object out{{"took", took},
                   {"timed_out", false},
                   {"_shards", shards(res.shards)},
                   {"hits", std::move(hits_obj)}};
  if (res.aggregations) out["aggregations"] = *res.aggregations;
  return out;
}

json::object run_search(SearchService& service, const std::string& expression,
                        const std::vector<std::shared_ptr<SearchIndex>>& indices,
                        const json::value* body, std::string_view raw, const core::QueryParams& params,
                        bool total_as_int, RawSplices& splices,
                        std::vector<std::string>* warnings = nullptr) {
  auto started = std::chrono::steady_clock::now();
  try {
    SearchRequest sr = SearchRequest::parse(body, raw, params);
    if (warnings) *warnings = sr.warnings;
    if (total_as_int) {  // an integer total must be exact (or absent)
      if (!sr.track_total_hits_given)
        sr.track_total_hits = INT64_MAX;
      else if (sr.track_total_hits != INT64_MAX && sr.track_total_hits != -1)
        throw illegal_argument(fmt::format(
            "[rest_total_hits_as_int] cannot be used if the tracking of total hits is not accurate, got {}",
            sr.track_total_hits));
    }
    bool ignore_unavailable = false;
    for (const auto& [k, v] : params)
      if (k == "ignore_unavailable") ignore_unavailable = v == "true";
    if (!ignore_unavailable)
      for (const auto& [name, b] : sr.indices_boost)
        if (service.resolve(name, true).empty()) throw index_not_found(name);
    if (sr.query)
      resolve_terms_lookups(*sr.query, [&](const std::string& index, const std::string& id) {
        auto doc = service.get(index)->get(id);
        return doc ? std::optional<std::string>(std::move(doc->source)) : std::nullopt;
      });
    for (auto& [index, filter] : service.alias_filters(expression))
      sr.index_filters[index] = parse_query(filter);
    SearchResult res = execute_search(indices, sr);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - started)
                    .count();
    return render(sr, res, took, total_as_int, splices);
  } catch (const core::Error& e) {
    rethrow_wrapped(e, indices);
  }
}

std::string expression_of(const EsRequest& req) {
  return req.parts.empty() || req.parts[0].starts_with("_") ? "_all" : req.parts[0];
}

}  // namespace

net::Response search(SearchService& service, EsRequest& req) {
  json::value body = req.json_body();
  const std::string& raw = req.raw_body();
  auto indices = targets(service, req);
  std::vector<std::string> warnings;
  auto r = json_reply(req, 200,
                      run_search(service, expression_of(req), indices, body.is_null() ? nullptr : &body, raw,
                                 req.params, req.flag("rest_total_hits_as_int"), req.splices,
                                 &warnings));
  for (const auto& w : warnings) add_deprecation_warning(r, w);
  return r;
}

net::Response count(SearchService& service, EsRequest& req) {
  json::value body = req.json_body();
  const std::string& raw = req.raw_body();
  auto indices = targets(service, req);
  QueryPtr query;
  try {
    if (body.is_object()) {
      for (const auto& [k, v] : body.as_object()) {
        if (k == "query") query = parse_query(v, raw);
        else
          throw parsing_error(fmt::format("request does not support [{}]", std::string(k)));
      }
    }
    if (QueryPtr q = uri_query(req.params)) query = std::move(q);
    std::map<std::string, QueryPtr> filters;
    for (auto& [index, filter] : service.alias_filters(expression_of(req)))
      filters[index] = parse_query(filter);
    uint64_t n = execute_count(indices, query.get(), filters);
    size_t n_shards = 0;
    for (const auto& idx : indices) n_shards += static_cast<size_t>(idx->meta().number_of_shards);
    return json_reply(req, 200, json::object{{"count", n}, {"_shards", shards(n_shards)}});
  } catch (const core::Error& e) {
    rethrow_wrapped(e, indices);
  }
}

net::Response msearch(SearchService& service, EsRequest& req) {
  std::string& raw = req.raw_body();
  json::array responses;
  size_t pos = 0;
  auto next_line = [&](std::string& line) {
    while (pos < raw.size()) {
      size_t nl = raw.find('\n', pos);
      line = raw.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
      pos = nl == std::string::npos ? raw.size() : nl + 1;
      if (line.find_first_not_of(" \t\r") != std::string::npos) return true;
    }
    return false;
  };
  std::string header_line, body_line;
  while (next_line(header_line)) {
    if (!next_line(body_line)) body_line = "{}";
    try {
      json::value header = json::parse(header_line);
      json::value body = json::parse(body_line);
      std::string index = req.parts.size() == 2 ? req.parts[0] : "_all";
      if (header.is_object())
        if (auto i = header.as_object().if_contains("index")) {
          if (i->is_string()) index = std::string(i->as_string());
          else if (i->is_array()) {
            index.clear();
            for (const auto& e : i->as_array()) index += (index.empty() ? "" : ",") + std::string(e.as_string());
          }
        }
      auto indices = service.resolve(index);
      json::object r = run_search(service, index, indices, &body, body_line, {}, false, req.splices);
      r["status"] = 200;
      responses.push_back(std::move(r));
    } catch (const core::Error& e) {
      responses.push_back(json::object{{"error", error_object(e)}, {"status", e.http_status()}});
    } catch (const std::exception& e) {
      auto err = es_error("parse_exception", e.what());
      responses.push_back(json::object{{"error", error_object(err)}, {"status", 400}});
    }
  }
  return json_reply(req, 200, json::object{{"took", 0}, {"responses", std::move(responses)}});
}

net::Response delete_by_query(SearchService& service, EsRequest& req) {
  auto started = std::chrono::steady_clock::now();
  json::value body = req.json_body();
  const std::string& raw = req.raw_body();
  auto indices = targets(service, req);
  if (!body.is_object() || !body.as_object().contains("query"))
    throw validation_failed("query is missing");
  uint64_t deleted = 0, total = 0;
  for (const auto& idx : indices) {
    idx->refresh();
    // Matching ids from a full search, then deletes one by one.
    SearchRequest sr;
    sr.query = parse_query(body.as_object().at("query"), raw);
    sr.size = 0;
    sr.track_total_hits = INT64_MAX;
    size_t matched = execute_search({idx}, sr).total;
    total += matched;
    for (size_t from = 0; from < matched;) {
      SearchRequest page;
      page.query = parse_query(body.as_object().at("query"), raw);
      page.size = std::min<size_t>(1000, matched - from);
      page.sort.push_back(SortSpec{"_doc", true, "_last", "", ""});
      page.source.enabled = false;
      auto res = execute_search({idx}, page);
      if (res.hits.empty()) break;
      for (const auto& h : res.hits)
        if (idx->remove(h.doc.id, WriteOptions{}).result == "deleted") ++deleted;
      idx->make_durable();
      idx->refresh();
      from += res.hits.size();
    }
  }
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
  return json_reply(req, 200,
                    json::object{{"took", took},
                                 {"timed_out", false},
                                 {"total", total},
                                 {"deleted", deleted},
                                 {"batches", 1},
                                 {"version_conflicts", 0},
                                 {"noops", 0},
                                 {"retries", json::object{{"bulk", 0}, {"search", 0}}},
                                 {"throttled_millis", 0},
                                 {"requests_per_second", -1.0},
                                 {"throttled_until_millis", 0},
                                 {"failures", json::array()}});
}

}  // namespace wharf::search::api

namespace wharf::search::api {

net::Response explain(SearchService& service, EsRequest& req) {
  json::value body = req.json_body();
  const std::string& raw = req.raw_body();
  auto idx = service.get(req.parts[0]);
  const std::string& id = req.parts[2];
  QueryPtr query = uri_query(req.params);
  if (!query && body.is_object() && body.as_object().contains("query"))
    query = parse_query(body.as_object().at("query"), raw);
  if (!query) throw validation_failed("query is missing");
  json::object out{{"_index", idx->name()}, {"_type", "_doc"}, {"_id", id}};
  if (!idx->get(id)) {
    out["matched"] = false;
    return json_reply(req, 404, out);
  }
  auto e = explain_one(*idx, id, *query);
  out["matched"] = e.has_value();
  auto src = req.param("_source");
  auto inc = req.param("_source_includes");
  auto exc = req.param("_source_excludes");
  if (src || inc || exc) {
    SourceFilter filter = SourceFilter::from_params(src, inc, exc);
    auto doc = idx->get(id);
    if (doc && filter.enabled)
      out["get"] = json::object{{"_seq_no", doc->meta.seq_no},
                                {"_primary_term", doc->meta.primary_term},
                                {"found", true},
                                {"_source", filter.apply(json::parse(doc->source))}};
  }
  out["explanation"] = e ? *e
                         : json::value(json::object{{"value", 0.0},
                                                    {"description", "no matching term"},
                                                    {"details", json::array()}});
  return json_reply(req, 200, out);
}

}  // namespace wharf::search::api
