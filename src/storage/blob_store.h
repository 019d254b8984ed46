// Object payloads too large to keep inline, as files under <data>/blobs. A blob is written in
// tmp/ (hashed as it streams, fsynced by policy) and stays there until the metadata that
// references it is committed together with a note to publish it; publish() then renames it into
// place. After a crash the owner publishes what its notes name and remove_unpublished() deletes
// the rest of tmp/: no torn object, and no file that nothing references. open() looks in both
// places, so a reader racing a publish still finds the file.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "storage/file_io.h"  // read_exact, for readers of blobs

namespace wharf::storage {

class BlobStore {
 public:
  BlobStore(std::string root, bool fsync);

  class Writer {
   public:
    Writer(Writer&&) noexcept;
    ~Writer();  // an unfinished writer removes its temporary file
    void write(std::string_view data);
    // Completes the file (durable with fsync on) and returns its id; it is not yet published.
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

  // Moves a finished blob to its final name (no-op if it is already there).
  void publish(std::string_view id) const;
  // Deletes every finished-but-unpublished blob except those in `keep`: call at startup, after
  // publishing those the metadata names (keep: the ones whose publish failed, to retry).
  void remove_unpublished(const std::set<std::string>& keep) const;
  // Opens a blob for reading, published or not; returns -1 when it does not exist.
  int open(std::string_view id) const;
  void remove(std::string_view id) const;
  // A new, unpublished blob with the same content. Blobs never change once finished, so this is
  // a hard link: no bytes are copied, and either blob can be removed without the other.
  std::string clone(std::string_view id) const;
  std::string path(std::string_view id) const;

 private:
  std::string tmp_path(std::string_view id) const;
  std::string root_;
  bool fsync_;
};

}  // namespace wharf::storage
