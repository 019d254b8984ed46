#include "search/source_filter.h"

#include "search/patterns.h"

#include <boost/json.hpp>

namespace wharf::search {

namespace json = boost::json;

namespace {


std::vector<std::string> strings(const json::value& v) {
  std::vector<std::string> out;
  if (v.is_string()) out = split_commas(std::string(v.as_string()));
  else if (v.is_array())
    for (const auto& e : v.as_array())
      if (e.is_string()) out.emplace_back(e.as_string());
  return out;
}

// A path is kept when a pattern matches it or one of its ancestors, or when it is an ancestor of
// what a pattern could match (so objects are descended into).
bool matches_any(const std::vector<std::string>& patterns, const std::string& path, bool partial) {
  for (const auto& p : patterns) {
    if (glob_match(p, path)) return true;
    if (glob_match(p + ".*", path) || (path.size() > p.size() && path.starts_with(p + ".")))
      return true;
    if (partial && (p.starts_with(path + ".") || p.find('*') != std::string::npos)) return true;
  }
  return false;
}

// `included`: the path itself is selected (an array's scalars are kept only then).
json::value filter(const json::value& v, const std::string& prefix, const SourceFilter& f,
                   bool included = true) {
  if (v.is_array()) {
    json::array out;
    for (const auto& e : v.as_array()) {
      if (e.is_object()) {
        auto sub = filter(e, prefix, f);
        if (!sub.as_object().empty() || (e.as_object().empty() && included))
          out.push_back(std::move(sub));
      } else if (included) {
        out.push_back(e);
      }
    }
    return out;
  }
  if (!v.is_object()) return v;
  json::object out;
  for (const auto& [k, child] : v.as_object()) {
    std::string path = prefix.empty() ? std::string(k) : prefix + "." + std::string(k);
    bool exact_include = f.includes.empty() || matches_any(f.includes, path, false);
    bool partial_include = exact_include || matches_any(f.includes, path, true);
    if (!partial_include) continue;
    bool excluded = false;
    for (const auto& p : f.excludes)
      if (glob_match(p, path) || path.starts_with(p + ".")) excluded = true;
    if (excluded) continue;
    if (child.is_object() || (child.is_array() && !exact_include)) {
      auto sub = filter(child, path, f, exact_include);
      if (child.is_object() && sub.as_object().empty() && !exact_include) continue;
      if (child.is_array() && sub.as_array().empty() && !exact_include) continue;
      out[k] = std::move(sub);
    } else if (exact_include) {
      out[k] = child.is_array() ? filter(child, path, f) : child;
    }
  }
  return out;
}

}  // namespace

SourceFilter SourceFilter::from_json(const json::value& v) {
  SourceFilter f;
  if (v.is_bool()) {
    f.enabled = v.as_bool();
  } else if (v.is_object()) {
    const auto& o = v.as_object();
    if (auto i = o.if_contains("includes")) f.includes = strings(*i);
    if (auto i = o.if_contains("include")) f.includes = strings(*i);
    if (auto e = o.if_contains("excludes")) f.excludes = strings(*e);
    if (auto e = o.if_contains("exclude")) f.excludes = strings(*e);
  } else {
    f.includes = strings(v);
  }
  return f;
}

SourceFilter SourceFilter::from_params(const std::optional<std::string>& source,
                                       const std::optional<std::string>& includes,
                                       const std::optional<std::string>& excludes) {
  SourceFilter f;
  if (source) {
    if (*source == "false") f.enabled = false;
    else if (*source != "true" && !source->empty()) f.includes = split_commas(*source);
  }
  if (includes) f.includes = split_commas(*includes);
  if (excludes) f.excludes = split_commas(*excludes);
  return f;
}

json::value SourceFilter::apply(const json::value& source) const {
  if (trivial()) return source;
  return filter(source, "", *this);
}

std::vector<const json::value*> values_at(const json::value& doc, const std::string& path) {
  std::vector<const json::value*> out;
  std::vector<const json::value*> frontier{&doc};
  size_t pos = 0;
  while (pos <= path.size() && !frontier.empty()) {
    size_t dot = path.find('.', pos);
    std::string key = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    std::vector<const json::value*> next;
    std::function<void(const json::value*)> step = [&](const json::value* v) {
      if (v->is_array()) {
        for (const auto& e : v->as_array()) step(&e);
      } else if (v->is_object()) {
        if (auto c = v->as_object().if_contains(key)) next.push_back(c);
      }
    };
    for (auto* v : frontier) step(v);
    frontier = std::move(next);
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  std::function<void(const json::value*)> flat = [&](const json::value* v) {
    if (v->is_array()) {
      for (const auto& e : v->as_array()) flat(&e);
    } else {
      out.push_back(v);
    }
  };
  for (auto* v : frontier) flat(v);
  return out;
}

json::array scalar_values_at(const json::value& doc, const std::string& path) {
  json::array out;
  for (const json::value* v : values_at(doc, path))
    if (!v->is_null() && !v->is_object()) out.push_back(*v);
  return out;
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t c = s.find(',', pos);
    std::string part = s.substr(pos, c == std::string::npos ? std::string::npos : c - pos);
    if (!part.empty()) out.push_back(part);
    if (c == std::string::npos) break;
    pos = c + 1;
  }
  return out;
}

}  // namespace wharf::search
