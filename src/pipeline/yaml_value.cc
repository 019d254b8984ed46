#include "pipeline/yaml_value.h"

namespace wharf::pipeline {

core::Value yaml_to_value(const SpecNode& node) {
  const YAML::Node& y = node.yaml();
  if (!y || y.IsNull()) return core::Value();
  if (y.IsSequence()) {
    core::List l;
    for (auto& item : node.items()) l.push_back(yaml_to_value(item));
    return l;
  }
  if (y.IsMap()) {
    core::Map m;
    for (auto& [k, v] : node.entries()) m[k] = yaml_to_value(v);
    return m;
  }
  const std::string& s = y.Scalar();
  if (y.Tag() == "!") return s;  // quoted: a string whatever it looks like
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (s == "null" || s == "Null" || s == "NULL" || s == "~") return core::Value();
  if (auto d = core::Decimal::parse(s); d && !s.empty() && s.back() != '.') return *d;
  return s;
}

}  // namespace wharf::pipeline
