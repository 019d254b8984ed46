#include "storage/file_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "core/error.h"

namespace wharf::storage {

namespace {

// Moves an iovec array past n transferred bytes.
void advance(iovec*& v, int& count, size_t n) {
  while (n > 0 && count > 0) {
    size_t take = std::min(n, v->iov_len);
    v->iov_base = static_cast<char*>(v->iov_base) + take;
    v->iov_len -= take;
    n -= take;
    if (v->iov_len == 0) ++v, --count;
  }
  while (count > 0 && v->iov_len == 0) ++v, --count;  // empty entries need no call
}

}  // namespace

bool pwritev_all(int fd, iovec* v, int count, uint64_t offset) {
  advance(v, count, 0);
  while (count > 0) {
    ssize_t n = ::pwritev(fd, v, count, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    offset += static_cast<uint64_t>(n);
    advance(v, count, static_cast<size_t>(n));
  }
  return true;
}

int64_t preadv_all(int fd, iovec* v, int count, uint64_t offset) {
  int64_t total = 0;
  advance(v, count, 0);
  while (count > 0) {
    ssize_t n = ::preadv(fd, v, count, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    offset += static_cast<uint64_t>(n);
    total += n;
    advance(v, count, static_cast<size_t>(n));
  }
  return total;
}

void read_exact(int fd, uint64_t offset, char* buf, size_t n) {
  iovec v{buf, n};
  if (preadv_all(fd, &v, 1, offset) != static_cast<int64_t>(n))
    core::throw_internal("blob read failed");
}

void fsync_dir(const std::string& dir) {
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace wharf::storage
