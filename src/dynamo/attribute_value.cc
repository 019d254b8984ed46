#include "dynamo/attribute_value.h"

#include <algorithm>
#include <set>

#include "core/encoding.h"
#include "dynamo/errors.h"

namespace wharf::dynamo {

using core::Value;

namespace {

core::Error serialization(std::string message) {
  return dynamo_error("SerializationException", std::move(message));
}

const boost::json::string& wire_string(const boost::json::value& v) {
  if (!v.is_string()) throw serialization("STRING_VALUE can not be converted to a String");
  return v.get_string();
}

const boost::json::array& wire_array(const boost::json::value& v) {
  if (!v.is_array()) throw serialization("Unexpected value type in payload: expected a list");
  return v.get_array();
}

core::Binary parse_binary(const boost::json::value& v) {
  const auto& s = wire_string(v);
  auto bytes = core::base64_decode(std::string_view(s.data(), s.size()));
  if (!bytes) throw serialization("Base64 encoded string is not valid");
  return core::Binary{std::move(*bytes)};
}

template <typename T>
void reject_duplicates(const std::vector<T>& items, auto render) {
  for (size_t i = 0; i < items.size(); ++i)
    for (size_t j = i + 1; j < items.size(); ++j)
      if (items[i] == items[j]) {
        std::string list;
        for (const auto& x : items) list += (list.empty() ? "" : ", ") + render(x);
        throw validation("One or more parameter values were invalid: Input collection [" + list +
                         "] contains duplicates.");
      }
}

template <typename T>
void reject_duplicates_sorted(std::vector<T> items, auto render) {
  // Quadratic comparison is fine for small sets; large sets are sorted first.
  if (items.size() < 32) return reject_duplicates(items, render);
  std::vector<T> sorted = items;
  std::sort(sorted.begin(), sorted.end(),
            [](const T& a, const T& b) { return std::is_lt(a <=> b); });
  for (size_t i = 1; i < sorted.size(); ++i)
    if (sorted[i] == sorted[i - 1]) return reject_duplicates(items, render);
}

void reject_empty_set(size_t n, const char* what) {
  if (n == 0)
    throw validation(std::string("One or more parameter values were invalid: An ") + what +
                     " set  may not be empty");
}

}  // namespace

// Plain notation, as DynamoDB answers: 1E+125 comes back as 1 and 125 zeros. (boto3's
// resource layer cannot read such a number back, with real DynamoDB as here: its decimal
// context has 38 digits.)
std::string format_number(const core::Decimal& d) { return d.to_string(); }

void check_number(const core::Decimal& d) {
  if (d.is_zero()) return;
  int magnitude = d.exponent() + d.precision() - 1;
  if (magnitude > 125)
    throw validation(
        "Number overflow. Attempting to store a number with magnitude larger than supported "
        "range");
  if (magnitude < -130)
    throw validation(
        "Number underflow. Attempting to store a number with magnitude smaller than supported "
        "range");
  if (d.precision() > 38)
    throw validation("Attempting to store more than 38 significant digits in a Number");
}

core::Decimal parse_number(std::string_view text) {
  auto d = core::Decimal::parse(text);
  // DynamoDB accepts surrounding whitespace but not empty strings, NaN or Infinity.
  if (!d) {
    std::string_view t = core::trim(text);
    if (!t.empty() && t.size() != text.size()) d = core::Decimal::parse(t);
  }
  if (!d)
    throw validation("The parameter cannot be converted to a numeric value: " + std::string(text));
  check_number(*d);
  return std::move(*d);
}

namespace {

// One member of an AttributeValue ({"S": ...}); nullopt for members DynamoDB does not know,
// which it ignores.
std::optional<Value> member_value(std::string_view type, const boost::json::value& val) {
  if (type == "S") return Value(std::string(wire_string(val)));
  if (type == "N") return Value(parse_number(wire_string(val)));
  if (type == "B") return Value(parse_binary(val));
  if (type == "BOOL") {
    if (!val.is_bool()) throw serialization("BOOL value must be a boolean");
    return Value(val.get_bool());
  }
  if (type == "NULL") {
    if (!val.is_bool()) throw serialization("NULL value must be a boolean");
    if (!val.get_bool())
      throw validation(
          "One or more parameter values were invalid: Null attribute value types must have the "
          "value of true");
    return Value();
  }
  if (type == "L") {
    core::List list;
    for (const auto& e : wire_array(val)) list.push_back(from_wire(e));
    return Value(std::move(list));
  }
  if (type == "M") {
    if (!val.is_object()) throw serialization("M value must be an object");
    return Value(item_from_wire(val));
  }
  if (type == "SS") {
    core::StringSet s;
    for (const auto& e : wire_array(val)) s.items.emplace_back(wire_string(e));
    reject_empty_set(s.items.size(), "string");
    reject_duplicates_sorted(s.items, [](const std::string& x) { return x; });
    return Value(std::move(s));
  }
  if (type == "NS") {
    core::NumberSet s;
    for (const auto& e : wire_array(val)) s.items.push_back(parse_number(wire_string(e)));
    reject_empty_set(s.items.size(), "number");
    reject_duplicates_sorted(s.items, [](const core::Decimal& x) { return x.to_string(); });
    return Value(std::move(s));
  }
  if (type == "BS") {
    core::BinarySet s;
    for (const auto& e : wire_array(val)) s.items.push_back(parse_binary(e));
    reject_empty_set(s.items.size(), "binary");
    reject_duplicates(s.items, [](const core::Binary& x) { return core::base64_encode(x.bytes); });
    return Value(std::move(s));
  }
  return std::nullopt;
}

}  // namespace

// Every member is decoded (and validated) before the count is checked, as DynamoDB does:
// {"S": "a", "N": "b"} is refused for its number.
Value from_wire(const boost::json::value& v) {
  if (!v.is_object()) throw serialization("Unexpected value type in payload");
  std::optional<Value> found;
  int known = 0;
  for (const auto& [key, val] : v.get_object())
    if (auto x = member_value(std::string_view(key.data(), key.size()), val)) {
      if (!found) found = std::move(x);
      ++known;
    }
  if (known == 0)
    throw validation(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  if (known > 1)
    throw validation(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
        "the supported datatypes");
  return std::move(*found);
}

core::Map item_from_wire(const boost::json::value& v) {
  if (!v.is_object()) throw serialization("Unexpected value type in payload: expected a map");
  core::Map m;
  for (const auto& [k, e] : v.get_object()) m.emplace(std::string(k), from_wire(e));
  return m;
}

boost::json::value to_wire(const Value& v) {
  boost::json::object o;
  switch (v.type()) {
    case Value::Type::kNull:
      o["NULL"] = true;
      break;
    case Value::Type::kBool:
      o["BOOL"] = v.as<bool>();
      break;
    case Value::Type::kNumber:
      o["N"] = format_number(v.as<core::Decimal>());
      break;
    case Value::Type::kString:
      o["S"] = v.as<std::string>();
      break;
    case Value::Type::kBinary:
      o["B"] = core::base64_encode(v.as<core::Binary>().bytes);
      break;
    case Value::Type::kList: {
      boost::json::array a;
      a.reserve(v.as<core::List>().size());
      for (const auto& e : v.as<core::List>()) a.push_back(to_wire(e));
      o["L"] = std::move(a);
      break;
    }
    case Value::Type::kMap:
      o["M"] = item_to_wire(v.as<core::Map>());
      break;
    case Value::Type::kStringSet: {
      boost::json::array a;
      for (const auto& e : v.as<core::StringSet>().items) a.emplace_back(e);
      o["SS"] = std::move(a);
      break;
    }
    case Value::Type::kNumberSet: {
      boost::json::array a;
      for (const auto& e : v.as<core::NumberSet>().items) a.emplace_back(format_number(e));
      o["NS"] = std::move(a);
      break;
    }
    case Value::Type::kBinarySet: {
      boost::json::array a;
      for (const auto& e : v.as<core::BinarySet>().items)
        a.emplace_back(core::base64_encode(e.bytes));
      o["BS"] = std::move(a);
      break;
    }
  }
  return o;
}

boost::json::object item_to_wire(const core::Map& item) {
  boost::json::object o;
  o.reserve(item.size());
  for (const auto& [k, v] : item) o[k] = to_wire(v);
  return o;
}

char scalar_type(const Value& v) {
  switch (v.type()) {
    case Value::Type::kString:
      return 'S';
    case Value::Type::kNumber:
      return 'N';
    case Value::Type::kBinary:
      return 'B';
    default:
      return 0;
  }
}

// core's type names are DynamoDB's codes.
const char* type_code(Value::Type t) { return core::type_name(t); }

std::string describe(const Value& v) {
  std::string body;
  switch (v.type()) {
    case Value::Type::kNumber:
      body = v.as<core::Decimal>().to_string();
      break;
    case Value::Type::kString:
      body = v.as<std::string>();
      break;
    case Value::Type::kBool:
      body = v.as<bool>() ? "true" : "false";
      break;
    case Value::Type::kNull:
      body = "true";
      break;
    default:
      body = "...";
  }
  return std::string("{") + type_code(v.type()) + ":" + body + "}";
}

}  // namespace wharf::dynamo
