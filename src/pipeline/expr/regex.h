// Regular expressions for regex_match, regex_replace and regex_extract: Perl/ECMAScript syntax
// (\d, \w, (?:...), (?i) ...), searched anywhere in the string unless anchored with ^ and $,
// matched byte by byte (a `.` is one byte of a multi-byte UTF-8 character). Boost.Regex rather
// than std::regex: it does not recurse per character (no stack overflow on long values), it
// gives up on catastrophic backtracking instead of hanging, and it is several times faster.
// A compiled Regex is immutable and shared by every thread that evaluates the expression.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace wharf::pipeline::expr {

class Regex {
 public:
  // Throws std::invalid_argument with the reason when the pattern is malformed.
  explicit Regex(std::string_view pattern);

  const std::string& pattern() const { return pattern_; }
  // Capture groups, not counting group 0 (the whole match).
  size_t groups() const;

  // The methods below throw std::runtime_error when the match is too complex to finish.
  bool search(std::string_view s) const;
  // Group `group` of the first match; nullopt when nothing matches or the group took no part.
  std::optional<std::string> extract(std::string_view s, size_t group) const;
  // Every match replaced by `replacement`, in which $1..$9 and ${n} are groups, $& the match.
  std::string replace(std::string_view s, std::string_view replacement) const;

 private:
  struct Compiled;
  std::string pattern_;
  std::shared_ptr<const Compiled> compiled_;
};

}  // namespace wharf::pipeline::expr
