// Index management: create, delete, get, exists, mappings, settings, refresh, aliases.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <functional>
#include <set>

#include "search/api/handlers.h"
#include "search/date_format.h"
#include "search/errors.h"
#include "search/patterns.h"
#include "search/source_filter.h"

namespace wharf::search::api {

namespace json = boost::json;

namespace {

const std::set<std::string, std::less<>> kKnownSettingPrefixes = {
    "index.number_of_shards", "index.number_of_replicas", "index.refresh_interval",
    "index.analysis.", "index.max_result_window", "index.mapping.", "index.similarity.",
    "index.codec", "index.routing", "index.blocks.", "index.max_ngram_diff",
    "index.max_shingle_diff", "index.hidden", "index.auto_expand_replicas", "index.translog.",
    "index.sort.", "index.query.", "index.search.", "index.lifecycle.", "index.priority",
    "index.store.", "index.write.", "index.max_inner_result_window", "index.highlight.",
    "index.max_terms_count", "index.max_regex_length", "index.default_pipeline",
    "index.final_pipeline", "index.max_docvalue_fields_search", "index.gc_deletes",
    "index.unassigned.", "index.merge.", "index.indexing.", "index.format", "index.shard.",
    "index.number_of_routing_shards", "index.load_fixed_bitset_filters_eagerly"};

// Settings in any of ES's spellings ({"index": {"a": 1}}, {"a": 1}, {"index.a": 1}) as flat
// "index.a" -> value pairs; the analysis section is kept as an object.
void flatten(const json::object& o, const std::string& prefix, json::object& out,
             json::value& analysis) {
  for (const auto& [k, v] : o) {
    std::string key = prefix.empty() ? std::string(k) : prefix + "." + std::string(k);
    if (!key.starts_with("index.") && key != "index") key = "index." + key;
    if (key == "index.analysis") {
      analysis = v;
      continue;
    }
    if (v.is_object()) flatten(v.as_object(), key, out, analysis);
    else out[key] = v;
  }
}

std::string setting_text(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}

int64_t parse_interval_ms(const std::string& s) {
  if (s == "-1") return -1;
  size_t i = 0;
  double n = std::stod(s, &i);
  std::string unit = s.substr(i);
  if (unit == "ms") return static_cast<int64_t>(n);
  if (unit == "s" || unit.empty()) return static_cast<int64_t>(n * 1000);
  if (unit == "m") return static_cast<int64_t>(n * 60000);
  if (unit == "h") return static_cast<int64_t>(n * 3600000);
  throw illegal_argument(fmt::format(
      "failed to parse setting [index.refresh_interval] with value [{}] as a time value: unit is "
      "missing or unrecognized",
      s));
}

void apply_settings(IndexMeta& meta, const json::object& flat, bool creating) {
  for (const auto& [k, v] : flat) {
    bool known = false;
    for (const auto& p : kKnownSettingPrefixes)
      if (k == p || (p.back() == '.' && k.starts_with(p))) known = true;
    if (!known)
      throw illegal_argument(fmt::format(
          "unknown setting [{}] please check that any required plugins are installed, or check "
          "the breaking changes documentation for removed settings",
          std::string(k)));
    if (v.is_null()) {  // back to the default
      meta.settings.erase(k);
      if (k == "index.refresh_interval") meta.refresh_interval_ms = 1000;
      if (k == "index.number_of_replicas") meta.number_of_replicas = 1;
      continue;
    }
    std::string text = setting_text(v);
    if (k == "index.number_of_shards") {
      if (!creating)
        throw illegal_argument(fmt::format(
            "Can't update non dynamic settings [[index.number_of_shards]] for open indices "
            "[[{}/{}]]",
            meta.name, meta.uuid));
      int n = std::atoi(text.c_str());
      if (n < 1)
        throw illegal_argument(fmt::format(
            "Failed to parse value [{}] for setting [index.number_of_shards] must be >= 1", text));
      meta.number_of_shards = n;
    } else if (k == "index.number_of_replicas") {
      int n = std::atoi(text.c_str());
      if (n < 0)
        throw illegal_argument(fmt::format(
            "Failed to parse value [{}] for setting [index.number_of_replicas] must be >= 0", text));
      meta.number_of_replicas = n;
    } else if (k == "index.refresh_interval") {
      meta.refresh_interval_ms = parse_interval_ms(text);
    }
    meta.settings[k] = text;
  }
}

// {"index": {"a": "1", "b": {"c": "2"}}} from flat "index.a" keys.
json::object nested_settings(const IndexMeta& m, const std::string& only = "") {
  json::object all = m.settings;
  all["index.number_of_shards"] = std::to_string(m.number_of_shards);
  all["index.number_of_replicas"] = std::to_string(m.number_of_replicas);
  all["index.provided_name"] = m.name;
  all["index.creation_date"] = std::to_string(m.creation_date);
  all["index.uuid"] = m.uuid;
  all["index.version.created"] = "7170099";
  all["index.routing.allocation.include._tier_preference"] = "data_content";
  json::object flat;
  for (const auto& [k, v] : all) {
    std::string_view key = k;
    bool keep = only.empty() || key == only ||
                (only.back() == '*' && key.starts_with(std::string_view(only).substr(0, only.size() - 1)));
    if (keep) flat[k] = v;
  }
  json::object root;
  for (const auto& [k, v] : flat) {
    json::object* at = &root;
    std::string_view key = k;
    while (true) {
      size_t dot = key.find('.');
      if (dot == std::string_view::npos) {
        (*at)[key] = v;
        break;
      }
      auto& child = (*at)[key.substr(0, dot)];
      if (!child.is_object()) child = json::object();
      at = &child.as_object();
      key = key.substr(dot + 1);
    }
  }
  if (!m.analysis.is_null() && (only.empty() || std::string_view("index.analysis").starts_with(only.substr(0, only.find('*')))))
  {
    auto& index = root["index"];
    if (!index.is_object()) index = json::object();
    index.as_object()["analysis"] = m.analysis;
  }
  return root;
}

json::object aliases_json(const IndexMeta& m, const std::string& only = "") {
  json::object out;
  for (const auto& [name, def] : m.aliases)
    if (only.empty() || only == "*" || only == "_all" || only == name) out[name] = def;
  return out;
}

// An alias as Elasticsearch keeps it: "routing" becomes index_routing and search_routing.
json::object alias_definition(const json::object& spec) {
  json::object def;
  for (const auto& [k, v] : spec) {
    if (k == "routing") {
      std::string r = v.is_string() ? std::string(v.as_string()) : json::serialize(v);
      def["index_routing"] = r;
      def["search_routing"] = r;
    } else if (k == "filter" || k == "is_write_index" || k == "index_routing" ||
               k == "search_routing" || k == "is_hidden") {
      def[k] = v.is_number() && (k == "index_routing" || k == "search_routing")
                   ? json::value(json::serialize(v))
                   : v;
    }
  }
  return def;
}

std::map<std::string, json::object> parse_aliases(const json::value& v) {
  std::map<std::string, json::object> out;
  if (!v.is_object()) return out;
  for (const auto& [k, def] : v.as_object()) {
    SearchService::validate_name(std::string(k));
    out[std::string(k)] = def.is_object() ? alias_definition(def.as_object()) : json::object();
  }
  return out;
}

json::value acknowledged() { return json::object{{"acknowledged", true}}; }

}  // namespace

net::Response create_index(SearchService& service, EsRequest& req) {
  const std::string& name = req.parts[0];
  SearchService::validate_name(name);
  json::value body = req.json_body();
  IndexMeta meta;
  meta.name = name;
  meta.analysis = nullptr;
  Mapping mapping;
  if (body.is_object()) {
    for (const auto& [k, v] : body.as_object()) {
      if (k == "settings") {
        if (!v.is_object()) throw illegal_argument("settings must be an object");
        json::object flat;
        flatten(v.as_object(), "", flat, meta.analysis);
        apply_settings(meta, flat, true);
      } else if (k == "mappings") {
        mapping = Mapping::parse(v);
      } else if (k == "aliases") {
        meta.aliases = parse_aliases(v);
      } else {
        throw parsing_error(fmt::format("unknown key [{}] for create index", std::string(k)));
      }
    }
  } else if (!body.is_null()) {
    throw parsing_error("request body must be an object");
  }
  service.create(std::move(meta), std::move(mapping));
  return json_reply(req, 200,
                    json::object{{"acknowledged", true}, {"shards_acknowledged", true}, {"index", name}});
}

net::Response delete_index(SearchService& service, EsRequest& req) {
  // Deleting goes by index names only: an alias would silently take its indices with it.
  auto aliases = service.aliases();
  std::vector<std::string> names;
  const std::string& expr = req.parts[0];
  bool ignore_unavailable = req.param("ignore_unavailable") == "true";
  for (size_t pos = 0; pos <= expr.size();) {
    size_t c = expr.find(',', pos);
    std::string part = expr.substr(pos, c == std::string::npos ? std::string::npos : c - pos);
    pos = c == std::string::npos ? expr.size() + 1 : c + 1;
    if (part.empty()) continue;
    if (aliases.count(part) && ignore_unavailable) continue;
    if (aliases.count(part))
      throw illegal_argument(fmt::format(
          "The provided expression [{}] matches an alias, specify the corresponding concrete "
          "indices instead.",
          part));
    if (part == "_all" || part.find('*') != std::string::npos) {
      size_t before = names.size();
      for (const auto& idx : service.all())
        if (part == "_all" || glob_match(part, idx->name())) names.push_back(idx->name());
      if (names.size() == before && req.param("allow_no_indices") == "false")
        throw index_not_found(part);
    } else if (service.find_index(part)) {
      names.push_back(part);
    } else if (!ignore_unavailable) {
      throw index_not_found(part);
    }
  }
  if (names.empty() && req.param("allow_no_indices") == "false") throw index_not_found(expr);
  for (const auto& name : names)
    if (service.find_index(name)) service.remove(name);
  return json_reply(req, 200, acknowledged());
}

net::Response get_index(SearchService& service, EsRequest& req) {
  json::object out;
  auto indices = service.resolve(req.parts[0], req.param("ignore_unavailable") == "true");
  if (indices.empty() && req.param("allow_no_indices") == "false") throw index_not_found(req.parts[0]);
  for (const auto& idx : indices) {
    IndexMeta m = idx->meta();
    json::object settings = nested_settings(m);
    if (req.flag("human")) {
      auto& index = settings["index"].as_object();
      index["creation_date_string"] = format_date(m.creation_date);
      if (auto* v = index.if_contains("version"); v && v->is_object()) v->as_object()["created_string"] = "7.17.0";
    }
    out[m.name] = json::object{{"aliases", aliases_json(m)},
                               {"mappings", idx->mapping()->to_json()},
                               {"settings", std::move(settings)}};
  }
  return json_reply(req, 200, out);
}

net::Response index_exists(SearchService& service, EsRequest& req) {
  bool exists = true;
  try {
    exists = !service.resolve(req.parts[0]).empty();
  } catch (const core::Error&) {
    exists = false;
  }
  net::Response r = json_reply(req, exists ? 200 : 404, json::object());
  return r;
}

net::Response get_mapping(SearchService& service, EsRequest& req) {
  json::object out;
  auto indices = req.parts[0].starts_with("_") ? service.all() : service.resolve(req.parts[0]);
  for (const auto& idx : indices)
    out[idx->name()] = json::object{{"mappings", idx->mapping()->to_json()}};
  return json_reply(req, 200, out);
}

net::Response get_field_mapping(SearchService& service, EsRequest& req) {
  json::object out;
  const std::string& pattern = req.parts[3];
  for (const auto& idx : service.resolve(req.parts[0])) {
    auto mapping = idx->mapping();
    json::object fields;
    size_t pos = 0;
    while (pos <= pattern.size()) {
      size_t c = pattern.find(',', pos);
      std::string one = pattern.substr(pos, c == std::string::npos ? std::string::npos : c - pos);
      for (const FieldMapping* f : mapping->match(one)) {
        json::object def = f->params;
        if (!def.contains("type")) def["type"] = field_type_name(f->type);
        std::string leaf = f->path.substr(f->path.rfind('.') == std::string::npos ? 0 : f->path.rfind('.') + 1);
        fields[f->path] = json::object{{"full_name", f->path}, {"mapping", json::object{{leaf, def}}}};
      }
      if (c == std::string::npos) break;
      pos = c + 1;
    }
    out[idx->name()] = json::object{{"mappings", std::move(fields)}};
  }
  return json_reply(req, 200, out);
}

net::Response put_mapping(SearchService& service, EsRequest& req) {
  json::value body = req.json_body();
  if (!body.is_object()) throw validation_failed("mapping source is empty");
  if (body.as_object().size() == 1 && body.as_object().contains("_doc") && req.param("include_type_name") != "true")
    throw illegal_argument(
        "Types cannot be provided in put mapping requests, unless the include_type_name parameter is set to true.");
  Mapping update = Mapping::parse(body);
  for (const auto& idx : service.resolve(req.parts[0])) idx->put_mapping(update);
  return json_reply(req, 200, acknowledged());
}

net::Response get_settings(SearchService& service, EsRequest& req) {
  json::object out;
  auto indices = req.parts[0].starts_with("_") ? service.all() : service.resolve(req.parts[0]);
  bool flat = req.flag("flat_settings");
  // /{index}/_settings/{name}: only the named settings (with or without "index.", wildcards).
  size_t name_at = req.parts[0].starts_with("_") ? 1 : 2;
  std::string filter = req.parts.size() > name_at ? req.parts[name_at] : "";
  if (!filter.empty() && !filter.starts_with("index.")) filter = "index." + filter;
  for (const auto& idx : indices) {
    json::object nested = nested_settings(idx->meta(), filter);
    if (!flat) {
      json::object entry{{"settings", std::move(nested)}};
      if (req.flag("include_defaults"))
        entry["defaults"] = json::object{
            {"index", json::object{{"refresh_interval", "1s"}, {"max_result_window", "10000"},
                                   {"max_regex_length", "1000"}}}};
      out[idx->name()] = std::move(entry);
      continue;
    }
    json::object flat_out;
    std::function<void(const json::object&, const std::string&)> walk =
        [&](const json::object& o, const std::string& prefix) {
          for (const auto& [k, v] : o) {
            std::string key = prefix.empty() ? std::string(k) : prefix + "." + std::string(k);
            if (v.is_object() && key != "index.analysis") walk(v.as_object(), key);
            else flat_out[key] = v;
          }
        };
    walk(nested, "");
    json::object entry{{"settings", std::move(flat_out)}};
    if (req.flag("include_defaults"))
      entry["defaults"] = json::object{{"index.refresh_interval", "1s"},
                                       {"index.max_result_window", "10000"},
                                       {"index.max_regex_length", "1000"}};
    out[idx->name()] = std::move(entry);
  }
  return json_reply(req, 200, out);
}

net::Response put_settings(SearchService& service, EsRequest& req) {
  json::value body = req.json_body();
  if (!body.is_object()) throw validation_failed("no settings to update");
  json::object flat;
  json::value analysis = nullptr;
  const json::object& b = body.as_object();
  flatten(b.contains("settings") && b.at("settings").is_object() ? b.at("settings").as_object() : b,
          "", flat, analysis);
  if (!analysis.is_null())
    throw illegal_argument("Can't update non dynamic settings [[index.analysis]] for open indices");
  for (const auto& idx : service.resolve(req.parts[0], req.param("ignore_unavailable") == "true")) {
    IndexMeta m = idx->meta();
    apply_settings(m, flat, false);
    idx->set_meta(std::move(m));
  }
  return json_reply(req, 200, acknowledged());
}

net::Response refresh(SearchService& service, EsRequest& req) {
  auto indices = req.parts[0].starts_with("_") ? service.all() : service.resolve(req.parts[0]);
  for (const auto& idx : indices) idx->refresh();
  int total = 0, primaries = 0;
  for (const auto& idx : indices) {
    IndexMeta m = idx->meta();
    primaries += m.number_of_shards;
    total += m.number_of_shards * (1 + m.number_of_replicas);
  }
  return json_reply(req, 200,
                    json::object{{"_shards", json::object{{"total", total}, {"successful", primaries}, {"failed", 0}}}});
}

net::Response get_aliases(SearchService& service, EsRequest& req) {
  // /_alias, /_alias/{name}, /_aliases, /{index}/_alias[/{name}]
  bool index_first = !req.parts[0].starts_with("_") || req.parts[0] == "_all";
  std::string name_filter = index_first ? (req.parts.size() > 2 ? req.parts[2] : "")
                                        : (req.parts.size() > 1 ? req.parts[1] : "");
  auto indices = index_first ? service.resolve(req.parts[0]) : service.all();
  std::vector<std::string> wanted = split_commas(name_filter);
  // As Elasticsearch's Metadata.findAliases: from the first wildcard on (that one included), a
  // name starting with "-" excludes what it matches; before it, it is a name like any other.
  // The last pattern that matches an alias decides.
  auto is_wildcard = [](const std::string& w) { return w == "_all" || w.find('*') != std::string::npos; };
  size_t first_wildcard = wanted.size();
  for (size_t i = 0; i < wanted.size(); ++i)
    if (is_wildcard(wanted[i])) {
      first_wildcard = i;
      break;
    }
  auto is_exclusion = [&](size_t i) { return i >= first_wildcard && wanted[i].starts_with("-"); };
  auto selected = [&](const std::string& alias) {
    bool in = wanted.empty();
    for (size_t i = 0; i < wanted.size(); ++i) {
      const std::string& w = wanted[i];
      std::string pattern = is_exclusion(i) ? w.substr(1) : w;
      if (pattern == "_all" || glob_match(pattern, alias)) in = !is_exclusion(i);
    }
    return in;
  };
  json::object out;
  std::set<std::string> seen;
  for (const auto& idx : indices) {
    json::object a;
    for (const auto& [alias, def] : idx->meta().aliases)
      if (selected(alias)) {
        a[alias] = def;
        seen.insert(alias);
      }
    if (!wanted.empty() && a.empty()) continue;
    out[idx->name()] = json::object{{"aliases", std::move(a)}};
  }
  // Missing: a name given exactly, not excluded by a later exclusion, and in no index's aliases
  // (RestGetAliasesAction).
  std::set<std::string> missing;
  for (size_t i = 0; i < wanted.size(); ++i) {
    if (is_wildcard(wanted[i]) || (i > first_wildcard && wanted[i].starts_with("-"))) continue;
    bool excluded = false;
    for (size_t j = std::max(i + 1, first_wildcard); j < wanted.size() && !excluded; ++j)
      excluded = wanted[j].starts_with("-") &&
                 (glob_match(wanted[j].substr(1), wanted[i]) || wanted[j].substr(1) == "_all");
    if (!excluded && !seen.count(wanted[i])) missing.insert(wanted[i]);
  }
  if (!missing.empty()) {
    out["error"] = fmt::format("{} [{}] missing", missing.size() == 1 ? "alias" : "aliases",
                               fmt::join(missing, ","));
    out["status"] = 404;
    return json_reply(req, 404, out);
  }
  return json_reply(req, 200, out);
}

net::Response alias_exists(SearchService& service, EsRequest& req) {
  bool index_first = !req.parts[0].starts_with("_");
  std::string name = index_first ? req.parts[2] : req.parts[1];
  auto indices = index_first ? service.resolve(req.parts[0]) : service.all();
  bool found = false;
  for (const auto& idx : indices) found |= idx->meta().aliases.count(name) > 0;
  return json_reply(req, found ? 200 : 404, json::object());
}

net::Response put_alias(SearchService& service, EsRequest& req) {
  json::value body = req.json_body();
  const std::string& alias = req.parts[2];
  SearchService::validate_name(alias);
  if (service.find_index(alias))
    throw es_error("invalid_alias_name_exception",
                   fmt::format("Invalid alias name [{}]: an index or data stream exists with the "
                               "same name as the alias",
                               alias));
  for (const auto& idx : service.resolve(req.parts[0])) {
    auto aliases = idx->meta().aliases;
    aliases[alias] = body.is_object() ? alias_definition(body.as_object()) : json::object();
    idx->set_aliases(std::move(aliases));
  }
  return json_reply(req, 200, acknowledged());
}

net::Response delete_alias(SearchService& service, EsRequest& req) {
  const std::string& alias = req.parts[2];
  bool removed = false;
  for (const auto& idx : service.resolve(req.parts[0])) {
    auto aliases = idx->meta().aliases;
    size_t before = aliases.size();
    for (size_t pos = 0; pos <= alias.size();) {
      size_t c = alias.find(',', pos);
      std::string one = alias.substr(pos, c == std::string::npos ? std::string::npos : c - pos);
      std::erase_if(aliases, [&](const auto& kv) { return one == "_all" || glob_match(one, kv.first); });
      if (c == std::string::npos) break;
      pos = c + 1;
    }
    if (aliases.size() != before) {
      removed = true;
      idx->set_aliases(std::move(aliases));
    }
  }
  if (!removed) {
    auto e = es_error("aliases_not_found_exception", fmt::format("aliases [{}] missing", alias));
    e.with("resource.type", "aliases").with("resource.id", alias);
    throw e;
  }
  return json_reply(req, 200, acknowledged());
}

// The concrete indices a remove_index action names: by name or wildcard, never through an alias
// (Elasticsearch refuses to delete an index by one of its aliases).
std::vector<std::string> concrete_indices(const SearchService& service, const std::string& expression) {
  std::vector<std::string> out;
  if (expression.find('*') != std::string::npos) {
    for (const auto& idx : service.all())
      if (glob_match(expression, idx->name())) out.push_back(idx->name());
    return out;
  }
  if (service.find_index(expression)) return {expression};
  if (service.aliases().count(expression))
    throw illegal_argument(fmt::format(
        "The provided expression [{}] matches an alias, specify the corresponding concrete indices instead.",
        expression));
  throw index_not_found(expression);
}

net::Response update_aliases(SearchService& service, EsRequest& req) {
  json::value body = req.json_body();
  auto actions = body.is_object() ? body.as_object().if_contains("actions") : nullptr;
  if (!actions || !actions->is_array()) throw validation_failed("no actions specified");
  auto names = [](const json::object& o, const char* one, const char* many) {
    std::vector<std::string> out;
    if (auto v = o.if_contains(one); v && v->is_string()) out.emplace_back(v->as_string());
    if (auto v = o.if_contains(many); v && v->is_string()) out.emplace_back(v->as_string());
    if (auto v = o.if_contains(many); v && v->is_array())
      for (const auto& e : v->as_array())
        if (e.is_string()) out.emplace_back(e.as_string());
    return out;
  };
  // Indices this request deletes: an alias may take the name of one of them (the documented way
  // to replace an index by an alias), of no other index.
  std::set<std::string> removed;
  for (const auto& a : actions->as_array())
    if (a.is_object() && a.as_object().size() == 1 && a.as_object().begin()->key() == "remove_index" &&
        a.as_object().begin()->value().is_object())
      for (const auto& expr : names(a.as_object().begin()->value().as_object(), "index", "indices"))
        for (auto& n : concrete_indices(service, expr)) removed.insert(std::move(n));
  for (const auto& a : actions->as_array()) {  // checked before any action is applied
    if (!a.is_object() || a.as_object().size() != 1 || a.as_object().begin()->key() != "add" ||
        !a.as_object().begin()->value().is_object())
      continue;
    const auto& spec = a.as_object().begin()->value().as_object();
    for (const auto& alias : names(spec, "alias", "aliases")) {
      if (!service.find_index(alias) || removed.count(alias)) continue;
      auto e = es_error("invalid_alias_name_exception",
                        fmt::format("Invalid alias name [{}]: an index or data stream exists with the same name "
                                    "as the alias",
                                    alias));
      e.with("index", alias);  // Elasticsearch names the index that has the alias's name
      throw e;
    }
  }
  // Every action is checked against the aliases as the earlier actions leave them before any is
  // applied: a refused request changes nothing, as in Elasticsearch.
  std::map<std::string, std::map<std::string, json::object>> planned;  // index -> its aliases after
  auto aliases_of = [&](const std::shared_ptr<SearchIndex>& idx) -> std::map<std::string, json::object>& {
    auto it = planned.find(idx->name());
    if (it == planned.end()) it = planned.emplace(idx->name(), idx->meta().aliases).first;
    return it->second;
  };
  for (const auto& a : actions->as_array()) {
    if (!a.is_object() || a.as_object().size() != 1)
      throw illegal_argument("alias action must have exactly one of add, remove, remove_index");
    const auto& [kind, spec_v] = *a.as_object().begin();
    if (!spec_v.is_object()) throw illegal_argument("alias action must be an object");
    const auto& spec = spec_v.as_object();
    if (kind != "add" && kind != "remove" && kind != "remove_index")
      throw illegal_argument(fmt::format("Unknown alias action [{}]", std::string(kind)));
    if (spec.contains("must_exist") && kind != "remove")
      throw illegal_argument(fmt::format("[must_exist] is unsupported for [{}]",
                                         kind == "add" ? "ADD" : "REMOVE_INDEX"));
    auto indices = names(spec, "index", "indices");
    if (indices.empty()) throw validation_failed("One of [index] or [indices] is required");
    if (kind == "remove_index") continue;  // resolved above
    for (const auto& index_expr : indices) {
      for (const auto& idx : service.resolve(index_expr)) {
        auto& aliases = aliases_of(idx);
        for (const auto& alias : names(spec, "alias", "aliases")) {
          if (kind == "add") {
            SearchService::validate_name(alias);
            aliases[alias] = alias_definition(spec);
          } else if (!aliases.erase(alias) && !(spec.contains("must_exist") && !spec.at("must_exist").as_bool())) {
            auto e = es_error("aliases_not_found_exception", fmt::format("aliases [{}] missing", alias));
            e.with("resource.type", "aliases").with("resource.id", alias);
            throw e;
          }
        }
      }
    }
  }
  for (const auto& name : removed) service.remove(name);
  for (auto& [name, aliases] : planned)
    if (!removed.count(name))
      if (auto idx = service.find_index(name)) idx->set_aliases(std::move(aliases));
  return json_reply(req, 200, acknowledged());
}

}  // namespace wharf::search::api
