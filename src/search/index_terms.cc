#include "search/index_terms.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <functional>

#include "core/encoding.h"

namespace wharf::search {

std::string field_term(uint32_t field_id, std::string_view value) {
  std::string t = term_prefix(field_id);
  constexpr size_t kMaxTerm = 240;  // Xapian's glass backend rejects terms over 245 bytes
  if (t.size() + value.size() <= kMaxTerm) {
    t += value;
    return t;
  }
  t += value.substr(0, 200);
  t += fmt::format("\x01{:016x}", std::hash<std::string_view>{}(value));
  return t;
}

std::string pack_numbers(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  std::string out(values.size() * sizeof(double), '\0');
  if (!values.empty()) std::memcpy(out.data(), values.data(), out.size());
  return out;
}

std::vector<double> unpack_numbers(std::string_view packed) {
  std::vector<double> out(packed.size() / sizeof(double));
  if (!out.empty()) std::memcpy(out.data(), packed.data(), out.size() * sizeof(double));
  return out;
}

std::string pack_strings(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::string out;
  for (const auto& v : values) core::append_prefixed(out, v);
  return out;
}

std::vector<std::string> unpack_strings(std::string_view in) {
  std::vector<std::string> out;
  for_each_packed_string(in, [&](std::string_view s) { out.emplace_back(s); });
  return out;
}

std::string pack_length(uint32_t n) {
  std::string out;
  core::append_varint(out, n);
  return out;
}

uint32_t unpack_length(std::string_view packed) {
  uint64_t v = 0;
  core::read_varint(packed, v);
  return static_cast<uint32_t>(v);
}

}  // namespace wharf::search
