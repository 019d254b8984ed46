// Debian builds RocksDB portable, without SSE4.2, so its CRC32C is the byte-wise table loop
// (`Slow_CRC32`). Every write-ahead-log record and blob record is checksummed with it: on
// 4 KiB PUTs that loop was 10% of the server's CPU. RocksDB's shared library calls its
// `crc32c::Extend` through the PLT, so defining the same function here interposes it (as a malloc
// replacement does): RocksDB then checksums with ISA-L's CRC32C, which uses the CRC32
// instruction. Same polynomial, same pre- and post-inversion: the values are identical, so files
// written before and after this stay readable (the unit test checks both).
#include "storage/rocksdb_crc32c.h"

#include <dlfcn.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/hash.h"

namespace rocksdb::crc32c {

// The signature of rocksdb/util/crc32c.h in RocksDB 7.8 (Debian 12's librocksdb7.8).
uint32_t Extend(uint32_t init_crc, const char* data, size_t n);
uint32_t Extend(uint32_t init_crc, const char* data, size_t n) {
  return wharf::core::crc32c(init_crc, std::string_view(data, n));
}

}  // namespace rocksdb::crc32c

namespace wharf::storage {

bool rocksdb_crc32c_is_replaced() {
  // The dynamic linker resolves RocksDB's calls by the same global lookup as dlsym does.
  void* found = dlsym(RTLD_DEFAULT, "_ZN7rocksdb6crc32c6ExtendEjPKcm");
  return found == reinterpret_cast<void*>(&rocksdb::crc32c::Extend);
}

}  // namespace wharf::storage
