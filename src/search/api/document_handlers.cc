// Single-document endpoints: index, create, get, _source, delete, update, and _mget.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "search/api/handlers.h"
#include "search/errors.h"
#include "search/source_filter.h"

namespace wharf::search::api {

namespace json = boost::json;

namespace {

constexpr size_t kMaxIdBytes = 512;

const std::string& doc_id_param(const EsRequest& req) { return req.parts[2]; }

void check_id(const std::string& id) {
  if (id.size() > kMaxIdBytes)
    throw validation_failed(fmt::format(
        "id [{}] is too long, must be no longer than 512 bytes but was: {}", id, id.size()));
}

std::optional<int64_t> int_param(const EsRequest& req, std::string_view name) {
  auto v = req.param(name);
  if (!v) return std::nullopt;
  try {
    size_t used = 0;
    int64_t n = std::stoll(*v, &used);
    if (used == v->size()) return n;
  } catch (...) {
  }
  throw illegal_argument(fmt::format("Failed to parse int parameter [{}] with value [{}]", name, *v));
}

// The document of an index request; `raw` takes the body's text (kept as _source) without a copy.
json::object parse_source(EsRequest& req, std::string& raw) {
  json::value body = req.json_body();
  if (body.is_null()) throw validation_failed("source is missing");
  if (!body.is_object()) throw not_an_object();
  raw = std::move(req.raw_body());
  return std::move(body.as_object());
}

// `multi_get`: _mget names no type for a missing document of an index that never mapped a
// field (GET says _doc), as Elasticsearch 7 does.
// An unfiltered _source goes into `splices`, to be written as it was indexed.
json::object get_json(const SearchIndex& index, const std::string& id,
                      const std::optional<StoredDoc>& doc, const SourceFilter& filter,
                      RawSplices& splices, bool multi_get = false,
                      const std::vector<std::string>& stored_fields = {}) {
  json::object o{{"_index", index.name()}, {"_type", "_doc"}, {"_id", id}};
  if (!doc) {
    if (multi_get && index.mapping()->fields().empty()) o["_type"] = nullptr;
    o["found"] = false;
    return o;
  }
  o["_version"] = doc->meta.version;
  o["_seq_no"] = doc->meta.seq_no;
  o["_primary_term"] = doc->meta.primary_term;
  o["found"] = true;
  if (doc->source.empty()) return o;
  auto stored = index.mapping()->stored(stored_fields);
  if (!filter.enabled && stored.empty()) return o;
  if (filter.trivial() && stored.empty()) {
    o["_source"] = splices.add(doc->source);
    return o;
  }
  json::value src = json::parse(doc->source);
  if (filter.enabled) o["_source"] = filter.apply(src);
  json::object fields;
  for (const FieldMapping* f : stored)
    if (auto values = scalar_values_at(src, f->source_path()); !values.empty()) fields[f->path] = std::move(values);
  if (!fields.empty()) o["fields"] = std::move(fields);
  return o;
}

net::Response created_reply(const EsRequest& req, const SearchIndex& idx, const WriteResult& r,
                            bool forced);

}  // namespace

json::object write_result_json(const SearchIndex& index, const WriteResult& r,
                               bool forced_refresh) {
  bool noop = r.result == "noop";
  int copies = 1 + index.replicas();
  json::object o{{"_index", index.name()},
                 {"_type", "_doc"},
                 {"_id", r.id},
                 {"_version", r.meta.version},
                 {"result", r.result},
                 {"_shards", json::object{{"total", noop ? 0 : copies},
                                          {"successful", noop ? 0 : 1},
                                          {"failed", 0}}},
                 {"_seq_no", r.meta.seq_no},
                 {"_primary_term", r.meta.primary_term}};
  if (forced_refresh) o["forced_refresh"] = true;
  return o;
}

int write_status(const WriteResult& r) {
  if (r.result == "created") return 201;
  if (r.result == "not_found") return 404;
  return 200;
}

WriteOptions write_options(const EsRequest& req, bool creating) {
  WriteOptions o;
  o.if_seq_no = int_param(req, "if_seq_no");
  o.if_primary_term = int_param(req, "if_primary_term");
  if ((o.if_seq_no.has_value()) != (o.if_primary_term.has_value()))
    throw validation_failed(o.if_seq_no ? "ifSeqNo is set, but primary term is [0]"
                                        : "ifPrimaryTerm is set, but seqNo is [-2]");
  o.version = int_param(req, "version");
  if (auto vt = req.param("version_type")) {
    if (*vt == "external" || *vt == "external_gt") o.external = true;
    else if (*vt == "external_gte") o.external = o.external_gte = true;
    else if (*vt != "internal")
      throw illegal_argument(fmt::format("No version type match [{}]", *vt));
  }
  if (o.version && !o.external && !creating)
    throw validation_failed(
        "internal versioning can not be used for optimistic concurrency control. Please use "
        "`if_seq_no` and `if_primary_term` instead");
  if (o.external && !o.version) throw validation_failed("an external version is required");
  if (req.param("op_type") == "create") o.create = true;
  return o;
}

bool finish_write(const EsRequest& req, SearchIndex& index) {
  index.make_durable();
  auto r = req.param("refresh");
  if (!r || *r == "false") return false;
  index.refresh();
  return r->empty() || *r == "true";
}

namespace {
void merge_into(json::object& target, const json::object& patch) {
  for (const auto& [k, v] : patch) {
    auto existing = target.if_contains(k);
    if (existing && existing->is_object() && v.is_object())
      merge_into(existing->as_object(), v.as_object());
    else
      target[k] = v;
  }
}
}  // namespace

SearchIndex::Change partial_update(const json::object& patch, bool doc_as_upsert,
                                   const json::value* upsert, bool detect_noop) {
  return [&patch, doc_as_upsert, upsert, detect_noop](
             const StoredDoc* current) -> std::optional<json::object> {
    if (!current) {
      if (doc_as_upsert) return patch;
      if (upsert && upsert->is_object()) return upsert->as_object();
      return std::nullopt;
    }
    json::value old = json::parse(current->source);
    json::object merged = old.is_object() ? old.as_object() : json::object();
    merge_into(merged, patch);
    if (detect_noop && json::value(merged) == old) return std::nullopt;
    return merged;
  };
}

core::Error not_an_object() {
  auto e = mapper_parsing("failed to parse");
  e.with("caused_by.type", "not_x_content_exception")
      .with("caused_by.reason",
            "Compressor detection can only be called on some xcontent bytes or compressed "
            "xcontent bytes");
  return e;
}

namespace {
// 201 answers carry the new document's Location, as Elasticsearch's do.
net::Response created_reply(const EsRequest& req, const SearchIndex& idx, const WriteResult& r,
                            bool forced) {
  net::Response resp = json_reply(req, write_status(r), write_result_json(idx, r, forced));
  if (r.result == "created")
    resp.set("Location", "/" + core::aws_uri_encode(idx.name(), false) + "/_doc/" +
                             core::aws_uri_encode(r.id, false));
  return resp;
}
}  // namespace

namespace {
// What Elasticsearch refuses in a create request (op_type=create or _create).
void check_create(const WriteOptions& opts) {
  if (opts.if_seq_no)
    throw validation_failed("create operations do not support compare and set. use index instead");
  if (opts.external) throw validation_failed("create operations only support internal versioning. use index instead");
  if (opts.version) throw validation_failed("create operations do not support explicit versions. use index instead");
}
}  // namespace

net::Response index_doc(SearchService& service, EsRequest& req) {
  std::string id = req.parts.size() == 3 ? req.parts[2] : "";
  check_id(id);
  if (auto op = req.param("op_type"); op && *op != "create" && *op != "index")
    throw illegal_argument(fmt::format("opType must be 'create' or 'index', found: [{}]", *op));
  WriteOptions opts = write_options(req, req.param("op_type") == "create");
  if (opts.create) check_create(opts);
  std::string raw;
  json::object source = parse_source(req, raw);
  auto idx = service.find_or_create(req.parts[0]);
  WriteResult r = idx->index(id, std::move(raw), source, opts);
  bool forced = finish_write(req, *idx);
  return created_reply(req, *idx, r, forced);
}

net::Response create_doc(SearchService& service, EsRequest& req) {
  check_id(req.parts[2]);
  WriteOptions opts = write_options(req, /*creating=*/true);
  check_create(opts);
  opts.create = true;
  std::string raw;
  json::object source = parse_source(req, raw);
  auto idx = service.find_or_create(req.parts[0]);
  WriteResult r = idx->index(req.parts[2], std::move(raw), source, opts);
  bool forced = finish_write(req, *idx);
  return created_reply(req, *idx, r, forced);
}

net::Response get_doc(SearchService& service, EsRequest& req) {
  auto idx = service.get(req.parts[0]);
  if (req.param("refresh") == "true") idx->refresh();
  auto doc = req.param("realtime") == "false" ? idx->get_refreshed(doc_id_param(req))
                                              : idx->get(doc_id_param(req));
  if (auto v = req.param("version"); v && doc) {
    // For reads every version_type asks for that exact version (VersionType.isVersionConflictForReads).
    int64_t want = std::atoll(v->c_str());
    if (want != doc->meta.version)
      throw version_conflict(idx->name(), idx->meta().uuid, doc_id_param(req),
                             fmt::format("version conflict, current version [{}] is different "
                                         "than the one provided [{}]",
                                         doc->meta.version, want));
  }
  SourceFilter filter = SourceFilter::from_params(req.param("_source"), req.param("_source_includes"),
                                                  req.param("_source_excludes"));
  std::vector<std::string> stored;
  if (auto sf = req.param("stored_fields")) {
    stored = split_commas(*sf);
    // stored_fields without "_source" leave the source out, unless it was asked for on its own.
    bool source_asked = req.param("_source") || req.param("_source_includes") || req.param("_source_excludes");
    if (!source_asked && std::find(stored.begin(), stored.end(), "_source") == stored.end()) filter.enabled = false;
  }
  return json_reply(req, doc ? 200 : 404, get_json(*idx, doc_id_param(req), doc, filter, req.splices, false, stored));
}

net::Response get_source(SearchService& service, EsRequest& req) {
  auto idx = service.get(req.parts[0]);
  if (req.param("refresh") == "true") idx->refresh();
  auto doc = req.param("realtime") == "false" ? idx->get_refreshed(doc_id_param(req))
                                              : idx->get(doc_id_param(req));
  if (!doc || doc->source.empty()) {
    auto e = es_error("resource_not_found_exception",
                      fmt::format("Document not found [{}]/[_doc]/[{}]", idx->name(), doc_id_param(req)));
    throw e;
  }
  SourceFilter filter = SourceFilter::from_params(req.param("_source"), req.param("_source_includes"),
                                                  req.param("_source_excludes"));
  if (filter.trivial()) return json_reply(req, 200, req.splices.add(doc->source));
  return json_reply(req, 200, filter.apply(json::parse(doc->source)));
}

net::Response delete_doc(SearchService& service, EsRequest& req) {
  auto idx = service.get(req.parts[0]);
  WriteResult r = idx->remove(doc_id_param(req), write_options(req));
  bool forced = finish_write(req, *idx);
  return json_reply(req, write_status(r), write_result_json(*idx, r, forced));
}

net::Response update_doc(SearchService& service, EsRequest& req) {
  json::value body = req.json_body();
  if (!body.is_object()) throw validation_failed("script or doc is missing");
  const json::object& b = body.as_object();
  static const std::vector<std::string> kFields = {"doc", "doc_as_upsert", "upsert", "script",
                                                   "detect_noop", "_source", "scripted_upsert"};
  for (const auto& [k, v] : b)
    if (std::find(kFields.begin(), kFields.end(), std::string_view(k)) == kFields.end()) {
      // Elasticsearch suggests the known field closest in spelling.
      std::string suggestion;
      for (const auto& known : kFields) {
        std::string_view a = k, c = known;
        std::vector<size_t> prev(c.size() + 1), cur(c.size() + 1);
        for (size_t j = 0; j <= c.size(); ++j) prev[j] = j;
        for (size_t i = 1; i <= a.size(); ++i) {
          cur[0] = i;
          for (size_t j = 1; j <= c.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != c[j - 1])});
          std::swap(prev, cur);
        }
        if (prev[c.size()] <= 2 && suggestion.empty()) suggestion = known;
      }
      throw parsing_error(fmt::format("[UpdateRequest] unknown field [{}]{}", std::string(k),
                                      suggestion.empty() ? "" : " did you mean [" + suggestion + "]?"));
    }
  if (b.contains("script"))
    throw illegal_argument(
        "scripted updates are not supported by wharf; send a partial document in [doc] "
        "(optionally with doc_as_upsert or upsert)");
  auto doc_v = b.if_contains("doc");
  if (!doc_v) throw validation_failed("script or doc is missing");
  if (!doc_v->is_object()) throw parsing_error("[UpdateRequest] failed to parse field [doc]");
  bool as_upsert = b.contains("doc_as_upsert") && b.at("doc_as_upsert").is_bool() &&
                   b.at("doc_as_upsert").as_bool();
  bool detect_noop = !b.contains("detect_noop") || !b.at("detect_noop").is_bool() ||
                     b.at("detect_noop").as_bool();
  const json::value* upsert = b.if_contains("upsert");
  WriteOptions opts = write_options(req);
  auto idx = service.find_or_create(req.parts[0]);
  if (opts.if_seq_no && !idx->get(req.parts[2])) throw document_missing(idx->name(), idx->meta().uuid, req.parts[2]);
  const json::object& patch = doc_v->as_object();
  WriteResult r =
      idx->update(req.parts[2], partial_update(patch, as_upsert, upsert, detect_noop), opts);
  bool forced = finish_write(req, *idx);
  json::object out = write_result_json(*idx, r, forced);
  if (auto src = req.param("_source"); src || b.contains("_source")) {
    auto doc = idx->get(r.id);
    SourceFilter f = b.contains("_source") ? SourceFilter::from_json(b.at("_source"))
                                           : SourceFilter::from_params(src, std::nullopt, std::nullopt);
    if (doc && f.enabled)
      out["get"] = json::object{{"_seq_no", doc->meta.seq_no},
                                {"_primary_term", doc->meta.primary_term},
                                {"found", true},
                                {"_source", f.apply(json::parse(doc->source))}};
  }
  return json_reply(req, r.result == "created" ? 201 : 200, out);
}

net::Response mget(SearchService& service, EsRequest& req) {
  json::value body = req.json_body();
  std::string url_index = req.parts.size() == 2 ? req.parts[0] : "";
  SourceFilter url_filter = SourceFilter::from_params(req.param("_source"), req.param("_source_includes"),
                                                      req.param("_source_excludes"));
  struct Want {
    std::string index, id;
    SourceFilter filter;
  };
  std::vector<Want> wants;
  if (body.is_object()) {
    const auto& b = body.as_object();
    if (auto docs = b.if_contains("docs"); docs && docs->is_array()) {
      size_t i = 0;
      for (const auto& d : docs->as_array()) {
        if (!d.is_object()) continue;
        const auto& o = d.as_object();
        Want w;
        w.index = o.contains("_index") ? std::string(o.at("_index").as_string()) : url_index;
        if (w.index.empty()) throw validation_failed(fmt::format("index is missing for doc {}", i));
        auto idv = o.if_contains("_id");
        if (!idv) throw validation_failed(fmt::format("id is missing for doc {}", i));
        w.id = idv->is_string() ? std::string(idv->as_string()) : json::serialize(*idv);
        w.filter = o.contains("_source") ? SourceFilter::from_json(o.at("_source")) : url_filter;
        wants.push_back(std::move(w));
        ++i;
      }
    } else if (auto ids = b.if_contains("ids"); ids && ids->is_array()) {
      if (url_index.empty()) throw validation_failed("index is missing for doc 0");
      for (const auto& id : ids->as_array())
        wants.push_back({url_index, id.is_string() ? std::string(id.as_string()) : json::serialize(id),
                         url_filter});
    }
  }
  if (wants.empty()) throw validation_failed("no documents to get");
  json::array docs;
  for (const auto& w : wants) {
    try {
      auto idx = service.get(w.index);
      if (req.param("refresh") == "true") idx->refresh();
      docs.push_back(get_json(*idx, w.id,
                              req.param("realtime") == "false" ? idx->get_refreshed(w.id) : idx->get(w.id),
                              w.filter, req.splices, /*multi_get=*/true));
    } catch (const core::Error& e) {
      docs.push_back(json::object{{"_index", w.index}, {"_type", "_doc"}, {"_id", w.id},
                                  {"error", error_object(e)}});
    }
  }
  return json_reply(req, 200, json::object{{"docs", std::move(docs)}});
}

}  // namespace wharf::search::api
