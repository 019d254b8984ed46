// storage::PackStore: records appended to pack files, read back with their CRC checked, packs
// sealed when full and never appended to again, removable only once settled.
#include "storage/pack_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "core/error.h"
#include "storage/file_io.h"
#include "tests/unit/test_util.h"

namespace wharf::storage {
namespace pack_store_test {

namespace fs = std::filesystem;

class PackStoreTest : public ::testing::Test {
 protected:
  static constexpr uint64_t kSmallPack = 4096;
  std::unique_ptr<PackStore> open(uint64_t pack_bytes = kSmallPack) {
    return std::make_unique<PackStore>(scratch_.path().string(), false, pack_bytes);
  }
  size_t pack_files() const {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(scratch_.path())) n += e.is_regular_file();
    return n;
  }
  wharf::testing::ScratchDir scratch_{"wharf-pack-test"};
};

// Appends and writes the record at once, as a group-commit leader would (the store's users
// hand the write to their batch instead).
PackRef put(PackStore& packs, std::string_view payload, PackStore::Pending& pending) {
  auto a = packs.append(payload, pending);
  iovec iov[2] = {{a.write.head.data(), a.write.head_size},
                  {const_cast<char*>(a.write.data.data()), a.write.data.size()}};
  EXPECT_TRUE(pwritev_all(a.write.fd, iov, 2, a.write.offset));
  return a.ref;
}

std::string payload(int i, size_t size) {
  std::string s(size, static_cast<char>('a' + i % 26));
  if (size > 0) s[0] = static_cast<char>(i);
  return s;
}

TEST_F(PackStoreTest, RecordsReadBackAcrossPacks) {
  auto packs = open();
  std::vector<std::pair<PackRef, std::string>> written;
  for (int i = 0; i < 40; ++i) {
    std::string p = payload(i, static_cast<size_t>(i * 97 % 1500));
    PackStore::Pending pending;
    written.emplace_back(put(*packs, p, pending), p);
  }
  EXPECT_GT(packs->packs().size(), 5u);  // 4 KiB packs: sealed and rolled many times
  for (const auto& [ref, p] : written) {
    EXPECT_EQ(ref.size, p.size());
    auto got = packs->read(ref);
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, p);
  }
  for (const auto& [pack, bytes] : packs->packs()) EXPECT_LE(bytes, kSmallPack);
}

TEST_F(PackStoreTest, ARecordLargerThanAPackGetsOneOfItsOwn) {
  auto packs = open();
  PackStore::Pending pending;
  PackRef small = put(*packs, "x", pending);
  PackRef big = put(*packs, std::string(3 * kSmallPack, 'b'), pending);
  EXPECT_NE(big.pack, small.pack);
  EXPECT_EQ(big.offset, 0u);
  EXPECT_EQ(packs->read(big)->size(), 3 * kSmallPack);
}

TEST_F(PackStoreTest, AfterReopeningAppendsGoToANewPack) {
  PackRef first;
  {
    auto packs = open(1 << 20);
    PackStore::Pending pending;
    first = put(*packs, "before", pending);
  }
  auto packs = open(1 << 20);
  PackStore::Pending pending;
  PackRef second = put(*packs, "after", pending);
  EXPECT_GT(second.pack, first.pack);
  EXPECT_EQ(*packs->read(first), "before");
  EXPECT_EQ(*packs->read(second), "after");
  EXPECT_TRUE(packs->collectable(first.pack));  // found at startup: sealed
  EXPECT_FALSE(packs->collectable(second.pack));
}

TEST_F(PackStoreTest, ACorruptRecordIsAnErrorNotData) {
  auto packs = open();
  PackStore::Pending pending;
  PackRef ref = put(*packs, std::string(100, 'c'), pending);
  fs::path file;
  for (const auto& e : fs::directory_iterator(scratch_.path())) file = e.path();
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(ref.offset + PackStore::kHeaderBytes + 50));
    f.put('X');
  }
  EXPECT_EQ(wharf::testing::error_of([&] { packs->read(ref); }).code(), "InternalError");
  PackRef wrong = ref;
  wrong.size = 99;  // a reference that does not match the record's header
  EXPECT_EQ(wharf::testing::error_of([&] { packs->read(wrong); }).code(), "InternalError");
}

TEST_F(PackStoreTest, ARemovedPackReadsAsStale) {
  auto packs = open();
  PackStore::Pending pending;
  PackRef ref = put(*packs, std::string(3000, 'r'), pending);
  put(*packs, std::string(3000, 's'), pending);  // seals the first pack
  pending.release();
  ASSERT_TRUE(packs->collectable(ref.pack));
  size_t before = pack_files();
  packs->remove(ref.pack);
  EXPECT_EQ(pack_files(), before - 1);
  EXPECT_FALSE(packs->read(ref));
  EXPECT_FALSE(packs->collectable(ref.pack));
}

// A pack may be removed only when no reference to it can still be committed.
TEST_F(PackStoreTest, APackIsCollectableOnceSealedAndSettled) {
  auto packs = open();
  PackStore::Pending a, b;
  PackRef ra = put(*packs, std::string(3000, 'a'), a);
  EXPECT_FALSE(packs->collectable(ra.pack));  // open
  PackRef rb = put(*packs, std::string(3000, 'b'), b);
  ASSERT_NE(rb.pack, ra.pack);
  EXPECT_FALSE(packs->collectable(ra.pack));  // sealed, but a's reference may still commit
  a.release();
  EXPECT_TRUE(packs->collectable(ra.pack));
  PackStore::Pending moved = std::move(b);
  put(*packs, std::string(3000, 'c'), moved);  // re-pins to the third pack, releases b's
  EXPECT_TRUE(packs->collectable(rb.pack));
}

TEST_F(PackStoreTest, ConcurrentAppendsNeverOverlap) {
  auto packs = open(64 << 10);
  constexpr int kThreads = 8, kEach = 300;
  std::vector<std::vector<std::pair<PackRef, std::string>>> written(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::string p = std::to_string(t) + ":" + std::to_string(i) + std::string(i % 700, 'z');
        PackStore::Pending pending;
        written[t].emplace_back(put(*packs, p, pending), p);
      }
    });
  for (auto& t : threads) t.join();
  for (const auto& list : written)
    for (const auto& [ref, p] : list) EXPECT_EQ(*packs->read(ref), p);
}

}  // namespace pack_store_test
}  // namespace wharf::storage
