// Endpoints about the node and cluster: GET /, _cluster/health, _cat, _analyze.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "search/analysis.h"
#include "search/date_format.h"
#include "search/api/handlers.h"
#include "search/errors.h"
#include "search/mapping.h"
#include <ctime>
#include <map>

namespace wharf::search::api {

namespace json = boost::json;

namespace {

std::string human_bytes(uint64_t b) {
  if (b < 1024) return fmt::format("{}b", b);
  if (b < 1024 * 1024) return fmt::format("{:.1f}kb", b / 1024.0);
  if (b < 1024ull * 1024 * 1024) return fmt::format("{:.1f}mb", b / 1048576.0);
  return fmt::format("{:.1f}gb", b / 1073741824.0);
}

std::string health_of(const IndexMeta& m) { return m.number_of_replicas > 0 ? "yellow" : "green"; }

// _cat output: JSON with format=json, else aligned text columns (header with v).
net::Response cat_reply(EsRequest& req, std::vector<std::string> columns,
                        std::vector<std::vector<std::string>> rows) {
  // Short names Elasticsearch accepts in h= for the columns.
  static const std::map<std::string, std::string, std::less<>> kAliases = {
      {"h", "health"}, {"s", "status"}, {"i", "index"}, {"idx", "index"}, {"id", "uuid"},
      {"p", "pri"}, {"shards.primary", "pri"}, {"r", "rep"}, {"shards.replica", "rep"},
      {"dc", "docs.count"}, {"docsCount", "docs.count"}, {"dd", "docs.deleted"},
      {"ss", "store.size"}, {"storeSize", "store.size"}, {"cd", "creation.date"},
      {"cds", "creation.date.string"}};
  if (auto h = req.param("h"); h && !h->empty()) {  // column selection, in the given order
    std::vector<size_t> pick;
    size_t pos = 0;
    while (pos <= h->size()) {
      size_t c = h->find(',', pos);
      std::string name = h->substr(pos, c == std::string::npos ? std::string::npos : c - pos);
      if (auto a = kAliases.find(name); a != kAliases.end()) name = a->second;
      for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == name) pick.push_back(i);
      if (c == std::string::npos) break;
      pos = c + 1;
    }
    std::vector<std::string> cols;
    for (size_t i : pick) cols.push_back(columns[i]);
    for (auto& row : rows) {
      std::vector<std::string> r;
      for (size_t i : pick) r.push_back(row[i]);
      row = std::move(r);
    }
    columns = std::move(cols);
  }
  if (req.param("format") == "json") {
    json::array out;
    for (const auto& row : rows) {
      json::object o;
      for (size_t i = 0; i < columns.size(); ++i) o[columns[i]] = row[i];
      out.push_back(std::move(o));
    }
    return json_reply(req, 200, out);
  }
  std::vector<size_t> width(columns.size(), 0);
  bool header = req.flag("v");
  for (size_t i = 0; i < columns.size(); ++i) {
    if (header) width[i] = columns[i].size();
    for (const auto& row : rows) width[i] = std::max(width[i], row[i].size());
  }
  std::string text;
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      text += cells[i];
      if (i + 1 < cells.size()) text += std::string(width[i] - cells[i].size() + 1, ' ');
    }
    text += "\n";
  };
  if (header) line(columns);
  for (const auto& row : rows) line(row);
  net::Response r;
  r.set("X-Elastic-Product", "Elasticsearch");
  r.set("Content-Type", "text/plain; charset=UTF-8");
  r.body = std::move(text);
  return r;
}

}  // namespace

net::Response info(SearchService&, EsRequest& req) {
  json::object version{{"number", "7.17.0"},
                       {"build_flavor", "default"},
                       {"build_type", "tar"},
                       {"build_hash", "bee86328705acaa9a6daede7140defd4d9ec56bd"},
                       {"build_date", "2022-01-28T08:36:04.875279988Z"},
                       {"build_snapshot", false},
                       {"lucene_version", "8.11.1"},
                       {"minimum_wire_compatibility_version", "6.8.0"},
                       {"minimum_index_compatibility_version", "6.0.0-beta1"}};
  json::object body{{"name", "wharf"},
                    {"cluster_name", "wharf"},
                    {"cluster_uuid", "d2hhcmYtY2x1c3Rlci0x"},
                    {"version", std::move(version)},
                    {"tagline", "You Know, for Search"}};
  return json_reply(req, 200, body);
}

net::Response cluster_health(SearchService& service, EsRequest& req) {
  auto indices = req.parts.size() > 2 ? service.resolve(req.parts[2]) : service.all();
  int shards = 0, unassigned = 0;
  bool yellow = false;
  for (const auto& idx : indices) {
    IndexMeta m = idx->meta();
    shards += m.number_of_shards;
    unassigned += m.number_of_shards * m.number_of_replicas;
    yellow |= health_of(m) == "yellow";
  }
  json::object per_index;
  if (req.param("level") == "indices" || req.param("level") == "shards")
    for (const auto& idx : indices) {
      IndexMeta m = idx->meta();
      json::object shard_map;
      if (req.param("level") == "shards")
        for (int sh = 0; sh < m.number_of_shards; ++sh)
          shard_map[std::to_string(sh)] = json::object{{"status", health_of(m)},
                                                       {"primary_active", true},
                                                       {"active_shards", 1},
                                                       {"relocating_shards", 0},
                                                       {"initializing_shards", 0},
                                                       {"unassigned_shards", m.number_of_replicas}};
      per_index[m.name] = json::object{{"status", health_of(m)},
                                       {"number_of_shards", m.number_of_shards},
                                       {"number_of_replicas", m.number_of_replicas},
                                       {"active_primary_shards", m.number_of_shards},
                                       {"active_shards", m.number_of_shards},
                                       {"relocating_shards", 0},
                                       {"initializing_shards", 0},
                                       {"unassigned_shards", m.number_of_shards * m.number_of_replicas}};
      if (!shard_map.empty()) per_index[m.name].as_object()["shards"] = std::move(shard_map);
    }
  json::object body{{"cluster_name", "wharf"},
                    {"status", yellow ? "yellow" : "green"},
                    {"timed_out", false},
                    {"number_of_nodes", 1},
                    {"number_of_data_nodes", 1},
                    {"active_primary_shards", shards},
                    {"active_shards", shards},
                    {"relocating_shards", 0},
                    {"initializing_shards", 0},
                    {"unassigned_shards", unassigned},
                    {"delayed_unassigned_shards", 0},
                    {"number_of_pending_tasks", 0},
                    {"number_of_in_flight_fetch", 0},
                    {"task_max_waiting_in_queue_millis", 0},
                    {"active_shards_percent_as_number",
                     shards + unassigned == 0 ? 100.0 : 100.0 * shards / (shards + unassigned)}};
  if (!per_index.empty() || req.param("level") == "indices") body["indices"] = std::move(per_index);
  return json_reply(req, 200, body);
}

net::Response cat_indices(SearchService& service, EsRequest& req) {
  auto indices = req.parts.size() > 2 ? service.resolve(req.parts[2]) : service.all();
  std::vector<std::vector<std::string>> rows;
  auto health_filter = req.param("health");
  if (health_filter && *health_filter != "green" && *health_filter != "yellow" && *health_filter != "red")
    throw illegal_argument(fmt::format("unknown health status [{}]", *health_filter));
  for (const auto& idx : indices) {
    IndexMeta m = idx->meta();
    if (health_filter && *health_filter != health_of(m)) continue;
    uint64_t bytes = idx->store_bytes();
    std::string size = human_bytes(bytes);
    if (auto unit = req.param("bytes")) {
      uint64_t div = *unit == "kb" ? 1024 : *unit == "mb" ? 1048576 : *unit == "gb" ? 1073741824 : 1;
      size = std::to_string(bytes / div);
    }
    rows.push_back({health_of(m), "open", m.name, m.uuid, std::to_string(m.number_of_shards),
                    std::to_string(m.number_of_replicas), std::to_string(idx->doc_count()), "0",
                    size, size, std::to_string(m.creation_date), format_date(m.creation_date)});
  }
  std::vector<std::string> columns = {"health", "status", "index", "uuid", "pri", "rep",
                                      "docs.count", "docs.deleted", "store.size",
                                      "pri.store.size", "creation.date", "creation.date.string"};
  if (!req.param("h")) {  // the creation date columns show only when asked for
    columns.resize(10);
    for (auto& row : rows) row.resize(10);
  }
  return cat_reply(req, columns, rows);
}

net::Response cat_health(SearchService& service, EsRequest& req) {
  auto indices = service.all();
  int shards = 0, unassigned = 0;
  for (const auto& idx : indices) {
    IndexMeta m = idx->meta();
    shards += m.number_of_shards;
    unassigned += m.number_of_shards * m.number_of_replicas;
  }
  int64_t now = std::time(nullptr);
  char hms[16];
  std::strftime(hms, sizeof hms, "%H:%M:%S", std::gmtime(&now));
  return cat_reply(req,
                   {"epoch", "timestamp", "cluster", "status", "node.total", "node.data",
                    "shards", "pri", "relo", "init", "unassign", "pending_tasks",
                    "max_task_wait_time", "active_shards_percent"},
                   {{std::to_string(now), hms, "wharf", unassigned ? "yellow" : "green", "1", "1",
                     std::to_string(shards), std::to_string(shards), "0", "0",
                     std::to_string(unassigned), "0", "-",
                     fmt::format("{:.1f}%", shards + unassigned == 0
                                                ? 100.0
                                                : 100.0 * shards / (shards + unassigned))}});
}

net::Response cat_count(SearchService& service, EsRequest& req) {
  auto indices = req.parts.size() > 2 ? service.resolve(req.parts[2]) : service.all();
  uint64_t total = 0;
  for (const auto& idx : indices) total += idx->doc_count();
  int64_t now = std::time(nullptr);
  char hms[16];
  std::strftime(hms, sizeof hms, "%H:%M:%S", std::gmtime(&now));
  return cat_reply(req, {"epoch", "timestamp", "count"},
                   {{std::to_string(now), hms, std::to_string(total)}});
}

net::Response cat_aliases(SearchService& service, EsRequest& req) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& idx : service.all())
    for (const auto& [alias, def] : idx->meta().aliases)
      rows.push_back({alias, idx->name(), def.contains("filter") ? "*" : "-", "-", "-", "-"});
  return cat_reply(req, {"alias", "index", "filter", "routing.index", "routing.search", "is_write_index"},
                   rows);
}

net::Response analyze(SearchService& service, EsRequest& req) {
  json::value body = req.json_body();
  std::shared_ptr<const AnalyzerRegistry> registry = std::make_shared<AnalyzerRegistry>();
  std::shared_ptr<const Mapping> mapping;
  if (req.parts.size() == 2) {
    auto idx = service.get(req.parts[0]);
    registry = idx->analyzers();
    mapping = idx->mapping();
  }
  const json::object empty;
  const json::object& b = body.is_object() ? body.as_object() : empty;
  std::vector<std::string> texts;
  auto text_v = b.if_contains("text");
  if (auto t = req.param("text")) texts.push_back(*t);
  if (text_v && text_v->is_string()) texts.emplace_back(text_v->as_string());
  if (text_v && text_v->is_array())
    for (const auto& t : text_v->as_array())
      if (t.is_string()) texts.emplace_back(t.as_string());
  if (texts.empty()) throw validation_failed("text is missing");
  std::shared_ptr<const Analyzer> analyzer;
  std::string analyzer_name = req.param("analyzer").value_or("");
  if (auto a = b.if_contains("analyzer"); a && a->is_string()) analyzer_name = std::string(a->as_string());
  if (auto f = b.if_contains("field"); f && f->is_string() && mapping) {
    if (const FieldMapping* fm = mapping->field(f->as_string()))
      analyzer = registry->find(fm->type == FieldType::kText ? fm->analyzer : "keyword");
  }
  if (!analyzer_name.empty()) {
    analyzer = registry->find(analyzer_name);
    if (!analyzer)
      throw illegal_argument(mapping
                                 ? fmt::format("failed to find analyzer [{}]", analyzer_name)
                                 : fmt::format("failed to find global analyzer [{}]", analyzer_name));
  } else if (auto tok = b.if_contains("tokenizer")) {
    const json::value* filters = b.if_contains("filter");
    analyzer = AnalyzerRegistry::adhoc(*tok, filters, *registry);
  } else if (auto filters = b.if_contains("filter")) {
    analyzer = AnalyzerRegistry::adhoc(json::value("keyword"), filters, *registry);
  }
  bool custom = analyzer && analyzer_name.empty() && (b.contains("tokenizer") || b.contains("filter"));
  if (!analyzer) analyzer = registry->find("standard");
  bool explain = (b.contains("explain") && b.at("explain").is_bool() && b.at("explain").as_bool()) ||
                 req.param("explain") == "true";
  // Each step's tokens over all the texts (positions and offsets continue from text to text).
  size_t steps = explain ? 1 + analyzer->filters() : 1;
  std::vector<json::array> step_tokens(steps);
  int position_base = 0;
  size_t offset_base = 0;
  for (const auto& text : texts) {
    int last = -1;
    std::vector<TokenStream> stages = explain ? analyzer->stages(text) : std::vector<TokenStream>{analyzer->analyze(text)};
    for (size_t s = 0; s < stages.size(); ++s) {
      for (const auto& t : stages[s]) {
        json::object o{{"token", t.term},
                       {"start_offset", offset_base + utf16_offset(text, t.start)},
                       {"end_offset", offset_base + utf16_offset(text, t.end)},
                       {"type", t.type},
                       {"position", position_base + t.position}};
        if (explain) {
          std::string bytes = "[";
          for (unsigned char c : t.term) bytes += fmt::format("{}{:02x}", bytes.size() > 1 ? " " : "", c);
          o["bytes"] = bytes + "]";
          o["positionLength"] = 1;
        }
        step_tokens[s].push_back(std::move(o));
        if (s + 1 == stages.size()) last = std::max(last, t.position);
      }
    }
    position_base += last + 1 + 100;
    offset_base += utf16_offset(text, text.size()) + 1;
  }
  if (!explain) return json_reply(req, 200, json::object{{"tokens", std::move(step_tokens.back())}});
  // explain: the analyzer's tokens, or for one put together in the request each step's.
  auto piece_name = [](const json::value& v) {
    if (v.is_string()) return std::string(v.as_string());
    auto* type = v.is_object() ? v.as_object().if_contains("type") : nullptr;
    return "__anonymous__" + (type && type->is_string() ? std::string(type->as_string()) : std::string());
  };
  json::object detail{{"custom_analyzer", custom}};
  if (!custom) {
    detail["analyzer"] = json::object{{"name", analyzer_name.empty() ? "standard" : analyzer_name},
                                      {"tokens", std::move(step_tokens.back())}};
  } else {
    detail["charfilters"] = json::array();
    const json::value* tok = b.if_contains("tokenizer");
    detail["tokenizer"] = json::object{{"name", tok ? piece_name(*tok) : "keyword"}, {"tokens", std::move(step_tokens[0])}};
    json::array filters;
    std::vector<json::value> given;
    if (auto f = b.if_contains("filter")) {
      if (f->is_array())
        for (const auto& e : f->as_array()) given.push_back(e);
      else
        given.push_back(*f);
    }
    for (size_t s = 1; s < step_tokens.size(); ++s)
      filters.push_back(json::object{{"name", s - 1 < given.size() ? piece_name(given[s - 1]) : "filter"},
                                     {"tokens", std::move(step_tokens[s])}});
    detail["tokenfilters"] = std::move(filters);
  }
  return json_reply(req, 200, json::object{{"detail", std::move(detail)}});
}

}  // namespace wharf::search::api
