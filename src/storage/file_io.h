// File I/O loops shared by the blob and pack stores: positioned vector I/O that finishes what
// pwritev/preadv may leave short, exact reads, directory syncs.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace wharf::storage {

// Writes every byte of v[0..count) at offset. Returns false with errno set on failure. Consumes
// the iovecs (they are advanced past what was written).
bool pwritev_all(int fd, iovec* v, int count, uint64_t offset);
// Reads into v[0..count) at offset until full or end of file; returns the bytes read, or -1
// with errno set. Consumes the iovecs too.
int64_t preadv_all(int fd, iovec* v, int count, uint64_t offset);
// Reads exactly n bytes at offset; throws on errors and short reads.
void read_exact(int fd, uint64_t offset, char* buf, size_t n);
// Makes a directory's entries durable (after creating or renaming a file in it).
void fsync_dir(const std::string& dir);

}  // namespace wharf::storage
