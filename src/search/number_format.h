// Numbers as a Java DecimalFormat pattern formats them: what an aggregation's `format` is for a
// numeric field ("Value is ##0.0", "#,##0.00", "0.###"). Supported: literal prefix and suffix
// (quoted with ' when they hold pattern characters), '0' and '#' digits, ',' grouping, '.' and
// the fraction digits, HALF_EVEN rounding. Exponents, percent and per-mille are kept as
// literals.
#pragma once

#include <string>
#include <string_view>

namespace wharf::search {

std::string format_decimal(double value, std::string_view pattern);

}  // namespace wharf::search
