#include "search/number_format.h"

#include <fmt/format.h>

#include <cmath>

namespace wharf::search {
namespace {

bool number_char(char c) { return c == '#' || c == '0' || c == ',' || c == '.'; }

// Text up to the number part (or after it), with '...' quoting undone.
std::string literal(std::string_view p, size_t& i, bool stop_at_number) {
  std::string out;
  while (i < p.size() && !(stop_at_number && number_char(p[i]))) {
    if (p[i] == '\'') {
      if (i + 1 < p.size() && p[i + 1] == '\'') {
        out += '\'';
        i += 2;
        continue;
      }
      for (++i; i < p.size() && p[i] != '\''; ++i) out += p[i];
      ++i;
      continue;
    }
    out += p[i++];
  }
  return out;
}

}  // namespace

std::string format_decimal(double value, std::string_view pattern) {
  if (auto semi = pattern.find(';'); semi != std::string_view::npos) pattern = pattern.substr(0, semi);
  size_t i = 0;
  std::string prefix = literal(pattern, i, true);
  size_t min_int = 0, min_frac = 0, max_frac = 0, group = 0;
  bool fraction = false, grouping = false;
  for (; i < pattern.size() && number_char(pattern[i]); ++i) {
    char c = pattern[i];
    if (c == '.') {
      fraction = true;
    } else if (c == ',') {
      grouping = true;
      group = 0;
    } else if (fraction) {
      ++max_frac;
      if (c == '0') min_frac = max_frac;
    } else {
      if (c == '0') ++min_int;
      ++group;
    }
  }
  std::string suffix = literal(pattern, i, false);
  if (!std::isfinite(value)) return prefix + (std::isnan(value) ? "NaN" : value < 0 ? "-∞" : "∞") + suffix;

  std::string digits = fmt::format("{:.{}f}", std::fabs(value), max_frac);
  std::string int_part = digits.substr(0, digits.find('.'));
  std::string frac_part = max_frac ? digits.substr(digits.find('.') + 1) : "";
  while (frac_part.size() > min_frac && frac_part.back() == '0') frac_part.pop_back();
  if (int_part == "0" && min_int == 0 && !frac_part.empty()) int_part.clear();
  while (int_part.size() < min_int) int_part.insert(int_part.begin(), '0');
  if (grouping && group > 0)
    for (size_t pos = int_part.size(); pos > group; pos -= group) int_part.insert(pos - group, ",");
  bool negative = value < 0 && (int_part.find_first_not_of("0,") != std::string::npos ||
                                frac_part.find_first_not_of('0') != std::string::npos);
  std::string number = int_part + (frac_part.empty() ? "" : "." + frac_part);
  if (number.empty()) number = "0";
  return (negative ? "-" : "") + prefix + number + suffix;
}

}  // namespace wharf::search
