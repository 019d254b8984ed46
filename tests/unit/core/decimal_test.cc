#include "core/decimal.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/json_codec.h"
#include "tests/unit/test_util.h"

namespace wharf::core {

static Decimal D(const char* s) { return Decimal::parse(s).value(); }

TEST(Decimal, ParsesAndNormalizes) {
  EXPECT_EQ(D("1.50").to_string(), "1.5");
  EXPECT_EQ(D("1e2").to_string(), "100");
  EXPECT_EQ(D("-0.00100").to_string(), "-0.001");
  EXPECT_EQ(D(".5").to_string(), "0.5");
  EXPECT_EQ(D("0e10").to_string(), "0");
  EXPECT_EQ(D("12345678901234567890123456789012345678").to_string(),
            "12345678901234567890123456789012345678");
}

TEST(Decimal, RejectsMalformed) {
  for (const char* bad : {"", "-", "1e", "abc", "1.2.3", "1e+", "--1", "1 "})
    EXPECT_FALSE(Decimal::parse(bad)) << bad;
}

TEST(Decimal, ExactArithmeticAndOrder) {
  EXPECT_EQ((D("0.1") + D("0.2")).to_string(), "0.3");
  EXPECT_EQ((D("1") - D("0.001")).to_string(), "0.999");
  EXPECT_LT(D("-10"), D("-9.99"));
  EXPECT_LT(D("9.99"), D("10"));
  EXPECT_EQ(D("1.0"), D("1"));
  EXPECT_GT(D("1e30"), D("999999999999999999999999999999e-1"));
}

TEST(Decimal, DynamoDbRange) {
  EXPECT_TRUE(D("1E-130").fits_dynamodb());
  EXPECT_FALSE(D("1E-131").fits_dynamodb());
  EXPECT_TRUE(D("9.9999999999999999999999999999999999999E+125").fits_dynamodb());
  EXPECT_FALSE(D("1E+126").fits_dynamodb());
  EXPECT_FALSE(D("123456789012345678901234567890123456789").fits_dynamodb());
}

TEST(Decimal, MultipliesExactly) {
  EXPECT_EQ((D("1.5") * D("2")).to_string(), "3");
  EXPECT_EQ((D("0.1") * D("0.2")).to_string(), "0.02");
  EXPECT_EQ((D("-3") * D("0.25")).to_string(), "-0.75");
  EXPECT_EQ((D("0") * D("-7.5")).to_string(), "0");
  EXPECT_EQ((D("12345678901234567890") * D("98765432109876543210")).to_string(),
            "1219326311370217952237463801111263526900");  // 40 digits: no rounding
  EXPECT_EQ((D("1e20") * D("1e-25")).to_string(), "0.00001");
}

TEST(Decimal, DividesRoundingHalfEven) {
  EXPECT_EQ(D("10").divide(D("4")).to_string(), "2.5");
  EXPECT_EQ(D("1").divide(D("8")).to_string(), "0.125");
  EXPECT_EQ(D("1").divide(D("3")).to_string(), "0.33333333333333333333333333333333333333");
  EXPECT_EQ(D("2").divide(D("3")).to_string(), "0.66666666666666666666666666666666666667");
  EXPECT_EQ(D("-2").divide(D("3")).to_string(), "-0.66666666666666666666666666666666666667");
  EXPECT_EQ(D("2").divide(D("-3"), 5).to_string(), "-0.66667");
  EXPECT_EQ(D("100").divide(D("7"), 3).to_string(), "14.3");
  EXPECT_EQ(D("1").divide(D("0.001")).to_string(), "1000");
  EXPECT_EQ(D("0").divide(D("5")).to_string(), "0");
  EXPECT_EQ(D("1e-20").divide(D("3"), 2).to_string(), "0.0000000000000000000033");
  // Ties go to the even digit; anything beyond the tie rounds up.
  EXPECT_EQ(D("1").divide(D("8"), 2).to_string(), "0.12");
  EXPECT_EQ(D("3").divide(D("8"), 2).to_string(), "0.38");
  EXPECT_EQ(D("0.1251").divide(D("1"), 2).to_string(), "0.13");
  EXPECT_EQ(D("25").divide(D("1"), 1).to_string(), "20");
  EXPECT_EQ(D("35").divide(D("1"), 1).to_string(), "40");
  // Rounding that carries into a new digit.
  EXPECT_EQ(D("9.99").divide(D("1"), 2).to_string(), "10");
  EXPECT_EQ(D("1").divide(D("3"), 0).to_string(), "0.3");  // at least one digit
}

TEST(Decimal, DivisionByZeroThrows) {
  Error e = wharf::testing::error_of([] { D("1").divide(D("0")); });
  EXPECT_EQ(e.code(), "DivisionByZero");
  EXPECT_EQ(e.http_status(), 400);
  EXPECT_EQ(wharf::testing::error_of([] { D("1").remainder(D("0")); }).code(), "DivisionByZero");
  EXPECT_EQ(wharf::testing::error_of([] { D("0").divide(D("0.0")); }).code(), "DivisionByZero");
}

TEST(Decimal, RemainderHasTheSignOfTheDividend) {
  EXPECT_EQ(D("7").remainder(D("3")).to_string(), "1");
  EXPECT_EQ(D("-7").remainder(D("3")).to_string(), "-1");
  EXPECT_EQ(D("7").remainder(D("-3")).to_string(), "1");
  EXPECT_EQ(D("5.5").remainder(D("2")).to_string(), "1.5");
  EXPECT_EQ(D("-5.5").remainder(D("2")).to_string(), "-1.5");
  EXPECT_EQ(D("1").remainder(D("0.3")).to_string(), "0.1");
  EXPECT_EQ(D("6").remainder(D("3")).to_string(), "0");
  EXPECT_EQ(D("1e30").remainder(D("7")).to_string(), "1");
}

TEST(Decimal, RoundsHalfAwayFromZero) {
  EXPECT_EQ(D("2.5").round().to_string(), "3");
  EXPECT_EQ(D("-2.5").round().to_string(), "-3");
  EXPECT_EQ(D("2.4999").round().to_string(), "2");
  EXPECT_EQ(D("1.005").round(2).to_string(), "1.01");
  EXPECT_EQ(D("1.004").round(2).to_string(), "1");
  EXPECT_EQ(D("-1.005").round(2).to_string(), "-1.01");
  EXPECT_EQ(D("1250").round(-2).to_string(), "1300");
  EXPECT_EQ(D("1249.99").round(-2).to_string(), "1200");
  EXPECT_EQ(D("-1250").round(-2).to_string(), "-1300");
  EXPECT_EQ(D("49").round(-2).to_string(), "0");
  EXPECT_EQ(D("50").round(-2).to_string(), "100");
  EXPECT_EQ(D("0.0004").round(3).to_string(), "0");
  EXPECT_EQ(D("0.0005").round(3).to_string(), "0.001");
  EXPECT_EQ(D("1e-40").round(2).to_string(), "0");
  EXPECT_EQ(D("9.995").round(2).to_string(), "10");
  EXPECT_EQ(D("3.14159").round(10).to_string(), "3.14159");  // nothing to drop
  EXPECT_EQ(D("123").round(-5).to_string(), "0");
}

TEST(Decimal, FloorCeilTruncAbs) {
  EXPECT_EQ(D("2.7").floor().to_string(), "2");
  EXPECT_EQ(D("-2.1").floor().to_string(), "-3");
  EXPECT_EQ(D("2.1").ceil().to_string(), "3");
  EXPECT_EQ(D("-2.7").ceil().to_string(), "-2");
  EXPECT_EQ(D("-2.7").trunc().to_string(), "-2");
  EXPECT_EQ(D("2.7").trunc().to_string(), "2");
  EXPECT_EQ(D("5").floor().to_string(), "5");
  EXPECT_EQ(D("0.0001").ceil().to_string(), "1");
  EXPECT_EQ(D("-0.0001").floor().to_string(), "-1");
  EXPECT_EQ(D("-0.0001").ceil().to_string(), "0");
  EXPECT_EQ(D("1e-50").floor().to_string(), "0");
  EXPECT_EQ(D("-1e-50").floor().to_string(), "-1");
  EXPECT_EQ(D("-1.5").abs().to_string(), "1.5");
  EXPECT_EQ(D("1.5").abs().to_string(), "1.5");
}

TEST(Decimal, PrecisionCountsDigitsOfLargeNumbers) {
  EXPECT_EQ(D("0").precision(), 1);
  EXPECT_EQ(D("9").precision(), 1);
  EXPECT_EQ(D("-10").precision(), 1);
  EXPECT_EQ(D("99").precision(), 2);
  EXPECT_EQ(D("100.5").precision(), 4);
  std::string nines(300, '9');
  EXPECT_EQ(D(nines.c_str()).precision(), 300);
  EXPECT_EQ((D(nines.c_str()) + D("1")).precision(), 1);  // 1e300
  EXPECT_EQ((D(nines.c_str()) - D("1")).precision(), 300);
}

TEST(JsonCodec, NumbersStayExact) {
  Value v = parse_json(R"({"a":0.1,"b":[1,2.50,-3e-2],"c":"x","d":null,"e":true,
                          "big":123456789012345678901234567890.123})");
  EXPECT_EQ(
      to_json(v),
      R"({"a":0.1,"b":[1,2.5,-0.03],"big":123456789012345678901234567890.123,"c":"x","d":null,"e":true})");
  EXPECT_THROW(parse_json("{\"a\":"), Error);
}

}  // namespace wharf::core
