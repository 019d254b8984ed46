// Cleaning steps that look at one row at a time: trim, lowercase/uppercase, null_tokens,
// required, check, match, range. Type coercion is coerce_step.cc; dedupe is dedupe_step.cc.
#include <unordered_set>

#include "core/encoding.h"
#include "pipeline/expr/regex.h"
#include "pipeline/field_list.h"
#include "pipeline/step_registry.h"

namespace wharf::pipeline {
namespace {

// Whitespace a trim removes: ASCII, no-break space, the ideographic space of CJK text, the BOM
// and the zero-width space that copy-paste leaves at the ends of names.
size_t leading_space(std::string_view s) {
  static constexpr std::string_view kMulti[] = {"\xC2\xA0", "\xE3\x80\x80", "\xEF\xBB\xBF",
                                                "\xE2\x80\x8B"};
  size_t i = 0;
  for (;;) {
    if (i < s.size() && std::string_view(" \t\r\n\v\f").find(s[i]) != std::string_view::npos) {
      ++i;
      continue;
    }
    bool hit = false;
    for (auto m : kMulti)
      if (s.substr(i).starts_with(m)) {
        i += m.size();
        hit = true;
        break;
      }
    if (!hit) return i;
  }
}

size_t trailing_space(std::string_view s) {
  static constexpr std::string_view kMulti[] = {"\xC2\xA0", "\xE3\x80\x80", "\xEF\xBB\xBF",
                                                "\xE2\x80\x8B"};
  size_t n = s.size();
  for (;;) {
    if (n > 0 && std::string_view(" \t\r\n\v\f").find(s[n - 1]) != std::string_view::npos) {
      --n;
      continue;
    }
    bool hit = false;
    for (auto m : kMulti)
      if (s.substr(0, n).ends_with(m)) {
        n -= m.size();
        hit = true;
        break;
      }
    if (!hit) return s.size() - n;
  }
}

// A step that rewrites string values of some fields in place.
class StringFieldStep : public Step {
 public:
  StringFieldStep(const StepArgs& a, FieldList fields, std::function<void(std::string&)> f)
      : Step(a.name), fields_(std::move(fields)), f_(std::move(f)) {}
  void process(Batch& batch, StepContext&) override {
    auto slots = slots_.get(batch.schema, [&](const Schema& s) { return fields_.slots(s); });
    for (auto& row : batch.rows)
      for (int s : *slots)
        if (static_cast<size_t>(s) < row.values.size() && row.values[s].is<std::string>())
          f_(row.values[s].as<std::string>());
  }

 private:
  FieldList fields_;
  std::function<void(std::string&)> f_;
  PerSchema<std::vector<int>> slots_;
};

void trim(std::string& s) {
  size_t lead = leading_space(s);
  if (lead == s.size()) {
    s.clear();
    return;
  }
  size_t trail = trailing_space(s);
  if (lead || trail) s = s.substr(lead, s.size() - lead - trail);
}

void ascii_lower(std::string& s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

void ascii_upper(std::string& s) {
  for (auto& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
}

// null_tokens: values that mean "no value" in the source ("", "N/A", "NULL", "-") become null.
// `null_tokens: [...]` applies to every field; the long form names fields and case sensitivity.
class NullTokens : public Step {
 public:
  explicit NullTokens(const StepArgs& a) : Step(a.name) {
    std::vector<std::string> tokens;
    if (a.spec.is_map()) {
      a.spec.allow_keys({"tokens", "fields", "case_sensitive"});
      tokens = a.spec.strings_or("tokens", {"", "null", "NULL", "N/A", "n/a", "NA", "-"});
      fields_ = a.spec.has("fields") ? FieldList::parse(a.spec.at("fields")) : FieldList{true, {}};
      case_sensitive_ = a.spec.bool_or("case_sensitive", false);
    } else {
      tokens = a.spec.as_strings();
      fields_.all = true;
    }
    for (auto t : tokens) {
      if (!case_sensitive_) ascii_lower(t);
      tokens_.insert(t);
    }
  }
  void process(Batch& batch, StepContext&) override {
    auto slots = slots_.get(batch.schema, [&](const Schema& s) { return fields_.slots(s); });
    std::string key;
    for (auto& row : batch.rows)
      for (int s : *slots) {
        if (static_cast<size_t>(s) >= row.values.size() || !row.values[s].is<std::string>())
          continue;
        key = row.values[s].as<std::string>();
        if (!case_sensitive_) ascii_lower(key);
        if (tokens_.count(key)) row.values[s] = core::Value();
      }
  }

 private:
  FieldList fields_;
  bool case_sensitive_ = false;
  std::unordered_set<std::string> tokens_;
  PerSchema<std::vector<int>> slots_;
};

bool is_blank(const core::Value& v) {
  return v.is_null() || (v.is<std::string>() && v.as<std::string>().empty());
}

class Required : public Step {
 public:
  explicit Required(const StepArgs& a) : Step(a.name), names_(a.spec.as_strings()) {}
  void process(Batch& batch, StepContext& ctx) override {
    auto slots = slots_.get(batch.schema, [&](const Schema& s) {
      std::vector<int> v;
      for (auto& n : names_) v.push_back(s.find(n));
      return v;
    });
    keep_rows(batch, ctx, [&](const Row& row) -> std::optional<std::string> {
      for (size_t i = 0; i < names_.size(); ++i)
        if (is_blank(row.at((*slots)[i]))) return "missing required field '" + names_[i] + "'";
      return std::nullopt;
    });
  }

 private:
  std::vector<std::string> names_;
  PerSchema<std::vector<int>> slots_;
};

// check: rows for which the expression is not true are rejected with `reason` (default: the
// expression itself).
class Check : public Step {
 public:
  explicit Check(const StepArgs& a) : Step(a.name) {
    if (a.spec.is_map()) {
      a.spec.allow_keys({"expr", "reason"});
      expr_ = expression_at(a.spec.at("expr"));
      reason_ = a.spec.string_or("reason", "");
    } else {
      expr_ = expression_at(a.spec);
    }
    if (reason_.empty()) reason_ = "check failed: " + expr_.text();
  }
  void process(Batch& batch, StepContext& ctx) override {
    auto b = bound_.get(batch.schema, [&](const Schema& s) { return bound_to(expr_, s); });
    keep_rows(batch, ctx, [&](const Row& row) -> std::optional<std::string> {
      if (b->test(row.values, ctx.eval)) return std::nullopt;
      return reason_;
    });
  }

 private:
  Expression expr_;
  std::string reason_;
  PerSchema<Expression> bound_;
};

// match: a string field must match a regular expression as a whole (the expression language's
// regexes: Perl syntax, Boost.Regex, safe on long values).
class Match : public Step {
 public:
  explicit Match(const StepArgs& a) : Step(a.name) {
    a.spec.allow_keys({"field", "regex", "reason"});
    field_ = a.spec.string("field");
    pattern_ = a.spec.string("regex");
    try {
      re_ = std::make_shared<expr::Regex>("\\A(?:" + pattern_ + ")\\z");
      expr::Regex check(pattern_);  // the user's pattern alone, for its own error message
    } catch (const std::invalid_argument& e) {
      a.spec.at("regex").fail(std::string("invalid regular expression: ") + e.what());
    }
    reason_ = a.spec.string_or("reason", "");
  }
  void process(Batch& batch, StepContext& ctx) override {
    int slot = batch.schema->find(field_);
    keep_rows(batch, ctx, [&](const Row& row) -> std::optional<std::string> {
      const auto& v = row.at(slot);
      if (v.is_null()) return std::nullopt;  // `required` is the check for presence
      bool matched = false;
      if (v.is<std::string>()) {
        try {
          matched = re_->search(v.as<std::string>());
        } catch (const std::runtime_error& e) {
          return "field '" + field_ + "': " + e.what();
        }
      }
      if (!matched)
        return reason_.empty() ? "field '" + field_ + "' does not match /" + pattern_ + "/" : reason_;
      return std::nullopt;
    });
  }

 private:
  std::string field_, pattern_, reason_;
  std::shared_ptr<const expr::Regex> re_;
};

std::string describe(const core::Value& v) {
  if (v.is<core::Decimal>()) return v.as<core::Decimal>().to_string();
  if (v.is<std::string>()) return "'" + v.as<std::string>() + "'";
  return core::type_name(v.type());
}

// range: a number (or an ISO date, compared as text) must lie within [min, max].
class Range : public Step {
 public:
  explicit Range(const StepArgs& a) : Step(a.name) {
    a.spec.allow_keys({"field", "min", "max", "on_error"});
    field_ = a.spec.string("field");
    null_on_error_ = null_on_error(a.spec);
    if (!a.spec.has("min") && !a.spec.has("max")) a.spec.fail("range needs min, max or both");
    if (auto n = a.spec.get("min")) min_ = bound(*n);
    if (auto n = a.spec.get("max")) max_ = bound(*n);
  }
  static core::Value bound(const SpecNode& n) {
    auto s = n.as_string();
    if (auto d = core::Decimal::parse(s)) return *d;
    return s;
  }
  static bool less(const core::Value& a, const core::Value& b) {
    if (a.is<core::Decimal>() && b.is<core::Decimal>())
      return a.as<core::Decimal>() < b.as<core::Decimal>();
    if (a.is<std::string>() && b.is<std::string>()) return a.as<std::string>() < b.as<std::string>();
    throw core::Error("ExpressionError", 400, "cannot compare " + describe(a) + " with " + describe(b));
  }
  void process(Batch& batch, StepContext& ctx) override {
    int slot = batch.schema->find(field_);
    keep_rows(batch, ctx, [&](Row& row) -> std::optional<std::string> {
      const auto& v = row.at(slot);
      if (v.is_null()) return std::nullopt;
      bool outside = (!min_.is_null() && less(v, min_)) || (!max_.is_null() && less(max_, v));
      if (outside && null_on_error_) {
        row.slot(slot) = core::Value();
        return std::nullopt;
      }
      if (outside)
        return "field '" + field_ + "' is " + describe(v) + ", outside [" +
               (min_.is_null() ? "" : describe(min_)) + ", " +
               (max_.is_null() ? "" : describe(max_)) + "]";
      return std::nullopt;
    });
  }

 private:
  std::string field_;
  core::Value min_, max_;
  bool null_on_error_ = false;
};

}  // namespace

void register_clean_steps(StepRegistry& r) {
  r["trim"] = [](const StepArgs& a) {
    return std::make_unique<StringFieldStep>(a, FieldList::parse(a.spec), trim);
  };
  r["lowercase"] = [](const StepArgs& a) {
    return std::make_unique<StringFieldStep>(a, FieldList::parse(a.spec), ascii_lower);
  };
  r["uppercase"] = [](const StepArgs& a) {
    return std::make_unique<StringFieldStep>(a, FieldList::parse(a.spec), ascii_upper);
  };
  r["null_tokens"] = [](const StepArgs& a) { return std::make_unique<NullTokens>(a); };
  r["required"] = [](const StepArgs& a) { return std::make_unique<Required>(a); };
  r["check"] = [](const StepArgs& a) { return std::make_unique<Check>(a); };
  r["match"] = [](const StepArgs& a) { return std::make_unique<Match>(a); };
  r["range"] = [](const StepArgs& a) { return std::make_unique<Range>(a); };
}

}  // namespace wharf::pipeline
