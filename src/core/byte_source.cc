#include "core/byte_source.h"

#include "core/error.h"

namespace wharf::core {

std::string read_all(ByteSource& src, size_t max) {
  std::string out;
  char buf[16384];
  while (size_t n = src.read(buf, sizeof buf)) {
    if (out.size() + n > max)
      throw Error("MaxMessageLengthExceeded", 400, "Your request was too big.");
    out.append(buf, n);
  }
  return out;
}

}  // namespace wharf::core
