// A pull-based stream of bytes: request bodies, decoded aws-chunked payloads, stored objects.
// Pull-based so that a slow consumer slows its producer (backpressure) and memory stays bounded.
#pragma once

#include <cstddef>
#include <string>

namespace wharf::core {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes into buf; returns 0 only at the end of the stream. Throws core::Error.
  virtual size_t read(char* buf, size_t n) = 0;
};

// Reads a whole (small) source into a string, failing with `too_large` past max bytes.
std::string read_all(ByteSource& src, size_t max);

}  // namespace wharf::core
