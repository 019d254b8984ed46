// Steps that change the nesting of rows: explode (a list into rows), flatten (maps into
// top-level fields) and nest (top-level fields into a map).
#include <set>

#include "pipeline/step_registry.h"

namespace wharf::pipeline {
namespace {

// explode: a row whose field holds a list becomes one row per element (the field holds the
// element). A row with an empty list or null is dropped unless keep_empty is set; a row
// whose field holds a single value passes unchanged.
class Explode : public Step {
 public:
  explicit Explode(const StepArgs& a) : Step(a.name) {
    if (a.spec.is_map()) {
      a.spec.allow_keys({"field", "keep_empty"});
      field_ = a.spec.string("field");
      keep_empty_ = a.spec.bool_or("keep_empty", false);
    } else {
      field_ = a.spec.as_string();
    }
  }
  void process(Batch& batch, StepContext&) override {
    int slot = batch.schema->find(field_);
    if (slot < 0) {
      if (!keep_empty_) batch.rows.clear();
      return;
    }
    std::vector<Row> out;
    out.reserve(batch.rows.size());
    for (auto& row : batch.rows) {
      core::Value& v = row.slot(slot);
      if (!v.is<core::List>() && !v.is_null()) {
        out.push_back(std::move(row));
        continue;
      }
      if (v.is_null() || v.as<core::List>().empty()) {
        if (keep_empty_) {
          v = core::Value();
          out.push_back(std::move(row));
        }
        continue;
      }
      core::List items = std::move(v.as<core::List>());
      for (size_t i = 0; i < items.size(); ++i) {
        Row r;
        if (i + 1 < items.size()) {
          r = row;
        } else {
          r = std::move(row);
        }
        r.values[slot] = std::move(items[i]);
        out.push_back(std::move(r));
      }
    }
    batch.rows = std::move(out);
  }

 private:
  std::string field_;
  bool keep_empty_ = false;
};

void flatten_into(const std::string& prefix, const std::string& sep, core::Map& m,
                  std::vector<std::pair<std::string, core::Value>>& out) {
  for (auto& [k, v] : m) {
    std::string name = prefix + sep + k;
    if (v.is<core::Map>())
      flatten_into(name, sep, v.as<core::Map>(), out);
    else
      out.emplace_back(std::move(name), std::move(v));
  }
}

// flatten: maps in the named fields (or every field) become top-level fields named
// `<field><separator><key>`, recursively. The output shape depends on the data, so each
// batch's schema is the union of what its rows hold (interned: equal shapes share one schema).
class Flatten : public Step {
 public:
  explicit Flatten(const StepArgs& a) : Step(a.name) {
    if (a.spec.is_map()) {
      a.spec.allow_keys({"fields", "separator"});
      fields_ = a.spec.strings_or("fields", {});
      separator_ = a.spec.string_or("separator", "_");
    } else {
      fields_ = a.spec.as_strings();
    }
    if (fields_.size() == 1 && (fields_[0] == "all" || fields_[0] == "*")) fields_.clear();
  }
  void process(Batch& batch, StepContext&) override {
    const Schema& in = *batch.schema;
    std::vector<bool> target(in.size(), fields_.empty());
    for (auto& f : fields_)
      if (int s = in.find(f); s >= 0) target[s] = true;
    // Per row: its flattened (name, value) pairs in field order.
    std::vector<std::vector<std::pair<std::string, core::Value>>> rows(batch.rows.size());
    std::vector<std::string> names;
    std::set<std::string> seen;
    for (size_t r = 0; r < batch.rows.size(); ++r) {
      auto& row = batch.rows[r];
      for (size_t i = 0; i < in.size(); ++i) {
        core::Value v = i < row.values.size() ? std::move(row.values[i]) : core::Value();
        if (target[i] && v.is<core::Map>())
          flatten_into(in.names()[i], separator_, v.as<core::Map>(), rows[r]);
        else
          rows[r].emplace_back(in.names()[i], std::move(v));
      }
      for (auto& [n, v] : rows[r])
        if (seen.insert(n).second) names.push_back(n);
    }
    if (batch.rows.empty()) names = in.names();
    auto schema = intern_schema(names);
    for (size_t r = 0; r < batch.rows.size(); ++r) {
      auto& values = batch.rows[r].values;
      values.assign(schema->size(), core::Value());
      for (auto& [n, v] : rows[r]) values[schema->find(n)] = std::move(v);
    }
    batch.schema = schema;
  }

 private:
  std::vector<std::string> fields_;
  std::string separator_ = "_";
};

// nest: {into: address, fields: {city: address_city, zip: address_zip}} (or a list of names,
// kept as keys) moves top-level fields into a map field; null fields are left out of the map.
class Nest : public Step {
 public:
  explicit Nest(const StepArgs& a) : Step(a.name) {
    a.spec.allow_keys({"into", "fields"});
    into_ = a.spec.string("into");
    auto f = a.spec.at("fields");
    if (f.is_map()) {
      for (auto& [key, from] : f.entries()) keys_.emplace_back(key, from.as_string());
    } else {
      for (auto& n : f.as_strings()) keys_.emplace_back(n, n);
    }
  }
  struct Plan {
    SchemaPtr schema;
    std::vector<int> keep;                            // input slots kept, in output order
    std::vector<std::pair<std::string, int>> parts;  // map key, input slot
    int into = -1;                                   // output slot of the map
  };
  void process(Batch& batch, StepContext&) override {
    auto plan = plans_.get(batch.schema, [&](const Schema& s) {
      Plan p;
      std::set<int> moved;
      for (auto& [key, from] : keys_) {
        int slot = s.find(from);
        p.parts.emplace_back(key, slot);
        if (slot >= 0) moved.insert(slot);
      }
      std::vector<std::string> names;
      for (size_t i = 0; i < s.size(); ++i)
        if (!moved.count(static_cast<int>(i)) && s.names()[i] != into_) {
          names.push_back(s.names()[i]);
          p.keep.push_back(static_cast<int>(i));
        }
      names.push_back(into_);
      p.into = static_cast<int>(names.size()) - 1;
      p.schema = intern_schema(std::move(names));
      return p;
    });
    for (auto& row : batch.rows) {
      core::Map m;
      for (auto& [key, slot] : plan->parts)
        if (slot >= 0 && static_cast<size_t>(slot) < row.values.size() &&
            !row.values[slot].is_null())
          m[key] = std::move(row.values[slot]);
      std::vector<core::Value> values(plan->schema->size());
      for (size_t i = 0; i < plan->keep.size(); ++i)
        if (static_cast<size_t>(plan->keep[i]) < row.values.size())
          values[i] = std::move(row.values[plan->keep[i]]);
      values[plan->into] = std::move(m);
      row.values = std::move(values);
    }
    batch.schema = plan->schema;
  }

 private:
  std::string into_;
  std::vector<std::pair<std::string, std::string>> keys_;
  PerSchema<Plan> plans_;
};

}  // namespace

void register_shape_steps(StepRegistry& r) {
  r["explode"] = [](const StepArgs& a) { return std::make_unique<Explode>(a); };
  r["flatten"] = [](const StepArgs& a) { return std::make_unique<Flatten>(a); };
  r["nest"] = [](const StepArgs& a) { return std::make_unique<Nest>(a); };
}

}  // namespace wharf::pipeline
