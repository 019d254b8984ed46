#include "core/decimal.h"

#include <cmath>
#include <cstdlib>
#include <limits>

namespace wharf::core {

using Int = Decimal::Int;

Decimal::Decimal(long long v) : coefficient_(v), exponent_(0) { normalize(); }

static Int pow10(int n) {
  Int r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

void Decimal::normalize() {
  if (coefficient_ == 0) {
    exponent_ = 0;
    return;
  }
  while (coefficient_ % 10 == 0) {
    coefficient_ /= 10;
    ++exponent_;
  }
}

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
  return Decimal(std::move(c), exponent);
}

std::string Decimal::to_string() const {
  if (coefficient_ == 0) return "0";
  bool negative = coefficient_ < 0;
  std::string digits = (negative ? Int(-coefficient_) : coefficient_).str();
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
  return (coefficient_ < 0 ? Int(-coefficient_) : coefficient_).str();
}

int Decimal::precision() const {
  if (coefficient_ == 0) return 1;
  std::string d = coefficient_.str();
  return static_cast<int>(d.size()) - (d[0] == '-' ? 1 : 0);
}

bool Decimal::fits_dynamodb() const {
  if (coefficient_ == 0) return true;
  int p = precision();
  if (p > 38) return false;
  int magnitude = exponent_ + p - 1;  // position of the leading digit
  return magnitude >= -130 && magnitude <= 125;
}

std::optional<long long> Decimal::to_int64() const {
  if (exponent_ < 0 || exponent_ > 18) return std::nullopt;
  Int v = coefficient_ * pow10(exponent_);
  if (v > std::numeric_limits<long long>::max() || v < std::numeric_limits<long long>::min())
    return std::nullopt;
  return static_cast<long long>(v);
}

double Decimal::to_double() const { return std::strtod(to_string().c_str(), nullptr); }

static void align(const Decimal::Int& a, int ea, const Decimal::Int& b, int eb, Int& ra, Int& rb,
                  int& e) {
  e = std::min(ea, eb);
  ra = a * pow10(ea - e);
  rb = b * pow10(eb - e);
}

Decimal Decimal::operator+(const Decimal& o) const {
  Int a, b;
  int e;
  align(coefficient_, exponent_, o.coefficient_, o.exponent_, a, b, e);
  return Decimal(a + b, e);
}

Decimal Decimal::operator-(const Decimal& o) const { return *this + (-o); }
Decimal Decimal::operator-() const { return Decimal(-coefficient_, exponent_); }

std::strong_ordering Decimal::operator<=>(const Decimal& o) const {
  int sa = coefficient_.sign(), sb = o.coefficient_.sign();
  if (sa != sb) return sa <=> sb;
  if (sa == 0) return std::strong_ordering::equal;
  // Same sign: compare magnitudes by leading-digit position first, which avoids huge alignments.
  int ma = exponent_ + precision(), mb = o.exponent_ + o.precision();
  if (ma != mb) return sa > 0 ? ma <=> mb : mb <=> ma;
  Int a, b;
  int e;
  align(coefficient_, exponent_, o.coefficient_, o.exponent_, a, b, e);
  return a < b   ? std::strong_ordering::less
         : a > b ? std::strong_ordering::greater
                 : std::strong_ordering::equal;
}

}  // namespace wharf::core
