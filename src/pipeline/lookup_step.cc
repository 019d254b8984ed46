// lookup: joins each row to another source by key and copies fields from the match.
//   - lookup:
//       from: {file: products.csv}          # any source
//       on: {product_id: id}                 # this row's field: the other source's field
//       fields: {title: product_title}       # the other's field: the name it gets here
//       missing: keep                        # keep (fields null), drop, or reject
// The other source is read once, on the first batch, into a hash table (its first row per key
// wins), so it should be the smaller side: a dimension table, not a fact table.
#include <unordered_map>

#include "pipeline/source.h"
#include "pipeline/step_registry.h"
#include "pipeline/value_order.h"

namespace wharf::pipeline {
namespace {

class Lookup : public Step {
 public:
  explicit Lookup(const StepArgs& a) : Step(a.name), from_(a.spec.at("from")), sources_(a.sources) {
    a.spec.allow_keys({"from", "on", "fields", "missing"});
    sources_->validate(from_);
    auto on = a.spec.at("on");
    if (on.is_map()) {
      for (auto& [left, right] : on.entries()) on_.emplace_back(left, right.as_string());
    } else {
      for (auto& n : on.as_strings()) on_.emplace_back(n, n);
    }
    auto fields = a.spec.at("fields");
    if (fields.is_map()) {
      for (auto& [theirs, ours] : fields.entries()) fields_.emplace_back(theirs, ours.as_string());
    } else {
      for (auto& n : fields.as_strings()) fields_.emplace_back(n, n);
    }
    missing_ = a.spec.string_or("missing", "keep");
    if (missing_ != "keep" && missing_ != "drop" && missing_ != "reject")
      a.spec.at("missing").fail("missing is keep, drop or reject, got '" + missing_ + "'");
  }

  struct Plan {
    SchemaPtr schema;
    std::vector<int> key_slots, out_slots;
  };

  void process(Batch& batch, StepContext& ctx) override {
    load(ctx);
    auto plan = plans_.get(batch.schema, [&](const Schema& s) {
      Plan p;
      std::vector<std::string> names = s.names();
      for (auto& [l, r] : on_) p.key_slots.push_back(s.find(l));
      for (auto& [theirs, ours] : fields_)
        if (std::find(names.begin(), names.end(), ours) == names.end()) names.push_back(ours);
      p.schema = intern_schema(std::move(names));
      for (auto& [theirs, ours] : fields_) p.out_slots.push_back(p.schema->find(ours));
      return p;
    });
    std::string key;
    size_t width = plan->schema->size();
    size_t kept = 0;
    for (size_t i = 0; i < batch.rows.size(); ++i) {
      Row& row = batch.rows[i];
      key.clear();
      for (int s : plan->key_slots) append_key_bytes(key, row.at(s));
      row.values.resize(std::max(row.values.size(), width));
      auto it = table_.find(key);
      if (it != table_.end()) {
        for (size_t f = 0; f < plan->out_slots.size(); ++f) row.values[plan->out_slots[f]] = it->second[f];
      } else if (missing_ == "reject") {
        ctx.reject(batch, row, name(), "no match in the lookup for " + describe_key(row, *plan));
        continue;
      } else if (missing_ == "drop") {
        continue;
      } else {
        for (int s : plan->out_slots) row.values[s] = core::Value();
      }
      if (kept != i) batch.rows[kept] = std::move(row);
      ++kept;
    }
    batch.rows.resize(kept);
    batch.schema = plan->schema;
  }

 private:
  std::string describe_key(const Row& row, const Plan& plan) const {
    std::string s;
    for (size_t i = 0; i < on_.size(); ++i) {
      const auto& v = row.at(plan.key_slots[i]);
      s += (i ? ", " : "") + on_[i].first + "=" +
           (v.is<std::string>() ? v.as<std::string>()
                                : v.is<core::Decimal>() ? v.as<core::Decimal>().to_string() : "null");
    }
    return s;
  }

  void load(StepContext& ctx) {
    std::lock_guard lock(load_mu_);
    if (loaded_) return;
    auto source = sources_->open(from_);
    Batch b;
    std::string key;
    while (source->next(b, 4096, *ctx.rejects)) {
      std::vector<int> key_slots, field_slots;
      for (auto& [l, r] : on_) key_slots.push_back(b.schema->find(r));
      for (auto& [theirs, ours] : fields_) field_slots.push_back(b.schema->find(theirs));
      for (auto& row : b.rows) {
        key.clear();
        for (int s : key_slots) append_key_bytes(key, row.at(s));
        if (table_.count(key)) continue;
        std::vector<core::Value> values;
        for (int s : field_slots) values.push_back(row.at(s));
        table_.emplace(key, std::move(values));
      }
    }
    loaded_ = true;
  }

  SpecNode from_;
  SourceFactory* sources_;
  std::vector<std::pair<std::string, std::string>> on_, fields_;
  std::string missing_;
  std::mutex load_mu_;
  bool loaded_ = false;
  std::unordered_map<std::string, std::vector<core::Value>> table_;
  PerSchema<Plan> plans_;
};

}  // namespace

void register_lookup_step(StepRegistry& r) {
  r["lookup"] = [](const StepArgs& a) { return std::make_unique<Lookup>(a); };
}

}  // namespace wharf::pipeline
