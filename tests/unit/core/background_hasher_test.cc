// BackgroundHasher: chunks hashed on its thread, in order, give the digests of hashing them in
// place, with the caller reusing a few buffers as the hashed count allows; stopping with chunks
// still queued neither hangs nor touches them.
#include "core/background_hasher.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "core/random.h"

namespace wharf::core {
namespace background_hasher_test {

TEST(BackgroundHasher, DigestsAsInPlaceWithRotatingBuffers) {
  std::string data = random_bytes(3 << 20);
  Hasher md5(HashKind::kMd5), crc(HashKind::kCrc32c);
  {
    BackgroundHasher bg({&md5, &crc});
    std::array<std::string, 3> slots;
    uint64_t pushed = 0;
    // Uneven chunk sizes, so that a chunk hashed twice or out of order changes the digest.
    for (size_t at = 0, n = 1; at < data.size(); at += n, n = n * 7 % 65521 + 1) {
      n = std::min(n, data.size() - at);
      if (pushed >= slots.size()) bg.wait_hashed(pushed - slots.size() + 1);
      std::string& slot = slots[pushed % slots.size()];
      slot.assign(data, at, n);
      bg.push(slot);
      ++pushed;
    }
    bg.wait_hashed(pushed);
  }
  EXPECT_EQ(md5.digest(), digest(HashKind::kMd5, data));
  EXPECT_EQ(crc.digest(), digest(HashKind::kCrc32c, data));
}

TEST(BackgroundHasher, StopsWithChunksQueued) {
  std::string data = random_bytes(64 << 20);
  Hasher sha(HashKind::kSha256), all(HashKind::kSha256);
  {
    BackgroundHasher bg({&sha});
    for (int i = 0; i < 8; ++i) bg.push(data);  // ~0.5 GiB of work (tens of ms a chunk)
  }  // abandoned at once: at most the chunk under way is hashed
  for (int i = 0; i < 8; ++i) all.update(data);
  EXPECT_NE(sha.digest(), all.digest());
}

}  // namespace background_hasher_test
}  // namespace wharf::core
