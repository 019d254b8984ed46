// coerce: converts fields to declared types, rejecting rows whose values do not convert.
//   - coerce:
//       age: int
//       price: {type: decimal, scale: 2}
//       signup: {type: date, formats: ["%Y/%m/%d", "%d.%m.%Y"]}
//       created_at: timestamp
//       active: bool
//       email: email
//       status: {type: enum, values: [active, blocked]}
// Null stays null (`required` is the check for presence). Numbers stay exact decimals; dates
// become ISO "YYYY-MM-DD", timestamps ISO UTC; emails are lowercased; enum values take the
// declared spelling.

#include "core/encoding.h"
#include "pipeline/expr/date_time.h"
#include "pipeline/expr/regex.h"
#include "pipeline/step_registry.h"

namespace wharf::pipeline {
namespace {

enum class Type { kString, kInt, kDecimal, kBool, kDate, kTimestamp, kEmail, kEnum };

struct FieldType {
  std::string field;
  Type type = Type::kString;
  std::optional<int> scale;          // decimal
  std::vector<std::string> formats;  // date, timestamp (strftime); ISO 8601 is always accepted
  std::vector<std::string> values;   // enum
  bool null_on_error = false;        // on_error: null keeps the row with the field null
};

std::string show(const core::Value& v) {
  if (v.is<std::string>()) return "'" + v.as<std::string>() + "'";
  if (v.is<core::Decimal>()) return v.as<core::Decimal>().to_string();
  if (v.is<bool>()) return v.as<bool>() ? "true" : "false";
  return core::type_name(v.type());
}

FieldType parse_type(const std::string& field, const SpecNode& node) {
  static const std::map<std::string, Type> kTypes = {
      {"string", Type::kString}, {"int", Type::kInt},       {"integer", Type::kInt},
      {"decimal", Type::kDecimal}, {"number", Type::kDecimal}, {"bool", Type::kBool},
      {"boolean", Type::kBool},  {"date", Type::kDate},     {"timestamp", Type::kTimestamp},
      {"datetime", Type::kTimestamp}, {"email", Type::kEmail}, {"enum", Type::kEnum}};
  FieldType t;
  t.field = field;
  SpecNode type_node = node;
  if (node.is_map()) {
    node.allow_keys({"type", "scale", "formats", "format", "values", "on_error"});
    type_node = node.at("type");
  }
  auto it = kTypes.find(type_node.as_string());
  if (it == kTypes.end())
    type_node.fail("unknown type '" + type_node.as_string() +
                   "' (types: string, int, decimal, bool, date, timestamp, email, enum)");
  t.type = it->second;
  if (!node.is_map()) {
    if (t.type == Type::kEnum) node.fail("an enum needs its values: {type: enum, values: [...]}");
    return t;
  }
  if (auto s = node.get("scale")) t.scale = static_cast<int>(s->as_int(0, 38));
  t.formats = node.strings_or("formats", node.strings_or("format"));
  for (auto& f : t.formats) {
    try {
      expr::check_format(f);
    } catch (const std::invalid_argument& e) {
      node.fail(e.what());
    }
  }
  t.values = node.strings_or("values");
  t.null_on_error = null_on_error(node);
  if (t.type == Type::kEnum && t.values.empty()) node.fail("an enum needs its values");
  return t;
}

// The converted value, or throws a core::Error whose message is the reject reason.
core::Value convert(const FieldType& t, core::Value v) {
  auto bad = [&](const std::string& what) -> core::Error {
    return core::Error("CoercionFailed", 400, "field '" + t.field + "': " + show(v) + " is not " + what);
  };
  const std::string* s = v.is<std::string>() ? &v.as<std::string>() : nullptr;
  switch (t.type) {
    case Type::kString:
      if (s) return v;
      if (v.is<core::Decimal>()) return v.as<core::Decimal>().to_string();
      if (v.is<bool>()) return std::string(v.as<bool>() ? "true" : "false");
      throw bad("a string");
    case Type::kInt: {
      std::optional<core::Decimal> d;
      if (v.is<core::Decimal>()) d = v.as<core::Decimal>();
      if (s) d = core::Decimal::parse(core::trim(*s));
      if (!d || !d->is_integer()) throw bad("an integer");
      return *d;
    }
    case Type::kDecimal: {
      std::optional<core::Decimal> d;
      if (v.is<core::Decimal>()) d = v.as<core::Decimal>();
      if (s) d = core::Decimal::parse(core::trim(*s));
      if (!d) throw bad("a number");
      if (t.scale) d = d->round(*t.scale);
      return *d;
    }
    case Type::kBool: {
      if (v.is<bool>()) return v;
      std::string x = s ? core::to_lower(core::trim(*s))
                        : v.is<core::Decimal>() ? v.as<core::Decimal>().to_string() : "";
      if (x == "true" || x == "yes" || x == "y" || x == "t" || x == "1") return true;
      if (x == "false" || x == "no" || x == "n" || x == "f" || x == "0") return false;
      throw bad("a boolean (true/false, yes/no, 1/0)");
    }
    case Type::kDate:
    case Type::kTimestamp: {
      if (!s) throw bad(t.type == Type::kDate ? "a date" : "a timestamp");
      std::string_view text = core::trim(*s);
      std::optional<expr::DateTime> dt = expr::parse_iso(text);
      for (size_t i = 0; !dt && i < t.formats.size(); ++i) dt = expr::parse_formatted(text, t.formats[i]);
      if (!dt) {
        std::string expected = t.type == Type::kDate ? "a date" : "a timestamp";
        expected += " (ISO 8601";
        for (auto& f : t.formats) expected += " or " + f;
        throw bad(expected + ")");
      }
      if (t.type == Type::kDate) {
        dt = expr::truncate(*dt, expr::Unit::kDay);
        dt->date_only = true;
      } else {
        dt->date_only = false;
      }
      return expr::format_iso(*dt);
    }
    case Type::kEmail: {
      // Boost.Regex (expr/regex.h): std::regex recurses per character and a long value could
      // exhaust the stack.
      static const expr::Regex kEmail(R"(\A[^@\s]+@[^@\s]+\.[^@\s.]+\z)");
      if (!s) throw bad("an email address");
      std::string e = core::to_lower(core::trim(*s));
      if (e.size() > 320 || !kEmail.search(e)) throw bad("an email address");
      return e;
    }
    case Type::kEnum: {
      std::string x = s ? std::string(core::trim(*s)) : v.is<core::Decimal>() ? v.as<core::Decimal>().to_string() : "";
      for (auto& allowed : t.values)
        if (core::iequals(allowed, x)) return allowed;
      std::string list;
      for (auto& allowed : t.values) list += (list.empty() ? "" : ", ") + allowed;
      throw bad("one of " + list);
    }
  }
  return v;
}

class Coerce : public Step {
  // Marks a field that on_error: null clears (null itself means "leave as it is").
  inline static const core::Value kCleared = core::Binary{"\x00wharf:cleared"};

 public:
  explicit Coerce(const StepArgs& a) : Step(a.name) {
    for (auto& [field, node] : a.spec.entries()) types_.push_back(parse_type(field, node));
    if (types_.empty()) a.spec.fail("coerce needs at least one `field: type`");
  }
  void process(Batch& batch, StepContext& ctx) override {
    auto slots = slots_.get(batch.schema, [&](const Schema& s) {
      std::vector<int> v;
      for (auto& t : types_) v.push_back(s.find(t.field));
      return v;
    });
    keep_rows(batch, ctx, [&](Row& row) -> std::optional<std::string> {
      // Convert into a copy first, so a rejected row goes to the rejects as it was read.
      std::vector<core::Value> converted(types_.size());
      for (size_t i = 0; i < types_.size(); ++i) {
        const auto& v = row.at((*slots)[i]);
        if (v.is_null()) continue;
        try {
          converted[i] = convert(types_[i], v);
        } catch (const core::Error& e) {
          if (!types_[i].null_on_error) return std::string(e.what());
          converted[i] = kCleared;
        } catch (const std::out_of_range&) {
          if (!types_[i].null_on_error) return "field '" + types_[i].field + "': " + show(v) + " is out of range";
          converted[i] = kCleared;
        }
      }
      for (size_t i = 0; i < types_.size(); ++i) {
        int s = (*slots)[i];
        if (s < 0 || converted[i].is_null()) continue;
        if (converted[i] == kCleared)
          row.slot(s) = core::Value();
        else
          row.slot(s) = std::move(converted[i]);
      }
      return std::nullopt;
    });
  }

 private:
  std::vector<FieldType> types_;
  PerSchema<std::vector<int>> slots_;
};

}  // namespace

void register_coerce_step(StepRegistry& r) {
  r["coerce"] = [](const StepArgs& a) { return std::make_unique<Coerce>(a); };
}

}  // namespace wharf::pipeline
