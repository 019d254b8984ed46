#include "core/random.h"

#include <openssl/rand.h>

#include <cctype>

#include "core/encoding.h"
#include "core/error.h"

namespace wharf::core {

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw_internal("RAND_bytes failed");
  return out;
}

std::string random_hex(size_t bytes) { return to_hex(random_bytes(bytes)); }

std::string request_id() {
  std::string id = random_hex(8);
  for (auto& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return id;
}

}  // namespace wharf::core
