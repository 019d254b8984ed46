// recommend: item-to-item co-purchase recommendations per user, from order lines.
//   - recommend: {user: user_id, item: product_id, basket: order_id, top: 5}
// Two items are related by the number of baskets (orders) that hold both. A user's candidates
// are the items related to what they bought, scored by the sum of those counts, minus what they
// already bought; ties go to the more often bought item, then the smaller id. Emits one row per
// user with a recommendation: {<user>, recommendations: [items], scores: [numbers]}.
// Holds every (basket, item) pair: a stateful step at the end of a pipeline over order lines.
#include <algorithm>
#include <set>
#include <unordered_map>

#include "pipeline/step_registry.h"
#include "pipeline/value_order.h"

namespace wharf::pipeline {
namespace {

class Recommend : public Step {
 public:
  explicit Recommend(const StepArgs& a) : Step(a.name) {
    a.spec.allow_keys({"user", "item", "basket", "top"});
    user_ = a.spec.string("user");
    item_ = a.spec.string("item");
    basket_ = a.spec.string("basket");
    top_ = static_cast<size_t>(a.spec.int_or("top", 5, 1, 1000));
    schema_ = intern_schema({user_, "recommendations", "scores"});
  }
  bool stateful() const override { return true; }

  void process(Batch& batch, StepContext& ctx) override {
    int u = batch.schema->find(user_), i = batch.schema->find(item_), b = batch.schema->find(basket_);
    for (auto& row : batch.rows) {
      const auto &user = row.at(u), &item = row.at(i), &basket = row.at(b);
      if (user.is_null() || item.is_null() || basket.is_null()) {
        ctx.reject(batch, row, name(), "recommend needs " + user_ + ", " + item_ + " and " + basket_);
        continue;
      }
      uint32_t item_id = intern(item);
      baskets_[key_bytes(basket)].insert(item_id);
      auto [it, fresh] = users_.try_emplace(key_bytes(user), user_order_.size());
      if (fresh) user_order_.push_back(User{user, {}});
      user_order_[it->second].bought.insert(item_id);
    }
    batch.rows.clear();
  }

  void finish(std::vector<Batch>& out, StepContext&) override {
    // Co-occurrence counts and popularity over the baskets.
    std::vector<std::unordered_map<uint32_t, uint64_t>> related(items_.size());
    std::vector<uint64_t> popularity(items_.size());
    for (auto& [key, items] : baskets_)
      for (uint32_t a : items) {
        ++popularity[a];
        for (uint32_t c : items)
          if (a != c) ++related[a][c];
      }
    Batch batch{schema_, {}, name(), 0};
    std::unordered_map<uint32_t, uint64_t> score;
    for (auto& user : user_order_) {
      score.clear();
      for (uint32_t a : user.bought)
        for (auto& [c, n] : related[a])
          if (!user.bought.count(c)) score[c] += n;
      if (score.empty()) continue;
      std::vector<std::pair<uint32_t, uint64_t>> ranked(score.begin(), score.end());
      auto better = [&](const auto& x, const auto& y) {
        if (x.second != y.second) return x.second > y.second;
        if (popularity[x.first] != popularity[y.first]) return popularity[x.first] > popularity[y.first];
        return compare_values(items_[x.first], items_[y.first]) < 0;
      };
      size_t n = std::min(top_, ranked.size());
      std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(n), ranked.end(), better);
      core::List recs, scores;
      for (size_t k = 0; k < n; ++k) {
        recs.push_back(items_[ranked[k].first]);
        scores.push_back(core::Value(static_cast<long long>(ranked[k].second)));
      }
      Row r;
      r.values = {user.id, std::move(recs), std::move(scores)};
      batch.rows.push_back(std::move(r));
      if (batch.rows.size() == 1000) {
        out.push_back(std::move(batch));
        batch = Batch{schema_, {}, name(), 0};
      }
    }
    if (!batch.rows.empty()) out.push_back(std::move(batch));
    baskets_.clear();
    users_.clear();
    user_order_.clear();
  }

 private:
  uint32_t intern(const core::Value& item) {
    auto [it, fresh] = item_ids_.try_emplace(key_bytes(item), static_cast<uint32_t>(items_.size()));
    if (fresh) items_.push_back(item);
    return it->second;
  }

  struct User {
    core::Value id;
    std::set<uint32_t> bought;
  };
  std::string user_, item_, basket_;
  size_t top_ = 5;
  SchemaPtr schema_;
  std::unordered_map<std::string, uint32_t> item_ids_;
  std::vector<core::Value> items_;
  std::unordered_map<std::string, std::set<uint32_t>> baskets_;
  std::unordered_map<std::string, size_t> users_;
  std::vector<User> user_order_;
};

}  // namespace

std::unique_ptr<Step> make_recommend(const StepArgs& a) { return std::make_unique<Recommend>(a); }

}  // namespace wharf::pipeline
