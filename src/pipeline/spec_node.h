// Typed, line-aware reading of a pipeline's YAML (docs/pipelines.md). Every error a user can make
// in a pipeline file names the file, line and column and what was expected, and a misspelt key is
// an error rather than a silently ignored setting.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace wharf::pipeline {

// "PipelineSpecError", 400: the message starts with "file:line:column: ".
core::Error spec_error(const std::string& file, const YAML::Mark& mark, const std::string& what);

class SpecNode {
 public:
  SpecNode(YAML::Node node, std::shared_ptr<const std::string> file)
      : node_(std::move(node)), file_(std::move(file)) {}
  SpecNode(const SpecNode&) = default;
  // YAML::Node's operator= writes through to the node it refers to; a SpecNode rebinds instead.
  SpecNode& operator=(const SpecNode& o) {
    node_.reset(o.node_);
    file_ = o.file_;
    return *this;
  }

  const YAML::Node& yaml() const { return node_; }
  const std::string& file() const { return *file_; }
  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }
  bool has(const std::string& key) const { return node_.IsMap() && node_[key]; }

  [[noreturn]] void fail(const std::string& what) const;
  // Fails on a key outside `allowed` (names the key and lists the allowed ones).
  void allow_keys(std::initializer_list<const char*> allowed) const;
  void allow_keys(const std::vector<const char*>& allowed) const;

  SpecNode at(const std::string& key) const;  // fails when absent
  std::optional<SpecNode> get(const std::string& key) const;
  std::vector<SpecNode> items() const;  // a sequence's elements; fails unless a sequence
  // A map's entries in file order.
  std::vector<std::pair<std::string, SpecNode>> entries() const;

  std::string as_string() const;  // a scalar
  long long as_int(long long min, long long max) const;
  bool as_bool() const;
  // A scalar or a sequence of scalars, as a list.
  std::vector<std::string> as_strings() const;

  std::string string(const std::string& key) const { return at(key).as_string(); }
  std::string string_or(const std::string& key, const std::string& fallback) const;
  long long int_or(const std::string& key, long long fallback, long long min, long long max) const;
  bool bool_or(const std::string& key, bool fallback) const;
  std::vector<std::string> strings_or(const std::string& key,
                                      std::vector<std::string> fallback = {}) const;

 private:
  YAML::Node node_;
  std::shared_ptr<const std::string> file_;
};

}  // namespace wharf::pipeline
