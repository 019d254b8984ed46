#include "pipeline/expr/regex.h"

#include <boost/regex.hpp>
#include <stdexcept>

namespace wharf::pipeline::expr {

struct Regex::Compiled {
  boost::regex re;
};

Regex::Regex(std::string_view pattern) : pattern_(pattern) {
  try {
    compiled_ = std::make_shared<const Compiled>(Compiled{
        boost::regex(pattern_.data(), pattern_.data() + pattern_.size(), boost::regex::perl)});
  } catch (const boost::regex_error& e) {
    // Boost's first sentence says what is wrong; the rest repeats the pattern.
    std::string why = e.what();
    if (size_t end = why.find(".  "); end != std::string::npos) why.resize(end);
    throw std::invalid_argument(why + ", at offset " + std::to_string(e.position()) +
                                " of the pattern");
  }
}

size_t Regex::groups() const { return compiled_->re.mark_count(); }

bool Regex::search(std::string_view s) const {
  // Reusing one match buffer per thread keeps a regex filter from allocating on every row.
  thread_local boost::cmatch m;
  return boost::regex_search(s.data(), s.data() + s.size(), m, compiled_->re);
}

std::optional<std::string> Regex::extract(std::string_view s, size_t group) const {
  boost::cmatch m;
  if (!boost::regex_search(s.data(), s.data() + s.size(), m, compiled_->re)) return std::nullopt;
  if (group >= m.size() || !m[static_cast<int>(group)].matched) return std::nullopt;
  return m[static_cast<int>(group)].str();
}

std::string Regex::replace(std::string_view s, std::string_view replacement) const {
  std::string out;
  boost::regex_replace(std::back_inserter(out), s.data(), s.data() + s.size(), compiled_->re,
                       std::string(replacement), boost::format_perl);
  return out;
}

}  // namespace wharf::pipeline::expr
