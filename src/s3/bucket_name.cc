#include "s3/bucket_name.h"

namespace wharf::s3 {

static bool looks_like_ip(std::string_view n) {
  int dots = 0, digits = 0;
  for (char c : n) {
    if (c == '.') {
      if (digits == 0) return false;
      ++dots;
      digits = 0;
    } else if (c >= '0' && c <= '9') {
      if (++digits > 3) return false;
    } else {
      return false;
    }
  }
  return dots == 3 && digits > 0;
}

bool valid_bucket_name(std::string_view n) {
  if (n.size() < 3 || n.size() > 63) return false;
  for (char c : n)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(n.front()) || !alnum(n.back())) return false;
  if (n.find("..") != std::string_view::npos || n.find(".-") != std::string_view::npos ||
      n.find("-.") != std::string_view::npos)
    return false;
  if (looks_like_ip(n)) return false;
  if (n.starts_with("xn--") || n.starts_with("sthree-") || n.ends_with("-s3alias") ||
      n.ends_with("--ol-s3"))
    return false;
  return true;
}

}  // namespace wharf::s3
