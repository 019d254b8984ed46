// How step kinds are found: each steps file registers its kinds; make_step (step.h) looks the
// entry's key up here. Internal to pipeline/.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "pipeline/step.h"

namespace wharf::pipeline {

struct StepArgs {
  SpecNode spec;         // the value under the step's key
  std::string name;      // "3:trim": position and kind, as reports and rejects name it
  SourceFactory* sources;
};
using StepFactory = std::function<std::unique_ptr<Step>(const StepArgs&)>;
using StepRegistry = std::map<std::string, StepFactory>;

void register_clean_steps(StepRegistry& r);      // clean_steps.cc
void register_coerce_step(StepRegistry& r);      // coerce_step.cc
void register_transform_steps(StepRegistry& r);  // transform_steps.cc
void register_shape_steps(StepRegistry& r);      // shape_steps.cc
void register_stateful_steps(StepRegistry& r);   // dedupe, group_by, recommend
void register_lookup_step(StepRegistry& r);      // lookup_step.cc

}  // namespace wharf::pipeline
