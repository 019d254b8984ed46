// YAML from a pipeline file as a core::Value, for the parts of a spec that are data rather than
// settings (index mappings, literal rows). Plain scalars are typed as YAML 1.2's core schema
// types them (true/false, null/~, numbers as exact decimals); quoted scalars stay strings.
#pragma once

#include "core/value.h"
#include "pipeline/spec_node.h"

namespace wharf::pipeline {

core::Value yaml_to_value(const SpecNode& node);

}  // namespace wharf::pipeline
