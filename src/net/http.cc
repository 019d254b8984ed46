#include "net/http.h"

namespace wharf::net {

std::string_view Request::header(std::string_view lname) const {
  for (const auto& [n, v] : headers)
    if (n == lname) return v;
  return {};
}

bool Request::has_header(std::string_view lname) const {
  for (const auto& [n, v] : headers)
    if (n == lname) return true;
  return false;
}

void append_header_line(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  size_t at = out.size();
  out += value;
  for (size_t i = at; i < out.size(); ++i)
    if (out[i] == '\r' || out[i] == '\n') out[i] = ' ';
  out += "\r\n";
}

}  // namespace wharf::net
