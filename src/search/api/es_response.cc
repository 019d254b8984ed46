#include "search/api/es_response.h"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>

#include "core/random.h"
#include "search/errors.h"

namespace wharf::search {

namespace json = boost::json;

namespace {

constexpr size_t kMaxBody = 512u << 20;

// JSON text as Elasticsearch writes it: doubles in plain notation the way Java prints them
// (35.0, 0.2876821), where Boost.JSON would write 3.5E1.
// indent < 0: compact; else pretty-printed as Elasticsearch's ?pretty does (2 spaces, " : ").
void write_json(std::string& out, const json::value& v, int indent = -1,
                const RawSplices* raw = nullptr) {
  auto newline = [&](int level) {
    if (indent < 0) return;
    out += '\n';
    out.append(static_cast<size_t>(level) * 2, ' ');
  };
  switch (v.kind()) {
    case json::kind::object: {
      if (v.as_object().empty()) {
        out += indent < 0 ? "{}" : "{ }";
        return;
      }
      out += '{';
      bool first = true;
      for (const auto& [k, x] : v.as_object()) {
        if (!first) out += ',';
        first = false;
        newline(indent + 1);
        out += json::serialize(json::string_view(k));
        out += indent < 0 ? ":" : " : ";
        write_json(out, x, indent < 0 ? -1 : indent + 1, raw);
      }
      newline(indent);
      out += '}';
      return;
    }
    case json::kind::array: {
      if (v.as_array().empty()) {
        out += indent < 0 ? "[]" : "[ ]";
        return;
      }
      out += '[';
      bool first = true;
      for (const auto& x : v.as_array()) {
        if (!first) out += ',';
        first = false;
        newline(indent + 1);
        write_json(out, x, indent < 0 ? -1 : indent + 1, raw);
      }
      newline(indent);
      out += ']';
      return;
    }
    case json::kind::double_: {
      double d = v.as_double();
      if (!std::isfinite(d)) {
        out += d > 0 ? "\"Infinity\"" : d < 0 ? "\"-Infinity\"" : "\"NaN\"";
      } else if (d == std::floor(d) && std::fabs(d) < 1e15) {
        out += fmt::format("{:.1f}", d);
      } else {
        out += fmt::format("{}", d);
      }
      return;
    }
    case json::kind::string:
      if (const std::string* text = raw ? raw->find(v.as_string()) : nullptr) {
        if (indent < 0)
          out += *text;
        else
          write_json(out, json::parse(*text), indent);
        return;
      }
      out += json::serialize(v);
      return;
    default:
      out += json::serialize(v);
  }
}

}  // namespace

RawSplices::RawSplices() = default;

json::value RawSplices::add(std::string json_text) {
  if (tag_.empty()) tag_ = "\x01wharf-raw:" + core::random_hex(8) + ":";
  texts_.push_back(std::move(json_text));
  return json::value(tag_ + std::to_string(texts_.size() - 1));
}

const std::string* RawSplices::find(std::string_view s) const {
  if (texts_.empty() || !s.starts_with(tag_)) return nullptr;
  size_t i = 0;
  for (char c : s.substr(tag_.size())) {
    if (c < '0' || c > '9') return nullptr;
    i = i * 10 + static_cast<size_t>(c - '0');
  }
  return i < texts_.size() ? &texts_[i] : nullptr;
}

std::string es_serialize(const json::value& v) {
  std::string out;
  write_json(out, v);
  return out;
}

std::optional<std::string> EsRequest::param(std::string_view name) const {
  if (auto v = core::find_param(params, name)) return *v;
  return std::nullopt;
}

bool EsRequest::flag(std::string_view name) const {
  auto v = param(name);
  return v && (v->empty() || *v == "true");
}

std::string& EsRequest::raw_body() {
  if (!body_) body_ = core::read_all(*http.body, kMaxBody);
  return *body_;
}

json::value EsRequest::json_body() {
  std::string& raw = raw_body();
  if (raw.find_first_not_of(" \t\r\n") == std::string::npos) return nullptr;
  json::error_code ec;
  json::parse_options opts;
  opts.allow_invalid_utf8 = true;
  json::value v = json::parse(raw, ec, {}, opts);
  if (ec) {
    auto e = es_error("x_content_parse_exception",
                      "Failed to parse request body: " + ec.message());
    e.with("caused_by.type", "json_parse_exception").with("caused_by.reason", ec.message());
    throw e;
  }
  return v;
}

namespace {

// JSON as YAML (what Elasticsearch answers to Accept: application/yaml or format=yaml); strings
// double-quoted so that "true" or "1" stay strings.
void emit_yaml(YAML::Emitter& out, const json::value& v, const RawSplices* raw) {
  switch (v.kind()) {
    case json::kind::object:
      out << YAML::BeginMap;
      for (const auto& [k, x] : v.as_object()) {
        out << YAML::Key << std::string(k) << YAML::Value;
        emit_yaml(out, x, raw);
      }
      out << YAML::EndMap;
      break;
    case json::kind::array:
      out << YAML::BeginSeq;
      for (const auto& x : v.as_array()) emit_yaml(out, x, raw);
      out << YAML::EndSeq;
      break;
    case json::kind::string:
      if (const std::string* text = raw->find(v.as_string())) {
        emit_yaml(out, json::parse(*text), raw);
        break;
      }
      out << YAML::DoubleQuoted << std::string(v.as_string());
      break;
    case json::kind::null:
      out << YAML::Null;
      break;
    default:  // numbers and booleans as JSON writes them
      out << json::serialize(v);
  }
}

bool wants_yaml(const EsRequest& req) {
  return req.param("format") == "yaml" ||
         req.http.header("accept").find("application/yaml") != std::string_view::npos;
}

}  // namespace

void add_deprecation_warning(net::Response& r, const std::string& message) {
  std::string quoted;
  for (char c : message) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  r.set("Warning", "299 Elasticsearch-7.17.0-bee86328705acaa9a6daede7140defd4d9ec56bd \"" + quoted + "\"");
}

net::Response json_reply(const EsRequest& req, int status, const json::value& body) {
  net::Response r;
  r.status = status;
  r.set("X-Elastic-Product", "Elasticsearch");
  std::string_view accept = req.http.header("accept");
  std::string_view ctype = req.http.header("content-type");
  std::string_view vendor = accept.find("vnd.elasticsearch") != std::string_view::npos ? accept
                            : ctype.find("vnd.elasticsearch") != std::string_view::npos ? ctype
                                                                                        : "";
  if (!vendor.empty()) {
    auto at = vendor.find("compatible-with=");
    std::string version = at == std::string_view::npos ? "7" : std::string(vendor.substr(at + 16, 1));
    r.set("Content-Type", "application/vnd.elasticsearch+json;compatible-with=" + version);
  } else {
    r.set("Content-Type", "application/json; charset=UTF-8");
  }
  if (wants_yaml(req)) {
    r.set("Content-Type", "application/yaml");
    YAML::Emitter out;
    out << YAML::BeginDoc;
    emit_yaml(out, body, &req.splices);
    r.body = std::string(out.c_str()) + "\n";
  } else if (req.flag("pretty")) {
    write_json(r.body, body, 0, &req.splices);
    r.body += '\n';
  } else {
    write_json(r.body, body, -1, &req.splices);
  }
  if (req.http.method == "HEAD") {
    r.head = true;
    r.content_length = r.body.size();
    r.body.clear();
  }
  return r;
}

json::object error_object(const core::Error& e) {
  json::object inner{{"type", e.code()}, {"reason", e.message()}};
  json::object caused;
  for (const auto& [k, v] : e.details()) {
    if (k.starts_with("caused_by.")) caused[k.substr(10)] = v;
    else if (k.starts_with("#")) inner[k.substr(1)] = std::stoll(v);
    else if (k.starts_with("json:")) inner[k.substr(5)] = json::parse(v);
    else inner[k] = v;
  }
  json::object root = inner;
  root.erase("failed_shards");
  root.erase("phase");
  root.erase("grouped");
  if (e.code() == "search_phase_execution_exception" && inner.contains("failed_shards")) {
    // root_cause is the shard's own error.
    const auto& shards = inner.at("failed_shards").as_array();
    if (!shards.empty()) root = shards[0].as_object().at("reason").as_object();
  }
  json::object out;
  out["root_cause"] = json::array{root};
  for (auto& [k, v] : inner) out[k] = v;
  if (!caused.empty()) out["caused_by"] = std::move(caused);
  return out;
}

net::Response error_reply(const EsRequest& req, const core::Error& e) {
  return json_reply(req, e.http_status(),
                    json::object{{"error", error_object(e)}, {"status", e.http_status()}});
}

core::Error shard_failure(const core::Error& inner, const std::string& index) {
  json::object reason = error_object(inner);
  reason.erase("root_cause");
  // The status is the shard's own (400 for a bad query), not the table's 500.
  core::Error e("search_phase_execution_exception", inner.http_status(), "all shards failed");
  e.with("phase", "query");
  e.with("json:grouped", "true");
  json::array failed{json::object{{"shard", 0}, {"index", index}, {"node", "wharf"},
                                  {"reason", reason}}};
  e.with("json:failed_shards", json::serialize(failed));
  e.with("json:caused_by", json::serialize(reason));
  return e;
}

}  // namespace wharf::search
