#include "pipeline/step.h"

#include "pipeline/step_registry.h"

namespace wharf::pipeline {

namespace {
const StepRegistry& registry() {
  static const StepRegistry r = [] {
    StepRegistry r;
    register_clean_steps(r);
    register_coerce_step(r);
    register_transform_steps(r);
    register_shape_steps(r);
    register_stateful_steps(r);
    register_lookup_step(r);
    return r;
  }();
  return r;
}
}  // namespace

std::unique_ptr<Step> make_step(const SpecNode& entry, size_t index, SourceFactory& sources) {
  if (!entry.is_map() || entry.yaml().size() != 1)
    entry.fail("a step is a mapping with one key, the step's kind (e.g. `- trim: all`)");
  auto [kind, spec] = entry.entries().front();
  auto it = registry().find(kind);
  if (it == registry().end()) {
    std::string kinds;
    for (auto& [k, f] : registry()) kinds += (kinds.empty() ? "" : ", ") + k;
    entry.fail("unknown step '" + kind + "' (steps: " + kinds + ")");
  }
  return it->second(StepArgs{spec, std::to_string(index + 1) + ":" + kind, &sources});
}

bool null_on_error(const SpecNode& spec) {
  if (!spec.has("on_error")) return false;
  auto node = spec.get("on_error");
  if (!node) return true;  // on_error: null
  auto v = node->as_string();
  if (v != "reject" && v != "null") node->fail("on_error is reject (the default) or null");
  return v == "null";
}

Expression expression_at(const SpecNode& node) {
  try {
    return Expression::parse(node.as_string());
  } catch (const core::Error& e) {
    node.fail(e.what());
  }
}

Expression bound_to(const Expression& e, const Schema& schema) {
  Expression b = e;
  b.bind([&](std::string_view name) { return schema.find(name); });
  return b;
}

}  // namespace wharf::pipeline
