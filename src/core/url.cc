#include "core/url.h"

#include <boost/url/encode.hpp>
#include <boost/url/grammar/lut_chars.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace wharf::core {

std::optional<std::string> percent_decode(std::string_view s) {
  if (s.find('%') == std::string_view::npos) return std::string(s);
  auto pct = boost::urls::make_pct_string_view(s);
  if (!pct) return std::nullopt;
  std::string out;
  out.reserve(pct->decoded_size());
  for (char c : pct->decode()) out.push_back(c);  // NOLINT: decode_view iterates chars
  return out;
}

std::string aws_uri_encode(std::string_view s, bool keep_slash) {
  static constexpr auto kPath = boost::urls::unreserved_chars + '/';
  return keep_slash ? boost::urls::encode(s, kPath)
                    : boost::urls::encode(s, boost::urls::unreserved_chars);
}

std::optional<QueryParams> parse_query(std::string_view raw) {
  QueryParams out;
  while (!raw.empty()) {
    size_t amp = raw.find('&');
    std::string_view part = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
    if (part.empty()) continue;
    size_t eq = part.find('=');
    auto name = percent_decode(part.substr(0, eq));
    auto value =
        percent_decode(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1));
    if (!name || !value) return std::nullopt;
    out.emplace_back(std::move(*name), std::move(*value));
  }
  return out;
}

const std::string* find_param(const QueryParams& params, std::string_view name) {
  for (const auto& [n, v] : params)
    if (n == name) return &v;
  return nullptr;
}

}  // namespace wharf::core
