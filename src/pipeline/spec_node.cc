#include "pipeline/spec_node.h"

#include <charconv>

namespace wharf::pipeline {

core::Error spec_error(const std::string& file, const YAML::Mark& mark, const std::string& what) {
  std::string where = file;
  if (!mark.is_null()) where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  return core::Error("PipelineSpecError", 400, where + ": " + what);
}

void SpecNode::fail(const std::string& what) const { throw spec_error(*file_, node_.Mark(), what); }

void SpecNode::allow_keys(std::initializer_list<const char*> allowed) const {
  allow_keys(std::vector<const char*>(allowed));
}

void SpecNode::allow_keys(const std::vector<const char*>& allowed) const {
  if (!node_.IsMap()) fail("expected a mapping");
  for (const auto& kv : node_) {
    auto key = kv.first.as<std::string>();
    bool ok = false;
    for (const char* a : allowed) ok = ok || key == a;
    if (!ok) {
      std::string list;
      for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      throw spec_error(*file_, kv.first.Mark(),
                       "unknown key '" + key + "' (expected one of: " + list + ")");
    }
  }
}

SpecNode SpecNode::at(const std::string& key) const {
  if (!node_.IsMap()) fail("expected a mapping with '" + key + "'");
  auto n = node_[key];
  if (!n || n.IsNull()) fail("missing '" + key + "'");
  return SpecNode(n, file_);
}

std::optional<SpecNode> SpecNode::get(const std::string& key) const {
  if (!node_.IsMap()) return std::nullopt;
  auto n = node_[key];
  if (!n || n.IsNull()) return std::nullopt;
  return SpecNode(n, file_);
}

std::vector<SpecNode> SpecNode::items() const {
  if (!node_.IsSequence()) fail("expected a list");
  std::vector<SpecNode> out;
  for (const auto& n : node_) out.emplace_back(n, file_);
  return out;
}

std::vector<std::pair<std::string, SpecNode>> SpecNode::entries() const {
  if (!node_.IsMap()) fail("expected a mapping");
  std::vector<std::pair<std::string, SpecNode>> out;
  for (const auto& kv : node_) out.emplace_back(kv.first.as<std::string>(), SpecNode(kv.second, file_));
  return out;
}

std::string SpecNode::as_string() const {
  if (!node_.IsScalar()) fail("expected a single value");
  return node_.Scalar();
}

long long SpecNode::as_int(long long min, long long max) const {
  auto s = as_string();
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) fail("expected a whole number, got '" + s + "'");
  if (v < min || v > max)
    fail("expected a number from " + std::to_string(min) + " to " + std::to_string(max) + ", got " + s);
  return v;
}

bool SpecNode::as_bool() const {
  auto s = as_string();
  if (s == "true" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "no" || s == "off") return false;
  fail("expected true or false, got '" + s + "'");
}

std::vector<std::string> SpecNode::as_strings() const {
  if (node_.IsScalar()) return {node_.Scalar()};
  std::vector<std::string> out;
  for (auto& item : items()) out.push_back(item.as_string());
  return out;
}

std::string SpecNode::string_or(const std::string& key, const std::string& fallback) const {
  auto n = get(key);
  return n ? n->as_string() : fallback;
}

long long SpecNode::int_or(const std::string& key, long long fallback, long long min,
                           long long max) const {
  auto n = get(key);
  return n ? n->as_int(min, max) : fallback;
}

bool SpecNode::bool_or(const std::string& key, bool fallback) const {
  auto n = get(key);
  return n ? n->as_bool() : fallback;
}

std::vector<std::string> SpecNode::strings_or(const std::string& key,
                                              std::vector<std::string> fallback) const {
  auto n = get(key);
  return n ? n->as_strings() : fallback;
}

}  // namespace wharf::pipeline
