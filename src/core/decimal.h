// An exact decimal number: coefficient * 10^exponent, never a binary double on the way through.
// Used for DynamoDB numbers (38 significant digits, exponent -130..+125), JSON numbers in
// pipelines and search documents, and SQL NUMERIC. Values are normalized (no trailing zeros in the
// coefficient), so equal numbers have equal representations and compare with ==.
#pragma once

#include <compare>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace wharf::core {

class Decimal {
 public:
  Decimal();             // zero
  Decimal(long long v);  // NOLINT: implicit from integers is natural for a number type
  // Accepts [+-]digits[.digits][(e|E)[+-]digits] and .5 / 5. forms; nullopt otherwise.
  static std::optional<Decimal> parse(std::string_view text);

  // Plain notation without exponent, as DynamoDB returns numbers ("100", "0.001", "-1.5").
  std::string to_string() const;
  bool is_zero() const;
  bool is_integer() const { return exponent_ >= 0; }
  // Number of significant digits (1 for zero).
  int precision() const;
  // Within DynamoDB's number range: at most 38 significant digits, magnitude 1E-130 .. <1E+126.
  bool fits_dynamodb() const;
  std::optional<long long> to_int64() const;
  // -1, 0 or 1.
  int sign() const;
  // The significant digits of |value| ("0" for zero) and the exponent that goes with them:
  // value = sign * digits * 10^exponent. For order-preserving key encodings.
  std::string digits() const;
  int exponent() const { return exponent_; }
  double to_double() const;

  Decimal operator+(const Decimal& o) const;
  Decimal operator-(const Decimal& o) const;
  Decimal operator-() const;
  // Exact: the product keeps every digit (no rounding to 38 digits).
  Decimal operator*(const Decimal& o) const;
  // The quotient rounded half-even to `significant_digits` (at least 1) significant digits; a
  // quotient that needs fewer digits is exact (10 / 4 = 2.5). Throws core::Error
  // ("DivisionByZero", 400) when `by` is zero.
  Decimal divide(const Decimal& by, int significant_digits = 38) const;
  // The remainder of truncating division, exact: it has the sign of *this and |r| < |by|
  // (5.5 rem 2 = 1.5, -5.5 rem 2 = -1.5), as SQL MOD and C's fmod. Throws as divide() on zero.
  Decimal remainder(const Decimal& by) const;
  // Rounded to `places` digits after the point (negative: to tens, hundreds, ...), halves away
  // from zero as SQL ROUND: round(2.5) = 3, round(-2.5) = -3, round(1250, -2) = 1300.
  Decimal round(int places = 0) const;
  Decimal floor() const;  // the greatest integer <= *this
  Decimal ceil() const;   // the least integer >= *this
  Decimal trunc() const;  // the integer part (toward zero)
  Decimal abs() const;
  std::strong_ordering operator<=>(const Decimal& o) const;
  bool operator==(const Decimal& o) const;

  Decimal(const Decimal& o);
  Decimal(Decimal&& o) noexcept;
  Decimal& operator=(const Decimal& o);
  Decimal& operator=(Decimal&& o) noexcept;
  ~Decimal();

 private:
  enum class Rounding { kHalfEven, kHalfAwayFromZero, kFloor, kCeil, kTowardZero };
  friend struct DecimalCoefficient;  // decimal.cc: the coefficient's type and the code that uses it
  Decimal quantize(int places, Rounding mode) const;

  // The coefficient is a boost::multiprecision::cpp_int constructed in place here. Only
  // decimal.cc names that type: its header costs each file that includes it about 4 s of compile
  // time, and this header reaches half of wharf's translation units through core/value.h.
  // decimal.cc checks that the size and alignment fit.
  static constexpr size_t kCoefficientBytes = 32;
  alignas(16) std::byte coefficient_[kCoefficientBytes];
  int exponent_ = 0;
};

}  // namespace wharf::core
