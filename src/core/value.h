// The one record type of wharf (DESIGN.md "One value model"): DynamoDB items, search documents,
// pipeline records and SQL rows are all Values. Numbers are exact Decimals. Binary is kept apart
// from String so that codecs can round-trip DynamoDB's B type.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "core/decimal.h"

namespace wharf::core {

struct Binary {
  std::string bytes;
  bool operator==(const Binary&) const = default;
};

class Value;
using List = std::vector<Value>;
using Map = std::map<std::string, Value>;
struct StringSet {
  std::vector<std::string> items;
  bool operator==(const StringSet&) const = default;
};
struct NumberSet {
  std::vector<Decimal> items;
  bool operator==(const NumberSet&) const = default;
};
struct BinarySet {
  std::vector<Binary> items;
  bool operator==(const BinarySet&) const = default;
};

class Value {
 public:
  using Storage = std::variant<std::monostate, bool, Decimal, std::string, Binary, List, Map,
                               StringSet, NumberSet, BinarySet>;
  enum class Type {
    kNull,
    kBool,
    kNumber,
    kString,
    kBinary,
    kList,
    kMap,
    kStringSet,
    kNumberSet,
    kBinarySet
  };

  Value() = default;
  Value(bool b) : v_(b) {}                      // NOLINT
  Value(Decimal d) : v_(std::move(d)) {}        // NOLINT
  Value(long long n) : v_(Decimal(n)) {}        // NOLINT
  Value(int n) : v_(Decimal(n)) {}              // NOLINT
  Value(std::string s) : v_(std::move(s)) {}    // NOLINT
  Value(const char* s) : v_(std::string(s)) {}  // NOLINT
  Value(Binary b) : v_(std::move(b)) {}         // NOLINT
  Value(List l) : v_(std::move(l)) {}           // NOLINT
  Value(Map m) : v_(std::move(m)) {}            // NOLINT
  Value(StringSet s) : v_(std::move(s)) {}      // NOLINT
  Value(NumberSet s) : v_(std::move(s)) {}      // NOLINT
  Value(BinarySet s) : v_(std::move(s)) {}      // NOLINT

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  template <typename T>
  bool is() const {
    return std::holds_alternative<T>(v_);
  }
  template <typename T>
  const T& as() const {
    return std::get<T>(v_);
  }
  template <typename T>
  T& as() {
    return std::get<T>(v_);
  }
  const Storage& storage() const { return v_; }

  bool operator==(const Value&) const = default;

 private:
  Storage v_;
};

const char* type_name(Value::Type t);

}  // namespace wharf::core
