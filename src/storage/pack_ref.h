// Where one payload lies in the pack files of storage::PackStore.
#pragma once

#include <cstdint>

namespace wharf::storage {

struct PackRef {
  uint64_t pack = 0;    // the pack file's number
  uint64_t offset = 0;  // of the record's header
  uint32_t size = 0;    // payload bytes (the record adds PackStore::kHeaderBytes)

  bool operator==(const PackRef&) const = default;
};

}  // namespace wharf::storage
