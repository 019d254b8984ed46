#include "pipeline/formats/charset.h"

#include <gtest/gtest.h>

#include "tests/unit/pipeline/formats/formats_test_util.h"
#include "tests/unit/test_util.h"

namespace wharf::pipeline::formats {
namespace charset_test {

using testing::drain;
using wharf::testing::error_of;

std::string convert(const std::string& bytes, const std::string& charset, size_t chunk = 4096) {
  CharsetSource src(testing::trickle_source(bytes), charset);
  return drain(src, chunk);
}

TEST(CharsetSource, GbkToUtf8AcrossSplitReads) {
  // "中文,名称" in GBK; the trickle source splits most two-byte characters.
  std::string gbk = "\xD6\xD0\xCE\xC4,\xC3\xFB\xB3\xC6\n";
  EXPECT_EQ(convert(gbk, "GBK"), "中文,名称\n");
  EXPECT_EQ(convert(gbk, "gbk", 1), "中文,名称\n");
}

TEST(CharsetSource, Gb18030FourByteSequences) {
  // U+1F600 is a four-byte sequence in GB18030; U+20AC (euro) a two-byte one.
  EXPECT_EQ(convert("a\x94\x39\xFC\x36"
                    "b\xA2\xE3",
                    "GB18030"),
            "a😀b€");
}

TEST(CharsetSource, Latin1AndItsSpellings) {
  for (const char* name : {"ISO-8859-1", "latin1", "Latin-1", "LATIN_1"})
    EXPECT_EQ(convert("caf\xE9", name), "café") << name;
}

TEST(CharsetSource, Utf16WithByteOrderMark) {
  EXPECT_EQ(convert(std::string("\xFF\xFE"
                                "A\0-\0\x2D\x4E",
                                8),
                    "UTF-16"),
            "A-中");
  EXPECT_EQ(convert(std::string("\x4E\x2D\0A", 4), "UTF-16BE"), "中A");
}

TEST(CharsetSource, LargeInputStreams) {
  std::string utf8;
  for (int i = 0; i < 20000; ++i) utf8 += "第" + std::to_string(i) + "行,数据\n";
  std::string gbk;  // the same text in GBK: 第 B5DA, 行 D0D0, 数据 CAFD BEDD
  for (int i = 0; i < 20000; ++i)
    gbk += "\xB5\xDA" + std::to_string(i) + "\xD0\xD0,\xCA\xFD\xBE\xDD\n";
  CharsetSource src(testing::string_source(gbk), "GBK");
  EXPECT_EQ(drain(src, 1000), utf8);
}

TEST(CharsetSource, UnknownCharsetNamesIt) {
  core::Error e = error_of([] { CharsetSource src(testing::string_source("x"), "klingon-8"); });
  EXPECT_EQ(e.code(), "UnknownCharset");
  EXPECT_EQ(e.http_status(), 400);
  EXPECT_NE(e.message().find("klingon-8"), std::string::npos) << e.message();
}

TEST(CharsetSource, InvalidBytesNameTheOffset) {
  core::Error e = error_of([] { convert("ab\xD6\xD0\xFF rest", "GBK"); });
  EXPECT_EQ(e.code(), "MalformedInput");
  EXPECT_NE(e.message().find("byte offset 4"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("GBK"), std::string::npos) << e.message();
}

TEST(CharsetSource, TextBeforeTheBadBytesIsReadFirst) {
  CharsetSource src(testing::string_source("line1\nline2\n\xFF"), "GBK");
  char buf[64];
  size_t n = src.read(buf, sizeof buf);
  EXPECT_EQ(std::string(buf, n), "line1\nline2\n");
  EXPECT_EQ(error_of([&] { src.read(buf, sizeof buf); }).code(), "MalformedInput");
}

TEST(CharsetSource, InputEndingInsideACharacter) {
  core::Error e = error_of([] { convert("ab\xD6", "GBK"); });
  EXPECT_EQ(e.code(), "MalformedInput");
  EXPECT_NE(e.message().find("ends inside a multibyte character at byte offset 2"),
            std::string::npos)
      << e.message();
}

TEST(CharsetSource, Utf8InputIsValidated) {
  EXPECT_EQ(convert("中文", "UTF-8"), "中文");
  EXPECT_EQ(error_of([] { convert("ok\xC0\x80", "UTF-8"); }).code(), "MalformedInput");
}

TEST(Utf8, FirstInvalid) {
  EXPECT_EQ(first_invalid_utf8(""), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("plain ascii"), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("中文 café 😀 \xEF\xBF\xBF"), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("\xF4\x8F\xBF\xBF"), std::nullopt);  // U+10FFFF
  EXPECT_EQ(first_invalid_utf8("\xED\x9F\xBF"), std::nullopt);      // U+D7FF
  EXPECT_EQ(first_invalid_utf8("ab\x80"), 2u);                      // lone continuation
  EXPECT_EQ(first_invalid_utf8("a\xC0\x80"), 1u);                   // overlong NUL
  EXPECT_EQ(first_invalid_utf8("a\xC1\xBF"), 1u);                   // overlong
  EXPECT_EQ(first_invalid_utf8("ab\xE0\x80\x80"), 2u);              // overlong, 3 bytes
  EXPECT_EQ(first_invalid_utf8("\xF0\x80\x80\x80"), 0u);            // overlong, 4 bytes
  EXPECT_EQ(first_invalid_utf8("x\xED\xA0\x80"), 1u);               // surrogate U+D800
  EXPECT_EQ(first_invalid_utf8("x\xED\xBF\xBF"), 1u);               // surrogate U+DFFF
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u);            // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("\xF5\x80\x80\x80"), 0u);
  EXPECT_EQ(first_invalid_utf8("\xFF"), 0u);
  EXPECT_EQ(first_invalid_utf8("中\xE4\xB8"), 3u);  // cut short at the end
  EXPECT_EQ(first_invalid_utf8("\xE4\xB8"
                               "a"),
            0u);  // bad continuation
  EXPECT_EQ(first_invalid_utf8(std::string_view("a\0b", 3)), std::nullopt);
}

TEST(Utf8, Bom) {
  EXPECT_EQ(strip_utf8_bom("\xEF\xBB\xBF"
                           "id"),
            "id");
  EXPECT_EQ(strip_utf8_bom("id"), "id");
  EXPECT_EQ(strip_utf8_bom("\xEF\xBB"), "\xEF\xBB");
  PeekableSource src(
      testing::trickle_source("\xEF\xBB\xBF"
                              "a,b"));
  EXPECT_TRUE(skip_utf8_bom(src));
  EXPECT_FALSE(skip_utf8_bom(src));
  EXPECT_EQ(drain(src), "a,b");
}

TEST(Utf8, IsUtf8Charset) {
  EXPECT_TRUE(is_utf8_charset("utf-8"));
  EXPECT_TRUE(is_utf8_charset("UTF8"));
  EXPECT_FALSE(is_utf8_charset("gbk"));
  EXPECT_FALSE(is_utf8_charset("utf-16"));
}

}  // namespace charset_test
}  // namespace wharf::pipeline::formats
