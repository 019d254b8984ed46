#include "core/decimal.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/json_codec.h"

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

TEST(JsonCodec, NumbersStayExact) {
  Value v = parse_json(R"({"a":0.1,"b":[1,2.50,-3e-2],"c":"x","d":null,"e":true,
                          "big":123456789012345678901234567890.123})");
  EXPECT_EQ(
      to_json(v),
      R"({"a":0.1,"b":[1,2.5,-0.03],"big":123456789012345678901234567890.123,"c":"x","d":null,"e":true})");
  EXPECT_THROW(parse_json("{\"a\":"), Error);
}

}  // namespace wharf::core
