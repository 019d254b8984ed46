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

}  // namespace wharf::net
