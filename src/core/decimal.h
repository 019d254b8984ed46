// An exact decimal number: coefficient * 10^exponent, never a binary double on the way through.
// Used for DynamoDB numbers (38 significant digits, exponent -130..+125), JSON numbers in
// pipelines and search documents, and SQL NUMERIC. Values are normalized (no trailing zeros in the
// coefficient), so equal numbers have equal representations and compare with ==.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace wharf::core {

class Decimal {
 public:
  using Int = boost::multiprecision::cpp_int;

  Decimal() = default;
  Decimal(long long v);  // NOLINT: implicit from integers is natural for a number type
  // Accepts [+-]digits[.digits][(e|E)[+-]digits] and .5 / 5. forms; nullopt otherwise.
  static std::optional<Decimal> parse(std::string_view text);

  // Plain notation without exponent, as DynamoDB returns numbers ("100", "0.001", "-1.5").
  std::string to_string() const;
  bool is_zero() const { return coefficient_ == 0; }
  bool is_integer() const { return exponent_ >= 0; }
  // Number of significant digits (1 for zero).
  int precision() const;
  // Within DynamoDB's number range: at most 38 significant digits, magnitude 1E-130 .. <1E+126.
  bool fits_dynamodb() const;
  std::optional<long long> to_int64() const;
  // -1, 0 or 1.
  int sign() const { return coefficient_.sign(); }
  // The significant digits of |value| ("0" for zero) and the exponent that goes with them:
  // value = sign * digits * 10^exponent. For order-preserving key encodings.
  std::string digits() const;
  int exponent() const { return exponent_; }
  double to_double() const;

  Decimal operator+(const Decimal& o) const;
  Decimal operator-(const Decimal& o) const;
  Decimal operator-() const;
  std::strong_ordering operator<=>(const Decimal& o) const;
  bool operator==(const Decimal& o) const = default;

 private:
  Decimal(Int c, int e) : coefficient_(std::move(c)), exponent_(e) { normalize(); }
  void normalize();
  Int coefficient_ = 0;
  int exponent_ = 0;
};

}  // namespace wharf::core
