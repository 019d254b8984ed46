#include "search/number_format.h"

#include <gtest/gtest.h>

namespace wharf::search {
namespace number_format_test {

TEST(NumberFormatTest, JavaDecimalFormatPatterns) {
  EXPECT_EQ(format_decimal(0, "Value is ##0.0"), "Value is 0.0");
  EXPECT_EQ(format_decimal(150, "Value is ##0.0"), "Value is 150.0");
  EXPECT_EQ(format_decimal(1234567.891, "#,##0.00"), "1,234,567.89");
  EXPECT_EQ(format_decimal(0.5, "#.##"), ".5");
  EXPECT_EQ(format_decimal(2.5, "0"), "2");   // HALF_EVEN
  EXPECT_EQ(format_decimal(3.5, "0"), "4");
  EXPECT_EQ(format_decimal(1.2, "0.###"), "1.2");
  EXPECT_EQ(format_decimal(7, "000"), "007");
  EXPECT_EQ(format_decimal(-12.5, "0.0 'kg'"), "-12.5 kg");
  EXPECT_EQ(format_decimal(-0.01, "0.0"), "0.0");  // rounds to zero: no sign
  EXPECT_EQ(format_decimal(42, "'#'0"), "#42");
}

}  // namespace number_format_test
}  // namespace wharf::search
