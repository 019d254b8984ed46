// dedupe: one row per key. `dedupe: {key: [email], latest_by: updated_at}` keeps, for each key,
// the row with the greatest latest_by (the later one on ties); without latest_by the first row
// seen wins. Output keeps the order in which keys first appeared. Holds one row per key.
#include <unordered_map>

#include "pipeline/held_rows.h"
#include "pipeline/step_registry.h"
#include "pipeline/value_order.h"

namespace wharf::pipeline {
namespace {

class Dedupe : public Step {
 public:
  explicit Dedupe(const StepArgs& a) : Step(a.name) {
    if (a.spec.is_map()) {
      a.spec.allow_keys({"key", "latest_by"});
      key_ = a.spec.at("key").as_strings();
      latest_by_ = a.spec.string_or("latest_by", "");
    } else {
      key_ = a.spec.as_strings();
    }
  }
  bool stateful() const override { return true; }
  void process(Batch& batch, StepContext&) override {
    std::vector<int> slots;
    for (auto& k : key_) slots.push_back(batch.schema->find(k));
    int by = latest_by_.empty() ? -1 : batch.schema->find(latest_by_);
    std::string key;
    for (auto& row : batch.rows) {
      key.clear();
      for (int s : slots) append_key_bytes(key, row.at(s));
      auto [it, fresh] = index_.try_emplace(key, held_.size());
      if (fresh) {
        held_.push_back(HeldRow{batch.schema, batch.origin, std::move(row)});
        continue;
      }
      if (latest_by_.empty()) continue;
      HeldRow& kept = held_[it->second];
      const core::Value& old_v = kept.row.at(kept.schema->find(latest_by_));
      if (compare_values(row.at(by), old_v) >= 0)
        kept = HeldRow{batch.schema, batch.origin, std::move(row)};
    }
    batch.rows.clear();
  }
  void finish(std::vector<Batch>& out, StepContext&) override {
    emit_held(held_, out);
    index_.clear();
  }

 private:
  std::vector<std::string> key_;
  std::string latest_by_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<HeldRow> held_;
};

}  // namespace

std::unique_ptr<Step> make_group_by(const StepArgs& a);   // group_by_step.cc
std::unique_ptr<Step> make_recommend(const StepArgs& a);  // recommend_step.cc

void register_stateful_steps(StepRegistry& r) {
  r["dedupe"] = [](const StepArgs& a) { return std::make_unique<Dedupe>(a); };
  r["group_by"] = make_group_by;
  r["recommend"] = make_recommend;
}

}  // namespace wharf::pipeline
