// Tokens of the pipeline expression language (grammar in parser.h).
//   numbers   123  1.5  2e-3            exact decimals; "1." ".5" and "12abc" are malformed
//   strings   'it''s'  "say \"hi\""      escapes \\ \' \" \n \r \t \uXXXX (surrogate pairs
//                                        combine); a doubled quote is a quote; a backslash before
//                                        any other character is kept, so regexes ('\d+') and
//                                        like patterns ('50\%') read as written
//   names     amount  _id  préférence    letters, digits, _ and non-ASCII characters
//   quoted    `unit price`  `a.b`        any text; `` is a backtick
//   operators ( ) [ ] , . + - * / % || = == != <> < <= > >=
// Keywords (and, or, not, ...) are names; the parser recognizes them, case-insensitively.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wharf::pipeline::expr {

enum class TokenKind { kNumber, kString, kName, kQuotedName, kOperator, kEnd };

struct Token {
  TokenKind kind;
  std::string_view raw;  // as written, inside the expression text
  std::string value;     // a string's or quoted name's contents; otherwise the raw text
  size_t offset;         // bytes from the start of the text
};

// Ends with a kEnd token. Throws ExpressionSyntaxError for an unterminated string or quoted
// name, a malformed number or \u escape, and a character that starts no token.
std::vector<Token> tokenize(std::string_view text);

}  // namespace wharf::pipeline::expr
