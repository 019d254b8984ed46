// UTF-8 as the string functions count it: code points, with malformed bytes as one character each.
#include <gtest/gtest.h>

#include <string>

#include "pipeline/expr/utf8.h"

namespace wharf::pipeline::expr::utf8 {
namespace expr_utf8_test {

TEST(ExprUtf8, CharacterLengths) {
  EXPECT_EQ(char_length("a", 0), 1u);
  EXPECT_EQ(char_length("é", 0), 2u);
  EXPECT_EQ(char_length("€", 0), 3u);
  EXPECT_EQ(char_length("😀", 0), 4u);
  EXPECT_EQ(char_length("\xff", 0), 1u);
  EXPECT_EQ(char_length("\xc3", 0), 1u);              // truncated
  EXPECT_EQ(char_length("\xc3(", 0), 1u);             // bad continuation
  EXPECT_EQ(char_length("\xc0\xaf", 0), 1u);          // overlong
  EXPECT_EQ(char_length("\xe0\x80\x80", 0), 1u);      // overlong
  EXPECT_EQ(char_length("\xed\xa0\x80", 0), 1u);      // surrogate
  EXPECT_EQ(char_length("\xf4\x90\x80\x80", 0), 1u);  // past U+10FFFF
}

TEST(ExprUtf8, DecodeAndAppendRoundTrip) {
  for (uint32_t cp : {0x41u, 0xE9u, 0x20ACu, 0x1F600u, 0x7FFu, 0x800u, 0xFFFFu, 0x10000u}) {
    std::string s;
    append(s, cp);
    size_t n;
    EXPECT_EQ(decode(s, 0, n), cp);
    EXPECT_EQ(n, s.size());
  }
  size_t n;
  EXPECT_EQ(decode("\xff", 0, n), 0xFFu);
  EXPECT_EQ(n, 1u);
}

TEST(ExprUtf8, CountsAndOffsets) {
  EXPECT_EQ(count(""), 0u);
  EXPECT_EQ(count("héllo😀"), 6u);
  EXPECT_EQ(count("\xff\xfe"), 2u);
  EXPECT_EQ(offset_of("héllo", 0), 0u);
  EXPECT_EQ(offset_of("héllo", 2), 3u);
  EXPECT_EQ(offset_of("héllo", 5), 6u);
  EXPECT_EQ(offset_of("héllo", 99), 6u);
}

TEST(ExprUtf8, CaseMapping) {
  EXPECT_EQ(to_upper("abc xyz 123"), "ABC XYZ 123");
  EXPECT_EQ(to_lower("ABC XYZ 123"), "abc xyz 123");
  EXPECT_EQ(to_upper("àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþ"), "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ");
  EXPECT_EQ(to_lower("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ"), "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþ");
  EXPECT_EQ(to_upper("÷ß"), "÷ß");
  EXPECT_EQ(to_upper("ăćęłńőśűźżž"), "ĂĆĘŁŃŐŚŰŹŻŽ");
  EXPECT_EQ(to_lower("ĂĆĘŁŃŐŚŰŹŻŽ"), "ăćęłńőśűźżž");
  EXPECT_EQ(to_upper("ÿ"), "Ÿ");
  EXPECT_EQ(to_lower("Ÿ"), "ÿ");
  EXPECT_EQ(to_upper("άέήίόύώ"), "ΆΈΉΊΌΎΏ");
  EXPECT_EQ(to_lower("ΆΈΉΊΌΎΏ"), "άέήίόύώ");
  EXPECT_EQ(to_upper("ёщ"), "ЁЩ");
  EXPECT_EQ(to_lower("ЁЩ"), "ёщ");
  EXPECT_EQ(to_upper("a\xff"
                     "b"),
            "A\xff"
            "B");  // malformed bytes pass through
  EXPECT_EQ(to_upper("中文"), "中文");
}

}  // namespace expr_utf8_test
}  // namespace wharf::pipeline::expr::utf8
