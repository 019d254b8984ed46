#include "storage/blob_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.h"
#include "core/random.h"
#include "storage/file_io.h"

namespace wharf::storage {

namespace fs = std::filesystem;

BlobStore::BlobStore(std::string root, bool fsync) : root_(std::move(root)), fsync_(fsync) {
  fs::create_directories(root_ + "/tmp");
  for (int i = 0; i < 256; ++i) {
    char dir[8];
    std::snprintf(dir, sizeof dir, "/%02x", i);
    fs::create_directories(root_ + dir);
  }
}

std::string BlobStore::path(std::string_view id) const {
  return root_ + "/" + std::string(id.substr(0, 2)) + "/" + std::string(id);
}
std::string BlobStore::tmp_path(std::string_view id) const {
  return root_ + "/tmp/" + std::string(id);
}

BlobStore::Writer BlobStore::create() { return Writer(this, core::random_hex(16)); }

BlobStore::Writer::Writer(BlobStore* store, std::string id) : store_(store), id_(std::move(id)) {
  fd_ = ::open(store_->tmp_path(id_).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) core::throw_internal("cannot create blob: " + std::string(std::strerror(errno)));
}

BlobStore::Writer::Writer(Writer&& o) noexcept
    : store_(o.store_), id_(std::move(o.id_)), fd_(o.fd_), size_(o.size_), finished_(o.finished_) {
  o.fd_ = -1;
  o.finished_ = true;
}

BlobStore::Writer::~Writer() {
  if (fd_ >= 0) ::close(fd_);
  if (!finished_) ::unlink(store_->tmp_path(id_).c_str());
}

void BlobStore::Writer::write(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      core::throw_internal("blob write failed: " + std::string(std::strerror(errno)));
    }
    data.remove_prefix(static_cast<size_t>(n));
    size_ += static_cast<uint64_t>(n);
  }
}

std::string BlobStore::Writer::finish() {
  if (store_->fsync_ && ::fdatasync(fd_) != 0) core::throw_internal("blob fsync failed");
  ::close(fd_);
  fd_ = -1;
  // The directory entry too: the metadata about to reference this file must never outlive it.
  if (store_->fsync_) fsync_dir(store_->root_ + "/tmp");
  finished_ = true;
  return id_;
}

void BlobStore::publish(std::string_view id) const {
  if (::rename(tmp_path(id).c_str(), path(id).c_str()) != 0) {
    if (errno == ENOENT && ::access(path(id).c_str(), F_OK) == 0)
      return;  // published before a crash
    core::throw_internal("blob rename failed: " + std::string(std::strerror(errno)));
  }
  if (fsync_) fsync_dir(root_ + "/" + std::string(id.substr(0, 2)));
}

void BlobStore::remove_unpublished(const std::set<std::string>& keep) const {
  for (const auto& e : fs::directory_iterator(root_ + "/tmp"))
    if (!keep.count(e.path().filename().string())) fs::remove(e.path());
}

int BlobStore::open(std::string_view id) const {
  int fd = ::open(path(id).c_str(), O_RDONLY | O_CLOEXEC);
  return fd >= 0 ? fd : ::open(tmp_path(id).c_str(), O_RDONLY | O_CLOEXEC);
}

void BlobStore::remove(std::string_view id) const {
  ::unlink(path(id).c_str());
  ::unlink(tmp_path(id).c_str());
}

std::string BlobStore::clone(std::string_view id) const {
  std::string copy = core::random_hex(16);
  if (::link(path(id).c_str(), tmp_path(copy).c_str()) != 0 &&
      ::link(tmp_path(id).c_str(), tmp_path(copy).c_str()) != 0)
    core::throw_internal("cannot link blob: " + std::string(std::strerror(errno)));
  if (fsync_) fsync_dir(root_ + "/tmp");
  return copy;
}

}  // namespace wharf::storage
