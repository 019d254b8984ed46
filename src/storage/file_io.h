// Positioned vector I/O that finishes what pwritev/preadv may leave short.
#pragma once

#include <sys/uio.h>

#include <cstdint>

namespace wharf::storage {

// Writes every byte of v[0..count) at offset. Returns false with errno set on failure. Consumes
// the iovecs (they are advanced past what was written).
bool pwritev_all(int fd, iovec* v, int count, uint64_t offset);
// Reads into v[0..count) at offset until full or end of file; returns the bytes read, or -1
// with errno set. Consumes the iovecs too.
int64_t preadv_all(int fd, iovec* v, int count, uint64_t offset);

}  // namespace wharf::storage
