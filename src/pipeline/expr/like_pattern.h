// SQL LIKE patterns: % matches any run of characters (none included), _ exactly one character
// (a UTF-8 code point), a backslash makes the next character literal (\%, \_, \\). Matching is
// case-sensitive and covers the whole string. Compiled once (at parse time when the pattern is a
// literal) and then only read, so one pattern serves every thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wharf::pipeline::expr {

class LikePattern {
 public:
  // Throws std::invalid_argument when the pattern ends with a lone backslash.
  explicit LikePattern(std::string_view pattern);
  bool matches(std::string_view s) const;

 private:
  struct Element {
    enum Kind { kLiteral, kOne, kAny } kind;
    std::string text;  // kLiteral
  };
  std::vector<Element> elements_;
};

}  // namespace wharf::pipeline::expr
