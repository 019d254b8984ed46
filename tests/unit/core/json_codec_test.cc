#include "core/json_codec.h"

#include <gtest/gtest.h>

#include "tests/unit/test_util.h"

namespace wharf::core {
namespace json_codec_test {

TEST(JsonCodec, NumbersKeepTheirExactDigits) {
  auto v = parse_json(R"({"a": 0.1, "b": 12345678901234567890.123456789, "c": 1e3})");
  const auto& m = v.as<Map>();
  EXPECT_EQ(m.at("a").as<Decimal>().to_string(), "0.1");
  EXPECT_EQ(m.at("b").as<Decimal>().to_string(), "12345678901234567890.123456789");
  EXPECT_EQ(m.at("c").as<Decimal>().to_string(), "1000");
  EXPECT_EQ(to_json(v), R"({"a":0.1,"b":12345678901234567890.123456789,"c":1000})");
}

TEST(JsonCodec, TrailingWhitespaceIsFineTrailingTextIsNot) {
  EXPECT_EQ(parse_json("{\"a\":1} \r\n\t"), Value(Map{{"a", 1}}));
  for (const char* bad : {"{\"a\":1},", "{\"a\":1}xyz", "1 2", "[1] [2]"}) {
    auto e = testing::error_of([&] { parse_json(bad); });
    EXPECT_EQ(e.code(), "InvalidJson") << bad;
    EXPECT_NE(std::string(e.what()).find("unexpected text after the value"), std::string::npos) << bad;
  }
  EXPECT_EQ(testing::error_of([] { parse_json("{\"a\":"); }).code(), "InvalidJson");
}

}  // namespace json_codec_test
}  // namespace wharf::core
