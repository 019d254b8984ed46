// SQL LIKE patterns: % and _ over characters, backslash escapes, whole-string matching.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "pipeline/expr/like_pattern.h"

namespace wharf::pipeline::expr {
namespace expr_like_pattern_test {

bool like(const std::string& s, const std::string& pattern) {
  return LikePattern(pattern).matches(s);
}

TEST(ExprLikePattern, Wildcards) {
  EXPECT_TRUE(like("abc", "abc"));
  EXPECT_FALSE(like("abc", "ab"));
  EXPECT_FALSE(like("abc", "abcd"));
  EXPECT_TRUE(like("abc", "a%"));
  EXPECT_TRUE(like("abc", "%c"));
  EXPECT_TRUE(like("abc", "%b%"));
  EXPECT_TRUE(like("abc", "%"));
  EXPECT_TRUE(like("", "%"));
  EXPECT_TRUE(like("", ""));
  EXPECT_FALSE(like("a", ""));
  EXPECT_FALSE(like("", "_"));
  EXPECT_TRUE(like("abc", "a_c"));
  EXPECT_TRUE(like("abc", "___"));
  EXPECT_FALSE(like("abc", "__"));
  EXPECT_TRUE(like("abc", "%%%c"));
  EXPECT_TRUE(like("mississippi", "%iss%ppi"));
  EXPECT_TRUE(like("mississippi", "m%s%s%i"));
  EXPECT_FALSE(like("mississippi", "m%s%s%x"));
  EXPECT_TRUE(like("aaab", "%a_b"));
  EXPECT_TRUE(like("abcabd", "%ab_"));
  EXPECT_FALSE(like("ABC", "abc"));
}

TEST(ExprLikePattern, UnderscoreIsOneCharacter) {
  EXPECT_TRUE(like("é", "_"));
  EXPECT_TRUE(like("😀x", "_x"));
  EXPECT_TRUE(like("aé", "%_"));
  EXPECT_FALSE(like("é", "__"));
}

TEST(ExprLikePattern, Escapes) {
  EXPECT_TRUE(like("50%", "50\\%"));
  EXPECT_FALSE(like("500", "50\\%"));
  EXPECT_TRUE(like("a_b", "a\\_b"));
  EXPECT_FALSE(like("axb", "a\\_b"));
  EXPECT_TRUE(like("a\\b", "a\\\\b"));
  EXPECT_TRUE(like("ax", "a\\x"));
  EXPECT_THROW(LikePattern("abc\\"), std::invalid_argument);
}

TEST(ExprLikePattern, LongInputsStayLinearEnough) {
  std::string s(200000, 'a');
  EXPECT_FALSE(like(s, "%b%"));
  EXPECT_TRUE(like(s + "b", "%a%b"));
  EXPECT_FALSE(like(s, "%a%a%a%b"));
}

}  // namespace expr_like_pattern_test
}  // namespace wharf::pipeline::expr
