// A step's field list: names, or "all" (every string field, whatever the schema).
#pragma once

#include <string>
#include <vector>

#include "pipeline/batch.h"
#include "pipeline/spec_node.h"

namespace wharf::pipeline {

struct FieldList {
  bool all = false;
  std::vector<std::string> names;
  static FieldList parse(const SpecNode& node);  // "all", "*", a name or a list of names
  // The slots of these fields in `schema` (absent names are skipped).
  std::vector<int> slots(const Schema& schema) const;
};

}  // namespace wharf::pipeline
