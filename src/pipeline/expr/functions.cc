#include "pipeline/expr/functions.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "core/encoding.h"
#include "core/json_codec.h"
#include "pipeline/expr/errors.h"
#include "pipeline/expr/function_support.h"
#include "pipeline/expr/operators.h"
#include "pipeline/expr/utf8.h"

namespace wharf::pipeline::expr {

using core::Decimal;
using core::Value;

// ---------------------------------------------------------------------------------------------
// Lookup and argument helpers

const Function* find_function(std::string_view name) {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, const Function*>();
    for (auto family : {general_functions(), string_functions(), date_functions()})
      for (const Function& f : family) t->emplace(f.name, &f);
    return t;
  }();
  if (name.size() > 32) return nullptr;
  char lower[32];
  for (size_t i = 0; i < name.size(); ++i)
    lower[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
  auto it = table->find(std::string_view(lower, name.size()));
  return it == table->end() ? nullptr : it->second;
}

std::string_view name_of(const Call& call) { return call.node.function->name; }

void fail(const Call& call, const std::string& message) {
  throw eval_error(std::string(name_of(call)) + ": " + message);
}

void wrong_type(const Call& call, size_t i, std::string_view expected, const Value& got) {
  fail(call, "argument " + std::to_string(i + 1) + " must be " + std::string(expected) + ", got " +
                 describe(got));
}

const std::string& string_arg(Args args, size_t i, const Call& call) {
  if (!args[i]->is<std::string>()) wrong_type(call, i, "a string", *args[i]);
  return args[i]->as<std::string>();
}

const Decimal& number_arg(Args args, size_t i, const Call& call) {
  if (!args[i]->is<Decimal>()) wrong_type(call, i, "a number", *args[i]);
  return args[i]->as<Decimal>();
}

int64_t integer_arg(Args args, size_t i, const Call& call) {
  std::optional<long long> n;
  if (args[i]->is<Decimal>()) n = args[i]->as<Decimal>().to_int64();
  if (!n) wrong_type(call, i, "an integer", *args[i]);
  return *n;
}

const core::List& list_arg(Args args, size_t i, const Call& call) {
  if (!args[i]->is<core::List>()) wrong_type(call, i, "a list", *args[i]);
  return args[i]->as<core::List>();
}

const core::Map& map_arg(Args args, size_t i, const Call& call) {
  if (!args[i]->is<core::Map>()) wrong_type(call, i, "a map", *args[i]);
  return args[i]->as<core::Map>();
}

std::string_view trim_whitespace(std::string_view s) {
  constexpr std::string_view kSpace = " \t\n\r\f\v";
  size_t b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

const std::string* literal_string(const Node& call, size_t i) {
  if (i >= call.children.size()) return nullptr;
  const Node& a = call.children[i];
  return a.kind == NodeKind::kLiteral && a.value.is<std::string>() ? &a.value.as<std::string>()
                                                                   : nullptr;
}

// ---------------------------------------------------------------------------------------------
// Conversions

namespace {

// A number from a number or a numeric string; nullopt for a blank string (a missing value in
// text formats).
std::optional<Decimal> numeric(const Value& v, const Call& call) {
  if (v.is<Decimal>()) return v.as<Decimal>();
  if (v.is<std::string>()) {
    std::string_view s = trim_whitespace(v.as<std::string>());
    if (s.empty()) return std::nullopt;
    if (auto d = Decimal::parse(s)) return d;
  }
  fail(call, "cannot convert " + describe(v) + " to a number");
}

Value to_string_(Args a, const Call&) {
  const Value& v = *a[0];
  std::string out;
  if (append_text(out, v)) return out;
  if (v.is<core::Binary>()) return core::base64_encode(v.as<core::Binary>().bytes);
  return core::to_json(v);
}

Value to_number(Args a, const Call& c) {
  auto d = numeric(*a[0], c);
  return d ? Value(*d) : Value();
}

Value to_int(Args a, const Call& c) {
  auto d = numeric(*a[0], c);
  return d ? Value(d->trunc()) : Value();
}

Value to_bool(Args a, const Call& c) {
  const Value& v = *a[0];
  if (v.is<bool>()) return v;
  if (v.is<Decimal>()) return !v.as<Decimal>().is_zero();
  if (v.is<std::string>()) {
    std::string_view s = trim_whitespace(v.as<std::string>());
    if (s.empty()) return Value();
    for (std::string_view t : {"true", "t", "yes", "y", "on", "1"})
      if (core::iequals(s, t)) return true;
    for (std::string_view f : {"false", "f", "no", "n", "off", "0"})
      if (core::iequals(s, f)) return false;
  }
  fail(c, "cannot convert " + describe(v) + " to a bool");
}

// ---------------------------------------------------------------------------------------------
// Numbers

Value abs_(Args a, const Call& c) { return number_arg(a, 0, c).abs(); }
Value floor_(Args a, const Call& c) { return number_arg(a, 0, c).floor(); }
Value ceil_(Args a, const Call& c) { return number_arg(a, 0, c).ceil(); }

Value round_(Args a, const Call& c) {
  const Decimal& x = number_arg(a, 0, c);
  int64_t places = a.size() > 1 ? integer_arg(a, 1, c) : 0;
  if (places < -1000 || places > 1000)
    fail(c, "places must be between -1000 and 1000, got " + std::to_string(places));
  return x.round(static_cast<int>(places));
}

// min / max over the arguments, or over the elements of a single list argument; nulls are
// skipped and the result is null only when there is nothing else.
Value extreme(Args a, const Call& c, int sign) {
  std::span<const Value* const> args = a;
  std::vector<const Value*> elements;
  if (a.size() == 1 && a[0]->is<core::List>()) {
    for (const Value& v : a[0]->as<core::List>()) elements.push_back(&v);
    args = elements;
  }
  const Value* best = nullptr;
  for (const Value* v : args) {
    if (v->is_null()) continue;
    if (best &&
        (v->type() != best->type() || !(v->is<Decimal>() || v->is<std::string>() || v->is<bool>())))
      fail(c, "cannot compare " + describe(*best) + " with " + describe(*v));
    if (!best || compare(*v, *best, name_of(c)) * sign > 0) best = v;
  }
  return best ? *best : Value();
}
Value min_(Args a, const Call& c) { return extreme(a, c, -1); }
Value max_(Args a, const Call& c) { return extreme(a, c, 1); }

// ---------------------------------------------------------------------------------------------
// Conditionals (if and coalesce are run by the evaluator: they evaluate only what they return)

Value nullif(Args a, const Call&) {
  if (a[0]->is_null() || (!a[1]->is_null() && same(*a[0], *a[1]))) return Value();
  return *a[0];
}

// ---------------------------------------------------------------------------------------------
// Lists and maps

Value size(Args a, const Call& c) {
  const Value& v = *a[0];
  size_t n;
  switch (v.type()) {
    case Value::Type::kString:
      n = utf8::count(v.as<std::string>());
      break;
    case Value::Type::kList:
      n = v.as<core::List>().size();
      break;
    case Value::Type::kMap:
      n = v.as<core::Map>().size();
      break;
    case Value::Type::kBinary:
      n = v.as<core::Binary>().bytes.size();
      break;
    case Value::Type::kStringSet:
      n = v.as<core::StringSet>().items.size();
      break;
    case Value::Type::kNumberSet:
      n = v.as<core::NumberSet>().items.size();
      break;
    case Value::Type::kBinarySet:
      n = v.as<core::BinarySet>().items.size();
      break;
    default:
      wrong_type(c, 0, "a list, map or string", v);
  }
  return static_cast<long long>(n);
}

Value first(Args a, const Call& c) {
  const core::List& l = list_arg(a, 0, c);
  return l.empty() ? Value() : l.front();
}

Value last(Args a, const Call& c) {
  const core::List& l = list_arg(a, 0, c);
  return l.empty() ? Value() : l.back();
}

Value keys(Args a, const Call& c) {
  core::List out;
  for (const auto& [k, v] : map_arg(a, 0, c)) out.emplace_back(k);
  return out;
}

Value values(Args a, const Call& c) {
  core::List out;
  for (const auto& [k, v] : map_arg(a, 0, c)) out.push_back(v);
  return out;
}

constexpr Function kGeneral[] = {
    {.name = "string", .min_args = 1, .max_args = 1, .impl = to_string_},
    {.name = "to_string", .min_args = 1, .max_args = 1, .impl = to_string_},
    {.name = "number", .min_args = 1, .max_args = 1, .impl = to_number},
    {.name = "to_number", .min_args = 1, .max_args = 1, .impl = to_number},
    {.name = "int", .min_args = 1, .max_args = 1, .impl = to_int},
    {.name = "bool", .min_args = 1, .max_args = 1, .impl = to_bool},
    {.name = "abs", .min_args = 1, .max_args = 1, .impl = abs_},
    {.name = "round", .min_args = 1, .max_args = 2, .impl = round_},
    {.name = "floor", .min_args = 1, .max_args = 1, .impl = floor_},
    {.name = "ceil", .min_args = 1, .max_args = 1, .impl = ceil_},
    {.name = "min", .min_args = 1, .max_args = kVariadic, .impl = min_, .nulls = Nulls::kSeeNulls},
    {.name = "max", .min_args = 1, .max_args = kVariadic, .impl = max_, .nulls = Nulls::kSeeNulls},
    {.name = "if", .min_args = 3, .max_args = 3, .special = Special::kIf},
    {.name = "coalesce", .min_args = 1, .max_args = kVariadic, .special = Special::kCoalesce},
    {.name = "nullif", .min_args = 2, .max_args = 2, .impl = nullif, .nulls = Nulls::kSeeNulls},
    {.name = "size", .min_args = 1, .max_args = 1, .impl = size},
    {.name = "first", .min_args = 1, .max_args = 1, .impl = first},
    {.name = "last", .min_args = 1, .max_args = 1, .impl = last},
    {.name = "keys", .min_args = 1, .max_args = 1, .impl = keys},
    {.name = "values", .min_args = 1, .max_args = 1, .impl = values},
};

}  // namespace

std::span<const Function> general_functions() { return kGeneral; }

}  // namespace wharf::pipeline::expr
