#include "core/clock.h"

#include <gtest/gtest.h>

#include <ctime>
#include <random>

#include "core/random.h"

namespace wharf::core {
namespace clock_test {

TEST(ClockTest, AmzDatesAgreeWithTheCLibraryOverFourCenturies) {
  std::mt19937_64 gen(7);
  for (int i = 0; i < 20000; ++i) {
    // Any second from 1900 to 2299, leap days and century years included.
    int64_t t = static_cast<int64_t>(gen() % (400ull * 365 * 86400)) - 70ll * 365 * 86400;
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
    ASSERT_EQ(parse_amz_date(text), t) << text;
  }
  EXPECT_EQ(parse_amz_date("20000229T000000Z"), 951782400);  // 2000 is a leap year
  EXPECT_EQ(parse_amz_date("19700101T000000Z"), 0);
}

TEST(ClockTest, MalformedAmzDatesAreRejected) {
  for (const char* bad :
       {"", "20240101T000000", "20240101T000000ZZ", "2024010T1000000Z", "20240101 000000Z",
        "20241301T000000Z", "20240001T000000Z", "20240100T000000Z", "20240230T000000Z",
        "21000229T000000Z", "20240101T240000Z", "20240101T006000Z", "20240101T000061Z",
        "2024-101T000000Z", "2024010AT000000Z", "+0240101T000000Z"})
    EXPECT_FALSE(parse_amz_date(bad).has_value()) << bad;
  EXPECT_TRUE(parse_amz_date("20240229T235959Z").has_value());
}

TEST(ClockTest, RequestIdsAreSixteenUppercaseHexDigitsAndDiffer) {
  std::string a = request_id(), b = request_id();
  EXPECT_NE(a, b);
  for (const std::string& id : {a, b}) {
    ASSERT_EQ(id.size(), 16u);
    for (char c : id) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')) << id;
  }
}

}  // namespace clock_test
}  // namespace wharf::core
