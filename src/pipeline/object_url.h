// s3://bucket/key-or-prefix, as sources and sinks name objects.
#pragma once

#include <string>

#include "pipeline/spec_node.h"

namespace wharf::pipeline {

struct ObjectUrl {
  std::string bucket, key;
  static ObjectUrl parse(const SpecNode& node);  // fails (naming the line) unless s3://bucket/...
};

}  // namespace wharf::pipeline
