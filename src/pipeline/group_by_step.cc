// group_by: one row per distinct key with aggregates over its rows:
//   - group_by: {keys: [user_id], aggregates: {orders: "count()", spent: "sum(qty * price)"}}
// Aggregates: count() / count(x) (non-null x), count_distinct, sum, avg, min, max, first, last,
// collect (a list), collect_set (distinct, in first-seen order). Their argument is an
// expression. Groups come out in the order their keys first appeared.
#include <regex>
#include <set>
#include <unordered_map>

#include "pipeline/step_registry.h"
#include "pipeline/value_order.h"

namespace wharf::pipeline {
namespace {

enum class Fn { kCount, kCountDistinct, kSum, kAvg, kMin, kMax, kFirst, kLast, kCollect, kCollectSet };

struct Aggregate {
  std::string name;
  Fn fn;
  std::optional<Expression> arg;  // absent: count()
};

struct Accumulator {
  uint64_t n = 0;
  core::Decimal sum;
  core::Value value;  // min, max, first, last
  core::List list;
  std::set<std::string> seen;
};

std::string type_of(const core::Value& v) { return core::type_name(v.type()); }

class GroupBy : public Step {
 public:
  explicit GroupBy(const StepArgs& a) : Step(a.name) {
    a.spec.allow_keys({"keys", "aggregates"});
    keys_ = a.spec.at("keys").as_strings();
    static const std::map<std::string, Fn> kFns = {
        {"count", Fn::kCount}, {"count_distinct", Fn::kCountDistinct}, {"sum", Fn::kSum},
        {"avg", Fn::kAvg},     {"min", Fn::kMin},  {"max", Fn::kMax},  {"first", Fn::kFirst},
        {"last", Fn::kLast},   {"collect", Fn::kCollect},             {"collect_set", Fn::kCollectSet}};
    static const std::regex kCall(R"(^\s*([a-z_]+)\s*\((.*)\)\s*$)");
    if (auto aggs = a.spec.get("aggregates")) {
      for (auto& [name, node] : aggs->entries()) {
        std::smatch m;
        std::string text = node.as_string();
        if (!std::regex_match(text, m, kCall))
          node.fail("an aggregate is fn(expression), e.g. sum(amount) or count(), got '" + text + "'");
        auto fn = kFns.find(m[1].str());
        if (fn == kFns.end()) {
          std::string names;
          for (auto& [k, v] : kFns) names += (names.empty() ? "" : ", ") + k;
          node.fail("unknown aggregate '" + m[1].str() + "' (aggregates: " + names + ")");
        }
        Aggregate agg{name, fn->second, std::nullopt};
        std::string arg = m[2].str();
        if (arg.find_first_not_of(" \t") != std::string::npos) {
          try {
            agg.arg = Expression::parse(arg);
          } catch (const core::Error& e) {
            node.fail(e.what());
          }
        } else if (agg.fn != Fn::kCount) {
          node.fail(m[1].str() + "() needs an argument");
        }
        aggregates_.push_back(std::move(agg));
      }
    }
    std::vector<std::string> names = keys_;
    for (auto& agg : aggregates_) names.push_back(agg.name);
    out_schema_ = intern_schema(std::move(names));
  }
  bool stateful() const override { return true; }

  struct Plan {
    std::vector<int> key_slots;
    std::vector<std::optional<Expression>> args;
  };

  void process(Batch& batch, StepContext& ctx) override {
    auto plan = plans_.get(batch.schema, [&](const Schema& s) {
      Plan p;
      for (auto& k : keys_) p.key_slots.push_back(s.find(k));
      for (auto& agg : aggregates_)
        p.args.push_back(agg.arg ? std::optional(bound_to(*agg.arg, s)) : std::nullopt);
      return p;
    });
    std::string key;
    std::vector<core::Value> args(aggregates_.size());
    for (auto& row : batch.rows) {
      try {  // evaluate every argument first, so a failing row changes no group
        for (size_t i = 0; i < aggregates_.size(); ++i)
          args[i] = plan->args[i] ? plan->args[i]->eval(row.values, ctx.eval) : core::Value();
        for (size_t i = 0; i < aggregates_.size(); ++i) {
          auto fn = aggregates_[i].fn;
          if ((fn == Fn::kSum || fn == Fn::kAvg) && !args[i].is_null() &&
              !args[i].is<core::Decimal>())
            throw core::Error("ExpressionError", 400,
                              aggregates_[i].name + ": cannot sum a " + type_of(args[i]));
        }
      } catch (const core::Error& e) {
        ctx.reject(batch, row, name(), e.what());
        continue;
      }
      key.clear();
      for (int s : plan->key_slots) append_key_bytes(key, row.at(s));
      auto [it, fresh] = index_.try_emplace(key, groups_.size());
      if (fresh) {
        Group g;
        for (int s : plan->key_slots) g.keys.push_back(row.at(s));
        g.acc.resize(aggregates_.size());
        groups_.push_back(std::move(g));
      }
      auto& acc = groups_[it->second].acc;
      for (size_t i = 0; i < aggregates_.size(); ++i) accumulate(aggregates_[i], acc[i], args[i]);
    }
    batch.rows.clear();
  }

  void finish(std::vector<Batch>& out, StepContext&) override {
    Batch b{out_schema_, {}, "group_by", 0};
    for (auto& g : groups_) {
      Row r;
      r.values = std::move(g.keys);
      for (size_t i = 0; i < aggregates_.size(); ++i) r.values.push_back(result(aggregates_[i], g.acc[i]));
      b.rows.push_back(std::move(r));
      if (b.rows.size() >= 1000) {
        out.push_back(std::move(b));
        b = Batch{out_schema_, {}, "group_by", 0};
      }
    }
    if (!b.rows.empty()) out.push_back(std::move(b));
    groups_.clear();
    index_.clear();
  }

 private:
  static void accumulate(const Aggregate& agg, Accumulator& acc, core::Value& v) {
    if (agg.fn == Fn::kCount && !agg.arg) {
      ++acc.n;
      return;
    }
    if (v.is_null()) return;
    ++acc.n;
    switch (agg.fn) {
      case Fn::kCount:
        break;
      case Fn::kCountDistinct:
        acc.seen.insert(key_bytes(v));
        break;
      case Fn::kSum:
      case Fn::kAvg:
        acc.sum = acc.sum + v.as<core::Decimal>();
        break;
      case Fn::kMin:
        if (acc.n == 1 || compare_values(v, acc.value) < 0) acc.value = std::move(v);
        break;
      case Fn::kMax:
        if (acc.n == 1 || compare_values(v, acc.value) > 0) acc.value = std::move(v);
        break;
      case Fn::kFirst:
        if (acc.n == 1) acc.value = std::move(v);
        break;
      case Fn::kLast:
        acc.value = std::move(v);
        break;
      case Fn::kCollect:
        acc.list.push_back(std::move(v));
        break;
      case Fn::kCollectSet:
        if (acc.seen.insert(key_bytes(v)).second) acc.list.push_back(std::move(v));
        break;
    }
  }
  static core::Value result(const Aggregate& agg, Accumulator& acc) {
    switch (agg.fn) {
      case Fn::kCount:
        return static_cast<long long>(acc.n);
      case Fn::kCountDistinct:
        return static_cast<long long>(acc.seen.size());
      case Fn::kSum:
        return acc.n ? core::Value(acc.sum) : core::Value();
      case Fn::kAvg:
        return acc.n ? core::Value(acc.sum.divide(core::Decimal(static_cast<long long>(acc.n))))
                     : core::Value();
      case Fn::kCollect:
      case Fn::kCollectSet:
        return std::move(acc.list);
      default:
        return std::move(acc.value);
    }
  }

  struct Group {
    std::vector<core::Value> keys;
    std::vector<Accumulator> acc;
  };
  std::vector<std::string> keys_;
  std::vector<Aggregate> aggregates_;
  SchemaPtr out_schema_;
  PerSchema<Plan> plans_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<Group> groups_;
};

}  // namespace

std::unique_ptr<Step> make_group_by(const StepArgs& a) { return std::make_unique<GroupBy>(a); }

}  // namespace wharf::pipeline
