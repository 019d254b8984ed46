// Transformations of the row's fields: select, rename, drop, compute, filter.
#include <unordered_map>

#include "pipeline/field_list.h"
#include "pipeline/step_registry.h"

namespace wharf::pipeline {
namespace {

// A new shape for rows: out field i takes the value of input slot from[i] (-1: null).
struct Remap {
  SchemaPtr schema;
  std::vector<int> from;
};

void apply(const Remap& m, Batch& batch) {
  for (auto& row : batch.rows) {
    std::vector<core::Value> values(m.from.size());
    for (size_t i = 0; i < m.from.size(); ++i)
      if (int f = m.from[i]; f >= 0 && static_cast<size_t>(f) < row.values.size())
        values[i] = std::move(row.values[f]);
    row.values = std::move(values);
  }
  batch.schema = m.schema;
}

class RemapStep : public Step {
 public:
  RemapStep(std::string name, std::function<Remap(const Schema&)> make)
      : Step(std::move(name)), make_(std::move(make)) {}
  void process(Batch& batch, StepContext&) override { apply(*cache_.get(batch.schema, make_), batch); }

 private:
  std::function<Remap(const Schema&)> make_;
  PerSchema<Remap> cache_;
};

std::unique_ptr<Step> make_select(const StepArgs& a) {
  auto names = a.spec.as_strings();
  return std::make_unique<RemapStep>(a.name, [names](const Schema& s) {
    Remap m{intern_schema(names), {}};
    for (auto& n : names) m.from.push_back(s.find(n));
    return m;
  });
}

std::unique_ptr<Step> make_drop(const StepArgs& a) {
  auto names = a.spec.as_strings();
  return std::make_unique<RemapStep>(a.name, [names](const Schema& s) {
    Remap m;
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size(); ++i)
      if (std::find(names.begin(), names.end(), s.names()[i]) == names.end()) {
        out.push_back(s.names()[i]);
        m.from.push_back(static_cast<int>(i));
      }
    m.schema = intern_schema(std::move(out));
    return m;
  });
}

// rename: {old: new, ...}. A new name that already exists is replaced by the renamed field.
std::unique_ptr<Step> make_rename(const StepArgs& a) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (auto& [from, to] : a.spec.entries()) pairs.emplace_back(from, to.as_string());
  return std::make_unique<RemapStep>(a.name, [pairs](const Schema& s) {
    std::vector<std::string> names = s.names();
    std::vector<int> from(names.size());
    for (size_t i = 0; i < from.size(); ++i) from[i] = static_cast<int>(i);
    for (auto& [old_name, new_name] : pairs) {
      auto it = std::find(names.begin(), names.end(), old_name);
      if (it == names.end()) continue;
      auto clash = std::find(names.begin(), names.end(), new_name);
      *it = new_name;
      if (clash != names.end()) {
        from.erase(from.begin() + (clash - names.begin()));
        names.erase(clash);
      }
    }
    return Remap{intern_schema(std::move(names)), std::move(from)};
  });
}

// compute: {field: expression, ...} in order; a later expression sees the fields computed
// before it. An expression that fails on a row (a type error, division by zero) rejects it.
class Compute : public Step {
 public:
  explicit Compute(const StepArgs& a) : Step(a.name) {
    for (auto& [field, expr] : a.spec.entries()) fields_.emplace_back(field, expression_at(expr));
    if (fields_.empty()) a.spec.fail("compute needs at least one `field: expression`");
  }
  struct Plan {
    SchemaPtr schema;
    std::vector<std::pair<int, Expression>> exprs;
  };
  void process(Batch& batch, StepContext& ctx) override {
    auto plan = plans_.get(batch.schema, [&](const Schema& s) {
      std::vector<std::string> names = s.names();
      for (auto& [f, e] : fields_)
        if (std::find(names.begin(), names.end(), f) == names.end()) names.push_back(f);
      Plan p{intern_schema(std::move(names)), {}};
      for (auto& [f, e] : fields_) p.exprs.emplace_back(p.schema->find(f), bound_to(e, *p.schema));
      return p;
    });
    size_t width = plan->schema->size();
    keep_rows(batch, ctx, [&](Row& row) -> std::optional<std::string> {
      row.values.resize(std::max(row.values.size(), width));
      for (auto& [slot, e] : plan->exprs) {
        try {
          row.values[slot] = e.eval(row.values, ctx.eval);
        } catch (const core::Error& err) {
          return "compute " + plan->schema->names()[slot] + ": " + err.what();
        }
      }
      return std::nullopt;
    });
    batch.schema = plan->schema;
  }

 private:
  std::vector<std::pair<std::string, Expression>> fields_;
  PerSchema<Plan> plans_;
};

// filter: keeps the rows for which the expression is true. Rows it drops are not rejects: they
// are counted as the step's output shortfall.
class Filter : public Step {
 public:
  explicit Filter(const StepArgs& a) : Step(a.name), expr_(expression_at(a.spec)) {}
  void process(Batch& batch, StepContext& ctx) override {
    auto e = bound_.get(batch.schema, [&](const Schema& s) { return bound_to(expr_, s); });
    size_t kept = 0;
    for (size_t i = 0; i < batch.rows.size(); ++i) {
      try {
        if (!e->test(batch.rows[i].values, ctx.eval)) continue;
      } catch (const core::Error& err) {  // a type error is the row's fault: reject it
        ctx.reject(batch, batch.rows[i], name(), err.what());
        continue;
      }
      if (kept != i) batch.rows[kept] = std::move(batch.rows[i]);
      ++kept;
    }
    batch.rows.resize(kept);
  }

 private:
  Expression expr_;
  PerSchema<Expression> bound_;
};

}  // namespace

void register_transform_steps(StepRegistry& r) {
  r["select"] = make_select;
  r["drop"] = make_drop;
  r["rename"] = make_rename;
  r["compute"] = [](const StepArgs& a) { return std::make_unique<Compute>(a); };
  r["filter"] = [](const StepArgs& a) { return std::make_unique<Filter>(a); };
}

}  // namespace wharf::pipeline
