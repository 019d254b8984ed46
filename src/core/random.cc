#include "core/random.h"

#include <openssl/rand.h>

#include <cstring>
#include <random>

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
  // Unique, not secret: a per-thread generator seeded from the CSPRNG once, instead of the
  // locked DRBG on every request.
  thread_local std::mt19937_64 gen([] {
    uint64_t seed;
    std::string bytes = random_bytes(sizeof seed);
    std::memcpy(&seed, bytes.data(), sizeof seed);
    return seed;
  }());
  static constexpr char kHex[] = "0123456789ABCDEF";
  uint64_t v = gen();
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) id[static_cast<size_t>(i)] = kHex[v & 15];
  return id;
}

}  // namespace wharf::core
