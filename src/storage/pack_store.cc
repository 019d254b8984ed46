#include "storage/pack_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/encoding.h"
#include "core/error.h"
#include "core/hash.h"
#include "storage/file_io.h"

namespace wharf::storage {

namespace fs = std::filesystem;

namespace {

// A record's header: this magic, the payload's size and its CRC32C (big-endian), 4 bytes zero.
constexpr std::string_view kMagic = "WPK1";

[[noreturn]] void io_error(const std::string& what) {
  core::throw_internal(what + ": " + std::strerror(errno));
}

}  // namespace

struct PackStore::File {
  File(uint64_t id, std::string path, uint64_t size) : id(id), path(std::move(path)), size(size) {}
  ~File() {
    if (fd >= 0) ::close(fd);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  // The descriptor, opened on first use; -1 if the file is gone.
  int descriptor() {
    if (int d = fd.load(std::memory_order_acquire); d >= 0) return d;
    std::lock_guard lock(open_mu);
    if (fd.load() < 0)
      fd.store(::open(path.c_str(), O_RDWR | O_CLOEXEC), std::memory_order_release);
    return fd.load();
  }

  const uint64_t id;
  const std::string path;
  std::mutex open_mu;
  std::atomic<int> fd{-1};
  std::atomic<uint64_t> size;      // bytes reserved by appends
  std::atomic<bool> sealed{true};  // only the open pack is not
  std::atomic<int> pending{0};     // appends whose reference is not yet settled
};

void PackStore::Pending::release() {
  if (file_) file_->pending.fetch_sub(1, std::memory_order_acq_rel);
  file_.reset();
}

PackStore::PackStore(std::string dir, bool fsync, uint64_t pack_bytes)
    : dir_(std::move(dir)), fsync_(fsync), pack_bytes_(pack_bytes) {
  fs::create_directories(dir_);
  for (const auto& e : fs::directory_iterator(dir_)) {
    const std::string name = e.path().filename().string();
    if (!e.is_regular_file() || e.path().extension() != ".pack") continue;
    uint64_t id = std::strtoull(name.c_str(), nullptr, 16);
    if (id == 0) continue;
    files_.emplace(id, std::make_shared<File>(id, e.path().string(), e.file_size()));
    next_pack_ = std::max(next_pack_, id + 1);  // a restart never appends to an old pack
  }
}

PackStore::~PackStore() = default;

std::string PackStore::path(uint64_t pack) const {
  char name[32];
  std::snprintf(name, sizeof name, "/%016llx.pack", static_cast<unsigned long long>(pack));
  return dir_ + name;
}

void PackStore::roll() {
  uint64_t id = next_pack_++;
  auto f = std::make_shared<File>(id, path(id), 0);
  f->fd = ::open(f->path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (f->fd.load() < 0) io_error("cannot create pack " + f->path);
  if (fsync_) fsync_dir(dir_);
  f->sealed = false;
  {
    std::unique_lock lock(files_mu_);
    files_.emplace(id, f);
  }
  if (open_) open_->sealed = true;
  open_ = std::move(f);
}

PackStore::Append PackStore::append(std::string_view payload, Pending& pending) {
  const uint64_t need = kHeaderBytes + payload.size();
  if (payload.size() > UINT32_MAX) core::throw_internal("payload too large for a pack");
  std::shared_ptr<File> f;
  uint64_t offset;
  {
    std::lock_guard lock(append_mu_);
    // A record larger than a pack gets a pack of its own.
    if (!open_ || (open_->size.load() > 0 && open_->size.load() + need > pack_bytes_)) roll();
    f = open_;
    offset = f->size.fetch_add(need);
    f->pending.fetch_add(1, std::memory_order_acq_rel);  // before the pack can be sealed
  }
  pending = Pending(f);
  Append a;
  a.ref = {f->id, offset, static_cast<uint32_t>(payload.size())};
  a.write.fd = f->fd;  // open for as long as the pending append holds the file
  a.write.offset = offset;
  a.write.head_size = kHeaderBytes;
  std::string head(kMagic);  // 12 bytes: no allocation
  core::append_u32(head, static_cast<uint32_t>(payload.size()));
  core::append_u32(head, core::crc32c(0, payload));
  std::copy(head.begin(), head.end(), a.write.head.begin());
  a.write.data = payload;
  return a;
}

std::shared_ptr<PackStore::File> PackStore::file(uint64_t pack) const {
  std::shared_lock lock(files_mu_);
  auto it = files_.find(pack);
  return it == files_.end() ? nullptr : it->second;
}

std::optional<std::string> PackStore::read(const PackRef& ref) const {
  auto f = file(ref.pack);
  if (!f) return std::nullopt;
  int fd = f->descriptor();
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;  // removed between the lookup and the open
    io_error("cannot open pack " + f->path);
  }
  char header[kHeaderBytes];
  std::string payload(ref.size, '\0');
  iovec iov[2] = {{header, kHeaderBytes}, {payload.data(), payload.size()}};
  int64_t got = preadv_all(fd, iov, 2, ref.offset);
  if (got < 0) io_error("cannot read pack " + f->path);
  std::string_view head(header, kHeaderBytes);
  if (static_cast<uint64_t>(got) != footprint(ref) || head.substr(0, 4) != kMagic ||
      core::read_u32(head.substr(4)) != ref.size ||
      core::read_u32(head.substr(8)) != core::crc32c(0, payload))
    core::throw_internal("corrupt record at " + std::to_string(ref.offset) + " of pack " + f->path);
  return payload;
}

std::map<uint64_t, uint64_t> PackStore::packs() const {
  std::shared_lock lock(files_mu_);
  std::map<uint64_t, uint64_t> out;
  for (const auto& [id, f] : files_) out.emplace(id, f->size.load());
  return out;
}

bool PackStore::collectable(uint64_t pack) const {
  auto f = file(pack);
  return f && f->sealed.load() && f->pending.load(std::memory_order_acquire) == 0;
}

void PackStore::remove(uint64_t pack) {
  std::unique_lock lock(files_mu_);
  auto it = files_.find(pack);
  if (it == files_.end()) return;
  if (::unlink(it->second->path.c_str()) != 0 && errno != ENOENT)
    io_error("cannot remove pack " + it->second->path);
  files_.erase(it);  // readers holding the file keep their descriptor
}

}  // namespace wharf::storage
