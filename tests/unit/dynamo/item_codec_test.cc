// The stored item encoding (round trips of every value type, garbage rejected) and DynamoDB's
// item size accounting (attribute names plus values; strings and binary by byte length, numbers
// by significant digits, lists and maps with their overheads).
#include "dynamo/item_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/decimal.h"
#include "core/error.h"
#include "core/value.h"

namespace wharf::dynamo {
namespace item_codec_test {

core::Value N(std::string_view text) { return core::Value(core::Decimal::parse(text).value()); }
core::Value B(std::string_view bytes) { return core::Value(core::Binary{std::string(bytes)}); }

core::Map rich_item() {
  using namespace std::string_literals;
  core::Map deep{{"leaf", core::Value("bottom")}};
  for (int i = 0; i < 20; ++i) deep = core::Map{{"d" + std::to_string(i), core::Value(deep)}};
  return core::Map{
      {"pk", core::Value("user#1")},
      {"", core::Value("empty name")},
      {"name\0with nul"s, core::Value("x")},
      {"empty", core::Value("")},
      {"utf8", core::Value("h\xc3\xa9llo \xe2\x82\xac")},
      {"null", core::Value()},
      {"yes", core::Value(true)},
      {"no", core::Value(false)},
      {"int", core::Value(42)},
      {"negative", N("-123.456")},
      {"zero", N("0")},
      {"tiny", N("1E-130")},
      {"huge", N("9.9999999999999999999999999999999999999E+125")},
      {"precise", N("12345678901234567890123456789012345678")},
      {"bin", B("\x00\x01\x00\xff"s)},
      {"empty_bin", B("")},
      {"long", core::Value(std::string(300, 'z'))},  // a length that needs a two-byte varint
      {"list", core::Value(core::List{core::Value(1), core::Value("two"), core::Value(),
                                      core::Value(core::List{core::Value(core::List{})}),
                                      core::Value(core::Map{{"k", B("\0"s)}})})},
      {"map", core::Value(core::Map{
                  {"a", core::Value(core::Map{
                            {"b", core::Value(core::List{N("1.5"), core::Value(false)})}})},
                  {"c", core::Value(core::Map{})}})},
      {"deep", core::Value(deep)},
      {"ss", core::Value(core::StringSet{{"b", "a", "", "c\0d"s}})},
      {"ns", core::Value(core::NumberSet{{core::Decimal(3), core::Decimal::parse("-0.5").value(),
                                          core::Decimal::parse("1E+100").value()}})},
      {"bs", core::Value(core::BinarySet{
                 {core::Binary{"\0\0"s}, core::Binary{"\xff"s}, core::Binary{""}}})},
  };
}

// ---------------------------------------------------------------------------------------------
// Encoding

TEST(ItemCodec, RichItemRoundTrips) {
  const core::Map item = rich_item();
  const std::string bytes = encode_item(item);
  const core::Map back = decode_item(bytes);
  EXPECT_EQ(back, item);
  // Spot checks, so that a failure says what went wrong.
  ASSERT_EQ(back.size(), item.size());
  EXPECT_EQ(back.at("bin").as<core::Binary>().bytes, std::string("\x00\x01\x00\xff", 4));
  EXPECT_EQ(back.at("huge"), N("9.9999999999999999999999999999999999999E+125"));
  EXPECT_EQ(back.at(std::string("name\0with nul", 13)), core::Value("x"));
  EXPECT_EQ(back.at("ns").as<core::NumberSet>().items.size(), 3u);
  // Set order is kept as given.
  EXPECT_EQ(back.at("ss").as<core::StringSet>().items,
            (std::vector<std::string>{"b", "a", "", std::string("c\0d", 3)}));
  // Encoding is deterministic.
  EXPECT_EQ(encode_item(back), bytes);
}

TEST(ItemCodec, EmptyItemAndSingleValues) {
  EXPECT_EQ(decode_item(encode_item({})), core::Map{});
  const core::Value values[] = {
      core::Value(),
      core::Value(true),
      core::Value(false),
      core::Value(0),
      N("-1"),
      N("0.000001"),
      core::Value("s"),
      B(std::string(1, '\0')),
      core::Value(core::List{}),
      core::Value(core::Map{}),
  };
  for (const auto& v : values) {
    const core::Map item{{"a", v}};
    EXPECT_EQ(decode_item(encode_item(item)), item) << core::type_name(v.type());
  }
}

TEST(ItemCodec, EncodeItemToAppends) {
  const core::Map item{{"a", core::Value(1)}};
  std::string out = "prefix";
  encode_item_to(item, out);
  ASSERT_GT(out.size(), 6u);
  EXPECT_EQ(out.substr(0, 6), "prefix");
  EXPECT_EQ(out.substr(6), encode_item(item));
  EXPECT_EQ(decode_item(std::string_view(out).substr(6)), item);
}

TEST(ItemCodec, LargeItemRoundTrips) {
  core::Map item;
  for (int i = 0; i < 1000; ++i)
    item.emplace("attr" + std::to_string(i), core::Value(std::string(i, static_cast<char>(i))));
  item.emplace("big", core::Value(std::string(200 * 1024, 'b')));
  EXPECT_EQ(decode_item(encode_item(item)), item);
}

TEST(ItemCodec, GarbageThrows) {
  auto expect_corrupt = [](std::string_view bytes, const char* what) {
    try {
      decode_item(bytes);
      ADD_FAILURE() << what << ": decoded";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.http_status(), 500) << what;
    }
  };
  using namespace std::string_literals;
  expect_corrupt("", "empty input");
  expect_corrupt("\x05"s, "count without attributes");
  expect_corrupt(
      "\x01\x05"
      "ab"s,
      "name longer than the input");
  expect_corrupt(
      "\x01\x01"
      "a"s,
      "attribute without a value");
  expect_corrupt(
      "\x01\x01"
      "a\x3f"s,
      "unknown type tag");
  expect_corrupt(
      "\x01\x01"
      "a\x02\x03"
      "abc"s,
      "number that is not a number");
  expect_corrupt("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"s, "varint that never ends");
  // Every proper prefix of a valid encoding is cut short somewhere.
  const std::string bytes = encode_item(rich_item());
  for (size_t n = 0; n < bytes.size(); ++n) {
    try {
      decode_item(std::string_view(bytes).substr(0, n));
      ADD_FAILURE() << "prefix of " << n << " of " << bytes.size() << " bytes decoded";
      break;
    } catch (const core::Error& e) {
      if (e.http_status() != 500) {
        ADD_FAILURE() << "prefix of " << n << " bytes: " << e.code();
        break;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Size accounting

TEST(ItemSize, Scalars) {
  EXPECT_EQ(value_size(core::Value()), 1u);
  EXPECT_EQ(value_size(core::Value(true)), 1u);
  EXPECT_EQ(value_size(core::Value(false)), 1u);
  // Strings and binary: bytes, not characters.
  EXPECT_EQ(value_size(core::Value("")), 0u);
  EXPECT_EQ(value_size(core::Value("abc")), 3u);
  EXPECT_EQ(value_size(core::Value("h\xc3\xa9llo")), 6u);      // é is two bytes
  EXPECT_EQ(value_size(core::Value("\xf0\x9f\x98\x80")), 4u);  // one emoji, four bytes
  EXPECT_EQ(value_size(B(std::string("\0\0\0", 3))), 3u);
}

TEST(ItemSize, Numbers) {
  // One byte per two significant digits, plus one; leading and trailing zeros do not count.
  EXPECT_EQ(value_size(N("0")), 2u);
  EXPECT_EQ(value_size(N("1")), 2u);
  EXPECT_EQ(value_size(N("12")), 2u);
  EXPECT_EQ(value_size(N("123")), 3u);
  EXPECT_EQ(value_size(N("1234")), 3u);
  EXPECT_EQ(value_size(N("12345")), 4u);
  EXPECT_EQ(value_size(N("100000")), 2u);
  EXPECT_EQ(value_size(N("0.00012")), 2u);
  EXPECT_EQ(value_size(N("-1.5")), 2u);
  EXPECT_EQ(value_size(N("1E+125")), 2u);
  EXPECT_EQ(value_size(N("12345678901234567890123456789012345678")), 20u);
}

TEST(ItemSize, Containers) {
  // Lists and maps: 3 bytes, plus 1 per element (and the key's bytes for maps).
  EXPECT_EQ(value_size(core::Value(core::List{})), 3u);
  EXPECT_EQ(value_size(core::Value(core::List{core::Value("ab"), core::Value(1)})),
            3u + (1 + 2) + (1 + 2));
  EXPECT_EQ(value_size(core::Value(core::Map{})), 3u);
  EXPECT_EQ(value_size(core::Value(core::Map{{"key", core::Value("abcd")}, {"k", core::Value()}})),
            3u + (1 + 3 + 4) + (1 + 1 + 1));
  EXPECT_EQ(value_size(core::Value(core::List{core::Value(core::List{core::Value(true)})})),
            3u + 1 + (3 + 1 + 1));
  // Sets: the sum of their elements.
  EXPECT_EQ(value_size(core::Value(core::StringSet{{"a", "bcd"}})), 4u);
  EXPECT_EQ(value_size(core::Value(core::NumberSet{{core::Decimal(1), core::Decimal(12345)}})),
            2u + 4u);
  EXPECT_EQ(value_size(core::Value(core::BinarySet{{core::Binary{"xy"}, core::Binary{"z"}}})), 3u);
}

TEST(ItemSize, ItemIsNamesPlusValues) {
  EXPECT_EQ(item_size({}), 0u);
  const core::Map item{
      {"pk", core::Value("user#1")},                                      // 2 + 6
      {"n", N("12345")},                                                  // 1 + 4
      {"bin", B("abc")},                                                  // 3 + 3
      {"flag", core::Value(true)},                                        // 4 + 1
      {"nul", core::Value()},                                             // 3 + 1
      {"l", core::Value(core::List{core::Value("ab"), core::Value(7)})},  // 1 + 3 + 3 + 3
      {"m", core::Value(core::Map{{"k", core::Value("v")}})},             // 1 + 3 + 3
      {"ss", core::Value(core::StringSet{{"a", "bc"}})},                  // 2 + 3
      {"caf\xc3\xa9", core::Value("\xc3\xa9")},  // 5 + 2: names count in bytes too
  };
  EXPECT_EQ(item_size(item), (2u + 6) + (1 + 4) + (3 + 3) + (4 + 1) + (3 + 1) + (1 + 3 + 3 + 3) +
                                 (1 + 3 + 3) + (2 + 3) + (5 + 2));
  // The size grows by exactly what an attribute adds.
  core::Map bigger = item;
  bigger.emplace("extra", core::Value(std::string(1000, 'x')));
  EXPECT_EQ(item_size(bigger), item_size(item) + 5 + 1000);
}

TEST(ItemSize, LimitFigures) {
  EXPECT_EQ(kMaxItemSize, 409600u);
  // An item right at the limit: a name of 2 bytes and a string of the rest.
  const core::Map at_limit{{"pk", core::Value(std::string(kMaxItemSize - 2, 'a'))}};
  EXPECT_EQ(item_size(at_limit), kMaxItemSize);
}

}  // namespace item_codec_test
}  // namespace wharf::dynamo
