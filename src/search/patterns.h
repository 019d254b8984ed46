// Elasticsearch's simple name patterns ("logs-*", "title*", "*.name"): '*' matches any run of
// characters, nothing else is special. Used for index, alias, field and _source names.
#pragma once

#include <string_view>

namespace wharf::search {

inline bool glob_match(std::string_view pattern, std::string_view s) {
  size_t star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == s;
  if (!s.starts_with(pattern.substr(0, star))) return false;
  std::string_view rest = pattern.substr(star + 1);
  for (size_t i = star; i <= s.size(); ++i)
    if (glob_match(rest, s.substr(i))) return true;
  return false;
}

}  // namespace wharf::search
