#include "core/decimal.h"

#include <array>
#include <boost/multiprecision/cpp_int.hpp>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>

#include "core/error.h"

namespace wharf::core {

using Int = boost::multiprecision::cpp_int;

struct DecimalCoefficient {
  static_assert(sizeof(Int) <= Decimal::kCoefficientBytes && alignof(Int) <= 16,
                "Decimal's in-place storage no longer fits boost::multiprecision::cpp_int");
  static Int& of(Decimal& d) { return *std::launder(reinterpret_cast<Int*>(d.coefficient_)); }
  static const Int& of(const Decimal& d) {
    return *std::launder(reinterpret_cast<const Int*>(d.coefficient_));
  }
  static Int* storage(Decimal& d) { return reinterpret_cast<Int*>(d.coefficient_); }
  static int& exponent(Decimal& d) { return d.exponent_; }
  static Int drop_digits(const Int& magnitude, long long digits, Decimal::Rounding mode,
                         bool negative, bool sticky);
};

namespace {

Int& coefficient(Decimal& d) { return DecimalCoefficient::of(d); }
const Int& coefficient(const Decimal& d) { return DecimalCoefficient::of(d); }

// Strips the coefficient's trailing zeros into the exponent, so equal numbers have equal
// representations.
void normalize(Decimal& d) {
  Int& c = coefficient(d);
  if (c == 0) return;
  int& e = DecimalCoefficient::exponent(d);
  while (c % 10 == 0) {
    c /= 10;
    ++e;
  }
}

// c * 10^e, normalized.
Decimal make(Int c, int e) {
  Decimal d;
  if (c == 0) return d;
  coefficient(d) = std::move(c);
  DecimalCoefficient::exponent(d) = e;
  normalize(d);
  return d;
}

// Powers of ten up to 10^127 are computed once: digit counting, alignment and rounding use them
// on every operation.
constexpr long long kCachedPowers = 128;

const Int& cached_pow10(long long n) {
  static const std::array<Int, kCachedPowers> table = [] {
    std::array<Int, kCachedPowers> t;
    t[0] = 1;
    for (long long i = 1; i < kCachedPowers; ++i) t[i] = t[i - 1] * 10;
    return t;
  }();
  return table[static_cast<size_t>(n)];
}

Int pow10(long long n) {
  if (n < kCachedPowers) return cached_pow10(n);
  return boost::multiprecision::pow(Int(10), static_cast<unsigned>(n));
}

// a * 10^n for n >= 0.
Int scale(const Int& a, long long n) {
  if (n < kCachedPowers) return a * cached_pow10(n);
  return a * pow10(n);
}

Int magnitude(const Int& a) { return a < 0 ? Int(-a) : a; }

// Decimal digits of m > 0, without printing it.
long long num_digits(const Int& m) {
  // 2^b <= m < 2^(b+1), so m has as many digits as 2^b, or one more.
  auto b = static_cast<double>(boost::multiprecision::msb(m));
  auto d = static_cast<long long>(b * 0.30102999566398119521) + 1;
  bool more = d < kCachedPowers ? m >= cached_pow10(d) : m >= pow10(d);
  return more ? d + 1 : d;
}

}  // namespace

Decimal::Decimal() { new (DecimalCoefficient::storage(*this)) Int(0); }
Decimal::Decimal(long long v) {
  new (DecimalCoefficient::storage(*this)) Int(v);
  normalize(*this);
}
Decimal::Decimal(const Decimal& o) : exponent_(o.exponent_) {
  new (DecimalCoefficient::storage(*this)) Int(coefficient(o));
}
Decimal::Decimal(Decimal&& o) noexcept : exponent_(o.exponent_) {
  new (DecimalCoefficient::storage(*this)) Int(std::move(coefficient(o)));
}
Decimal& Decimal::operator=(const Decimal& o) {
  coefficient(*this) = coefficient(o);
  exponent_ = o.exponent_;
  return *this;
}
Decimal& Decimal::operator=(Decimal&& o) noexcept {
  coefficient(*this) = std::move(coefficient(o));
  exponent_ = o.exponent_;
  return *this;
}
Decimal::~Decimal() { coefficient(*this).~Int(); }

bool Decimal::operator==(const Decimal& o) const {
  return exponent_ == o.exponent_ && coefficient(*this) == coefficient(o);
}
bool Decimal::is_zero() const { return coefficient(*this) == 0; }
int Decimal::sign() const { return coefficient(*this).sign(); }

std::optional<Decimal> Decimal::parse(std::string_view s) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  std::string digits;
  int exponent = 0;
  bool any_digit = false, seen_point = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      any_digit = true;
      if (!(digits.empty() && c == '0')) digits.push_back(c);
      if (seen_point) --exponent;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) return std::nullopt;
  if (i < s.size()) {
    if (s[i] != 'e' && s[i] != 'E') return std::nullopt;
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) exp_negative = s[i++] == '-';
    if (i == s.size()) return std::nullopt;
    long long e = 0;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      e = e * 10 + (s[i] - '0');
      if (e > 100000) return std::nullopt;  // far outside any range we accept
    }
    exponent += static_cast<int>(exp_negative ? -e : e);
  }
  if (digits.size() > 1000) return std::nullopt;
  Int c = digits.empty() ? Int(0) : Int(digits);
  if (negative) c = -c;
  return make(std::move(c), exponent);
}

std::string Decimal::to_string() const {
  if (coefficient(*this) == 0) return "0";
  bool negative = coefficient(*this) < 0;
  std::string digits = (negative ? Int(-coefficient(*this)) : coefficient(*this)).str();
  std::string out = negative ? "-" : "";
  if (exponent_ >= 0) {
    out += digits;
    out.append(static_cast<size_t>(exponent_), '0');
  } else {
    size_t frac = static_cast<size_t>(-exponent_);
    if (digits.size() > frac) {
      out += digits.substr(0, digits.size() - frac) + "." + digits.substr(digits.size() - frac);
    } else {
      out += "0." + std::string(frac - digits.size(), '0') + digits;
    }
  }
  return out;
}

std::string Decimal::digits() const {
  return (coefficient(*this) < 0 ? Int(-coefficient(*this)) : coefficient(*this)).str();
}

int Decimal::precision() const {
  if (coefficient(*this) == 0) return 1;
  return static_cast<int>(num_digits(magnitude(coefficient(*this))));
}

bool Decimal::fits_dynamodb() const {
  if (coefficient(*this) == 0) return true;
  int p = precision();
  if (p > 38) return false;
  int magnitude = exponent_ + p - 1;  // position of the leading digit
  return magnitude >= -130 && magnitude <= 125;
}

std::optional<long long> Decimal::to_int64() const {
  if (exponent_ < 0 || exponent_ > 18) return std::nullopt;
  Int v = coefficient(*this) * pow10(exponent_);
  if (v > std::numeric_limits<long long>::max() || v < std::numeric_limits<long long>::min())
    return std::nullopt;
  return static_cast<long long>(v);
}

double Decimal::to_double() const { return std::strtod(to_string().c_str(), nullptr); }

static void align(const Int& a, int ea, const Int& b, int eb, Int& ra, Int& rb, int& e) {
  e = std::min(ea, eb);
  ra = scale(a, ea - e);
  rb = scale(b, eb - e);
}

Decimal Decimal::operator+(const Decimal& o) const {
  Int a, b;
  int e;
  align(coefficient(*this), exponent_, coefficient(o), o.exponent_, a, b, e);
  return make(a + b, e);
}

Decimal Decimal::operator-(const Decimal& o) const { return *this + (-o); }
Decimal Decimal::operator-() const { return make(-coefficient(*this), exponent_); }

Decimal Decimal::operator*(const Decimal& o) const {
  return make(coefficient(*this) * coefficient(o), exponent_ + o.exponent_);
}

Decimal Decimal::abs() const { return make(magnitude(coefficient(*this)), exponent_); }

static Error division_by_zero() { return Error("DivisionByZero", 400, "division by zero"); }

// |value| = magnitude * 10^-digits + (something below that when `sticky`), divided by 10^digits
// and rounded as `mode` says for a number of that sign. digits >= 1.
Int DecimalCoefficient::drop_digits(const Int& magnitude, long long digits, Decimal::Rounding mode,
                                    bool negative, bool sticky) {
  using Rounding = Decimal::Rounding;
  Int q;
  bool inexact;
  int vs_half;  // the dropped part against half a unit: -1 below, 0 exactly, 1 above
  if (magnitude == 0 || digits > num_digits(magnitude)) {
    // Everything is dropped and it is below 10^(digits-1), so below half.
    q = 0;
    inexact = magnitude != 0 || sticky;
    vs_half = -1;
  } else {
    Int unit = pow10(digits), r;
    boost::multiprecision::divide_qr(magnitude, unit, q, r);
    inexact = r != 0 || sticky;
    Int twice = r * 2;
    vs_half = twice < unit ? -1 : twice > unit ? 1 : (sticky ? 1 : 0);
  }
  bool up = false;
  switch (mode) {
    case Rounding::kHalfEven:
      up = vs_half > 0 || (vs_half == 0 && boost::multiprecision::bit_test(q, 0));
      break;
    case Rounding::kHalfAwayFromZero:
      up = vs_half >= 0;
      break;
    case Rounding::kFloor:
      up = negative && inexact;
      break;
    case Rounding::kCeil:
      up = !negative && inexact;
      break;
    case Rounding::kTowardZero:
      break;
  }
  if (up) ++q;
  return q;
}

Decimal Decimal::quantize(int places, Rounding mode) const {
  long long digits = -static_cast<long long>(places) - exponent_;
  if (coefficient(*this) == 0 || digits <= 0) return *this;
  bool negative = coefficient(*this) < 0;
  Int q =
      DecimalCoefficient::drop_digits(magnitude(coefficient(*this)), digits, mode, negative, false);
  return make(negative ? Int(-q) : q, -places);
}

Decimal Decimal::round(int places) const { return quantize(places, Rounding::kHalfAwayFromZero); }
Decimal Decimal::floor() const { return quantize(0, Rounding::kFloor); }
Decimal Decimal::ceil() const { return quantize(0, Rounding::kCeil); }
Decimal Decimal::trunc() const { return quantize(0, Rounding::kTowardZero); }

Decimal Decimal::divide(const Decimal& by, int significant_digits) const {
  if (by.is_zero()) throw division_by_zero();
  if (is_zero()) return Decimal();
  long long p = std::max(1, significant_digits);
  bool negative = (sign() < 0) != (by.sign() < 0);
  Int a = magnitude(coefficient(*this)), b = magnitude(coefficient(by));
  // Scale so that the integer quotient has p+1 or p+2 digits: at least one digit to round on.
  long long k = p - num_digits(a) + num_digits(b) + 1;
  if (k >= 0) {
    a = scale(a, k);
  } else {
    b = scale(b, -k);
  }
  Int q, r;
  boost::multiprecision::divide_qr(a, b, q, r);
  long long drop = num_digits(q) - p;
  q = DecimalCoefficient::drop_digits(q, drop, Rounding::kHalfEven, negative, r != 0);
  return make(negative ? Int(-q) : q, static_cast<int>(exponent_ - by.exponent_ - k + drop));
}

Decimal Decimal::remainder(const Decimal& by) const {
  if (by.is_zero()) throw division_by_zero();
  Int a, b;
  int e;
  align(coefficient(*this), exponent_, coefficient(by), by.exponent_, a, b, e);
  return make(a % b, e);  // cpp_int's % truncates: the sign of the dividend
}

std::strong_ordering Decimal::operator<=>(const Decimal& o) const {
  int sa = coefficient(*this).sign(), sb = coefficient(o).sign();
  if (sa != sb) return sa <=> sb;
  if (sa == 0) return std::strong_ordering::equal;
  // Same sign: compare magnitudes by leading-digit position first, which avoids huge alignments.
  int ma = exponent_ + precision(), mb = o.exponent_ + o.precision();
  if (ma != mb) return sa > 0 ? ma <=> mb : mb <=> ma;
  Int a, b;
  int e;
  align(coefficient(*this), exponent_, coefficient(o), o.exponent_, a, b, e);
  return a < b   ? std::strong_ordering::less
         : a > b ? std::strong_ordering::greater
                 : std::strong_ordering::equal;
}

}  // namespace wharf::core
