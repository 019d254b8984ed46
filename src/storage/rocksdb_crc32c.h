// Gives Debian's RocksDB a hardware CRC32C (see rocksdb_crc32c.cc).
#pragma once

namespace wharf::storage {

// True when RocksDB's CRC32C calls resolve to wharf's ISA-L one. Calling it also keeps the
// replacement linked into every binary that uses storage::Kv.
bool rocksdb_crc32c_is_replaced();

}  // namespace wharf::storage
