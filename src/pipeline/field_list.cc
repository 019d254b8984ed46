#include "pipeline/field_list.h"

namespace wharf::pipeline {

FieldList FieldList::parse(const SpecNode& node) {
  FieldList f;
  auto names = node.as_strings();
  if (names.size() == 1 && (names[0] == "all" || names[0] == "*")) {
    f.all = true;
    return f;
  }
  if (names.empty()) node.fail("expected a field name, a list of field names, or all");
  f.names = std::move(names);
  return f;
}

std::vector<int> FieldList::slots(const Schema& schema) const {
  std::vector<int> out;
  if (all) {
    for (size_t i = 0; i < schema.size(); ++i) out.push_back(static_cast<int>(i));
    return out;
  }
  for (auto& n : names)
    if (int s = schema.find(n); s >= 0) out.push_back(s);
  return out;
}

}  // namespace wharf::pipeline
