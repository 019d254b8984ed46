#include "pipeline/expr/like_pattern.h"

#include <stdexcept>

#include "pipeline/expr/utf8.h"

namespace wharf::pipeline::expr {

LikePattern::LikePattern(std::string_view p) {
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '%') {
      // Consecutive %s are one.
      if (elements_.empty() || elements_.back().kind != Element::kAny)
        elements_.push_back({Element::kAny, {}});
      continue;
    }
    if (c == '_') {
      elements_.push_back({Element::kOne, {}});
      continue;
    }
    if (c == '\\') {
      if (++i == p.size()) throw std::invalid_argument("pattern ends with an escape character");
      c = p[i];
    }
    if (elements_.empty() || elements_.back().kind != Element::kLiteral)
      elements_.push_back({Element::kLiteral, {}});
    elements_.back().text += c;
  }
}

// The classic wildcard match: on a mismatch, go back to the last % and let it swallow one more
// character. Literal runs compare as a block; _ and the % retries step whole characters.
bool LikePattern::matches(std::string_view s) const {
  const size_t n = elements_.size();
  size_t e = 0, i = 0;
  size_t star = n, star_at = 0;  // the last % seen, and where its match currently ends
  while (e < n || i < s.size()) {
    if (e < n) {
      const Element& el = elements_[e];
      if (el.kind == Element::kAny) {
        star = e++;
        star_at = i;
        continue;
      }
      if (el.kind == Element::kOne && i < s.size()) {
        i += utf8::char_length(s, i);
        ++e;
        continue;
      }
      if (el.kind == Element::kLiteral && s.substr(i).starts_with(el.text)) {
        i += el.text.size();
        ++e;
        continue;
      }
    }
    if (star == n) return false;
    if (star == n - 1) return true;  // a trailing % takes the rest
    if (star_at >= s.size()) return false;
    star_at += utf8::char_length(s, star_at);
    i = star_at;
    e = star + 1;
  }
  return true;
}

}  // namespace wharf::pipeline::expr
