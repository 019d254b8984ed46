// Tokens of the pipeline expression language: every kind, the decoded value of strings and
// quoted names, and every malformed token with its exact message.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "pipeline/expr/lexer.h"
#include "tests/unit/test_util.h"

namespace wharf::pipeline::expr {
namespace expr_lexer_test {

// "kind:value" per token, without the end token.
std::vector<std::string> lex(std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : tokenize(text)) {
    static const char* kKinds[] = {"num", "str", "name", "quoted", "op", "end"};
    if (t.kind != TokenKind::kEnd)
      out.push_back(std::string(kKinds[static_cast<int>(t.kind)]) + ":" + t.value);
  }
  return out;
}

std::string error(std::string_view text) {
  core::Error e = testing::error_of([&] { tokenize(text); });
  EXPECT_EQ(e.code(), "ExpressionSyntaxError") << text;
  EXPECT_EQ(e.http_status(), 400);
  return e.message();
}

using V = std::vector<std::string>;

TEST(ExprLexer, NumbersNamesAndOperators) {
  EXPECT_EQ(lex("12 1.50 2e-3 7E+2"), (V{"num:12", "num:1.50", "num:2e-3", "num:7E+2"}));
  EXPECT_EQ(lex("amount _id x2 préférence"),
            (V{"name:amount", "name:_id", "name:x2", "name:préférence"}));
  EXPECT_EQ(
      lex("( ) [ ] , . + - * / % || = == != <> < <= > >="),
      (V{"op:(", "op:)",  "op:[", "op:]",  "op:,",  "op:.",  "op:+", "op:-",  "op:*", "op:/",
         "op:%", "op:||", "op:=", "op:==", "op:!=", "op:<>", "op:<", "op:<=", "op:>", "op:>="}));
  EXPECT_EQ(lex("a>=1"), (V{"name:a", "op:>=", "num:1"}));
  EXPECT_EQ(lex("tags[0].x"), (V{"name:tags", "op:[", "num:0", "op:]", "op:.", "name:x"}));
  EXPECT_EQ(lex(" \t\n a \r\n"), (V{"name:a"}));
  EXPECT_TRUE(lex("").empty());
}

TEST(ExprLexer, TokensKnowWhereTheyAre) {
  auto tokens = tokenize("ab  'c d'");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].offset, 0u);
  EXPECT_EQ(tokens[1].offset, 4u);
  EXPECT_EQ(tokens[1].raw, "'c d'");
  EXPECT_EQ(tokens[1].value, "c d");
  EXPECT_EQ(tokens[2].kind, TokenKind::kEnd);
  EXPECT_EQ(tokens[2].offset, 9u);
}

TEST(ExprLexer, Strings) {
  EXPECT_EQ(lex("'abc' \"abc\""), (V{"str:abc", "str:abc"}));
  EXPECT_EQ(lex("'it''s' \"say \"\"hi\"\"\""), (V{"str:it's", "str:say \"hi\""}));
  EXPECT_EQ(lex(R"('a\'b' "a\"b" 'a\\b')"), (V{"str:a'b", "str:a\"b", "str:a\\b"}));
  EXPECT_EQ(lex(R"('\n\t\r')"), (V{"str:\n\t\r"}));
  EXPECT_EQ(lex(R"('\u00e9\u20AC')"), (V{"str:é€"}));
  EXPECT_EQ(lex(R"('\ud83d\ude00')"), (V{"str:😀"}));
  // Other backslashes are kept for regexes and like patterns.
  EXPECT_EQ(lex(R"('\d+\.\w' '50\%')"), (V{"str:\\d+\\.\\w", "str:50\\%"}));
  EXPECT_EQ(lex("''"), (V{"str:"}));
  EXPECT_EQ(lex("'a\nb'"), (V{"str:a\nb"}));
}

TEST(ExprLexer, QuotedNames) {
  EXPECT_EQ(lex("`unit price` `a.b` `and`"), (V{"quoted:unit price", "quoted:a.b", "quoted:and"}));
  EXPECT_EQ(lex("`a``b`"), (V{"quoted:a`b"}));
}

TEST(ExprLexer, MalformedTokens) {
  EXPECT_EQ(error("a = 'abc"), "unterminated string at column 5 in \"a = 'abc\"");
  EXPECT_EQ(error("\"abc"), "unterminated string at column 1 in \"\"abc\"");
  EXPECT_EQ(error("'abc\\'"), "unterminated string at column 1 in \"'abc\\'\"");
  EXPECT_EQ(error("`unit price"), "unterminated quoted name at column 1 in \"`unit price\"");
  EXPECT_EQ(error("a + ``"), "empty quoted name at column 5 in \"a + ``\"");
  EXPECT_EQ(error("1.x"), "invalid number '1.x' at column 1 in \"1.x\"");
  EXPECT_EQ(error("x = 1."), "invalid number '1.' at column 5 in \"x = 1.\"");
  EXPECT_EQ(error("12abc"), "invalid number '12abc' at column 1 in \"12abc\"");
  EXPECT_EQ(error("1e"), "invalid number '1e' at column 1 in \"1e\"");
  EXPECT_EQ(error("1e+"), "invalid number '1e+' at column 1 in \"1e+\"");
  EXPECT_EQ(error("1e999999"), "invalid number '1e999999' at column 1 in \"1e999999\"");
  EXPECT_EQ(error("a # b"), "unexpected character '#' at column 3 in \"a # b\"");
  EXPECT_EQ(error("a | b"), "unexpected character '|' at column 3 in \"a | b\"");
  EXPECT_EQ(error("a ! b"), "unexpected character '!' at column 3 in \"a ! b\"");
  EXPECT_EQ(error("a ; b"), "unexpected character ';' at column 3 in \"a ; b\"");
  EXPECT_EQ(error(R"('\u12')"), R"(invalid escape '\u12' at column 2 in "'\u12'")");
  EXPECT_EQ(error(R"('\uZZZZ')"), R"(invalid escape '\u' at column 2 in "'\uZZZZ'")");
  EXPECT_EQ(error(R"('\ud83d')"), R"(invalid escape '\ud83d' at column 2 in "'\ud83d'")");
  EXPECT_EQ(error(R"('\ude00')"), R"(invalid escape '\ude00' at column 2 in "'\ude00'")");
}

TEST(ExprLexer, ColumnsCountCharacters) {
  EXPECT_EQ(error("'é' # 1"), "unexpected character '#' at column 5 in \"'é' # 1\"");
  EXPECT_EQ(error("`é` ; 1"), "unexpected character ';' at column 5 in \"`é` ; 1\"");
  // Every non-ASCII character may be part of a name (names are not checked against Unicode's
  // letter classes).
  EXPECT_EQ(lex("a ¤ b"), (V{"name:a", "name:¤", "name:b"}));
}

}  // namespace expr_lexer_test
}  // namespace wharf::pipeline::expr
