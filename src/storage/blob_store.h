// Object payloads too large to keep inline, as files under <data>/blobs. A blob is written under
// a temporary name, hashed as it streams, optionally fsynced, then renamed to its final name; only
// after that does a metadata commit reference it. A crash therefore leaves either no reference or
// a complete file, never a torn object. Files left in tmp/ by a crash are removed at startup.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wharf::storage {

class BlobStore {
 public:
  BlobStore(std::string root, bool fsync);

  class Writer {
   public:
    Writer(Writer&&) noexcept;
    ~Writer();  // an unfinished writer removes its temporary file
    void write(std::string_view data);
    // Makes the blob durable under its final name and returns its id.
    std::string finish();
    uint64_t size() const { return size_; }

   private:
    friend class BlobStore;
    Writer(BlobStore* store, std::string id);
    BlobStore* store_;
    std::string id_;
    int fd_ = -1;
    uint64_t size_ = 0;
    bool finished_ = false;
  };
  Writer create();

  // Opens a finished blob for reading; returns -1 when it does not exist.
  int open(std::string_view id) const;
  void remove(std::string_view id) const;
  // A new blob with the same content. Blobs never change once finished, so this is a hard link:
  // no bytes are copied, and either blob can be removed without affecting the other.
  std::string clone(std::string_view id) const;
  std::string path(std::string_view id) const;

 private:
  std::string tmp_path(std::string_view id) const;
  std::string root_;
  bool fsync_;
};

// Reads exactly n bytes at offset (pread loop); throws on short reads.
void read_exact(int fd, uint64_t offset, char* buf, size_t n);

}  // namespace wharf::storage
